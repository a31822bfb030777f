import datetime

from django.utils import timezone

from meetings.models import Attendance, Meeting, Observer, Presentation
from tests.matrix import LOGIN, PUBLIC, REDIRECT, STAFF, Case, staff_action
from tests.meetings.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    DocumentFactory,
    MeetingFactory,
    RoomFactory,
)


def extend_world(world):
    group = world["group"]
    now = timezone.now()
    room = RoomFactory()
    # Under way now, so delegates may check in and staff may record it as held.
    meeting = MeetingFactory(
        group=group,
        number=1,
        room=room,
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
    )
    world["meeting"] = meeting
    world["draft_meeting"] = MeetingFactory(group=group, number=2, status=Meeting.Status.DRAFT)
    world["items"] = [AgendaItemFactory(meeting=meeting, position=i) for i in (1, 2)]
    world["document"] = DocumentFactory(meeting=meeting, is_public=True)
    world["presentation"] = Presentation.objects.create(
        meeting=meeting, presenter_kind="guest", person_name="Guest Speaker", title="Talk"
    )
    world["check_in"] = AttendanceFactory(
        meeting=meeting,
        member_state=world["br"],
        checked_in_by_delegate=True,
        status=Attendance.Status.PRESENT_ONLINE,
    )
    world["observer"] = Observer.objects.create(meeting=meeting, kind="guest", name="Invited expert")


def pk(key):
    return lambda w: {"pk": w[key].pk}


def meeting_url(name, key="meeting"):
    from django.urls import reverse

    return lambda w: reverse(name, kwargs={"pk": w[key].pk})


def url(name, **kwargs_from_world):
    from django.urls import reverse

    return lambda w: reverse(name, kwargs={k: f(w) for k, f in kwargs_from_world.items()})


ALL_REDIRECT = {
    "anonymous": LOGIN,
    "no_role": REDIRECT,
    "delegate_us": REDIRECT,
    "delegate_non_member": REDIRECT,
    "secretariat_no_mfa": REDIRECT,
    "secretariat": REDIRECT,
}
DELEGATES_AND_STAFF = {
    "anonymous": 403,
    "no_role": 403,
    "delegate_us": 200,
    "delegate_non_member": 200,
    "secretariat_no_mfa": 200,
    "secretariat": 200,
}
DELEGATE_ACTION = {
    "anonymous": 403,
    "no_role": 403,
    "delegate_us": REDIRECT,
    "delegate_non_member": REDIRECT,
    "secretariat_no_mfa": 403,
    "secretariat": 403,
}

CASES = {
    "meetings:list": Case(url=url("meetings:list"), expect=PUBLIC),
    "meetings:detail": Case(url=meeting_url("meetings:detail"), expect=PUBLIC),
    "meetings:ics": Case(url=meeting_url("meetings:ics"), expect=PUBLIC),
    "meetings:group_feed": Case(
        url=url("meetings:group_feed", slug=lambda w: w["group"].slug), expect=PUBLIC
    ),
    "meetings:personal_feed": Case(
        url=url("meetings:personal_feed", token=lambda w: w["users"]["delegate_us"].calendar_token),
        expect=PUBLIC,
    ),
    "meetings:regenerate_calendar_token": Case(
        url=url("meetings:regenerate_calendar_token"), method="post", expect=ALL_REDIRECT
    ),
    "meetings:document_download": Case(
        url=url("meetings:document_download", pk=lambda w: w["document"].pk), expect=PUBLIC
    ),
    "meetings:attendance_csv": Case(url=meeting_url("meetings:attendance_csv"), expect=DELEGATES_AND_STAFF),
    "meetings:attendance_pdf": Case(url=meeting_url("meetings:attendance_pdf"), expect=DELEGATES_AND_STAFF),
    "meetings:check_in": Case(
        url=meeting_url("meetings:check_in"),
        method="post",
        data=lambda w: {"status": "present_in_person", "delegation_members": "A. Person"},
        expect=DELEGATE_ACTION,
    ),
    "meetings:create": Case(url=url("meetings:create", slug=lambda w: w["group"].slug), expect=STAFF),
    "meetings:settings": Case(url=url("meetings:settings", slug=lambda w: w["group"].slug), expect=STAFF),
    "meetings:edit": Case(url=meeting_url("meetings:edit"), expect=STAFF),
    "meetings:schedule": Case(
        url=meeting_url("meetings:schedule", "draft_meeting"), method="post", expect=staff_action()
    ),
    "meetings:postpone": Case(url=meeting_url("meetings:postpone"), expect=STAFF),
    "meetings:cancel": Case(url=meeting_url("meetings:cancel"), expect=STAFF),
    "meetings:copy": Case(url=meeting_url("meetings:copy"), expect=STAFF),
    "meetings:mark_held": Case(url=meeting_url("meetings:mark_held"), method="post", expect=staff_action()),
    "meetings:agenda": Case(url=meeting_url("meetings:agenda"), expect=STAFF),
    "meetings:agenda_add": Case(
        url=meeting_url("meetings:agenda_add"),
        method="post",
        data=lambda w: {"title": "Any other business"},
        expect=staff_action(),
    ),
    "meetings:agenda_reorder": Case(
        url=meeting_url("meetings:agenda_reorder"),
        method="post",
        data=lambda w: {"item": [w["items"][1].pk, w["items"][0].pk]},
        expect=staff_action(),
    ),
    "meetings:agenda_item_edit": Case(
        url=url("meetings:agenda_item_edit", pk=lambda w: w["items"][0].pk), expect=STAFF
    ),
    "meetings:agenda_item_delete": Case(
        url=url("meetings:agenda_item_delete", pk=lambda w: w["items"][0].pk),
        method="post",
        expect=staff_action(),
    ),
    "meetings:agenda_item_move": Case(
        url=url("meetings:agenda_item_move", pk=lambda w: w["items"][0].pk),
        method="post",
        data=lambda w: {"direction": "down"},
        expect=staff_action(),
    ),
    "meetings:presentations": Case(url=meeting_url("meetings:presentations"), expect=STAFF),
    "meetings:presentation_delete": Case(
        url=url("meetings:presentation_delete", pk=lambda w: w["presentation"].pk),
        method="post",
        expect=staff_action(),
    ),
    "meetings:documents": Case(url=meeting_url("meetings:documents"), expect=STAFF),
    "meetings:document_delete": Case(
        url=url("meetings:document_delete", pk=lambda w: w["document"].pk),
        method="post",
        expect=staff_action(),
    ),
    "meetings:attendance": Case(url=meeting_url("meetings:attendance"), expect=STAFF),
    "meetings:attendance_record": Case(
        url=url("meetings:attendance_record", pk=lambda w: w["meeting"].pk, state_pk=lambda w: w["us"].pk),
        method="post",
        data=lambda w: {"status": "present_in_person"},
        expect=staff_action(),
    ),
    "meetings:attendance_confirm": Case(
        url=url("meetings:attendance_confirm", pk=lambda w: w["check_in"].pk),
        method="post",
        expect=staff_action(),
    ),
    "meetings:observer_add": Case(
        url=meeting_url("meetings:observer_add"),
        method="post",
        data=lambda w: {"kind": "guest", "name": "Visiting scholar"},
        expect=staff_action(),
    ),
    "meetings:observer_delete": Case(
        url=url("meetings:observer_delete", pk=lambda w: w["observer"].pk),
        method="post",
        expect=staff_action(),
    ),
}
