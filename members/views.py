from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django.views.generic import ListView, TemplateView, UpdateView

from . import services
from .enqueue import enqueue_after_commit
from .forms import PreferencesForm, ResendForm
from .models import Delegate, MemberState, OutboxMessage
from .permissions import SecretariatRequiredMixin, active_delegation, secretariat_required
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
        delegation = active_delegation(user)
        context["delegation"] = delegation
        context["past_delegations"] = (
            Delegate.objects.filter(user=user)
            .exclude(pk=getattr(delegation, "pk", None))
            .select_related("member_state")
        )
        if delegation:
            state = delegation.member_state
            context["colleagues"] = (
                Delegate.objects.active().filter(member_state=state).exclude(user=user).select_related("user")
            )
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
            OutboxMessage.objects.undelivered().select_related("recipient").order_by("status", "-created_at")
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
