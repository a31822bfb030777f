"""The public newsroom: the list, each release's page and its PDF."""

import zoneinfo

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from django.views.generic import DetailView, ListView

from groups.models import WorkingGroup

from . import cache, permissions
from .forms import NewsroomFilterForm
from .images import PRESS_IMAGE_TYPES, image_extension
from .models import PressRelease
from .rows import prepare_rows

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
    """Serve anonymous visitors from the per-language page cache (see press.cache)."""

    def dispatch(self, request, *args, **kwargs):
        if not cache.is_cacheable(request):
            return super().dispatch(request, *args, **kwargs)
        cached = cache.cached_response(request)
        if cached is not None:
            return cached
        self.cache_key = cache.page_key(request)
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code == 200 and isinstance(response, TemplateResponse):
            response.render()
            html = cache.store(request, self.cache_key, response.content.decode())
            response.content = html.encode()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if hasattr(self, "cache_key"):
            context.update(cache.placeholders(self.request))
        return context


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
                addresses[row["language"]] = reverse("press:release", kwargs={"slug": "slug-placeholder"})
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
        return cache.remember(self.count_key, lambda: Paginator.count.func(self), timeout=60)


class NewsroomView(NewsroomCacheMixin, ListView):
    template_name = "press/newsroom.html"
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
            self.years, self.groups = cache.remember("filter-choices", newsroom_filter_choices)
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
    template_name = "press/press_release_detail.html"
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
            "press/press_release_withdrawn.html",
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


def press_release_image(request, slug):
    release = (
        PressRelease.objects.visible_to(request.user).published().filter(slug=slug).exclude(image="").first()
    )
    extension = image_extension(release.image) if release else None
    if extension is None:
        raise Http404(_("No image of a published press release at this address."))
    response = FileResponse(
        release.image.open("rb"), content_type=PRESS_IMAGE_TYPES[extension], filename=f"{slug}.{extension}"
    )
    response["Cache-Control"] = "public, max-age=300"
    return response
