"""Full-text search shared by every app: one way to match, rank and quote a visitor's words.

On PostgreSQL each language has its own text search configuration (stemming and stop words)
with `unaccent` in front, so "reunion" finds "reunión" (migration members 0006 creates them).
On SQLite every word must appear somewhere in the fields (icontains), unranked.

On PostgreSQL the words are not parsed again at each search: computing `to_tsvector` for every
row took seconds on the large data set (it is the costly part, unaccent included). Each searched
table keeps them in stored generated columns, one per configuration (`search_english`, ...),
built from the same fields and weights as its QuerySet's `search()`, with a GIN index on each
(`stored_vectors()` below, run by each app's migration; SQLite has no such columns). A search
then matches through the index and ranks only the matching rows, from the stored words.
"""

import re

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.db import connections, migrations
from django.db.models import Aggregate, CharField, Expression, F, FloatField, Func, Q, Value
from django.db.models.functions import Concat
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .translated import every_language

LANGUAGE_CONFIGS = {"en": "english", "es": "spanish", "fr": "french", "pt": "portuguese"}
MAX_QUERY_LENGTH = 200
# Markers PostgreSQL puts around matched words; text is escaped before they become <mark>.
START, STOP = "\ue000", "\ue001"
WORD = re.compile(r"\w+")


def config_for(language: str | None) -> str:
    """The unaccented configuration of `language` (English when unknown)."""
    return f"plenary_{LANGUAGE_CONFIGS.get((language or '')[:2], 'english')}"


def uses_postgresql(queryset) -> bool:
    return connections[queryset.db].vendor == "postgresql"


def words(text: str) -> list[str]:
    return WORD.findall(text)


def stored_column(language: str | None) -> str:
    """The stored words of a row in `language`'s configuration ("search_spanish")."""
    return f"search_{LANGUAGE_CONFIGS.get((language or '')[:2], 'english')}"


class StoredVector(Expression):
    """A PostgreSQL-only column of stored words (see `stored_vectors`) of the query's own table."""

    output_field = SearchVectorField()

    def __init__(self, column: str, alias: str | None = None):
        super().__init__()
        self.column, self.alias = column, alias

    def resolve_expression(self, query=None, allow_joins=True, reuse=None, summarize=False, for_save=False):
        # Resolved once, against its own table: an outer query resolving a subquery's annotations
        # again must not take the column for its own.
        if self.alias is not None:
            return self
        return StoredVector(self.column, query.get_initial_alias())

    def relabeled_clone(self, change_map):
        return StoredVector(self.column, change_map.get(self.alias, self.alias))

    def get_group_by_cols(self):
        return [self]

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.alias)}.{connection.ops.quote_name(self.column)}", []


class VectorAgg(Aggregate):
    """All the rows' stored words as one (`plenary_tsvector_agg`, meetings migration 0017)."""

    function = "plenary_tsvector_agg"
    output_field = SearchVectorField()


def vector_sql(columns: dict[str, list[str]], config: str) -> str:
    """The SQL Django's SearchVector writes for these weighted columns, so ranks stay the same."""
    parts = []
    for weight, names in columns.items():
        joined = " || ' ' || ".join(f"COALESCE(\"{name}\", '')" for name in names)
        words = f"to_tsvector({config}, {joined})"
        parts.append(f"setweight({words}, '{weight}')" if weight else words)
    return " || ".join(parts)


