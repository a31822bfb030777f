"""Object rules for meetings. Views fetch through visible_to (404) and then ask these (403)."""

from members.permissions import (
    active_delegation,
    can_open_staff_pages,
    is_delegate,
    is_secretariat,
    leads_mission,
)

from .models import Attendance, Meeting


def can_manage_meetings(user) -> bool:
    return can_open_staff_pages(user)


def can_edit_meeting(user, meeting: Meeting) -> bool:
    return can_open_staff_pages(user) and meeting.is_editable()


def can_edit_agenda(user, meeting: Meeting) -> bool:
    return can_open_staff_pages(user) and meeting.status != Meeting.Status.CANCELLED


def can_record_attendance(user, meeting: Meeting) -> bool:
    return can_open_staff_pages(user) and meeting.status not in (
        Meeting.Status.DRAFT,
        Meeting.Status.CANCELLED,
    )


def can_confirm_check_in(user, attendance: Attendance) -> bool:
    return can_record_attendance(user, attendance.meeting)


def can_check_in(user, meeting: Meeting, now=None) -> bool:
    delegation = active_delegation(user)
    return bool(delegation and delegation.member_state.is_active_member() and meeting.check_in_is_open(now))


def can_see_video_link(user, meeting: Meeting) -> bool:
    return is_secretariat(user) or is_delegate(user)


def can_see_restricted_documents(user) -> bool:
    return is_secretariat(user) or is_delegate(user)


def can_see_attendance_list(user, meeting: Meeting) -> bool:
    """The list names the persons present: delegations and staff only."""
    return is_secretariat(user) or is_delegate(user)


# Registration


def can_register_for(user, meeting: Meeting) -> bool:
    """An accredited delegate of a state that supports the meeting's group (on the meeting's date)."""
    delegation = active_delegation(user)
    return bool(delegation and delegation.member_state_id in meeting.supporting_state_ids())


def can_register_colleague(user, member_state) -> bool:
    """The mission's focal point or Permanent Representative registers on its colleagues' behalf."""
    return leads_mission(user, member_state)


def can_see_registrations(user, meeting: Meeting) -> bool:
    return can_open_staff_pages(user) and meeting.status != Meeting.Status.DRAFT


# Minutes


def can_manage_minutes(user) -> bool:
    return can_open_staff_pages(user)


def can_record_decisions(user) -> bool:
    """Staff record decisions; the service refuses a meeting that has not been held."""
    return can_open_staff_pages(user)


def can_manage_follow_up(user) -> bool:
    return can_open_staff_pages(user)


def can_see_minutes(user, minutes) -> bool:
    """The same rule as Minutes.objects.visible_to, for a record already loaded."""
    if is_secretariat(user):
        return True
    if is_delegate(user):
        return minutes.status != minutes.Status.DRAFT
    return minutes.status == minutes.Status.PUBLISHED and minutes.meeting.is_public


def can_send_correction(user, minutes) -> bool:
    return is_delegate(user) and minutes.accepts_corrections()
