"""Meetings' parts of pages that belong to lower apps: the group page and "my page".

Their templates load these tags, so groups and members never import meetings.
"""

from django import template
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from meetings import permissions
from meetings.models import Meeting, Registration
from members import page_cache
from members.permissions import active_delegation, is_secretariat

register = template.Library()

UPCOMING_SHOWN = 5
# Staff see every group's meetings: the page shows the next few and links to the full list.
STAFF_MEETINGS_SHOWN = 10
# A delegation rarely has this many meetings ahead; past it the list links to the rest.
DELEGATE_MEETINGS_SHOWN = 25


@register.inclusion_tag("meetings/_group_meetings.html", takes_context=True)
def group_meetings(context, group, now=None):
    """Upcoming and recent meetings of the group that the user may see: two queries."""
    user = context["request"].user
    now = now or timezone.now()
    meetings = Meeting.objects.visible_to(user).filter(group=group).select_related("room")
    upcoming = list(meetings.upcoming(now)[: UPCOMING_SHOWN + 1])
    # A meeting moves from upcoming to past when it ends; one not shown starts (so ends) after the
    # last one shown starts: a cached copy of the page holds until the earliest of those instants.
    page_cache.changes_at(
        context.get("request"),
        *[meeting.ends_at for meeting in upcoming],
        *[meeting.starts_at for meeting in upcoming[UPCOMING_SHOWN:]],
    )
    return {
        "group": group,
        "upcoming_meetings": upcoming[:UPCOMING_SHOWN],
        "past_meetings": list(meetings.past(now)[:10]),
        "can_manage_meetings": permissions.can_manage_meetings(user),
    }


@register.inclusion_tag("meetings/_my_meetings.html", takes_context=True)
def my_meetings(context, now=None):
    """Coming meetings of the groups the delegate's state supports (staff: of every group); one query."""
    user = context["request"].user
    meetings = Meeting.objects.visible_to(user).coming(now).select_related("group", "room")
    if is_secretariat(user):
        limit, delegation = STAFF_MEETINGS_SHOWN, None
    else:
        delegation = active_delegation(user)
        if delegation is None:
            return {"meetings": None}
        limit = DELEGATE_MEETINGS_SHOWN
        # The delegate's own registration, in the same query: the list stays one query.
        mine = Registration.objects.active().filter(meeting=OuterRef("pk"), user=user)
        meetings = meetings.of_groups_supported_by(delegation.member_state).annotate(
            my_registration_mode=Subquery(mine.values("mode")[:1])
        )
    shown = list(meetings[: limit + 1])
    modes = dict(Registration.Mode.choices)
    for meeting in shown:
        if delegation is not None:
            meeting.registration_mode = modes.get(getattr(meeting, "my_registration_mode", None), "")
            meeting.registration_open = meeting.registration_is_open(now)
        meeting.show_video_link = bool(
            meeting.video_link
            and meeting.format != Meeting.Format.IN_PERSON
            and not meeting.is_cancelled()
            and permissions.can_see_video_link(user, meeting)
        )
    return {
        "meetings": shown[:limit],
        "more": len(shown) > limit,
        "member_state": delegation.member_state if delegation else None,
    }
