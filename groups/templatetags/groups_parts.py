"""The groups' parts of pages that belong to the apps below (members' "my page" and state directory)."""

from django import template

from members.permissions import active_delegation

from ..models import JoinRequest, Membership

register = template.Library()


@register.inclusion_tag("groups/_my_groups.html", takes_context=True)
def my_groups(context):
    user = context["request"].user
    delegation = active_delegation(user)
    if delegation is None:
        return {"delegation": None}
    state = delegation.member_state
    return {
        "delegation": delegation,
        "my_groups": list(
            Membership.objects.current()
            .filter(member_state=state)
            .select_related("group")
            .order_by("group__provisional_name")
        ),
        "join_requests": list(
            JoinRequest.objects.visible_to(user).select_related("group").order_by("-created_at")
        ),
    }


@register.simple_tag
def with_current_memberships(states):
    """Attach each state's current memberships in one query, not one per row of the directory."""
    states = list(states)
    by_state: dict[int, list[Membership]] = {state.pk: [] for state in states}
    memberships = (
        Membership.objects.current()
        .filter(member_state__in=states)
        .select_related("group")
        .order_by("group__provisional_name")
    )
    for membership in memberships:
        by_state[membership.member_state_id].append(membership)
    for state in states:
        state.current_memberships = by_state[state.pk]
    return states
