"""Object rules for work plans and comment rounds."""

from django.utils import timezone

from members.permissions import active_delegation, can_open_staff_pages

from .models import Comment, CommentRound, WorkPlan, WorkPlanVersion


def can_manage_workplans(user, group=None) -> bool:
    return can_open_staff_pages(user)


def can_edit_version(user, version: WorkPlanVersion) -> bool:
    return can_open_staff_pages(user) and not version.frozen


def state_may_comment(member_state, comment_round: CommentRound, now=None) -> bool:
    if member_state is None or not member_state.is_active_member():
        return False
    if comment_round.open_to_observers:
        return True
    group = comment_round.version.plan.group
    on = timezone.localtime(now or timezone.now()).date()
    return group.supports(member_state, on)


def can_comment(user, comment_round: CommentRound) -> bool:
    """May this user write on behalf of their state in this round (clock aside)?"""
    delegation = active_delegation(user)
    if delegation is None:
        return False
    if comment_round.version.plan.status == WorkPlan.Status.DRAFT:
        return False
    return state_may_comment(delegation.member_state, comment_round)


def can_change_comment(user, comment: Comment) -> bool:
    delegation = active_delegation(user)
    return bool(delegation and delegation.member_state_id == comment.member_state_id)


def can_record_disposition(user, comment: Comment) -> bool:
    return can_open_staff_pages(user)
