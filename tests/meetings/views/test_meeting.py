"""The meeting page, the list, the group page and the calendar feeds."""

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, Presentation
from tests.factories import MembershipFactory, MemberStateFactory, SecretariatUnitFactory
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DocumentFactory,
    MeetingFactory,
)


def detail(meeting):
    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


def test_public_page_shows_agenda_and_public_documents_only(
    client, meeting, agenda, public_document, restricted_document
):
    response = client.get(detail(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(item.title in html for item in agenda)
    assert public_document.symbol in html
    assert restricted_document.symbol not in html
    assert meeting.video_link not in html
    assert "Simón Bolívar room" in html
    assert "UTC" in html


def test_delegate_page_adds_restricted_documents_and_video_link(
    delegate_us_client, meeting, public_document, restricted_document
):
    html = delegate_us_client.get(detail(meeting)).content.decode()
    assert restricted_document.symbol in html
    assert meeting.video_link in html


def test_draft_meeting_is_404_for_delegates_and_shown_to_staff(
    delegate_us_client, secretariat_client, draft_meeting
):
    assert delegate_us_client.get(detail(draft_meeting)).status_code == 404
    assert secretariat_client.get(detail(draft_meeting)).status_code == 200


def test_unknown_meeting_is_404(client, db):
    assert client.get(reverse("meetings:detail", kwargs={"pk": 999})).status_code == 404


def test_held_meeting_shows_the_attendance_summary(client, held_meeting, us, br):
    AttendanceFactory(meeting=held_meeting, member_state=us)
    AttendanceFactory(meeting=held_meeting, member_state=br, status=Attendance.Status.PRESENT_ONLINE)
    html = client.get(detail(held_meeting)).content.decode()
    assert 'data-testid="countries-present">2<' in html
    assert "Met (2 needed)" in html


def _grow(meeting, count, offset):
    codes = [f"{chr(88 + i // 26)}{chr(65 + i % 26)}" for i in range(offset, offset + count)]
    states = [MemberStateFactory(iso2=code, iso3=f"{code}X") for code in codes]
    for index, state in enumerate(states):
        MembershipFactory(group=meeting.group, member_state=state)
        AttendanceFactory(meeting=meeting, member_state=state)
        item = AgendaItemFactory(meeting=meeting, position=100 + offset + index)
        document = DocumentFactory(meeting=meeting, agenda_item=item, is_public=index % 2 == 0)
        Presentation.objects.create(
            meeting=meeting,
            agenda_item=item,
            presenter_kind="secretariat",
            unit=SecretariatUnitFactory(),
            title=f"Talk {index}",
            slides=document,
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "delegate"])
def test_meeting_page_runs_a_constant_number_of_queries(
    client, delegate_us_client, held_meeting, role, django_assert_num_queries
):
    web = client if role == "anonymous" else delegate_us_client
    url = detail(held_meeting)
    _grow(held_meeting, 2, 0)
    small = _count(web, url)
    _grow(held_meeting, 33, 2)
    with django_assert_num_queries(small):
        web.get(url)


def test_attendance_screen_runs_a_constant_number_of_queries(
    secretariat_client, meeting, django_assert_num_queries
):
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    _grow(meeting, 2, 0)
    small = _count(secretariat_client, url)
    _grow(meeting, 33, 2)
    assert Attendance.objects.filter(meeting=meeting).count() == 35
    with django_assert_num_queries(small):
        response = secretariat_client.get(url)
    assert response.content.decode().count('class="attendance-row') >= 35


def test_list_filters_by_group_year_and_status(client, group, meeting, held_meeting):
    other = MeetingFactory(
        number=9, starts_at=meeting.starts_at.replace(year=2030), ends_at=meeting.ends_at.replace(year=2030)
    )
    url = reverse("meetings:list")
    assert set(client.get(url).context["meetings"]) == {meeting, held_meeting, other}
    assert set(client.get(url, {"group": group.pk}).context["meetings"]) == {meeting, held_meeting}
    assert set(client.get(url, {"status": "held"}).context["meetings"]) == {held_meeting}
    assert set(client.get(url, {"year": 2030}).context["meetings"]) == {other}


def test_list_with_bad_filters_does_not_fail(client, meeting):
    response = client.get(reverse("meetings:list"), {"year": "abc", "status": "nope", "group": "999"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_group_page_lists_upcoming_and_past_meetings(client, group, meeting, held_meeting, draft_meeting):
    response = client.get(group.get_absolute_url())
    assert response.context["upcoming_meetings"] == [meeting]
    assert response.context["past_meetings"] == [held_meeting]


def test_private_feed_works_until_the_address_is_replaced(client, delegate_us, delegate_us_client, meeting):
    url = reverse("meetings:personal_feed", kwargs={"token": delegate_us.calendar_token})
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    assert meeting.video_link in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    delegate_us_client.post(reverse("meetings:regenerate_calendar_token"))
    assert client.get(url).status_code == 404


def test_group_feed_hides_drafts_from_visitors(client, group, meeting, draft_meeting):
    content = client.get(reverse("meetings:group_feed", kwargs={"slug": group.slug})).content
    assert len(icalendar.Calendar.from_ical(content).walk("VEVENT")) == 1


@pytest.mark.parametrize(
    ("starts_at", "expected"),
    [
        # New York leaves EST (UTC−5) for EDT (UTC−4) on Sunday 9 March 2031 at 02:00.
        ("2031-03-07T14:00:00+00:00", "Friday 7 March 2031, 09:00–11:00"),
        ("2031-03-11T14:00:00+00:00", "Tuesday 11 March 2031, 10:00–12:00"),
    ],
)
def test_the_meeting_time_is_the_stored_instant_on_the_venue_clock_across_a_dst_change(
    client, group, settings, starts_at, expected
):
    import datetime
    import zoneinfo

    settings.TIME_ZONE = "Asia/Tokyo"  # another active zone must not shift the shown hour
    start = datetime.datetime.fromisoformat(starts_at)
    meeting = MeetingFactory(
        group=group,
        time_zone="America/New_York",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
    )
    html = client.get(detail(meeting)).content.decode()
    local = meeting.starts_at.astimezone(zoneinfo.ZoneInfo(meeting.time_zone))
    assert expected in html
    assert f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}" in html
    assert "14:00–16:00 UTC" in html
    assert f'datetime="{start.isoformat()}"' in html
