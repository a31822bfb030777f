"""Search on PostgreSQL reads each kind's stored words through its GIN index, and ranks as before.

The stored columns (members.textsearch.stored_vectors, one per language configuration) replace
words computed at each search: these tests check that every kind's query can use the index of its
language (EXPLAIN with sequential scans discouraged, so that a tiny test table does not hide a
query the index cannot serve), for a visitor and a delegate, and that each stored column holds
exactly the vector the model's fields and weights give, so ranks are those computed before.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection

from config import search as site_search
from meetings.models import DocumentText
from members import textsearch
from tests.config import search_world

pytestmark = pytest.mark.needs("postgres")

# The table whose index each kind's query must use (papers: their files' words too).
TABLES = {
    "meeting": ["meetings_meeting"],
    "agenda": ["meetings_agendaitem"],
    "paper": ["meetings_document", "meetings_documenttext"],
    "minutes": ["meetings_minutes"],
    "decision": ["meetings_decision"],
    "workplan": ["workplans_workplan"],
    "comment": ["workplans_comment"],
    "press": ["press_pressrelease"],
}


@pytest.fixture
def world(group, us, br, secretariat, delegate_us):
    return search_world.build(group, us=us, br=br, secretariat=secretariat, delegate_us=delegate_us)


def kind_query(kind, user, text: str, language: str, **filters):
    """The SQL the search page runs for one kind: its branch of the UNION (`config.search.branch`)."""
    return site_search.branch(kind, user, text, language, year=filters.get("year"))


def plan_of(queryset) -> str:
    """EXPLAIN with every plain scan discouraged: only an index on a condition can read the rows."""
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off; SET enable_indexscan = off")
        try:
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("RESET enable_seqscan; RESET enable_indexscan")


def index_name(table: str, language: str) -> str:
    column = "search_own" if table == "press_pressrelease" else textsearch.stored_column(language)
    return f"{table}_{column}"


def test_every_search_index_exists(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%search_%%'")
        indexes = dict(cursor.fetchall())
    for tables in TABLES.values():
        for table in tables:
            for language in textsearch.LANGUAGE_CONFIGS:
                assert "USING gin" in indexes[index_name(table, language)]


QUERIES = [("democratic charter", "en"), ("carta democrática", "es"), ("charte", "fr"), ("carta", "pt")]


@pytest.mark.parametrize("kind", site_search.KINDS, ids=lambda kind: kind.key)
@pytest.mark.parametrize(("text", "language"), QUERIES)
def test_each_kind_is_matched_through_its_index(world, kind, text, language):
    model = kind.rows(AnonymousUser(), language).model
    if kind.key == "press":
        # The words of releases in the visitor's language: in a table this small the planner
        # would rather read that language's few rows by another index, so the match alone.
        config = textsearch.config_for(language)
        rows = model.objects.alias(words=textsearch.StoredVector("search_own")).filter(
            words=SearchQuery(text, config=config, search_type="websearch")
        )
    else:
        rows = model.objects.search(text, language)
    plan = plan_of(rows)
    for table in TABLES[kind.key]:
        assert f"Bitmap Index Scan on {index_name(table, language)}" in plan, plan


@pytest.mark.parametrize("kind", site_search.KINDS, ids=lambda kind: kind.key)
@pytest.mark.parametrize("role", ["visitor", "delegate"])
@pytest.mark.parametrize(("text", "language"), QUERIES[:2])
def test_visibility_and_filters_keep_the_indexed_condition(world, delegate_us, kind, role, text, language):
    """Each page query (visible_to, a year, rank and snippets) still matches on the stored words."""
    user = delegate_us if role == "delegate" else AnonymousUser()
    rows = kind_query(kind, user, text, language, year=2025)
    if rows.query.is_empty():  # a visitor reads no comments: no query at all
        return
    plan = plan_of(rows)
    column = "search_own" if kind.key == "press" else textsearch.stored_column(language)
    assert f"{column} @@ " in plan, plan
    assert "to_tsvector" not in plan, plan


# The fields each model's search() weighs, as Django's SearchVector computed them on every search.
WEIGHTED = {
    "public_meeting": {"A": ["title"], "B": ["notice_text"]},
    "public_agenda": {"A": ["title"], "B": ["description", "outcome"]},
    "public_paper": {"A": ["symbol", "title"]},
}


@pytest.mark.parametrize("name", sorted(WEIGHTED))
@pytest.mark.parametrize("language", sorted(textsearch.LANGUAGE_CONFIGS))
def test_the_stored_words_are_the_vector_the_fields_give(world, name, language):
    from members.translated import every_language

    record = world[name]
    model = type(record)
    config = textsearch.config_for(language)
    vector = None
    for weight, names in WEIGHTED[name].items():
        part = SearchVector(*every_language(model, names), weight=weight, config=config)
        vector = part if vector is None else vector + part
    row = (
        model.objects.filter(pk=record.pk)
        .annotate(computed=vector)
        .annotate(stored=textsearch.StoredVector(textsearch.stored_column(language)))
        .values_list("stored", "computed")
        .get()
    )
    assert row[0] == row[1]


def test_a_papers_file_words_are_stored_unweighted_in_each_configuration(world):
    paper_file = world["public_paper"].files.get()
    DocumentText.objects.create(
        document_file=paper_file, file_name="x.pdf", text="Las elecciones y la Carta", outcome="read"
    )
    stored = (
        DocumentText.objects.filter(pk=paper_file.pk)
        .annotate(stored=textsearch.StoredVector("search_spanish"))
        .annotate(computed=SearchVector("text", config="plenary_spanish"))
        .values_list("stored", "computed")
        .get()
    )
    assert stored[0] == stored[1]
