"""Missions run their own delegations: pages for the mission, invitations and requests for accreditation.

Thin views: fetch (404 when the user may not see it), check the rule (403), validate, call
the accreditation service, redirect with a message.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from . import accreditation
from .forms import (
    AccreditationDecisionForm,
    AccreditationRequestForm,
    EndAccreditationForm,
    InvitationForm,
    MissionListForm,
)
from .models import AccreditationRequest, Delegate, Invitation, MemberState
from .permissions import (
    SecretariatRequiredMixin,
    active_delegation,
    can_manage_mission,
    can_name_focal_points,
    can_open_staff_pages,
    can_view_mission,
    secretariat_required,
)


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


def _state(request, iso2) -> MemberState:
    state = get_object_or_404(MemberState.objects.select_related("mission"), iso2=iso2.upper())
    if not can_view_mission(request.user, state):
        raise PermissionDenied
    return state


def mission_context(request, state, **forms) -> dict:
    user = request.user
    manage = can_manage_mission(user, state)
    context = {
        "state": state,
        "mission": getattr(state, "mission", None),
        "delegates": Delegate.objects.active()
        .filter(member_state=state)
        .select_related("user")
        .order_by("title", "user__full_name"),
        "can_manage": manage,
        "can_name_focal_points": can_name_focal_points(user, state),
        "can_confirm": can_open_staff_pages(user),
        "invite_form": forms.get("invite_form") or InvitationForm(initial={"language": get_language()}),
        "list_form": forms.get("list_form") or MissionListForm(initial={"language": get_language()}),
        "end_form": EndAccreditationForm(initial={"end_date": timezone.localdate()}),
        "decision_form": AccreditationDecisionForm(),
    }
    if manage:
        context["invitations"] = Invitation.objects.filter(
            member_state=state, status__in=[Invitation.Status.PENDING, Invitation.Status.ACCEPTED]
        ).select_related("invited_by")
        context["requests"] = (
            AccreditationRequest.objects.pending().filter(member_state=state).select_related("user")
        )
    return context


@login_required
def mission_detail(request, iso2):
    state = _state(request, iso2)
    return render(request, "members/missions/mission_detail.html", mission_context(request, state))


@require_POST
@login_required
def invite(request, iso2):
    state = _state(request, iso2)
    if not can_manage_mission(request.user, state):
        raise PermissionDenied
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = accreditation.invite_delegate(
                member_state=state, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("members:mission", iso2=state.iso2)
    context = mission_context(request, state, invite_form=form)
    return render(request, "members/missions/mission_detail.html", context, status=422)


@require_POST
@login_required
def import_list(request, iso2):
    state = _state(request, iso2)
    if not can_manage_mission(request.user, state):
        raise PermissionDenied
    form = MissionListForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            sent = accreditation.import_mission_list(
                member_state=state,
                text=form.cleaned_data["file"],
                language=form.cleaned_data["language"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error("file", error.messages)
        else:
            messages.success(request, _("%(count)s invitations sent.") % {"count": len(sent)})
            return redirect("members:mission", iso2=state.iso2)
    context = mission_context(request, state, list_form=form)
    return render(request, "members/missions/mission_detail.html", context, status=422)


def _managed(request, queryset, pk):
    """A record of a mission the user manages; 404 for anyone else, so its existence is not revealed."""
    record = get_object_or_404(queryset, pk=pk)
    if not can_manage_mission(request.user, record.member_state):
        raise Http404
    return record


def _act(request, record, action, success: str):
    try:
        action()
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, success)
    return redirect("members:mission", iso2=record.member_state.iso2)


@require_POST
@login_required
def revoke_invitation(request, pk):
    invitation = _managed(request, Invitation.objects.select_related("member_state"), pk)
    return _act(
        request,
        invitation,
        lambda: accreditation.revoke_invitation(invitation=invitation, by=request.user),
        _("The invitation was withdrawn."),
    )


@require_POST
@secretariat_required
def confirm_invitation(request, pk):
    invitation = _managed(request, Invitation.objects.select_related("member_state"), pk)
    try:
        accreditation.confirm_invitation(invitation=invitation, by=request.user)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("%(name)s is now accredited.") % {"name": invitation.full_name})
    if request.POST.get("back") == "list":
        return redirect("members:missions")
    return redirect("members:mission", iso2=invitation.member_state.iso2)


@require_POST
@login_required
def end_accreditation(request, pk):
    delegate = _managed(request, Delegate.objects.select_related("member_state", "user"), pk)
    form = EndAccreditationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the last day of the accreditation."))
        return redirect("members:mission", iso2=delegate.member_state.iso2)
    return _act(
        request,
        delegate,
        lambda: accreditation.end_accreditation(
            delegate=delegate, by=request.user, end_date=form.cleaned_data["end_date"]
        ),
        _("The accreditation of %(name)s ends on %(date)s.")
        % {"name": delegate.user, "date": form.cleaned_data["end_date"]},
    )


@require_POST
@login_required
def focal_point(request, pk):
    delegate = _managed(request, Delegate.objects.select_related("member_state", "user"), pk)
    if not can_name_focal_points(request.user, delegate.member_state):
        raise PermissionDenied
    value = request.POST.get("is_focal_point") == "1"
    return _act(
        request,
        delegate,
        lambda: accreditation.set_focal_point(delegate=delegate, by=request.user, is_focal_point=value),
        _("%(name)s is now the mission's focal point.") % {"name": delegate.user}
        if value
        else _("%(name)s is no longer a focal point.") % {"name": delegate.user},
    )


@require_POST
@login_required
def decide_request(request, pk):
    accreditation_request = _managed(
        request, AccreditationRequest.objects.select_related("member_state", "user"), pk
    )
    form = AccreditationDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give a reason."))
        return redirect("members:mission", iso2=accreditation_request.member_state.iso2)
    return _act(
        request,
        accreditation_request,
        lambda: accreditation.decide_accreditation_request(
            accreditation_request=accreditation_request,
            by=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            reason=form.cleaned_data["reason"],
        ),
        _("Decision recorded; %(name)s is told by email.") % {"name": accreditation_request.user},
    )


def invitation(request, token):
    invitation = get_object_or_404(
        Invitation.objects.select_related("member_state", "invited_by"), token=token
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.path)
        try:
            accepted = accreditation.accept_invitation(token=token, user=request.user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            if accepted.status == Invitation.Status.CONFIRMED:
                messages.success(
                    request, _("You are now a delegate of %(state)s.") % {"state": accepted.member_state}
                )
            else:
                messages.success(
                    request,
                    _(
                        "Accepted. The secretariat will confirm your accreditation; you will be told by email."
                    ),
                )
            return redirect("members:me")
    return render(
        request,
        "members/missions/invitation.html",
        {"invitation": invitation, "usable": invitation.is_usable()},
    )


@login_required
def request_accreditation(request):
    if active_delegation(request.user) is not None:
        messages.info(request, _("You are already accredited to a state."))
        return redirect("members:me")
    form = AccreditationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accreditation.request_accreditation(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, _errors(error))
        else:
            messages.success(request, _("Your request was sent to the mission and the secretariat."))
            return redirect("members:me")
    pending = AccreditationRequest.objects.filter(user=request.user).select_related("member_state")[:10]
    status = 422 if form.errors else 200
    return render(
        request, "members/missions/request_form.html", {"form": form, "requests": pending}, status=status
    )


class MissionListView(SecretariatRequiredMixin, ListView):
    template_name = "members/missions/mission_list.html"
    context_object_name = "states"

    def get_queryset(self):
        today = timezone.localdate()
        return (
            MemberState.objects.select_related("mission")
            .annotate(
                delegate_count=Count(
                    "delegates",
                    filter=Q(delegates__start_date__lte=today)
                    & (Q(delegates__end_date__isnull=True) | Q(delegates__end_date__gte=today)),
                    distinct=True,
                ),
                request_count=Count(
                    "accreditation_requests",
                    filter=Q(accreditation_requests__status=AccreditationRequest.Status.PENDING),
                    distinct=True,
                ),
            )
            .order_by("name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["to_confirm"] = Invitation.objects.filter(status=Invitation.Status.ACCEPTED).select_related(
            "member_state", "accepted_by"
        )
        context["pending_invitations"] = Invitation.objects.filter(
            status=Invitation.Status.PENDING, expires_at__gt=timezone.now()
        ).select_related("member_state")
        return context
