"""The open API: only what a visitor may read, valid against its own schema, 304, throttle, 400s."""

import datetime

import pytest
from django.core.cache import cache
from jsonschema import Draft202012Validator

from meetings.models import Meeting
from tests.config import search_world
from tests.meetings.factories import AgendaItemFactory, DocumentFactory, MeetingFactory

LISTS = {
    "/api/v1/groups": None,
    "/api/v1/member-states": None,
    "/api/v1/meetings": "meeting",
    "/api/v1/papers": "paper",
    "/api/v1/decisions": "decision",
    "/api/v1/workplans": "workplan",
    "/api/v1/press-releases": "release",
}


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(group, us, br, secretariat, delegate_us):
    return search_world.build(group, us=us, br=br, secretariat=secretariat, delegate_us=delegate_us)


@pytest.fixture(scope="module")
def openapi(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        return Client().get("/api/v1/openapi.json").json()


def validate(openapi, path, method, status, body):
    """Check `body` against the schema the API itself declares for that path and status."""
    declared = openapi["paths"][path][method]["responses"][str(status)]["content"]["application/json"][
        "schema"
    ]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **declared}
    schema["components"] = openapi["components"]
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=str)
    assert not errors, [f"{list(error.absolute_path)}: {error.message}" for error in errors]


def names_in(world, kind, results, key="id"):
    by_pk = {record.pk: name for name, record in world.items() if name.endswith(kind)}
    return {by_pk.get(item[key], f"unknown {item[key]}") for item in results}


def public_of(kind):
    return {name for name in search_world.PUBLIC if name.endswith(kind)}


@pytest.mark.parametrize("path", list(LISTS))
def test_every_list_matches_its_own_openapi_schema(world, client, openapi, path):
    response = client.get(path)
    assert response.status_code == 200
    validate(openapi, path, "get", 200, response.json())


def test_details_match_their_schemas(world, client, openapi):
    meeting = world["public_meeting"]
    AgendaItemFactory(meeting=meeting, title="Opening")
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    cases = {
        "/api/v1/groups/{slug}": f"/api/v1/groups/{meeting.group.slug}",
        "/api/v1/meetings/{meeting_id}": f"/api/v1/meetings/{meeting.pk}",
        "/api/v1/workplans/{plan_id}": f"/api/v1/workplans/{world['public_workplan'].pk}",
    }
    for declared, url in cases.items():
        response = client.get(url)
        assert response.status_code == 200, url
        validate(openapi, declared, "get", 200, response.json())


def test_a_meeting_shows_its_agenda_public_papers_and_attendance(world, client):
    meeting = world["public_meeting"]
    body = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert [item["title"] for item in body["agenda"]] == ["Article 17 of the Charter"]
    assert [paper["title"] for paper in body["papers"]] == ["Commentary on the Charter"]
    assert body["attendance"]["supporting_total"] == 2
    assert body["starts_at"] == "2023-11-21T15:00:00Z"


def test_an_adopted_plan_shows_its_adopted_text(world, client):
    body = client.get(f"/api/v1/workplans/{world['public_workplan'].pk}").json()
    assert body["adopted_text"]["sections"][0]["heading"] == "Objectives"
    assert body["adopted_text"]["activities"][0]["activity"] == "Hold a regular meeting"


@pytest.mark.parametrize(
    ("path", "kind"), [(path, kind) for path, kind in LISTS.items() if kind and kind != "release"]
)
def test_lists_hold_exactly_what_a_visitor_may_read(world, delegate_us_client, path, kind):
    # A delegate's session changes nothing: the API reads as a visitor.
    results = delegate_us_client.get(path).json()["results"]
    assert names_in(world, kind, results) == public_of(kind)


def test_only_published_releases_are_listed(world, client):
    results = client.get("/api/v1/press-releases").json()["results"]
    assert sorted(item["title"] for item in results) == [
        "El grupo celebra la Carta",
        "Group celebrates the Charter",
    ]
    assert [item["title"] for item in client.get("/api/v1/press-releases?language=es").json()["results"]] == [
        "El grupo celebra la Carta"
    ]


@pytest.mark.parametrize("name", ["delegates_meeting", "staff_meeting", "br_workplan", "delegates_workplan"])
def test_restricted_records_are_not_found(world, client, name):
    record = world[name]
    path = "meetings" if name.endswith("meeting") else "workplans"
    assert client.get(f"/api/v1/{path}/{record.pk}").status_code == 404


def test_the_supporting_states_of_a_group(world, client, group):
    body = client.get(f"/api/v1/groups/{group.slug}").json()
    assert [state["iso2"] for state in body["supporting_states"]] == ["BR", "US"]
    assert body["supporting_state_count"] == 2


