"""Press releases: the public newsroom, and the secretariat's compose and publish pages."""

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_POST
from django.views.generic import DetailView, FormView, ListView

from members.permissions import SecretariatRequiredMixin, secretariat_required

from . import newsroom_cache, permissions, services
from .forms import (
    DraftFromMeetingForm,
    NewsroomFilterForm,
    PressCorrectionForm,
    PressReleaseForm,
    PressScheduleForm,
    PressTranslationForm,
    PressWithdrawForm,
    add_form_errors,
)
from .models import PressRelease, PressReleaseSet, WorkingGroup
from .press import render_body

LANGUAGE_NAMES = dict(settings.LANGUAGES)
ROW_FIELDS = (
    "pk",
    "language",
    "title",
    "place",
    "summary",
    "reference",
    "slug",
    "published_at",
    "corrected_at",
)


class NewsroomCacheMixin:
    """Serve anonymous visitors from the per-language page cache (see groups.newsroom_cache)."""

    def dispatch(self, request, *args, **kwargs):
        if not newsroom_cache.is_cacheable(request):
            return super().dispatch(request, *args, **kwargs)
        cached = newsroom_cache.cached_response(request)
        if cached is not None:
            return cached
        self.cache_key = newsroom_cache.page_key(request)
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200 and isinstance(response, TemplateResponse):
            response.render()
            html = newsroom_cache.store(request, self.cache_key, response.content.decode())
            response.content = html.encode()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if hasattr(self, "cache_key"):
            context.update(newsroom_cache.placeholders())
        return context


def prepare_rows(releases):
    """Local publication date and address of each release, worked out once per row in Python."""
    zones, addresses = {}, {}
    corrected = _("Corrected")
    for release in releases:
        if release.slug:
            if release.language not in addresses:
                with translation.override(release.language):
                    addresses[release.language] = reverse(
                        "groups:press_release", kwargs={"slug": "slug-placeholder"}
                    )
            release.url = addresses[release.language].replace("slug-placeholder", release.slug)
        when = release.published_at or release.publish_at
        name = release.release_set.group.time_zone
        if name not in zones:
            zones[name] = zoneinfo.ZoneInfo(name)
        release.local_date = timezone.localtime(when, zones[name]).date() if when else None
        parts = [
            f"{release.place}, {date_format(release.local_date)}"
            if release.place
            else date_format(release.local_date),
            release.reference,
            release.release_set.group.name,
        ]
        if release.corrected_at:
            parts.append(corrected)
        release.meta_line = " · ".join(part for part in parts if part)
    return releases


def newsroom_filter_choices() -> tuple[list[int], list[dict]]:
    years = [d.year for d in PressRelease.objects.published().dates("published_at", "year", order="DESC")]
    groups = WorkingGroup.objects.only("slug", "provisional_name", "adopted_name", "time_zone")
    groups = [{"id": g.pk, "slug": g.slug, "name": g.name, "time_zone": g.time_zone} for g in groups]
    return years, sorted(groups, key=lambda g: g["name"])


def newsroom_rows(values, groups: list[dict]) -> list[dict]:
    """List rows as plain values, each worked out once in Python: the template only prints them."""
    by_id = {group["id"]: group for group in groups}
    zones, addresses, rows = {}, {}, []
    corrected = _("Corrected")
    for row in values:
        group = by_id.get(row["group_id"]) or {"name": "", "time_zone": settings.TIME_ZONE}
        if group["time_zone"] not in zones:
            zones[group["time_zone"]] = zoneinfo.ZoneInfo(group["time_zone"])
        if row["language"] not in addresses:
            with translation.override(row["language"]):
                addresses[row["language"]] = reverse(
                    "groups:press_release", kwargs={"slug": "slug-placeholder"}
                )
        day = date_format(timezone.localtime(row["published_at"], zones[group["time_zone"]]).date())
        parts = [f"{row['place']}, {day}" if row["place"] else day, row["reference"], group["name"]]
        if row["corrected_at"]:
            parts.append(corrected)
        row["url"] = addresses[row["language"]].replace("slug-placeholder", row["slug"])
        row["meta_line"] = " · ".join(part for part in parts if part)
        rows.append(row)
    return rows


