"""Object rules for working groups."""

from members.permissions import active_delegation, can_open_staff_pages

from .models import JoinRequest, WorkingGroup


def can_manage_group(user, group: WorkingGroup) -> bool:
    return can_open_staff_pages(user)


def can_request_to_join(user, group: WorkingGroup) -> bool:
    delegation = active_delegation(user)
    return bool(
        delegation
        and group.open_to_participation
        and group.status != WorkingGroup.Status.CONCLUDED
        and not group.supports(delegation.member_state)
    )


def can_decide_join_request(user, join_request: JoinRequest) -> bool:
    return can_open_staff_pages(user)


def can_create_group(user) -> bool:
    return can_open_staff_pages(user)
