import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

from meetings.models import Attendance, Meeting, Observer, Presentation, Registration
from tests.factories import SecretariatUnitFactory
from tests.matrix import LOGIN, PUBLIC, REDIRECT, SECRET, STAFF, Case, staff_action
from tests.meetings.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    AttendanceFactory,
    DocumentFactory,
    DocumentFileFactory,
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
    world["draft_meeting"] = MeetingFactory(
        group=group, number=2, status=Meeting.Status.DRAFT, title=f"Draft {SECRET}"
    )
    AgendaItemFactory(meeting=world["draft_meeting"], position=1, title=f"Item {SECRET}")
    world["draft_paper"] = DocumentFactory(meeting=world["draft_meeting"], title=f"Paper {SECRET}")
    world["items"] = [AgendaItemFactory(meeting=meeting, position=i) for i in (1, 2)]
    world["document"] = DocumentFactory(meeting=meeting, is_public=True)
    world["restricted_paper"] = DocumentFactory(
        meeting=meeting,
        is_public=False,
        title=f"Restricted {SECRET}",
        original_file__file=ContentFile(PDF_BYTES + SECRET.encode(), name="restricted.pdf"),
    )
    DocumentFileFactory(
        document=world["restricted_paper"],
        language="es",
        file=ContentFile(PDF_BYTES + SECRET.encode(), name="restringido.pdf"),
    )
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
    world["registration"] = Registration.objects.create(
        meeting=meeting, member_state=world["us"], user=world["users"]["delegate_us"], mode="online"
    )
    extend_world_minutes(world)


def extend_world_minutes(world):
    """Held meetings: one with circulated minutes, one with approved minutes, one with none yet."""
    from meetings.minutes import services as minutes_services

    group, start = world["group"], timezone.now() - datetime.timedelta(days=60)

    def held(number, days):
        at = start + datetime.timedelta(days=days)
        return MeetingFactory(
            group=group, number=number, starts_at=at, ends_at=at + datetime.timedelta(hours=2), status="held"
        )

    circulated, approved, later, world["unminuted_meeting"] = (
        held(30, 0),
        held(31, 1),
        held(32, 20),
        held(33, 2),
    )
    AttendanceFactory(
        meeting=circulated, member_state=world["us"], status=Attendance.Status.PRESENT_IN_PERSON
    )
    secretariat = world["users"]["secretariat"]
    until = timezone.localdate() + datetime.timedelta(days=7)
    for meeting in (circulated, approved):
        minutes = minutes_services.start_minutes(meeting=meeting)
        minutes_services.circulate_minutes(minutes=minutes, corrections_until=until, by=secretariat)
    minutes_services.approve_minutes(minutes=approved.minutes, at_meeting=later)
    world["minutes_meeting"], world["approved_meeting"] = circulated, approved
    world["draft_minutes_meeting"] = held(34, 3)
    draft = minutes_services.start_minutes(meeting=world["draft_minutes_meeting"])
    minutes_services.update_minutes(minutes=draft, opening=f"Opening {SECRET}")
    # The register: a decision of draft minutes with a staff-only follow-up action, both secret.
    # (Circulated minutes keep their decision numbers free for other tests' records.)
    world["decision"] = minutes_services.record_decision(
        meeting=world["draft_minutes_meeting"],
        agenda_item=AgendaItemFactory(meeting=world["draft_minutes_meeting"], position=1),
        kind="procedural",
        texts={"en": f"Draft decision {SECRET}"},
        by=secretariat,
        actions=[{"what": f"Chase {SECRET}", "secretariat_unit": SecretariatUnitFactory()}],
    )
    world["action"] = world["decision"].actions.get()


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
    "secretariat_no_mfa": 403,  # without MFA, staff read as a plain signed-in user
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

# Delegations of the group's supporting states register; the world's US delegate is one.
SUPPORTING_DELEGATES = {
    "anonymous": LOGIN,
    "no_role": 403,
    "delegate_us": 200,
    "delegate_non_member": 403,
    "secretariat_no_mfa": 403,
    "secretariat": 403,
}

CIRCULATED = {**DELEGATES_AND_STAFF, "anonymous": 404, "no_role": 404, "secretariat_no_mfa": 404}

