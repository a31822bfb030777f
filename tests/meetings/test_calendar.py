import datetime

import icalendar
import pytest
from django.urls import reverse

from groups.models import WorkingGroup
from meetings import services
from meetings.calendar import feed_ics, meeting_ics
from meetings.models import Meeting, Room
from tests.factories import UserFactory
from tests.meetings.factories import MeetingFactory


def event_of(content: bytes) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(content)
    (event,) = calendar.walk("VEVENT")
    return event


def test_meeting_ics_parses_with_time_zone_uid_and_location(meeting, delegate_us):
    content = meeting_ics(meeting, user=delegate_us)
    calendar = icalendar.Calendar.from_ical(content)
    (zone,) = calendar.walk("VTIMEZONE")
    assert zone["TZID"] == "America/New_York"
    event = event_of(content)
    assert str(event["UID"]) == f"{meeting.uid}@plenary"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert event.decoded("DTSTART") == meeting.local_starts_at
    assert "Simón Bolívar room" in str(event["LOCATION"])
    assert event["STATUS"] == "CONFIRMED"
    assert int(event["SEQUENCE"]) == 0


def test_sequence_rises_with_each_change_and_uid_stays(meeting, secretariat):
    before = event_of(meeting_ics(meeting, user=secretariat))
    moved = services.postpone_meeting(
        meeting=meeting,
        starts_at=meeting.starts_at + datetime.timedelta(days=2),
        ends_at=meeting.ends_at + datetime.timedelta(days=2),
        reason="Room works",
        changed_by=secretariat,
    )
    after = event_of(meeting_ics(moved, user=secretariat))
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after["UID"] == before["UID"]
    cancelled = services.cancel_meeting(meeting=moved, reason="No longer needed")
    last = event_of(meeting_ics(cancelled, user=secretariat))
    assert last["STATUS"] == "CANCELLED"
    assert int(last["SEQUENCE"]) > int(after["SEQUENCE"])


def test_video_link_only_for_delegates_and_staff(meeting, delegate_us, secretariat):
    assert meeting.video_link in str(event_of(meeting_ics(meeting, user=delegate_us))["DESCRIPTION"])
    assert meeting.video_link in str(event_of(meeting_ics(meeting, user=secretariat))["DESCRIPTION"])
    assert meeting.video_link not in meeting_ics(meeting, user=UserFactory()).decode()


def test_feed_holds_every_meeting_and_each_zone_once(group, meeting, held_meeting, delegate_us):
    MeetingFactory(group=group, time_zone="America/Lima")
    calendar = icalendar.Calendar.from_ical(feed_ics([meeting, held_meeting], user=delegate_us, name="Group"))
    assert len(calendar.walk("VEVENT")) == 2
    assert [z["TZID"] for z in calendar.walk("VTIMEZONE")] == ["America/New_York"]


# ---------------------------------------------------------------- hostile names

HOSTILE_NAMES = [
    "Group\nwith a break",
    "Group\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:forged@evil\r\nSUMMARY:Injected\r\nEND:VEVENT",
    "Group \u202eevil\u202c; with, separators\\",
]


def hostile_calendars(client, group, meeting, user):
    """Every calendar output: one meeting, the group's feed, a person's private feed."""
    return {
        "meeting": client.get(reverse("meetings:ics", kwargs={"pk": meeting.pk})).content,
        "group feed": client.get(reverse("meetings:group_feed", kwargs={"slug": group.slug})).content,
        "personal feed": client.get(
            reverse("meetings:personal_feed", kwargs={"token": user.calendar_token})
        ).content,
        "notice attachment": meeting_ics(
            Meeting.objects.select_related("group", "room").get(pk=meeting.pk), user=user
        ),
    }


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_hostile_names_cannot_break_or_forge_calendar_entries(client, group, meeting, delegate_us, hostile):
    # Stored before names were checked (or by a path that skips forms): escaping still holds.
    WorkingGroup.objects.filter(pk=group.pk).update(provisional_name=hostile, provisional_name_en=hostile)
    Meeting.objects.filter(pk=meeting.pk).update(title=hostile, notice_text=hostile)
    Room.objects.filter(pk=meeting.room_id).update(name=hostile, building=hostile)
    for output, content in hostile_calendars(client, group, meeting, delegate_us).items():
        calendar = icalendar.Calendar.from_ical(content)
        events = calendar.walk("VEVENT")
        assert [str(event["UID"]) for event in events] == [f"{meeting.uid}@plenary"], output
        (event,) = events
        assert hostile.replace("\r\n", "\n") in str(event["SUMMARY"]), output
        assert hostile.replace("\r\n", "\n").split("\n")[0] in str(event["LOCATION"]), output
        assert b"\r\nBEGIN:VEVENT\r\nUID:forged" not in content, output


def test_group_feed_name_is_escaped(client, group, meeting):
    hostile = HOSTILE_NAMES[1]
    WorkingGroup.objects.filter(pk=group.pk).update(provisional_name=hostile, provisional_name_en=hostile)
    content = client.get(reverse("meetings:group_feed", kwargs={"slug": group.slug})).content
    assert content.count(b"\r\nBEGIN:VEVENT\r\n") == 1
    assert b"X-WR-CALNAME:Group\\nEND:VEVENT\\nBEGIN:VEVENT" in content
