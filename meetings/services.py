"""Workflows on meetings: scheduling, agenda, documents and attendance."""

import datetime
import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import F, Max
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from groups.models import WorkingGroup
from members.models import MemberState, new_calendar_token
from members.permissions import active_delegation

from . import notifications
from .models import (
    AgendaItem,
    Attendance,
    Document,
    Meeting,
    MeetingDateChange,
    Observer,
    Presentation,
    Room,
)

# Fields a caller may set when creating or editing a meeting.
MEETING_FIELDS = {
    "title",
    "format",
    "starts_at",
    "ends_at",
    "time_zone",
    "room",
    "video_link",
    "convening_unit",
    "notice_text",
    "is_public",
}
# Changing any of these changes what calendars show.
CALENDAR_FIELDS = {
    "title",
    "format",
    "starts_at",
    "ends_at",
    "time_zone",
    "room",
    "video_link",
    "notice_text",
}


def _check_times(starts_at, ends_at) -> None:
    if starts_at is None or ends_at is None:
        raise ValidationError({"starts_at": _("Give the start and end of the meeting.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


def _check_room_free(*, room: Room | None, starts_at, ends_at, exclude: Meeting | None = None) -> None:
    if room is None:
        return
    # Lock the room so two staff booking it at once cannot both succeed.
    Room.objects.select_for_update().filter(pk=room.pk).first()
    clashes = Meeting.objects.occupying(room, starts_at, ends_at)
    if exclude is not None:
        clashes = clashes.exclude(pk=exclude.pk)
    clash = clashes.select_related("group").first()
    if clash:
        raise ValidationError(
            {
                "room": _("%(room)s is already booked at that time for %(meeting)s of %(group)s.")
                % {"room": room, "meeting": clash.ordinal_name(), "group": clash.group}
            }
        )


def _next_number(group: WorkingGroup) -> int:
    return (group.meetings.aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def create_meeting(*, group: WorkingGroup, number: int | None = None, **fields) -> Meeting:
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    _check_times(fields.get("starts_at"), fields.get("ends_at"))
    _check_room_free(room=fields.get("room"), starts_at=fields["starts_at"], ends_at=fields["ends_at"])
    fields.setdefault("time_zone", group.time_zone)
    if not fields.get("time_zone"):
        fields["time_zone"] = group.time_zone
    fields.setdefault("convening_unit", group.convening_unit)
    if number is None:
        number = _next_number(group)
    elif group.meetings.filter(number=number).exists():
        raise ValidationError({"number": _("The group already has a meeting with this number.")})
    meeting = Meeting(group=group, number=number, **fields)
    meeting.full_clean(exclude=["group"])
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, **fields) -> Meeting:
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable():
        raise ValidationError(_("A meeting that has been held or cancelled cannot be edited."))
    moves = {"starts_at", "ends_at"} & {k for k, v in fields.items() if getattr(meeting, k) != v}
    if moves and meeting.status != Meeting.Status.DRAFT:
        raise ValidationError(
            {"starts_at": _("The date of an announced meeting changes only by postponing it.")}
        )
    starts_at = fields.get("starts_at", meeting.starts_at)
    ends_at = fields.get("ends_at", meeting.ends_at)
    _check_times(starts_at, ends_at)
    _check_room_free(
        room=fields.get("room", meeting.room), starts_at=starts_at, ends_at=ends_at, exclude=meeting
    )
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    for name in changed:
        setattr(meeting, name, fields[name])
    if meeting.is_announced() and CALENDAR_FIELDS & set(changed):
        meeting.ics_sequence += 1
    meeting.full_clean(exclude=["group"])
    meeting.save()
    return meeting


@transaction.atomic
def schedule_meeting(*, meeting: Meeting) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.can_be_scheduled():
        raise ValidationError(_("Only a draft meeting can be scheduled."))
    _check_room_free(room=meeting.room, starts_at=meeting.starts_at, ends_at=meeting.ends_at, exclude=meeting)
    meeting.status = Meeting.Status.SCHEDULED
    meeting.save(update_fields=["status", "updated_at"])
    notifications.announce(meeting=meeting, kind=notifications.NOTICE)
    return meeting


@transaction.atomic
def postpone_meeting(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reason: str,
    changed_by,
    now=None,
) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if starts_at < (now or timezone.now()):
        raise ValidationError({"starts_at": _("A meeting cannot be postponed to a time that has passed.")})
    if not meeting.can_be_postponed():
        raise ValidationError(_("Only a scheduled meeting can be postponed."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the postponement.")})
    _check_times(starts_at, ends_at)
    if starts_at == meeting.starts_at and ends_at == meeting.ends_at:
        raise ValidationError({"starts_at": _("Give a new date or time.")})
    _check_room_free(room=meeting.room, starts_at=starts_at, ends_at=ends_at, exclude=meeting)
    MeetingDateChange.objects.create(
        meeting=meeting,
        old_starts_at=meeting.starts_at,
        old_ends_at=meeting.ends_at,
        new_starts_at=starts_at,
        new_ends_at=ends_at,
        reason=reason.strip(),
        changed_by=changed_by,
    )
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.status = Meeting.Status.POSTPONED
    meeting.ics_sequence = F("ics_sequence") + 1
    meeting.save(update_fields=["starts_at", "ends_at", "status", "ics_sequence", "updated_at"])
    meeting.refresh_from_db()
    notifications.announce(meeting=meeting, kind=notifications.POSTPONED)
    return meeting


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, reason: str) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.can_be_cancelled():
        raise ValidationError(_("This meeting can no longer be cancelled."))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the cancellation.")})
    announced = meeting.is_announced()
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancellation_reason = reason.strip()
    meeting.ics_sequence = F("ics_sequence") + 1
    meeting.save(update_fields=["status", "cancellation_reason", "ics_sequence", "updated_at"])
    meeting.refresh_from_db()
    if announced:
        notifications.announce(meeting=meeting, kind=notifications.CANCELLED)
    return meeting


@transaction.atomic
def mark_held(*, meeting: Meeting, now=None) -> Meeting:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.can_be_marked_held(now):
        raise ValidationError(_("Only a scheduled meeting that has started can be marked as held."))
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def copy_meeting(
    *, meeting: Meeting, starts_at: datetime.datetime, ends_at: datetime.datetime, title: str = ""
) -> Meeting:
    """Prepare the next meeting: a draft with the same settings and agenda, without outcomes."""
    new = create_meeting(
        group=meeting.group,
        title=title,
        format=meeting.format,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=meeting.time_zone,
        room=meeting.room,
        video_link=meeting.video_link,
        convening_unit=meeting.convening_unit,
        notice_text=meeting.notice_text,
        is_public=meeting.is_public,
    )
    new.copied_from = meeting
    new.save(update_fields=["copied_from"])
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=new,
            position=item.position,
            title=item.title,
            description=item.description,
            minutes_allotted=item.minutes_allotted,
            presenter=item.presenter,
        )
        for item in meeting.agenda_items.all()
    )
    return new


# Agenda


def _check_agenda_editable(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.CANCELLED:
        raise ValidationError(_("The agenda of a cancelled meeting cannot be changed."))


@transaction.atomic
def add_agenda_item(*, meeting: Meeting, title: str, **fields) -> AgendaItem:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_agenda_editable(meeting)
    position = (meeting.agenda_items.aggregate(top=Max("position"))["top"] or 0) + 1
    item = AgendaItem(meeting=meeting, position=position, title=title, **fields)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, **fields) -> AgendaItem:
    _check_agenda_editable(item.meeting)
    for name, value in fields.items():
        setattr(item, name, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def delete_agenda_item(*, item: AgendaItem) -> None:
    _check_agenda_editable(item.meeting)
    meeting = item.meeting
    item.delete()
    _renumber(list(meeting.agenda_items.order_by("position", "pk")))


def _renumber(items: list[AgendaItem]) -> None:
    for index, item in enumerate(items, start=1):
        item.position = index
    AgendaItem.objects.bulk_update(items, ["position"])


@transaction.atomic
def reorder_agenda(*, meeting: Meeting, item_ids: list[int]) -> list[AgendaItem]:
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_agenda_editable(meeting)
    items = {item.pk: item for item in meeting.agenda_items.all()}
    if sorted(item_ids) != sorted(items):
        raise ValidationError(_("The agenda changed meanwhile; reload the page and try again."))
    ordered = [items[pk] for pk in item_ids]
    _renumber(ordered)
    return ordered


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, direction: str) -> list[AgendaItem]:
    """Move one item up or down by one place (the keyboard way to reorder)."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move an item up or down."))
    meeting = Meeting.objects.select_for_update().get(pk=item.meeting_id)
    _check_agenda_editable(meeting)
    items = list(meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, candidate in enumerate(items) if candidate.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    _renumber(items)
    return items


# Presentations and observers


@transaction.atomic
def add_presentation(*, meeting: Meeting, **fields) -> Presentation:
    position = (meeting.presentations.aggregate(top=Max("position"))["top"] or 0) + 1
    presentation = Presentation(meeting=meeting, position=position, **fields)
    presentation.full_clean()
    if presentation.agenda_item_id and presentation.agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    if presentation.slides_id and presentation.slides.meeting_id != meeting.pk:
        raise ValidationError({"slides": _("Choose a document of this meeting.")})
    presentation.save()
    return presentation


@transaction.atomic
def add_observer(*, meeting: Meeting, **fields) -> Observer:
    observer = Observer(meeting=meeting, **fields)
    observer.full_clean()
    if observer.member_state_id and meeting.group.supports(observer.member_state, on=meeting.local_date()):
        raise ValidationError(
            {"member_state": _("A supporting state takes part as a member: record its attendance instead.")}
        )
    observer.save()
    return observer


# Documents

ALLOWED_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "odt": "application/vnd.oasis.opendocument.text",
}
OOXML_MAIN_PART = {"word/document.xml": "docx", "xl/workbook.xml": "xlsx", "ppt/presentation.xml": "pptx"}


def detect_document_type(upload) -> str | None:
    """The file's real kind from its content (PDF magic, or the parts inside the zip), or None."""
    upload.seek(0)
    head = upload.read(262)
    upload.seek(0)
    kind = filetype.guess(head)
    if head.startswith(b"%PDF-") and (kind is None or kind.extension == "pdf"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(100).strip() == ALLOWED_TYPES["odt"].encode():
                        return "odt"
                return None
            if "[Content_Types].xml" not in names:
                return None
            for part, extension in OOXML_MAIN_PART.items():
                if part in names:
                    return extension
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    return None


def _next_document_number(group: WorkingGroup, year: int) -> int:
    top = Document.objects.filter(meeting__group=group, uploaded_at__year=year).aggregate(top=Max("number"))
    return (top["top"] or 0) + 1


def document_symbol(group: WorkingGroup, number: int, year: int) -> str:
    return group.document_symbol_pattern.format(
        acronym=group.symbol_acronym(), number=number, yy=f"{year % 100:02d}", yyyy=year
    )


@transaction.atomic
def attach_document(
    *,
    meeting: Meeting,
    upload,
    title: str,
    language: str,
    is_public: bool,
    uploaded_by,
    agenda_item: AgendaItem | None = None,
    now=None,
) -> Document:
    limit = settings.PLENARY_UPLOAD_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            }
        )
    if upload.size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    extension = detect_document_type(upload)
    if extension is None:
        raise ValidationError(
            {"file": _("This file is not a PDF, Word, Excel, PowerPoint or OpenDocument text file.")}
        )
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    now = now or timezone.now()
    group = WorkingGroup.objects.select_for_update().get(pk=meeting.group_id)
    number = _next_document_number(group, now.year)
    symbol = document_symbol(group, number, now.year)
    if Document.objects.filter(symbol=symbol).exists():
        raise ValidationError(
            {
                "file": _("The symbol %(symbol)s is already taken; check the group's symbol pattern.")
                % {"symbol": symbol}
            }
        )
    document = Document(
        meeting=meeting,
        agenda_item=agenda_item,
        symbol=symbol,
        number=number,
        title=title,
        language=language,
        is_public=is_public,
        original_name=(upload.name or "")[-255:],
        content_type=ALLOWED_TYPES[extension],
        size=upload.size,
        uploaded_by=uploaded_by,
        uploaded_at=now,
    )
    document.file.save(f"upload.{extension}", File(upload), save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def remove_document(*, document: Document) -> None:
    name = document.file.name
    storage = document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# Attendance


def _check_attendance_open(meeting: Meeting) -> None:
    if meeting.status in (Meeting.Status.DRAFT, Meeting.Status.CANCELLED):
        raise ValidationError(_("Attendance is recorded only for scheduled or held meetings."))


def _check_state_of_organisation(member_state: MemberState) -> None:
    if not member_state.is_active_member():
        raise ValidationError(
            {
                "member_state": _("%(state)s is not an active member state of the organisation.")
                % {"state": member_state}
            }
        )


@transaction.atomic
def record_attendance(
    *,
    meeting: Meeting,
    member_state: MemberState,
    status: str,
    recorded_by,
    note: str = "",
    delegation_members: str = "",
) -> Attendance:
    """Staff record (or correct) one state's attendance; saved at once and counted as confirmed."""
    _check_attendance_open(meeting)
    _check_state_of_organisation(member_state)
    if status not in Attendance.Status.values:
        raise ValidationError({"status": _("Choose present in person, present online, absent or excused.")})
    attendance, _created = Attendance.objects.select_for_update().get_or_create(
        meeting=meeting,
        member_state=member_state,
        defaults={"status": status},
    )
    attendance.status = status
    attendance.note = note
    attendance.delegation_members = delegation_members
    attendance.confirmed_by = recorded_by
    attendance.confirmed_at = timezone.now()
    attendance.save()
    return attendance


@transaction.atomic
def delegate_check_in(
    *, meeting: Meeting, user, status: str, delegation_members: str = "", now=None
) -> Attendance:
    delegation = active_delegation(user)
    if delegation is None:
        raise ValidationError(_("Only an accredited delegate can check in a delegation."))
    if not meeting.check_in_is_open(now):
        raise ValidationError(_("Check-in is open only during the meeting."))
    if status not in Attendance.PRESENT:
        raise ValidationError({"status": _("Choose present in person or present online.")})
    member_state = delegation.member_state
    _check_state_of_organisation(member_state)
    attendance = (
        Attendance.objects.select_for_update().filter(meeting=meeting, member_state=member_state).first()
    )
    if attendance and attendance.confirmed_by_id and not attendance.checked_in_by_delegate:
        raise ValidationError(_("The secretariat has already recorded your delegation's attendance."))
    if attendance is None:
        attendance = Attendance(meeting=meeting, member_state=member_state)
    attendance.status = status
    attendance.delegation_members = delegation_members
    attendance.checked_in_by_delegate = True
    attendance.checked_in_by = user
    attendance.confirmed_by = None
    attendance.confirmed_at = None
    attendance.save()
    return attendance


@transaction.atomic
def confirm_check_in(*, attendance: Attendance, confirmed_by) -> Attendance:
    attendance = Attendance.objects.select_for_update().get(pk=attendance.pk)
    if attendance.confirmed_by_id is None:
        attendance.confirmed_by = confirmed_by
        attendance.confirmed_at = timezone.now()
        attendance.save(update_fields=["confirmed_by", "confirmed_at", "updated_at"])
    return attendance


@transaction.atomic
def regenerate_calendar_token(*, user) -> str:
    """Replace the secret in the user's private calendar address; the old address stops working."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def update_meeting_settings(*, group: WorkingGroup, **fields) -> WorkingGroup:
    """The group's quorum rule, document symbol pattern and reminder offsets."""
    allowed = {
        "quorum_rule",
        "quorum_number",
        "quorum_fraction",
        "document_symbol_pattern",
        "reminder_offsets",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown settings: {sorted(unknown)}")
    group = WorkingGroup.objects.select_for_update().get(pk=group.pk)
    for name, value in fields.items():
        setattr(group, name, value)
    group.full_clean()
    group.save(update_fields=list(fields))
    return group
