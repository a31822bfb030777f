"""The secretariat's pages for press releases: compose, review, publish, correct, withdraw."""

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import FormView, ListView

from groups.forms import add_form_errors
from meetings.models import Meeting
from members.permissions import SecretariatRequiredMixin, secretariat_required

from . import permissions, services
from .forms import (
    DraftFromMeetingForm,
    PressCorrectionForm,
    PressReleaseForm,
    PressScheduleForm,
    PressTranslationForm,
    PressWithdrawForm,
)
from .models import PressRelease, PressReleaseSet
from .text import render_body

LANGUAGE_NAMES = dict(settings.LANGUAGES)


class PressManageView(SecretariatRequiredMixin, ListView):
    template_name = "press/press_manage.html"
    context_object_name = "release_sets"
    paginate_by = 30

    def get_queryset(self):
        return (
            PressReleaseSet.objects.select_related("group")
            .prefetch_related(
                Prefetch(
                    "versions",
                    queryset=PressRelease.objects.visible_to(self.request.user)
                    .only(
                        "pk",
                        "release_set_id",
                        "language",
                        "status",
                        "title",
                        "reference",
                        "slug",
                        "publish_at",
                    )
                    .order_by("language"),
                )
            )
            .order_by("-created_at")
        )


class PressCreateView(SecretariatRequiredMixin, FormView):
    template_name = "press/press_compose.html"
    form_class = PressReleaseForm

    def get_initial(self):
        return {"language": translation.get_language(), "group": self.request.GET.get("group")}

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        group, language = data.pop("group"), data.pop("language")
        try:
            release = services.create_press_release(
                group=group, language=language, created_by=self.request.user, **data
            )
        except ValidationError as error:
            add_form_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Draft saved."))
        return redirect("press:edit", pk=release.pk)


def _staff_release(request, pk) -> PressRelease:
    release = get_object_or_404(
        PressRelease.objects.visible_to(request.user).select_related("release_set__group"), pk=pk
    )
    if not permissions.can_manage_press(request.user):
        raise PermissionDenied
    return release


def compose_context(request, release, form=None):
    existing = set(release.release_set.versions.values_list("language", flat=True))
    group_zone = zoneinfo.ZoneInfo(release.release_set.group.time_zone)
    return {
        "release": release,
        "group": release.release_set.group,
        "form": form or PressReleaseForm(instance=release, creating=False),
        "preview_html": release.body_html,
        "versions": release.release_set.versions.order_by("language"),
        "translation_form": PressTranslationForm(existing=existing)
        if len(existing) < len(LANGUAGE_NAMES)
        else None,
        "schedule_form": PressScheduleForm(
            initial={
                "publish_at": timezone.localtime(release.publish_at, group_zone)
                if release.publish_at
                else None
            }
        ),
        "correction_form": PressCorrectionForm(
            initial={"title": release.title, "summary": release.summary, "body": release.body}
        ),
        "withdraw_form": PressWithdrawForm(),
        "can_edit": permissions.can_edit_press_release(request.user, release),
    }


@secretariat_required
def press_edit(request, pk):
    release = _staff_release(request, pk)
    if request.method == "POST":
        if not permissions.can_edit_press_release(request.user, release):
            raise PermissionDenied
        form = PressReleaseForm(request.POST, request.FILES, instance=release, creating=False)
        if form.is_valid():
            try:
                services.update_press_release(release=release, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect("press:edit", pk=release.pk)
        release.refresh_from_db()
        return render(request, "press/press_compose.html", compose_context(request, release, form))
    return render(request, "press/press_compose.html", compose_context(request, release))


@require_POST
@secretariat_required
def press_preview(request):
    if not permissions.can_manage_press(request.user):
        raise PermissionDenied
    return render(
        request,
        "press/press_compose.html#preview",
        {
            "preview_title": request.POST.get("title", ""),
            "preview_summary": request.POST.get("summary", ""),
            "preview_html": render_body(request.POST.get("body", "")),
        },
    )


def _press_action(request, pk, action, success_message):
    release = _staff_release(request, pk)
    try:
        action(release)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success_message)
    return redirect("press:edit", pk=release.pk)


