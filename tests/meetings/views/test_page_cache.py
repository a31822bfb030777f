"""The visitor's cached group and meeting pages (members.page_cache): never stale after a write."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import page_cache
from members.page_revision import tracked_tables
from tests.benchmarks._prof_pages import every_list
from tests.benchmarks.pages import meeting_data
from tests.factories import make_secretariat


@pytest.fixture(autouse=True)
def _empty_cache(settings):
    from django.core.cache import cache

    settings.PLENARY_PUBLIC_PAGE_CACHE_SECONDS = 600
    cache.clear()
    page_cache.reset_local()
    yield
    page_cache.reset_local()


@pytest.fixture
def full_meeting(db):
    group, meeting = meeting_data()
    every_list(group, meeting, make_secretariat("cache-staff@secretariat.example"))
    return group, meeting


def group_url(group):
    return reverse("groups:detail", kwargs={"slug": group.slug})


def meeting_url(meeting):
    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


def tables_read(client, url) -> set[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    found = set()
    for query in queries.captured_queries:
        found.update(re.findall(r'(?:FROM|JOIN)\s+"([a-z_0-9]+)"', query["sql"]))
    return found


def test_every_table_the_visitor_pages_read_moves_the_page_revision(client, full_meeting, settings):
    settings.PLENARY_PUBLIC_PAGE_CACHE_SECONDS = 0  # every query of a full rendering
    group, meeting = full_meeting
    read = tables_read(client, group_url(group)) | tables_read(client, meeting_url(meeting))
    print(sorted(read))
    assert read - tracked_tables(connection) - {"members_pagerevision"} == set()


LANGUAGES = ("en", "es", "fr", "pt")


def in_every_language(field, value) -> dict:
    return {f"{field}_{language}": value for language in LANGUAGES}


def _meeting(group, meeting):
    from meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(**in_every_language("notice_text", "Bring the report."))
    return "Bring the report."


def _agenda(group, meeting):
    meeting.agenda_items.filter(position=1).update(**in_every_language("title", "Item renamed"))
    return "Item renamed"


def _paper(group, meeting):
    from meetings.models import Document

    Document.objects.filter(meeting=meeting).update(title="A paper retitled")
    return "A paper retitled"


def _decision(group, meeting):
    from meetings.models import Decision

    Decision.objects.filter(minutes__meeting=meeting, number=2).update(
        text="The group agreed otherwise.", text_es="", text_fr="", text_pt=""
    )
    return "The group agreed otherwise."


def _attendance(group, meeting):
    from meetings.models import Attendance

    before = meeting.attendance_summary().countries_present
    first = Attendance.objects.filter(meeting=meeting, status__in=Attendance.PRESENT).first()
    first.delete()  # as the admin would
    assert meeting.attendance_summary().countries_present == before - 1
    return f'data-testid="countries-present">{before - 1}<'


def _postponement(group, meeting):
    meeting.date_changes.update(**in_every_language("reason", "The room flooded."))
    return "The room flooded."


def _room(group, meeting):
    from meetings.models import Room

    Room.objects.filter(pk=meeting.room_id).update(**in_every_language("name", "Hall of the Americas"))
    return "Hall of the Americas"


def _approved_here(group, meeting):
    from meetings.models import Minutes

    Minutes.objects.filter(approved_at_meeting=meeting).update(symbol="OEA/Ser.G/TEST")
    return "OEA/Ser.G/TEST"


def _adopted_plan(group, meeting):
    from workplans.models import WorkPlan

    WorkPlan.objects.filter(adopted_at=meeting).update(**in_every_language("title", "Plan renamed"))
    return "Plan renamed"


def _meeting_title(group, meeting):
    from meetings.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(**in_every_language("title", "Retitled sitting"))
    return "Retitled sitting"


def _group_name(group, meeting):
    from groups.models import WorkingGroup

    WorkingGroup.objects.filter(pk=group.pk).update(
        **in_every_language("provisional_name", "Group renamed"),
        **in_every_language("adopted_name", "Group renamed"),
    )
    return "Group renamed"


def _officers(group, meeting):
    from groups.models import Officer
    from tests.factories import OfficerFactory

    if not Officer.objects.filter(group=group).exists():
        OfficerFactory(group=group, member_state=group.memberships.first().member_state)
    Officer.objects.filter(group=group).update(person_name="Ana Officer")
    return "Ana Officer"


def _supporting_state(group, meeting):
    from members.models import MemberState

    state = group.memberships.first().member_state
    MemberState.objects.filter(pk=state.pk).update(**in_every_language("name", "Renamed Republic"))
    return "Renamed Republic"


def _press(group, meeting):
    from tests.press.helpers import published_release

    published_release(group, title="Release on the new charter")
    return "Release on the new charter"


def _group_plan(group, meeting):
    from workplans.models import WorkPlan

    WorkPlan.objects.filter(group=group).update(**in_every_language("title", "Plan for the biennium"))
    return "Plan for the biennium"


MEETING_PARTS = [
    _meeting,
    _agenda,
    _paper,
    _decision,
    _attendance,
    _postponement,
    _room,
    _approved_here,
    _adopted_plan,
    _group_name,
    _meeting_title,
]
GROUP_PARTS = [_group_name, _officers, _supporting_state, _press, _group_plan, _meeting_title]


def assert_served_from_cache(client, url):
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "hit"
    return response


@pytest.mark.parametrize("change", MEETING_PARTS, ids=lambda change: change.__name__.strip("_"))
def test_a_change_to_any_part_of_the_meeting_page_shows_on_the_next_visit(client, full_meeting, change):
    group, meeting = full_meeting
    url = meeting_url(meeting)
    assert_served_from_cache(client, url)
    shown = change(group, meeting)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert shown in response.content.decode()
    assert shown in assert_served_from_cache(client, url).content.decode()


def test_the_meeting_page_shows_a_postponement_recorded_after_it_was_cached(client, full_meeting):
    from meetings.models import MeetingDateChange

    group, meeting = full_meeting
    url = meeting_url(meeting)
    MeetingDateChange.objects.filter(meeting=meeting).delete()
    assert "The room was taken." not in assert_served_from_cache(client, url).content.decode()
    MeetingDateChange.objects.create(
        meeting=meeting,
        old_starts_at=meeting.starts_at,
        old_ends_at=meeting.ends_at,
        new_starts_at=meeting.starts_at,
        new_ends_at=meeting.ends_at,
        reason="The room was taken.",
    )
    assert "The room was taken." in client.get(url).content.decode()


@pytest.mark.parametrize("change", GROUP_PARTS, ids=lambda change: change.__name__.strip("_"))
def test_a_change_to_any_part_of_the_group_page_shows_on_the_next_visit(client, full_meeting, change):
    group, meeting = full_meeting
    url = group_url(group)
    assert_served_from_cache(client, url)
    shown = change(group, meeting)
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert shown in response.content.decode()


def test_a_supporting_state_whose_support_ends_leaves_the_cached_group_page(client, full_meeting):
    group, meeting = full_meeting
    url = group_url(group)
    before = (
        assert_served_from_cache(client, url)
        .content.decode()
        .count(
            "<li>",
        )
    )
    group.memberships.filter(pk=group.memberships.first().pk).delete()
    assert client.get(url).content.decode().count("<li>") == before - 1


def test_a_visitor_served_from_the_cache_costs_one_query(client, full_meeting, django_assert_num_queries):
    group, meeting = full_meeting
    for url in (group_url(group), meeting_url(meeting)):
        client.get(url)
        with django_assert_num_queries(1):
            assert client.get(url)["X-Page-Cache"] == "hit"


def test_each_language_has_its_own_copy(client, full_meeting):
    from django.utils import translation

    group, meeting = full_meeting
    pages = {}
    for language in LANGUAGES:
        with translation.override(language):
            url = meeting_url(meeting)
        assert_served_from_cache(client, url)
        pages[language] = client.get(url).content.decode()
        assert f'<html lang="{language}">' in pages[language]
    assert len(set(pages.values())) == 4


def test_each_visitor_gets_their_own_csrf_token_and_nonce(client, full_meeting):
    from django.test import Client

    group, meeting = full_meeting
    url = meeting_url(meeting)
    first = assert_served_from_cache(client, url)
    other = Client().get(url)
    assert other["X-Page-Cache"] == "hit"
    token = re.search(r'data-csrf-token="([^"]+)"', other.content.decode()).group(1)
    assert token and token not in first.content.decode()
    assert not re.search(r"(csrf|nonce)[0-9a-f]{32}", other.content.decode())  # no marker left
    nonce = re.search(r'nonce="([^"]+)"', other.content.decode()).group(1)
    assert nonce in other["Content-Security-Policy"]


def test_signed_in_users_are_neither_served_nor_stored(client, delegate_us_client, full_meeting):
    group, meeting = full_meeting
    url = meeting_url(meeting)
    for _ in range(2):
        response = delegate_us_client.get(url)
        assert "X-Page-Cache" not in response
    assert "Log out" in response.content.decode()
    first = client.get(url)
    assert "X-Page-Cache" not in first  # the delegate's visits stored nothing
    assert "Log out" not in assert_served_from_cache(client, url).content.decode()


def test_a_copy_is_not_used_past_the_instant_the_page_changes_by_itself(client, full_meeting, settings):
    """The group page lists a meeting as upcoming until it ends: no copy outlives that instant."""
    import datetime

    from django.utils import timezone

    from meetings.models import Meeting

    group, meeting = full_meeting
    soon = timezone.now() + datetime.timedelta(seconds=3)
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=soon - datetime.timedelta(hours=1), ends_at=soon, status=Meeting.Status.SCHEDULED
    )
    url = group_url(group)
    assert_served_from_cache(client, url)
    key = next(key for key in page_cache._pages if key.endswith(url))
    assert page_cache._pages[key][1] <= soon.timestamp()
    page_cache._pages[key] = (page_cache._pages[key][0], time_past(), page_cache._pages[key][2])
    assert "X-Page-Cache" not in client.get(url)


def time_past() -> float:
    import time

    return time.time() - 1
