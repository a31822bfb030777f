"""Full-text search shared by every app: one way to match, rank and quote a visitor's words.

On PostgreSQL each language has its own text search configuration (stemming and stop words)
with `unaccent` in front, so "reunion" finds "reunión" (migration members 0004 creates them).
On SQLite every word must appear somewhere in the fields (icontains), unranked.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import CharField, F, FloatField, Q, Value
from django.db.models.functions import Concat
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString

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


def search(queryset, text: str, language: str | None, *, weights: dict[str, list[str]]):
    """Rows of `queryset` matching `text`, annotated with `search_rank` (higher is better).

    `weights` maps a PostgreSQL weight ("A" strongest … "D") to the fields it applies to.
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
    config = config_for(language)
    vector = None
    for weight, names in weights.items():
        part = SearchVector(*names, weight=weight, config=config)
        vector = part if vector is None else vector + part
    query = SearchQuery(text, config=config, search_type="websearch")
    return (
        queryset.annotate(search_vector=vector)
        .filter(search_vector=query)
        .annotate(search_rank=SearchRank(F("search_vector"), query))
    )


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
    return format_html_join("", "{}", ((format_html("<mark>{}</mark>", p) if m else p,) for p, m in pieces))


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