@require_POST
@secretariat_required
def press_submit(request, pk):
    return _press_action(
        request,
        pk,
        lambda r: services.submit_press_release_for_review(release=r, by=request.user),
        _("Sent for review."),
    )


@require_POST
@secretariat_required
def press_return_to_draft(request, pk):
    return _press_action(
        request,
        pk,
        lambda r: services.return_press_release_to_draft(release=r),
        _("Back to draft."),
    )


@require_POST
@secretariat_required
def press_publish(request, pk):
    def publish(release):
        if not services.publish_press_release(release=release, by=request.user):
            raise ValidationError(_("This release is already published."))

    return _press_action(request, pk, publish, _("Published. The PDF is being made."))


@require_POST
@secretariat_required
def press_schedule(request, pk):
    release = _staff_release(request, pk)
    form = PressScheduleForm(request.POST)
    # The time typed is the group's local time.
    with timezone.override(zoneinfo.ZoneInfo(release.release_set.group.time_zone)):
        valid = form.is_valid()
    if not valid:
        messages.error(request, _("Give a valid date and time."))
        return redirect("press:edit", pk=release.pk)
    publish_at = form.cleaned_data["publish_at"]
    return _press_action(
        request,
        pk,
        lambda r: services.schedule_press_release(release=r, publish_at=publish_at, by=request.user),
        _("Scheduled."),
    )


@require_POST
@secretariat_required
def press_correct(request, pk):
    release = _staff_release(request, pk)
    form = PressCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The correction needs a note, a title and a body."))
        return redirect("press:edit", pk=release.pk)
    return _press_action(
        request,
        pk,
        lambda r: services.correct_press_release(release=r, **form.cleaned_data),
        _("Correction published."),
    )


@require_POST
@secretariat_required
def press_withdraw(request, pk):
    release = _staff_release(request, pk)
    form = PressWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing the release."))
        return redirect("press:edit", pk=release.pk)
    return _press_action(
        request,
        pk,
        lambda r: services.withdraw_press_release(release=r, note=form.cleaned_data["note"]),
        _("The release was withdrawn; its address now says so."),
    )


@require_POST
@secretariat_required
def press_translate(request, pk):
    release = _staff_release(request, pk)
    existing = set(release.release_set.versions.values_list("language", flat=True))
    form = PressTranslationForm(request.POST, existing=existing)
    if not form.is_valid():
        messages.error(request, _("Choose a language the release does not have yet."))
        return redirect("press:edit", pk=release.pk)
    try:
        version = services.add_press_translation(
            source=release, language=form.cleaned_data["language"], created_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("press:edit", pk=release.pk)
    messages.success(request, _("New language version started from this text; translate it, then publish."))
    return redirect("press:edit", pk=version.pk)


def held_meetings(user):
    return (
        Meeting.objects.visible_to(user)
        .filter(status__in=[Meeting.Status.HELD, Meeting.Status.CLOSED])
        .select_related("group")
        .order_by("-starts_at")
    )


@secretariat_required
def press_from_meeting(request):
    if not permissions.can_manage_press(request.user):
        raise PermissionDenied
    meetings = held_meetings(request.user)
    if request.method == "POST":
        form = DraftFromMeetingForm(request.POST, meetings=meetings)
        if form.is_valid():
            try:
                release = services.draft_press_release_from_meeting(
                    meeting=form.cleaned_data["meeting"],
                    language=form.cleaned_data["language"],
                    created_by=request.user,
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                messages.success(request, _("Draft written from the meeting's record. Check and edit it."))
                return redirect("press:edit", pk=release.pk)
    else:
        form = DraftFromMeetingForm(
            initial={"meeting": request.GET.get("meeting"), "language": translation.get_language()},
            meetings=meetings,
        )
    return render(request, "press/press_from_meeting.html", {"form": form})
