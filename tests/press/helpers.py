"""Helpers that put press releases in a given state, through the services where it matters."""

import datetime

from django.utils import timezone

from press import services
from press.models import PressRelease

BODY = "The group met for the first time.\n\n## Agreed\n\n- a work plan\n- a second meeting"


def draft_release(group, *, language="en", created_by=None, **fields) -> PressRelease:
    values = {
        "title": "Voluntary Group holds its first meeting",
        "place": "Washington, D.C.",
        "summary": "Fifteen countries attended.",
        "body": BODY,
        **fields,
    }
    return services.create_press_release(group=group, language=language, created_by=created_by, **values)


def published_release(group, *, when=None, language="en", source=None, **fields) -> PressRelease:
    if source is not None:
        release = services.add_press_translation(source=source, language=language, created_by=None)
        if fields:
            release = services.update_press_release(release=release, **fields)
    else:
        release = draft_release(group, language=language, **fields)
    services.submit_press_release_for_review(release=release)
    services.publish_press_release(
        release=release, now=when or timezone.now() - datetime.timedelta(minutes=1)
    )
    release.refresh_from_db()
    return release


def held_meeting_with_record(group, states, *, units=()):
    """A held meeting: `states` attended (the first one online), `units` presented."""
    from meetings.models import Attendance, Meeting, Presentation
    from tests.meetings.factories import AttendanceFactory, MeetingFactory, RoomFactory

    start = datetime.datetime(2023, 11, 21, 15, 0, tzinfo=datetime.UTC)
    meeting = MeetingFactory(
        group=group,
        number=1,
        room=RoomFactory(),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        status=Meeting.Status.HELD,
    )
    for n, state in enumerate(states):
        status = Attendance.Status.PRESENT_ONLINE if n == 0 else Attendance.Status.PRESENT_IN_PERSON
        AttendanceFactory(meeting=meeting, member_state=state, status=status)
    for position, unit in enumerate(units):
        Presentation.objects.create(
            meeting=meeting,
            position=position,
            presenter_kind=Presentation.PresenterKind.SECRETARIAT,
            unit=unit,
            title="Work in support of the mandate",
        )
    return meeting