def stored_vectors(table: str, columns: dict[str, list[str]], *, own_language: str = ""):
    """A migration operation: the stored words of `table` in each configuration, GIN-indexed.

    `columns` maps a weight ("A" … "D", or "" for none) to the table's columns, exactly as the
    model's `search()` weighs them. With `own_language` (a column holding "en", "es", ...), one
    column `search_own` holds each row's words in the configuration of its own language instead.
    A no-op on SQLite.
    """
    if own_language:
        cases = " ".join(f"WHEN '{code}' THEN '{config_for(code)}'::regconfig" for code in LANGUAGE_CONFIGS)
        configs = {"search_own": f"CASE \"{own_language}\" {cases} ELSE 'plenary_english'::regconfig END"}
    else:
        configs = {stored_column(code): f"'{config_for(code)}'::regconfig" for code in LANGUAGE_CONFIGS}

    def add(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column, config in configs.items():
            schema_editor.execute(
                f'ALTER TABLE "{table}" ADD COLUMN "{column}" tsvector '
                f"GENERATED ALWAYS AS ({vector_sql(columns, config)}) STORED"
            )
            schema_editor.execute(f'CREATE INDEX "{table}_{column}" ON "{table}" USING gin ("{column}")')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in configs:
            schema_editor.execute(f'ALTER TABLE "{table}" DROP COLUMN IF EXISTS "{column}"')

    return migrations.RunPython(add, drop, elidable=False)


def search(
    queryset,
    text: str,
    language: str | None,
    *,
    weights: dict[str, list[str]],
    ranked_also=None,
    found_also=None,
):
    """Rows of `queryset` matching `text`, annotated with `search_rank` (higher is better).

    `weights` maps a PostgreSQL weight ("A" strongest … "D") to the fields it applies to; on
    PostgreSQL they are the table's stored words (`stored_vectors`). Where some words live in
    another table (a paper's files), `found_also(query, language)` gives the primary keys of the
    rows they find (a values() queryset) and `ranked_also(language)` an expression of those words,
    appended for the rank. Both sets of keys are read in one subquery (UNION), each by its index.
    """
    # A text is found in whichever language it is written: translatable fields search every column.
    weights = {weight: every_language(queryset.model, names) for weight, names in weights.items()}
    fields = [field for names in weights.values() for field in names]
    if not words(text):
        return queryset.none()
    if not uses_postgresql(queryset):
        for word in words(text):
            queryset = queryset.filter(_any_contains(fields, word))
        return queryset.annotate(search_rank=Value(1.0, output_field=FloatField()))
    query = SearchQuery(text, config=config_for(language), search_type="websearch")
    rows = queryset.alias(search_vector=StoredVector(stored_column(language)))
    found = Q(search_vector=query)
    if found_also is not None:
        by_own_words = (
            queryset.model._default_manager.alias(search_vector=StoredVector(stored_column(language)))
            .filter(found)
            .values("pk")
        )
        found = Q(pk__in=by_own_words.union(found_also(query, language)))
    vector = F("search_vector")
    if ranked_also is not None:
        vector = Func(
            vector,
            ranked_also(language),
            arg_joiner=" || ",
            template="(%(expressions)s)",
            output_field=SearchVectorField(),
        )
    return rows.filter(found).annotate(search_rank=SearchRank(vector, query))


def _any_contains(fields, word) -> Q:
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}__icontains": word})
    return found


def with_headline(queryset, text: str, language: str | None, fields: list[str]):
    """Annotate `search_headline` (PostgreSQL only): the passages around the matched words."""
    if not uses_postgresql(queryset):
        return queryset
    config = config_for(language)
    parts = []
    for field in fields:
        parts += [F(field), Value(" … ")]
    document = Concat(*parts[:-1], output_field=CharField()) if len(fields) > 1 else F(fields[0])
    return queryset.annotate(
        search_headline=SearchHeadline(
            document,
            SearchQuery(text, config=config, search_type="websearch"),
            config=config,
            start_sel=START,
            stop_sel=STOP,
            max_words=30,
            min_words=12,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
    )


def highlight(headline: str) -> SafeString:
    """PostgreSQL's headline as safe HTML: the text escaped, the marked words in <mark>."""
    if headline.count(START) != headline.count(STOP):
        return escape(headline.replace(START, "").replace(STOP, ""))
    pieces, marked = [], False
    for piece in re.split(f"({START}|{STOP})", headline):
        if piece in (START, STOP):
            marked = piece == START
        elif piece:
            pieces.append((piece, marked))
    return _marked_html(pieces)


def excerpt(text: str, query: str, width: int = 200) -> SafeString:
    """A passage of `text` around the first word of `query` it contains, words marked (SQLite)."""
    lowered = text.lower()
    found = [lowered.find(word.lower()) for word in words(query)]
    start = max(min(at for at in found if at >= 0) - width // 3, 0) if any(at >= 0 for at in found) else 0
    passage = (
        ("… " if start else "") + text[start : start + width] + (" …" if start + width < len(text) else "")
    )
    if not words(query):
        return escape(passage)
    pattern = "|".join(re.escape(word) for word in sorted(set(words(query)), key=len, reverse=True))
    pieces = re.split(f"({pattern})", passage, flags=re.IGNORECASE)
    return _marked_html([(piece, n % 2 == 1) for n, piece in enumerate(pieces) if piece])


def _marked_html(pieces: list[tuple[str, bool]]) -> SafeString:
    # Every piece escaped, as format_html would (a search page marks up to 50 snippets: this is its hot loop).
    return mark_safe("".join(f"<mark>{escape(p)}</mark>" if m else escape(p) for p, m in pieces))  # noqa: S308


def has_searchable_words(text: str, language: str | None, using: str = "default") -> bool:
    """False when `text` holds only stop words or punctuation: nothing could match."""
    if not words(text):
        return False
    connection = connections[using]
    if connection.vendor != "postgresql":
        return True
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT numnode(websearch_to_tsquery(%s::regconfig, %s))", [config_for(language), text]
        )
        return cursor.fetchone()[0] > 0
