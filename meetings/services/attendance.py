"""Workflows on who took part: attendance recorded by staff, check-in by delegations, observers."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import (
    Attendance,
    Meeting,
    Observer,
)
from members.models import MemberState
from members.permissions import active_delegation
from members.translation_status import stamp_edit


@transaction.atomic
def add_observer(*, meeting: Meeting, by=None, **fields) -> Observer:
    observer = Observer(meeting=meeting, **fields)
    observer.full_clean()
    if observer.member_state_id and meeting.group.supports(observer.member_state, on=meeting.local_date()):
        raise ValidationError(
            {"member_state": _("A supporting state takes part as a member: record its attendance instead.")}
        )
    observer.save()
    stamp_edit(obj=observer, before={}, by=by)
    return observer


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