class RememberedCountPaginator(Paginator):
    """The number of matching releases changes only when a release does: remember it until then."""

    def __init__(self, *args, count_key: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key

    @cached_property
    def count(self):
        if self.count_key is None:
            return Paginator.count.func(self)
        return newsroom_cache.remember(self.count_key, lambda: Paginator.count.func(self), timeout=60)


class NewsroomView(NewsroomCacheMixin, ListView):
    template_name = "groups/newsroom.html"
    context_object_name = "releases"
    paginate_by = 20

    def get_paginator(self, queryset, per_page, orphans=0, allow_empty_first_page=True, **kwargs):
        filters = getattr(self.get_filter_form(), "cleaned_data", {})
        # Searches are too many to remember; the filter combinations are few.
        key = None
        if not filters.get("q"):
            key = "count:" + "|".join(
                f"{name}={filters.get(name) or ''}" for name in ("year", "group", "language")
            )
        return RememberedCountPaginator(
            queryset, per_page, orphans=orphans, allow_empty_first_page=allow_empty_first_page, count_key=key
        )

    def get_filter_form(self):
        if not hasattr(self, "filter_form"):
            self.years, self.groups = newsroom_cache.remember("filter-choices", newsroom_filter_choices)
            data = self.request.GET.copy()
            data.setdefault("language", translation.get_language())
            choices = [(group["slug"], group["name"]) for group in self.groups]
            self.filter_form = NewsroomFilterForm(data, years=self.years, groups=choices)
            self.filter_form.is_valid()
        return self.filter_form

    def get_queryset(self):
        form = self.get_filter_form()
        filters = getattr(form, "cleaned_data", {})
        releases = PressRelease.objects.visible_to(self.request.user).published()
        language = filters.get("language") or ""
        if language in LANGUAGE_NAMES:
            releases = releases.filter(language=language)
        if filters.get("year"):
            releases = releases.filter(published_at__year=filters["year"])
        if filters.get("group"):
            releases = releases.filter(release_set__group__slug=filters["group"])
        ordering = ("-published_at", "-pk")
        if filters.get("q"):
            releases = releases.search(
                filters["q"], language=language if language in LANGUAGE_NAMES else None
            )
            if "search_rank" in releases.query.annotations:
                ordering = ("-search_rank", *ordering)
        return releases.order_by(*ordering).values(*ROW_FIELDS, group_id=F("release_set__group_id"))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["releases"] = newsroom_rows(context["releases"], self.groups)
        form = self.get_filter_form()
        filters = form.cleaned_data
        context["filter_form"] = form
        context["query"] = filters.get("q", "")
        # Options rendered by a plain loop: widget templates cost more than the rows themselves.
        context["year_choices"] = form.fields["year"].choices
        context["group_choices"] = form.fields["group"].choices
        context["language_choices"] = form.fields["language"].choices
        context["selected"] = {
            "year": filters.get("year") or "",
            "group": filters.get("group") or "",
            "language": filters.get("language") or "",
        }
        return context

    def get_template_names(self):
        if self.request.htmx:
            return [f"{self.template_name}#results"]
        return [self.template_name]


class PressReleaseDetailView(NewsroomCacheMixin, DetailView):
    template_name = "groups/press_release_detail.html"
    context_object_name = "release"

    def get(self, request, *args, **kwargs):
        slug = kwargs["slug"]
        # The release and its sibling language versions in one query.
        versions = list(
            PressRelease.objects.visible_to(request.user)
            .published()
            .for_page()
            .filter(release_set__versions__slug=slug)
            .order_by("language")
        )
        release = next((v for v in versions if v.slug == slug), None)
        if release is None:
            return self.withdrawn_or_404(slug)
        language = translation.get_language()
        if release.language != language:
            # The language switch lands here: go to that language's version if there is one.
            sibling = next((v for v in versions if v.language == language), release)
            return redirect(sibling.get_absolute_url())
        self.object = release
        self.versions = [v for v in versions if v.pk != release.pk]
        return self.render_to_response(self.get_context_data(object=release))

    def withdrawn_or_404(self, slug):
        withdrawn = (
            PressRelease.objects.withdrawn().select_related("release_set__group").filter(slug=slug).first()
        )
        if withdrawn is None:
            raise Http404(_("No published press release at this address."))
        return render(
            self.request,
            "groups/press_release_withdrawn.html",
            {"release": withdrawn, "group": withdrawn.release_set.group},
            status=410,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        release = self.object
        prepare_rows([release])
        versions = self.versions
        prepare_rows(versions)
        for version in versions:
            version.language_name = translation.get_language_info(version.language)["name_local"].capitalize()
        context["versions"] = versions
        context["group"] = release.release_set.group
        meeting = release.release_set.meeting
        context["meeting"] = meeting if meeting and meeting.is_public and meeting.is_announced() else None
        context["site_url"] = settings.SITE_URL
        context["can_manage"] = permissions.can_manage_press(self.request.user)
        return context


def _pdf_release(request, slug):
    if not hasattr(request, "_press_pdf_release"):
        request._press_pdf_release = (
            PressRelease.objects.visible_to(request.user)
            .published()
            .filter(slug=slug)
            .exclude(pdf="")
            .first()
        )
    return request._press_pdf_release


def _pdf_etag(request, slug):
    release = _pdf_release(request, slug)
    return release.pdf_etag if release else None


def _pdf_last_modified(request, slug):
    release = _pdf_release(request, slug)
    return release.pdf_made_at if release else None


@condition(etag_func=_pdf_etag, last_modified_func=_pdf_last_modified)
def press_release_pdf(request, slug):
    release = _pdf_release(request, slug)
    if release is None:
        raise Http404(_("No PDF of a published press release at this address."))
    response = FileResponse(
        release.pdf.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=f"{release.slug}.pdf",
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


# Staff ------------------------------------------------------------------------------------


class PressManageView(SecretariatRequiredMixin, ListView):
    template_name = "groups/press_manage.html"
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
    template_name = "groups/press_compose.html"
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
        return redirect("groups:press_edit", pk=release.pk)


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
                return redirect("groups:press_edit", pk=release.pk)
        release.refresh_from_db()
        return render(request, "groups/press_compose.html", compose_context(request, release, form))
    return render(request, "groups/press_compose.html", compose_context(request, release))


@require_POST
@secretariat_required
def press_preview(request):
    if not permissions.can_manage_press(request.user):
        raise PermissionDenied
    return render(
        request,
        "groups/press_compose.html#preview",
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
    return redirect("groups:press_edit", pk=release.pk)


@require_POST
@secretariat_required
def press_submit(request, pk):
    return _press_action(
        request,
        pk,
        lambda r: services.submit_press_release_for_review(release=r),
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
        if not services.publish_press_release(release=release):
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
        return redirect("groups:press_edit", pk=release.pk)
    publish_at = form.cleaned_data["publish_at"]
    return _press_action(
        request,
        pk,
        lambda r: services.schedule_press_release(release=r, publish_at=publish_at),
        _("Scheduled."),
    )


@require_POST
@secretariat_required
def press_correct(request, pk):
    release = _staff_release(request, pk)
    form = PressCorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The correction needs a note, a title and a body."))
        return redirect("groups:press_edit", pk=release.pk)
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
        return redirect("groups:press_edit", pk=release.pk)
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
        return redirect("groups:press_edit", pk=release.pk)
    try:
        version = services.add_press_translation(
            source=release, language=form.cleaned_data["language"], created_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("groups:press_edit", pk=release.pk)
    messages.success(request, _("New language version started from this text; translate it, then publish."))
    return redirect("groups:press_edit", pk=version.pk)


def held_meetings(user):
    from meetings.models import Meeting

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
                return redirect("groups:press_edit", pk=release.pk)
    else:
        form = DraftFromMeetingForm(
            initial={"meeting": request.GET.get("meeting"), "language": translation.get_language()},
            meetings=meetings,
        )
    return render(request, "groups/press_from_meeting.html", {"form": form})
