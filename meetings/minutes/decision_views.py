"""Staff record a meeting's decisions (and the change each makes) and follow their actions up."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import permissions
from meetings.forms import add_form_errors
from meetings.models import Meeting
from members.permissions import secretariat_required

from . import services
from .decision_forms import ActionStatusForm, DecisionForm, FollowUpActionForm
from .models import Decision, FollowUpAction


def _decision(request, pk) -> Decision:
    decision = get_object_or_404(
        Decision.objects.visible_to(request.user).select_related("minutes__meeting__group", "agenda_item"),
        pk=pk,
    )
    if not permissions.can_manage_follow_up(request.user):
        raise PermissionDenied
    return decision


@secretariat_required
def decision_record(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).select_related("group"), pk=pk)
    if not permissions.can_record_decisions(request.user):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.record_decision(meeting=meeting, by=request.user, **form.service_arguments())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Decision %(number)s is recorded.") % {"number": decision.number})
            return redirect("meetings:decision_actions", pk=decision.pk)
    return render(
        request,
        "meetings/minutes/decision_form.html",
        {"meeting": meeting, "form": form, "held": meeting.is_held_or_in_progress()},
        status=422 if form.errors else 200,
    )


@secretariat_required
def decision_actions(request, pk):
    """The decision and its follow-up actions; POST adds one."""
    decision = _decision(request, pk)
    form = FollowUpActionForm(request.POST or None, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_follow_up_action(decision=decision, **form.changes())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The follow-up action is added."))
            return redirect("meetings:decision_actions", pk=decision.pk)
    actions = decision.actions.select_related("member_state", "officer", "secretariat_unit")
    return render(
        request,
        "meetings/minutes/decision_actions.html",
        {"decision": decision, "meeting": decision.minutes.meeting, "actions": actions, "form": form},
        status=422 if form.errors else 200,
    )


@secretariat_required
def action_edit(request, pk):
    action = get_object_or_404(FollowUpAction.objects.select_related("decision"), pk=pk)
    decision = _decision(request, action.decision_id)
    form = FollowUpActionForm(request.POST or None, instance=action, decision=decision)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_follow_up_action(action=action, **form.changes())
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The follow-up action is saved."))
            return redirect("meetings:decision_actions", pk=decision.pk)
    return render(
        request,
        "meetings/minutes/action_form.html",
        {"decision": decision, "meeting": decision.minutes.meeting, "action": action, "form": form},
        status=422 if form.errors else 200,
    )


@require_POST
@secretariat_required
def action_status(request, pk):
    action = get_object_or_404(FollowUpAction.objects.select_related("decision"), pk=pk)
    decision = _decision(request, action.decision_id)
    form = ActionStatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(action=action, status=form.cleaned_data["status"])
        messages.success(
            request,
            _("The follow-up action is marked: %(status)s.")
            % {"status": FollowUpAction.Status(form.cleaned_data["status"]).label},
        )
    else:
        messages.error(request, _("Choose open, done or cancelled."))
    return redirect("meetings:decision_actions", pk=decision.pk)