def test_filters_by_group_and_date(world, client, group):
    assert client.get("/api/v1/meetings?group=no-such-group").json()["results"] == []
    in_2023 = client.get("/api/v1/meetings?since=2023-01-01&until=2023-12-31").json()["results"]
    assert [item["id"] for item in in_2023] == [world["public_meeting"].pk]
    assert len(client.get(f"/api/v1/meetings?group={group.slug}").json()["results"]) == 1


def test_cursor_pages_walk_every_record_once(db, client, group):
    made = [MeetingFactory(group=group, number=n + 1).pk for n in range(7)]
    seen, url = [], "/api/v1/meetings?page_size=3"
    while url:
        body = client.get(url).json()
        seen += [item["id"] for item in body["results"]]
        url = body["next"]
    assert seen == made


def test_a_matching_etag_gets_304_and_a_change_a_new_body(world, client):
    first = client.get("/api/v1/meetings")
    assert first["ETag"] and first["Access-Control-Allow-Origin"] == "*"
    again = client.get("/api/v1/meetings", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == first["ETag"]
    Meeting.objects.filter(pk=world["public_meeting"].pk).update(title="Renamed")
    changed = client.get("/api/v1/meetings", headers={"If-None-Match": first["ETag"]})
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_the_schema_is_open_to_every_origin_and_revalidated(db, client):
    schema = client.get("/api/v1/openapi.json")
    assert schema["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/openapi.json", headers={"If-None-Match": schema["ETag"]}).status_code == 304


def test_cors_is_offered_on_get_only(db, client):
    assert client.get("/api/v1/groups")["Access-Control-Allow-Origin"] == "*"
    refused = client.post("/api/v1/groups", {})
    assert refused.status_code == 405
    assert "Access-Control-Allow-Origin" not in refused


def test_each_client_is_throttled_on_its_own(db, client, settings):
    settings.PLENARY_API_RATE = "3/min"
    answers = [client.get("/api/v1/groups").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert client.get("/api/v1/groups").json() == {"detail": "Too many requests."}
    assert client.get("/api/v1/groups", REMOTE_ADDR="10.0.0.9").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/meetings?since=yesterday",
        "/api/v1/meetings?until=2023-13-45",
        "/api/v1/meetings?since=99999-01-01",
        "/api/v1/meetings?page_size=0",
        "/api/v1/meetings?page_size=100000",
        "/api/v1/meetings?page_size=abc",
        "/api/v1/meetings?cursor=not-base64!",
        "/api/v1/meetings?cursor=cD1hYmM=",  # p=abc: a position that is no primary key
        "/api/v1/meetings/0",
        "/api/v1/meetings/99999999999999999999",
        "/api/v1/workplans/-1",
        "/api/v1/papers?meeting=abc",
        "/api/v1/papers?language=xx",
        "/api/v1/press-releases?language=%00",
        "/api/v1/workplans?status=draft",
        f"/api/v1/meetings?group={'x' * 500}",
    ],
)
def test_bad_parameters_get_a_400_with_a_json_error(db, client, url):
    response = client.get(url)
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]


def test_unknown_records_get_a_json_404(db, client):
    response = client.get("/api/v1/meetings/123456")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


# Papers bring their language files in one more query, whatever their number.
@pytest.mark.parametrize(("path", "queries"), [(path, 2 if "papers" in path else 1) for path in LISTS])
def test_lists_cost_one_query_whatever_their_length(
    db, client, group, django_assert_num_queries, path, queries
):
    for n in range(12):
        meeting = MeetingFactory(
            group=group, number=n + 1, starts_at=datetime.datetime(2023, 1, n + 1, tzinfo=datetime.UTC)
        )
        DocumentFactory(meeting=meeting)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_a_meeting_costs_the_same_queries_with_more_agenda_and_papers(
    world, client, django_assert_num_queries
):
    meeting = world["public_meeting"]
    # Meeting, agenda, papers, the papers' language files, attendance.
    with django_assert_num_queries(5):
        client.get(f"/api/v1/meetings/{meeting.pk}")
    for n in range(10):
        AgendaItemFactory(meeting=meeting, title=f"Item {n}")
        DocumentFactory(meeting=meeting)
    with django_assert_num_queries(5):
        client.get(f"/api/v1/meetings/{meeting.pk}")


def test_the_docs_page_loads_its_scripts_from_this_site_under_the_strict_policy(db, client):
    response = client.get("/api/v1/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "cdn." not in html
    assert '<script src="/static/ninja/swagger-ui-bundle.js"' in html
