from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from members import page_cache
from members.page_revision import current_subquery
from members.permissions import SecretariatRequiredMixin, active_delegation, secretariat_required

from . import permissions, services
from .forms import (
    ApproveForm,
    DeclineForm,
    EndMembershipForm,
    JoinRequestForm,
    MembershipForm,
    OfficerForm,
    add_form_errors,
)
from .models import JoinRequest, Membership, WorkingGroup


class GroupListView(ListView):
    template_name = "groups/group_list.html"
    context_object_name = "groups"

    def get_queryset(self):
        return (
            WorkingGroup.objects.visible_to(self.request.user)
            .with_supporter_count()
            .order_by("provisional_name")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_create"] = permissions.can_create_group(self.request.user)
        return context


class HomeView(GroupListView):
    template_name = "home.html"


class GroupDetailView(page_cache.CachedForVisitorsMixin, DetailView):
    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_queryset(self):
        # The page revision in the group's own query: a visitor's cached copy costs this one query.
        return (
            WorkingGroup.objects.visible_to(self.request.user)
            .select_related("convening_unit")
            .annotate(page_revision=current_subquery())
        )

    def valid_until(self):
        # Current officers and supporting states are chosen by today's date.
        return page_cache.next_midnight()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.object
        user = self.request.user
        supporters = list(
            group.memberships.current().select_related("member_state").order_by("member_state__name")
        )
        context["supporters"] = supporters
        # One query for every term; split here into current and past (ended) officers.
        today = timezone.localdate()
        terms = list(group.officers.select_related("member_state").order_by("role", "-term_start"))
        context["officers"] = [
            o for o in terms if o.term_start <= today and (o.term_end is None or o.term_end >= today)
        ]
        context["past_officers"] = [o for o in terms if o.term_end is not None and o.term_end < today]
        delegation = active_delegation(user)
        context["can_request_to_join"] = permissions.can_request_to_join(user, group)
        context["can_manage"] = permissions.can_manage_group(user, group)
        context["join_form"] = JoinRequestForm()
        if delegation:
            context["my_state_supports"] = any(
                m.member_state_id == delegation.member_state_id for m in supporters
            )
            context["pending_request"] = (
                group.join_requests.pending().filter(member_state=delegation.member_state).first()
            )
        return context


@require_POST
def request_to_join(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    delegation = active_delegation(request.user)
    if delegation is None:
        raise PermissionDenied
    form = JoinRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_to_join(
                group=group,
                user=request.user,
                member_state=delegation.member_state,
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Your request for %(state)s to join has been sent to the secretariat.")
                % {"state": delegation.member_state},
            )
    else:
        messages.error(
            request, _("The request could not be sent: %(errors)s") % {"errors": form.errors.as_text()}
        )
    return redirect(group)


class MembershipManageView(SecretariatRequiredMixin, DetailView):
    template_name = "groups/manage_memberships.html"
    context_object_name = "group"

    def get_queryset(self):
        return WorkingGroup.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(membership_context(self.object))
        context.setdefault("form", MembershipForm(group=self.object))
        return context


def membership_context(group):
    memberships = list(
        group.memberships.select_related("member_state").order_by("member_state__name", "-since")
    )
    current = [m for m in memberships if m.is_current()]
    return {"memberships": memberships, "current_count": len(current), "end_form": EndMembershipForm()}


def render_memberships(request, group, form, status=200):
    template = "groups/manage_memberships.html"
    if request.htmx:
        template += "#memberships"
    context = {"group": group, "form": form, **membership_context(group)}
    return render(request, template, context, status=status)


@require_POST
@secretariat_required
def add_membership(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    form = MembershipForm(request.POST, group=group)
    if form.is_valid():
        try:
            membership = services.add_supporting_state(group=group, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request, _("%(state)s now supports the group.") % {"state": membership.member_state}
            )
            if request.htmx:
                return render_memberships(request, group, MembershipForm(group=group))
            return redirect("groups:memberships", slug=group.slug)
    return render_memberships(request, group, form, status=422 if request.htmx else 200)


@require_POST
@secretariat_required
def end_membership(request, slug, pk):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    membership = get_object_or_404(Membership, group=group, pk=pk)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    form = EndMembershipForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid end date."))
    else:
        try:
            services.end_support(membership=membership, until=form.cleaned_data["until"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Support from %(state)s ended.") % {"state": membership.member_state})
    if request.htmx:
        return render_memberships(request, group, MembershipForm(group=group))
    return redirect("groups:memberships", slug=group.slug)


class OfficerManageView(SecretariatRequiredMixin, DetailView):
    template_name = "groups/manage_officers.html"
    context_object_name = "group"

    def get_queryset(self):
        return WorkingGroup.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["officers"] = self.object.officers.select_related("member_state").order_by(
            "role", "-term_start"
        )
        context.setdefault("form", OfficerForm(group=self.object))
        return context


@require_POST
@secretariat_required
def appoint_officer(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not permissions.can_manage_group(request.user, group):
        raise PermissionDenied
    form = OfficerForm(request.POST, group=group)
    if form.is_valid():
        try:
            officer = services.appoint_officer(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("%(officer)s recorded.") % {"officer": officer})
            return redirect("groups:officers", slug=group.slug)
    officers = group.officers.select_related("member_state").order_by("role", "-term_start")
    return render(
        request, "groups/manage_officers.html", {"group": group, "officers": officers, "form": form}
    )


class JoinRequestListView(SecretariatRequiredMixin, ListView):
    template_name = "groups/join_requests.html"
    context_object_name = "join_requests"
    paginate_by = 50

    def get_queryset(self):
        return (
            JoinRequest.objects.visible_to(self.request.user)
            .select_related("group", "member_state", "requested_by", "decided_by")
            .order_by("status", "-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("decline_form", DeclineForm())
        context["approve_form"] = ApproveForm()
        return context


def _decided_request(request, pk):
    join_request = get_object_or_404(JoinRequest.objects.visible_to(request.user), pk=pk)
    if not permissions.can_decide_join_request(request.user, join_request):
        raise PermissionDenied
    return join_request


@require_POST
@secretariat_required
def approve_join_request(request, pk):
    join_request = _decided_request(request, pk)
    form = ApproveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if services.approve_join_request(join_request=join_request, decided_by=request.user, reason=reason):
        messages.success(
            request,
            _("%(state)s now supports %(group)s; the delegation has been told.")
            % {"state": join_request.member_state, "group": join_request.group},
        )
    else:
        messages.info(request, _("This request had already been decided; nothing changed."))
    return redirect("groups:join_requests")


@require_POST
@secretariat_required
def decline_join_request(request, pk):
    join_request = _decided_request(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            declined = services.decline_join_request(
                join_request=join_request, decided_by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            if declined:
                messages.success(request, _("The request was declined; the delegation has been told."))
            else:
                messages.info(request, _("This request had already been decided; nothing changed."))
            return redirect("groups:join_requests")
    # Show the list again with the error next to this request's reason field.
    view = JoinRequestListView()
    view.setup(request)
    view.object_list = view.get_queryset()
    context = view.get_context_data(declining=join_request.pk, decline_form=form)
    return render(request, view.template_name, context)
