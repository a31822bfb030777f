"""Staff pages that create a meeting and take it through its life: edit, schedule, postpone, cancel, copy."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView

from groups.models import WorkingGroup
from meetings import permissions, services
from meetings.forms import (
    CancelForm,
    CopyForm,
    MeetingForm,
    MeetingSettingsForm,
    PostponeForm,
    add_form_errors,
)
from meetings.models import Meeting
from members.permissions import SecretariatRequiredMixin, secretariat_required
from members.translated_forms import language_texts

from .access import staff_meeting


class MeetingCreateView(SecretariatRequiredMixin, DetailView):
    template_name = "meetings/meeting_form.html"
    context_object_name = "group"

    def get_queryset(self):
        return WorkingGroup.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MeetingForm(group=self.object))
        return context

    def post(self, request, *args, **kwargs):
        self.object = group = self.get_object()
        form = MeetingForm(request.POST, group=group)
        if form.is_valid():
            try:
                meeting = services.create_meeting(group=group, by=request.user, **form.service_fields())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("%(meeting)s saved as a draft.") % {"meeting": meeting})
                return redirect("meetings:agenda", pk=meeting.pk)
        return self.render_to_response(self.get_context_data(form=form))


class MeetingEditView(SecretariatRequiredMixin, DetailView):
    template_name = "meetings/meeting_form.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).select_related("group")

    def get_object(self, queryset=None):
        meeting = super().get_object(queryset)
        if not permissions.can_edit_meeting(self.request.user, meeting):
            raise PermissionDenied
        return meeting

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["group"] = self.object.group
        context.setdefault("form", MeetingForm(instance=self.object, group=self.object.group))
        return context

    def post(self, request, *args, **kwargs):
        self.object = meeting = self.get_object()
        form = MeetingForm(request.POST, instance=Meeting.objects.get(pk=meeting.pk), group=meeting.group)
        if form.is_valid():
            try:
                services.update_meeting(meeting=meeting, by=request.user, **form.service_fields())
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Meeting saved."))
                return redirect(meeting)
        return self.render_to_response(self.get_context_data(form=form))


@require_POST
@secretariat_required
def schedule(request, pk):
    meeting = staff_meeting(request, pk)
    try:
        services.schedule_meeting(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is scheduled."))
    return redirect(meeting)


@require_POST
@secretariat_required
def mark_held(request, pk):
    meeting = staff_meeting(request, pk)
    try:
        services.mark_held(meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The meeting is recorded as held."))
    return redirect(meeting)


def _meeting_action(request, pk, *, form_class, template, act, success):
    meeting = staff_meeting(request, pk)
    if request.method == "POST":
        form = form_class(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                result = act(meeting, form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, success)
                return redirect(result)
    else:
        form = form_class(meeting=meeting)
    return render(request, template, {"meeting": meeting, "form": form})


@secretariat_required
def postpone(request, pk):
    return _meeting_action(
        request,
        pk,
        form_class=PostponeForm,
        template="meetings/meeting_postpone.html",
        act=lambda meeting, data: services.postpone_meeting(
            meeting=meeting,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            reasons=language_texts(data, "reason"),
            original_language=data["original_language"],
            changed_by=request.user,
        ),
        success=_("The meeting is postponed; the earlier date is kept in its history."),
    )


@secretariat_required
def cancel(request, pk):
    return _meeting_action(
        request,
        pk,
        form_class=CancelForm,
        template="meetings/meeting_cancel.html",
        act=lambda meeting, data: services.cancel_meeting(
            meeting=meeting, reasons=language_texts(data, "reason"), by=request.user
        ),
        success=_("The meeting is cancelled."),
    )


@secretariat_required
def copy(request, pk):
    return _meeting_action(
        request,
        pk,
        form_class=CopyForm,
        template="meetings/meeting_copy.html",
        act=lambda meeting, data: services.copy_meeting(
            meeting=meeting, starts_at=data["starts_at"], ends_at=data["ends_at"], title=data["title"]
        ),
        success=_("The next meeting is prepared as a draft, with the same agenda."),
    )


class MeetingSettingsView(SecretariatRequiredMixin, DetailView):
    template_name = "meetings/meeting_settings.html"
    context_object_name = "group"

    def get_queryset(self):
        return WorkingGroup.objects.visible_to(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", MeetingSettingsForm(instance=self.object))
        return context

    def post(self, request, *args, **kwargs):
        self.object = group = self.get_object()
        if not permissions.can_manage_meetings(request.user):
            raise PermissionDenied
        form = MeetingSettingsForm(request.POST, instance=WorkingGroup.objects.get(pk=group.pk))
        if form.is_valid():
            try:
                services.update_meeting_settings(group=group, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Meeting settings saved."))
                return redirect(group)
        return self.render_to_response(self.get_context_data(form=form))
