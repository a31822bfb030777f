"""Search across everything: what each role finds, filters, bad input, ranking and query counts."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config import search as site_search
from members import textsearch
from tests.config import search_world
from tests.meetings.factories import AgendaItemFactory, MeetingFactory


@pytest.fixture
def world(group, us, br, secretariat, delegate_us):
    return search_world.build(group, us=us, br=br, secretariat=secretariat, delegate_us=delegate_us)


def found(world, user, text="charter", **filters) -> set[str]:
    hits, _more = site_search.search(user=user, text=text, language="en", **filters)
    names = {(type(record), record.pk): name for name, record in world.items()}
    return {names[(type(hit.row), hit.row.pk)] for hit in hits if (type(hit.row), hit.row.pk) in names}


def test_a_visitor_finds_only_what_is_public(world, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert found(world, AnonymousUser()) == search_world.PUBLIC


def test_a_delegate_finds_restricted_papers_and_their_comments_but_no_drafts(world, delegate_us):
    assert found(world, delegate_us) == search_world.DELEGATE_US


def test_another_delegate_does_not_find_a_draft_plan_of_brazil_nor_it_their_comments(world, delegate_br):
    seen = found(world, delegate_br)
    assert "br_workplan" in seen
    assert "staff_meeting" not in seen


def test_the_secretariat_finds_everything(world, secretariat):
    assert found(world, secretariat) == search_world.STAFF


def test_press_releases_are_searched_in_the_visitors_language(world, secretariat):
    hits, _more = site_search.search(user=secretariat, text="charter", language="es")
    assert [hit.row for hit in hits if hit.kind.key == "press"] == [world["spanish_release"]]


@pytest.fixture
def roles(secretariat, delegate_us, delegate_br, delegate_of_non_member, no_role_user):
    from django.contrib.auth.models import AnonymousUser

    return [AnonymousUser(), no_role_user, delegate_of_non_member, delegate_br, delegate_us, secretariat]


VOCABULARY = ["charter", "draft", "meeting", "paper", "the", "plan", "group", "Brazil", "17", "camera"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    words=st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3),
    role=st.integers(min_value=0, max_value=5),
)
def test_no_hit_is_absent_from_the_same_users_visible_to(world, roles, words, role):
    user = roles[role]
    hits, _more = site_search.search(user=user, text=" ".join(words), language="en")
    for hit in hits:
        model = type(hit.row)
        assert model.objects.visible_to(user).filter(pk=hit.row.pk).exists(), (hit.kind.key, hit.title)


def test_filters_by_kind_group_and_year(world, secretariat):
    assert found(world, secretariat, kind="paper") == {"public_paper", "delegates_paper", "staff_paper"}
    assert found(world, secretariat, group="no-such-group") == set()
    in_2023 = found(world, secretariat, year=2023)
    assert {"public_meeting", "public_minutes", "public_decision"} <= in_2023
    assert "staff_meeting" not in in_2023


def test_the_page_lists_hits_with_links_and_marked_words(world, client):
    response = client.get(reverse("search"), {"q": "charter"})
    html = response.content.decode()
    assert response.status_code == 200
    assert world["public_meeting"].get_absolute_url() in html
    assert "Charter restricted paper" not in html
    assert "<mark>" in html


def test_a_delegate_sees_the_restricted_paper_on_the_page(world, delegate_us_client):
    html = delegate_us_client.get(reverse("search"), {"q": "restricted"}).content.decode()
    assert "Charter restricted paper" in html
    assert world["delegates_paper"].get_absolute_url() in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("x" * 10_000, "Search for at most 200 characters."),
        ('"&|!()<>', "Type at least one word or number to search for."),
        ("---", "Type at least one word or number to search for."),
    ],
)
def test_bad_input_gets_a_clear_message(db, client, query, message):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "charter", "year": "twenty"},
        {"q": "charter", "year": "99999999999999999999"},
        {"q": "charter", "kind": "everything-else"},
        {"q": "charter", "group": "<script>"},
        {"q": 'charter -meeting "democratic charter" OR or & | ! :* \\'},
        {"q": ""},
    ],
)
def test_odd_parameters_never_fail(world, client, params):
    assert client.get(reverse("search"), params).status_code == 200


def test_a_null_character_in_the_query_is_a_bad_request_not_a_failure(world, client):
    # Refused for every address by members.middleware.RefuseNulMiddleware before any query runs
    # (PostgreSQL cannot hold NUL in text); the search page used to answer it through its form.
    assert client.get(reverse("search"), {"q": "a\x00b"}).status_code == 400


def test_an_unknown_group_or_kind_is_named_in_the_message(db, client):
    html = client.get(reverse("search"), {"q": "charter", "group": "atlantis", "kind": "x"}).content.decode()
    assert "Group: Select a valid choice. atlantis is not one of the available choices." in html
    assert "Kind: Select a valid choice." in html


def test_an_empty_search_shows_the_form_without_searching(db, client, django_assert_num_queries):
    with django_assert_num_queries(1):  # the groups of the filter
        response = client.get(reverse("search"))
    assert "Search meetings, agenda items, papers" in response.content.decode()


def test_snippets_escape_the_records_text(world, client):
    AgendaItemFactory(meeting=world["public_meeting"], title="<script>alert(1)</script> charter")
    html = client.get(reverse("search"), {"q": "charter"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_queries_do_not_grow_with_the_results(
    world, delegate_us, delegate_us_client, django_assert_max_num_queries
):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            delegate_us_client.get(reverse("search"), {"q": "charter"})
        return len(context.captured_queries)

    before = count()
    for n in range(15):
        meeting = MeetingFactory(group=world["public_meeting"].group, title=f"Charter session {n}")
        AgendaItemFactory(meeting=meeting, title=f"Charter point {n}")
    assert count() == before


# Per page: the groups of the filter, the words checked for stop words (PostgreSQL only) and ONE
# query for the hits of every kind; signed in, the session and the user with their roles besides
# (a delegate's delegation too).
SEARCH_QUERIES = {"visitor": 2, "delegate": 5, "staff": 4}


@pytest.mark.parametrize("role", ["visitor", "delegate", "staff"])
def test_one_query_finds_every_kind_for_each_role_however_many_rows(
    world, role, group, us, br, secretariat, delegate_us, django_assert_num_queries
):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection

    from tests.conftest import client_for

    page = client_for({"visitor": None, "delegate": delegate_us, "staff": secretariat}[role])
    expected = SEARCH_QUERIES[role] + (connection.vendor == "postgresql")

    def shown() -> list:
        with django_assert_num_queries(expected):
            response = page.get(reverse("search"), {"q": "charter"})
        return response.context["hits"]

    hits = shown()
    kinds = {"visitor": AnonymousUser(), "delegate": delegate_us, "staff": secretariat}[role]
    assert {hit.kind.key for hit in hits} == {
        key for key in site_search.KINDS_BY_KEY if key != "comment" or role != "visitor"
    }
    search_world.build(group, us=us, br=br, secretariat=secretariat, delegate_us=delegate_us)
    more = shown()
    assert len(more) > len(hits)
    assert {hit.kind.key for hit in more} == {hit.kind.key for hit in hits}
    assert all(visible(hit, kinds) for hit in more)


def visible(hit, user) -> bool:
    return type(hit.row).objects.visible_to(user).filter(pk=hit.row.pk).exists()


def test_highlight_escapes_everything_but_the_marks():
    text = f"<b>{textsearch.START}charter{textsearch.STOP}</b>"
    assert textsearch.highlight(text) == "&lt;b&gt;<mark>charter</mark>&lt;/b&gt;"
    assert textsearch.highlight(f"{textsearch.START}x") == "x"


@pytest.mark.needs("postgres")
def test_title_matches_rank_above_body_matches_and_accents_are_ignored(group, secretariat):
    strong = MeetingFactory(group=group, title="Reunión sobre elecciones")
    weak = MeetingFactory(group=group, title="Otra", notice_text="Se hablará de elecciones.")
    hits, _more = site_search.search(user=secretariat, text="reunion elecciones", language="es")
    assert [hit.row for hit in hits][:1] == [strong]
    hits, _more = site_search.search(user=secretariat, text="elecciones", language="es")
    assert [hit.row for hit in hits] == [strong, weak]


@pytest.mark.needs("postgres")
def test_only_stop_words_get_a_clear_message(db, client):
    response = client.get(reverse("search"), {"q": "the and of"})
    assert "too common" in response.content.decode()


def test_the_page_speaks_the_visitors_language(world, client):
    html = client.get("/es/search/", {"q": "carta"}).content.decode()
    assert 'aria-label="Buscar en todo"' in html
    assert "El grupo celebra la Carta" in html
    assert "Group celebrates the Charter" not in html


@pytest.mark.needs("postgres")
def test_a_paper_is_found_by_its_symbol(world, secretariat):
    paper = world["public_paper"]
    hits, _more = site_search.search(user=secretariat, text=paper.symbol, language="en")
    assert hits[0].row == paper
