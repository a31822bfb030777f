"""The per-group register of decisions: public for published minutes, with follow-up actions for staff."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from groups.models import WorkingGroup
from meetings import permissions
from meetings.models import Decision, FollowUpAction, Meeting


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def group_decisions(request, slug):
    """Filters: ?kind=, ?year=, ?meeting= (a meeting pk). A fixed number of queries, whatever N."""
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    user = request.user
    staff = permissions.can_manage_minutes(user)
    meetings = Meeting.objects.visible_to(user).filter(group=group)
    decisions = (
        Decision.objects.visible_to(user)
        .filter(minutes__meeting__in=meetings)
        .select_related("minutes__meeting", "agenda_item")
        .order_by("-minutes__meeting__starts_at", "number")
    )
    every_decision = decisions
    kind = request.GET.get("kind", "")
    if kind in Decision.Kind.values:
        decisions = decisions.filter(kind=kind)
    year = _int(request.GET.get("year"))
    if year:
        decisions = decisions.filter(minutes__meeting__starts_at__year=year)
    meeting_pk = _int(request.GET.get("meeting"))
    if meeting_pk:
        decisions = decisions.filter(minutes__meeting_id=meeting_pk)
    if staff:
        decisions = decisions.prefetch_related(
            Prefetch(
                "actions",
                queryset=FollowUpAction.objects.open().select_related(
                    "member_state", "officer", "secretariat_unit"
                ),
                to_attr="open_actions",
            )
        )
    decisions = list(decisions)
    # The template shows each wording in the reader's language, or the English one marked lang="en".
    # The filter's choices: only meetings and years that have a decision the user may see.
    with_decisions = (
        every_decision.order_by("-minutes__meeting__starts_at")
        .values_list("minutes__meeting_id", "minutes__meeting__number", "minutes__meeting__starts_at")
        .distinct()
    )
    meeting_choices, years = [], []
    for pk, number, starts_at in with_decisions:
        if (pk, number) not in meeting_choices:
            meeting_choices.append((pk, number))
        if starts_at.year not in years:
            years.append(starts_at.year)
    return render(
        request,
        "meetings/group_decisions.html",
        {
            "group": group,
            "decisions": decisions,
            "kinds": Decision.Kind.choices,
            "years": years,
            "meeting_choices": [
                (pk, Meeting(number=number).ordinal_name()) for pk, number in meeting_choices
            ],
            "chosen": {"kind": kind, "year": year, "meeting": meeting_pk},
            "staff": staff,
        },
    )
