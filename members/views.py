from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView, UpdateView

from . import services
from .enqueue import enqueue_after_commit
from .forms import PreferencesForm, ResendForm
from .models import Delegate, MemberState, OutboxMessage
from .permissions import (
    SecretariatRequiredMixin,
    active_delegation,
    remember_delegation,
    secretariat_required,
)
from .tasks import deliver_outbox


class StateDirectoryView(ListView):
    template_name = "members/state_directory.html"
    context_object_name = "states"

    def get_queryset(self):
        # The groups each state supports come from groups' own tag (groups sits above members).
        return MemberState.objects.select_related("mission").order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        states = context["states"]
        context["active_count"] = sum(1 for s in states if s.is_active_member())
        return context


class MyPageView(LoginRequiredMixin, TemplateView):
    template_name = "members/me.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # One query for the user's appointments and their current colleagues; the current
        # appointment among them is remembered for the permission checks and the page's tags.
        today = timezone.localdate()
        active = Q(start_date__lte=today) & (Q(end_date__isnull=True) | Q(end_date__gte=today))
        current_states = Delegate.objects.active(today).filter(user=user).values("member_state")
        rows = list(
            Delegate.objects.filter(Q(user=user) | (active & Q(member_state__in=current_states)))
            .select_related("member_state", "user")
            .annotate(is_current=ExpressionWrapper(active, output_field=BooleanField()))
        )
        remember_delegation(user, [d for d in rows if d.user_id == user.pk and d.is_current])
        delegation = active_delegation(user)
        context["delegation"] = delegation
        context["past_delegations"] = [
            d for d in rows if d.user_id == user.pk and d.pk != getattr(delegation, "pk", None)
        ]
        if delegation:
            context["colleagues"] = [
                d
                for d in rows
                if d.user_id != user.pk and d.is_current and d.member_state_id == delegation.member_state_id
            ]
        return context


class PreferencesView(LoginRequiredMixin, UpdateView):
    template_name = "members/preferences.html"
    form_class = PreferencesForm
    success_url = reverse_lazy("members:me")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        messages.success(self.request, _("Your preferences were saved."))
        return super().form_valid(form)


class UndeliveredMailView(SecretariatRequiredMixin, ListView):
    """Staff: mail that failed or is waiting for a retry, with the last error, to send again."""

    template_name = "members/undelivered_mail.html"
    context_object_name = "messages_owed"
    paginate_by = 100

    def get_queryset(self):
        return (
            OutboxMessage.objects.undelivered()
            .select_related("recipient", "subscriber")
            .order_by("status", "-created_at")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["zone"] = settings.PLENARY_DEFAULT_TIME_ZONE
        return context


@require_POST
@secretariat_required
def resend_mail(request):
    form = ResendForm(request.POST)
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, error[0])
        return redirect("members:undelivered_mail")
    count = services.resend(message_ids=form.message_ids())
    enqueue_after_commit(deliver_outbox)
    messages.success(
        request,
        ngettext(
            "%(count)d message will be sent again within a minute.",
            "%(count)d messages will be sent again within a minute.",
            count,
        )
        % {"count": count},
    )
    return redirect("members:undelivered_mail")
