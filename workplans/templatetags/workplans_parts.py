"""Work plans' parts of pages that belong to lower apps: the group page, the meeting page and "my page".

The lower app's template loads these tags, so its Python never imports workplans.
"""

from django import template
from django.utils import timezone

from members.permissions import active_delegation, is_secretariat

from ..models import CommentRound, WorkPlan
from ..permissions import can_manage_workplans

register = template.Library()


@register.inclusion_tag("workplans/_group_workplans.html", takes_context=True)
def group_workplans(context, group):
    """The group's work plans that the viewer may see, newest period first."""
    user = context["user"]
    return {
        "group": group,
        "group_workplans": WorkPlan.objects.visible_to(user)
        .filter(group=group)
        .select_related("proposer_state")
        .order_by("-period_start"),
        "can_manage": can_manage_workplans(user, group),
    }


@register.inclusion_tag("workplans/_adopted_at_meeting.html", takes_context=True)
def adopted_at_meeting(context, meeting):
    """The work plans adopted at `meeting` that the viewer may see (one query)."""
    return {
        "adopted_plans": WorkPlan.objects.visible_to(context["user"])
        .filter(adopted_at=meeting)
        .select_related("adopted_version")
        .order_by("title")
    }


@register.inclusion_tag("workplans/_my_comment_rounds.html", takes_context=True)
def my_comment_rounds(context):
    """Open rounds: for a delegate, those their state may comment in; for the secretariat, all of them."""
    user = context["user"]
    now = timezone.now()
    rounds = (
        CommentRound.objects.visible_to(user).select_related("version__plan__group").order_by("closes_at")
    )
    delegation = active_delegation(user)
    if delegation is not None:
        state = delegation.member_state
        rounds = rounds.open_to_state(state, now).with_comment_count_of(state)
    elif is_secretariat(user):
        state = None
        rounds = rounds.open_at(now).with_states_heard_count()
    else:
        return {"show": False}
    return {"show": True, "rounds": list(rounds), "state": state}
