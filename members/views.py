from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView, TemplateView, UpdateView

from .forms import PreferencesForm
from .models import Delegate, MemberState
from .permissions import active_delegation


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