CASES = {
    "meetings:list": Case(url=url("meetings:list"), expect=PUBLIC),
    "meetings:detail": Case(url=meeting_url("meetings:detail"), expect=PUBLIC),
    "meetings:ics": Case(url=meeting_url("meetings:ics"), expect=PUBLIC),
    "meetings:group_feed": Case(
        url=url("meetings:group_feed", slug=lambda w: w["group"].slug), expect=PUBLIC
    ),
    "meetings:group_decisions": Case(
        url=url("meetings:group_decisions", slug=lambda w: w["group"].slug), expect=PUBLIC
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
    "meetings:document_file": Case(
        url=url("meetings:document_file", pk=lambda w: w["document"].pk, language=lambda w: "en"),
        expect=PUBLIC,
    ),
    "meetings:attendance_csv": Case(url=meeting_url("meetings:attendance_csv"), expect=DELEGATES_AND_STAFF),
    "meetings:check_in": Case(
        url=meeting_url("meetings:check_in"),
        method="post",
        data=lambda w: {"status": "present_in_person", "delegation_members": "A. Person"},
        expect=DELEGATE_ACTION,
    ),
    "meetings:registration": Case(url=meeting_url("meetings:registration"), expect=SUPPORTING_DELEGATES),
    "meetings:registrations": Case(url=meeting_url("meetings:registrations"), expect=STAFF),
    "meetings:registrations_csv": Case(url=meeting_url("meetings:registrations_csv"), expect=STAFF),
    "meetings:participants_pdf": Case(url=meeting_url("meetings:participants_pdf"), expect=STAFF),
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
        data=lambda w: {"title_en": "Any other business"},
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
    # Without a file the form comes back with its errors.
    "meetings:document_file_upload": Case(
        url=url("meetings:document_file_upload", pk=lambda w: w["document"].pk),
        method="post",
        expect=staff_action(200),
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
        data=lambda w: {"kind": "guest", "name_en": "Visiting scholar"},
        expect=staff_action(),
    ),
    "meetings:observer_delete": Case(
        url=url("meetings:observer_delete", pk=lambda w: w["observer"].pk),
        method="post",
        expect=staff_action(),
    ),
    # Minutes (circulated: delegations and staff read them; the public waits for publication)
    "meetings:minutes": Case(url=meeting_url("meetings:minutes", "minutes_meeting"), expect=CIRCULATED),
    "meetings:minutes_pdf": Case(
        url=meeting_url("meetings:minutes_pdf", "minutes_meeting"), expect=CIRCULATED
    ),
    "meetings:attendance_pdf": Case(
        url=meeting_url("meetings:attendance_pdf", "minutes_meeting"), expect=DELEGATES_AND_STAFF
    ),
    "meetings:minutes_correction": Case(
        url=meeting_url("meetings:minutes_correction", "minutes_meeting"),
        method="post",
        data=lambda w: {"text": "Our delegation spoke on item 2."},
        expect={**DELEGATE_ACTION, "anonymous": 404, "no_role": 404, "secretariat_no_mfa": 404},
    ),
    "meetings:minutes_start": Case(
        url=meeting_url("meetings:minutes_start", "unminuted_meeting"), method="post", expect=staff_action()
    ),
    "meetings:minutes_edit": Case(url=meeting_url("meetings:minutes_edit", "minutes_meeting"), expect=STAFF),
    "meetings:minutes_translate": Case(
        url=url("meetings:minutes_translate", pk=lambda w: w["minutes_meeting"].pk, language=lambda w: "es"),
        expect=STAFF,
    ),
    "meetings:minutes_circulate": Case(
        url=meeting_url("meetings:minutes_circulate", "minutes_meeting"), expect=STAFF
    ),
    "meetings:minutes_approve": Case(
        url=meeting_url("meetings:minutes_approve", "minutes_meeting"), expect=STAFF
    ),
    "meetings:minutes_publish": Case(
        url=meeting_url("meetings:minutes_publish", "approved_meeting"), method="post", expect=staff_action()
    ),
    "meetings:minutes_correct": Case(
        url=meeting_url("meetings:minutes_correct", "approved_meeting"), expect=STAFF
    ),
    # Decisions and follow-up actions (staff only; the draft minutes' decision stays secret)
    "meetings:decision_record": Case(
        url=meeting_url("meetings:decision_record", "draft_minutes_meeting"), expect=STAFF
    ),
    "meetings:decision_actions": Case(
        url=url("meetings:decision_actions", pk=lambda w: w["decision"].pk), expect=STAFF
    ),
    "meetings:action_edit": Case(url=url("meetings:action_edit", pk=lambda w: w["action"].pk), expect=STAFF),
    "meetings:action_status": Case(
        url=url("meetings:action_status", pk=lambda w: w["action"].pk),
        method="post",
        data=lambda w: {"status": "done"},
        expect=staff_action(),
    ),
}

SECRET_PROBES = {
    "draft meeting": meeting_url("meetings:detail", "draft_meeting"),
    "draft meeting ics": meeting_url("meetings:ics", "draft_meeting"),
    "draft meeting paper": url("meetings:document_download", pk=lambda w: w["draft_paper"].pk),
    "restricted paper": url("meetings:document_download", pk=lambda w: w["restricted_paper"].pk),
    "restricted paper in Spanish": url(
        "meetings:document_file", pk=lambda w: w["restricted_paper"].pk, language=lambda w: "es"
    ),
    "draft minutes": meeting_url("meetings:minutes", "draft_minutes_meeting"),
    "draft minutes pdf": meeting_url("meetings:minutes_pdf", "draft_minutes_meeting"),
    "meeting with draft minutes": meeting_url("meetings:detail", "draft_minutes_meeting"),
}
