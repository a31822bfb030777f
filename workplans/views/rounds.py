"""Pages of comment rounds: setting one up, the round page, extending, closing, the dashboard."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from groups.forms import add_form_errors
from members.permissions import active_delegation, secretariat_required

from .. import permissions
from ..forms import ExtendForm, RoundForm
from ..models import Comment, CommentRound
from ..notifications import eligible_states
from ..services import rounds as services
from .access import get_round, get_version, require_login


def round_context(comment_round: CommentRound) -> dict:
    now = timezone.now()
    return {
        "plan": comment_round.version.plan,
        "version": comment_round.version,
        "group_zone": comment_round.version.plan.group.time_zone,
        "is_open": comment_round.is_open(now),
        "has_opened": comment_round.has_opened(now),
        "time_left": comment_round.time_left(now),
    }


@secretariat_required
def create_round(request, pk, number):
    version = get_version(request, pk, number)
    if not permissions.can_manage_workplans(request.user, version.plan.group):
        raise PermissionDenied
    zone = version.plan.group.time_zone
    form = RoundForm(request.POST or None, zone_name=zone)
    if request.method == "POST" and form.is_valid():
        try:
            comment_round = services.open_round(version=version, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The comment round is set up; delegations are told when it opens."))
            return redirect(comment_round)
    return render(
        request,
        "workplans/round_form.html",
        {
            "version": version,
            "plan": version.plan,
            "form": form,
            "heading": _("Invite comments"),
            "submit_label": _("Set up the round"),
        },
    )


class RoundDetailView(DetailView):
    template_name = "workplans/round_detail.html"
    context_object_name = "comment_round"

    def dispatch(self, request, *args, **kwargs):
        return require_login(request) or super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_round(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        comment_round = self.object
        delegation = active_delegation(user)
        context.update(round_context(comment_round))
        context["can_manage"] = permissions.can_manage_workplans(user)
        context["can_comment"] = comment_round.takes_comments() and permissions.can_comment(
            user, comment_round
        )
        context["may_comment_here"] = permissions.can_comment(user, comment_round)
        if delegation:
            context["my_state"] = delegation.member_state
            context["my_comments"] = (
                comment_round.comments.filter(member_state=delegation.member_state)
                .select_related("paragraph", "section", "author", "last_edited_by")
                .order_by("status", "paragraph__number", "created_at")
            )
        if context["can_manage"]:
            context["extend_form"] = ExtendForm(zone_name=comment_round.version.plan.group.time_zone)
        return context


@require_POST
@secretariat_required
def extend_round(request, pk):
    comment_round = get_round(request, pk)
    if not permissions.can_manage_workplans(request.user):
        raise PermissionDenied
    form = ExtendForm(request.POST, zone_name=comment_round.version.plan.group.time_zone)
    if form.is_valid():
        try:
            services.extend_round(
                comment_round=comment_round, closes_at=form.cleaned_data["closes_at"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Deadline extended; every delegation is being told."))
    else:
        messages.error(request, _("Give the new closing time."))
    return redirect(comment_round)


@require_POST
@secretariat_required
def close_round(request, pk):
    comment_round = get_round(request, pk)
    if not permissions.can_manage_workplans(request.user):
        raise PermissionDenied
    try:
        services.close_round_early(comment_round=comment_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is closed."))
    return redirect(comment_round)


@secretariat_required
def round_dashboard(request, pk):
    comment_round = get_round(request, pk)
    if not permissions.can_manage_workplans(request.user):
        raise PermissionDenied
    comments = comment_round.comments.submitted()
    states = list(eligible_states(comment_round).order_by("name"))
    # One grouped count serves every figure: per state, per kind, per disposition.
    per_state, kinds, dispositions = Counter(), Counter(), Counter()
    for state_id, kind, disposition, n in (
        comments.order_by().values_list("member_state", "kind", "disposition").annotate(n=Count("pk"))
    ):
        per_state[state_id] += n
        kinds[kind] += n
        dispositions[disposition] += n
    heard = [(s, per_state[s.pk]) for s in states if s.pk in per_state]
    not_heard = [s for s in states if s.pk not in per_state]
    eligible_ids = {s.pk for s in states}
    context = {
        "comment_round": comment_round,
        **round_context(comment_round),
        "eligible_count": len(states),
        "heard": heard,
        "not_heard": not_heard,
        "outside_states": len(per_state.keys() - eligible_ids),
        "kind_counts": [(label, kinds.get(value, 0)) for value, label in Comment.Kind.choices],
        "disposition_counts": [
            (label, dispositions.get(value, 0)) for value, label in Comment.Disposition.choices
        ],
        "undecided": dispositions.get("", 0),
        "total": sum(kinds.values()),
        "notices": comment_round.notices.order_by("created_at"),
    }
    return render(request, "workplans/round_dashboard.html", context)
