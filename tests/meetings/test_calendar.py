import datetime

import icalendar

from meetings import services
from meetings.calendar import feed_ics, meeting_ics
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
