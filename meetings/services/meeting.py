"""Workflows on a meeting itself: create, edit, schedule, postpone, cancel, hold, copy."""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from groups.models import WorkingGroup
from meetings import announce, notifications, tasks
from meetings.models import (
    AgendaItem,
    Meeting,
    MeetingDateChange,
    Room,
)
from members.enqueue import enqueue_after_commit
from members.models import new_calendar_token
from members.translated import language_codes, language_columns, language_of, language_values
from members.translation_status import snapshot, stamp_edit

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
    "registration_closes_at",
    "original_language",
    *language_columns("title"),
    *language_columns("notice_text"),
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
    *language_columns("title"),
    *language_columns("notice_text"),
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
def create_meeting(*, group: WorkingGroup, number: int | None = None, by=None, **fields) -> Meeting:
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
    stamp_edit(obj=meeting, before={}, by=by)
    return meeting


@transaction.atomic
def update_meeting(*, meeting: Meeting, by=None, **fields) -> Meeting:
    unknown = set(fields) - MEETING_FIELDS
    if unknown:
        raise TypeError(f"Unknown meeting fields: {sorted(unknown)}")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.is_editable():
        raise ValidationError(_("A meeting that has been held or cancelled cannot be edited."))
    before = snapshot(meeting)
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
    if "is_public" in changed:
        announce.public_papers(meeting)
    stamp_edit(obj=meeting, before=before, by=by)
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
    enqueue_after_commit(tasks.deliver_meeting_mail)
    announce.public_papers(meeting)
    return meeting


def _check_nothing_recorded_at(meeting: Meeting) -> None:
    """A meeting in progress may already have approved minutes: the record must keep naming a meeting held."""
    if meeting.approved_minutes.exists():
        raise ValidationError(
            _("Minutes were approved at this meeting, so it is taking place: record it as held instead.")
        )


@transaction.atomic
def postpone_meeting(
    *,
    meeting: Meeting,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    reason: str = "",
    changed_by,
    now=None,
    reasons: Mapping[str, str] | None = None,
    original_language: str | None = None,
) -> Meeting:
    """Move the meeting; `reasons` gives the reason per language, written in `original_language`.

    A bare `reason` is in the secretariat member's interface language. Translations given with
    it are stamped against it, as every staff form's are (members.translation_status).
    """
    original_language = language_of(original_language or get_language())
    reasons = _reasons(reasons if reasons is not None else {original_language: reason})
    reason = reasons.get(original_language, "")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if starts_at < (now or timezone.now()):
        raise ValidationError({"starts_at": _("A meeting cannot be postponed to a time that has passed.")})
    if not meeting.can_be_postponed():
        raise ValidationError(_("Only a scheduled meeting can be postponed."))
    _check_nothing_recorded_at(meeting)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the postponement.")})
    _check_times(starts_at, ends_at)
    if starts_at == meeting.starts_at and ends_at == meeting.ends_at:
        raise ValidationError({"starts_at": _("Give a new date or time.")})
    _check_room_free(room=meeting.room, starts_at=starts_at, ends_at=ends_at, exclude=meeting)
    change = MeetingDateChange.objects.create(
        meeting=meeting,
        old_starts_at=meeting.starts_at,
        old_ends_at=meeting.ends_at,
        new_starts_at=starts_at,
        new_ends_at=ends_at,
        **{f"reason_{code}": text for code, text in reasons.items()},
        original_language=original_language,
        changed_by=changed_by,
    )
    stamp_edit(obj=change, before={}, by=changed_by)
    # A deadline of its own moves with the meeting, keeping the delegations' notice period.
    if meeting.registration_closes_at:
        meeting.registration_closes_at += starts_at - meeting.starts_at
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.status = Meeting.Status.POSTPONED
    meeting.ics_sequence = F("ics_sequence") + 1
    meeting.save(
        update_fields=[
            "starts_at",
            "ends_at",
            "registration_closes_at",
            "status",
            "ics_sequence",
            "updated_at",
        ]
    )
    meeting.refresh_from_db()
    notifications.announce(meeting=meeting, kind=notifications.POSTPONED)
    enqueue_after_commit(tasks.deliver_meeting_mail)
    return meeting


@transaction.atomic
def cancel_meeting(
    *, meeting: Meeting, reason: str = "", reasons: Mapping[str, str] | None = None, by=None
) -> Meeting:
    """Cancel the meeting; the reason is in the meeting's original language (a bare `reason` too),
    `reasons` may add its translations, stamped as every staff form's are."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if not meeting.can_be_cancelled():
        raise ValidationError(_("This meeting can no longer be cancelled."))
    _check_nothing_recorded_at(meeting)
    reasons = _reasons(reasons if reasons is not None else {meeting.original_language: reason})
    if not reasons.get(meeting.original_language):
        raise ValidationError({"reason": _("Give the reason for the cancellation.")})
    before = snapshot(meeting)
    announced = meeting.is_announced()
    meeting.status = Meeting.Status.CANCELLED
    columns = []
    for code, text in reasons.items():
        setattr(meeting, f"cancellation_reason_{code}", text)
        columns.append(f"cancellation_reason_{code}")
    meeting.ics_sequence = F("ics_sequence") + 1
    meeting.save(update_fields=["status", *columns, "ics_sequence", "updated_at"])
    meeting.refresh_from_db()
    stamp_edit(obj=meeting, before=before, by=by)
    if announced:
        notifications.announce(meeting=meeting, kind=notifications.CANCELLED)
        enqueue_after_commit(tasks.deliver_meeting_mail)
    return meeting


def _reasons(given: Mapping[str, str]) -> dict[str, str]:
    """The reason per site language, stripped; "" where none is given."""
    return {code: (given.get(code) or "").strip() for code in language_codes()}


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
        original_language=meeting.original_language,
        **language_values(meeting, "notice_text"),
        format=meeting.format,
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=meeting.time_zone,
        room=meeting.room,
        video_link=meeting.video_link,
        convening_unit=meeting.convening_unit,
        is_public=meeting.is_public,
    )
    new.copied_from = meeting
    new.save(update_fields=["copied_from"])
    # Every language of the agenda is copied; outcomes belong to the meeting that reached them.
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=new,
            position=item.position,
            original_language=item.original_language,
            minutes_allotted=item.minutes_allotted,
            **language_values(item, "title", "description", "presenter"),
            **dict.fromkeys(language_columns("outcome"), ""),
        )
        for item in meeting.agenda_items.all()
    )
    return new


@transaction.atomic
def regenerate_calendar_token(*, user) -> str:
    """Replace the secret in the user's private calendar address; the old address stops working."""
    user.calendar_token = new_calendar_token()
    user.save(update_fields=["calendar_token"])
    return user.calendar_token


@transaction.atomic
def update_meeting_settings(*, group: WorkingGroup, **fields) -> WorkingGroup:
    """The group's quorum rule, document symbol pattern, reminder offsets and press sign-off rule."""
    allowed = {
        "quorum_rule",
        "quorum_number",
        "quorum_fraction",
        "document_symbol_pattern",
        "reminder_offsets",
        "press_single_person",
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
