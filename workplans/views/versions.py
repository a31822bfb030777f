"""Pages of one version of a plan: the text with its comment counts, its PDF, editing it."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import BigIntegerField, CharField, Count, F, Value
from django.db.models.functions import Cast
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from groups.forms import add_form_errors
from members.permissions import secretariat_required

from .. import permissions
from ..forms import VersionEditForm
from ..models import (
    Comment,
    CommentRound,
    Paragraph,
    WorkPlanVersion,
)
from ..services import plans as services
from ..services import prints as print_services
from ..services.translations import show_in_language
from .access import get_plan, get_version


def version_context(request, version: WorkPlanVersion, versions: list | None = None) -> dict:
    """Everything the version page needs, in a fixed number of queries whatever the comment count.

    The text itself is the same for every reader; only the comment counts and the links
    differ. The rendered text is cached under a key made of exactly those, and the
    sections and paragraphs are loaded only when the cache misses.
    """
    user = request.user
    plan = version.plan
    visible = Comment.objects.visible_to(user).submitted()
    # One query for every paragraph's count (the None key counts comments on sections or the whole
    # plan) and, in the same round trip, which states' amendments produced each paragraph.
    counted = (
        visible.filter(round__version=version)
        .order_by()
        .values_list("paragraph_id")
        .annotate(n=Count("pk"), state=Cast(Value(None), output_field=CharField()))
        .values_list("paragraph_id", "n", "state")
        .order_by()
    )
    changes = (
        visible.filter(resulting_paragraph__version=version)
        .order_by()
        # Both columns as annotations, so the SELECT lists them in the same order as `counted`
        # (Django puts plain fields before annotations), and typed NULLs: under DISTINCT
        # PostgreSQL would read a bare NULL as text and refuse the UNION.
        .annotate(n=Cast(Value(None), output_field=BigIntegerField()), state=F("member_state__name"))
        .values_list("resulting_paragraph_id", "n", "state")
        .distinct()
        .order_by()
    )
    counts: dict = {}
    changed_by: dict[int, set] = {}
    for paragraph_id, n, state in counted.union(changes, all=True).order_by():
        if n is None:
            changed_by.setdefault(paragraph_id, set()).add(state)
        else:
            counts[paragraph_id] = n
    general_count = counts.pop(None, 0)

    def load_sections():
        sections = list(version.sections.order_by("number"))
        by_section: dict[int, list] = {s.pk: [] for s in sections}
        paragraphs = list(version.paragraphs.order_by("number"))
        for paragraph in paragraphs:
            paragraph.comment_count = counts.get(paragraph.pk, 0)
            paragraph.changed_by_states = sorted(changed_by.get(paragraph.pk, ()))
            by_section[paragraph.section_id].append(paragraph)
        for section in sections:
            section.paragraph_list = by_section[section.pk]
        show_in_language(version, sections, paragraphs, translation.get_language())
        return sections

    if versions is None:
        versions = list(WorkPlanVersion.objects.visible_to(user).filter(plan=plan).order_by("number"))
    rounds = list(CommentRound.objects.visible_to(user).filter(version=version).order_by("-opens_at"))
    for comment_round in rounds:
        comment_round.version = version  # with its plan and group loaded: the permission checks read them
    current_round = rounds[0] if rounds else None
    can_comment = bool(
        current_round and current_round.takes_comments() and permissions.can_comment(user, current_round)
    )
    readers_view = (
        sorted(counts.items()),
        sorted((k, sorted(v)) for k, v in changed_by.items()),
        current_round.pk if current_round else None,
        can_comment,
    )
    body_key = hashlib.sha256(
        repr(
            (
                version.pk,
                version.created_at.timestamp(),
                version.body_revision,
                translation.get_language(),
                readers_view,
            )
        ).encode()
    ).hexdigest()
    return {
        "plan": plan,
        "version": version,
        # Built once: reversing URLs for each of many paragraphs is a large share of the page's cost.
        "version_url": version.get_absolute_url(),
        "new_comment_url": reverse("workplans:create_comment", kwargs={"pk": current_round.pk})
        if current_round
        else "",
        "sections": load_sections,
        "body_key": body_key,
        "activities": lambda: list(version.activities.order_by("position")),
        "versions": versions,
        "rounds": rounds,
        "current_round": current_round,
        "general_count": general_count,
        "can_manage": permissions.can_manage_workplans(user),
        # Staff translate into the page's language, or the first other one when the page is the original's.
        "translate_into": next(
            code
            for code in [translation.get_language(), *dict(settings.LANGUAGES)]
            if code != version.original_language
        ),
        "can_edit": permissions.can_edit_version(user, version) and not rounds,
        "can_comment": can_comment,
        "is_latest": versions and versions[-1].pk == version.pk,
    }


class VersionDetailView(DetailView):
    template_name = "workplans/version_detail.html"
    context_object_name = "version"

    def get_object(self, queryset=None):
        if "number" in self.kwargs:
            # The plan's visible versions in one query: the page lists them, and this one is among them.
            self.versions = list(
                WorkPlanVersion.objects.visible_to(self.request.user)
                .filter(plan_id=self.kwargs["pk"])
                .select_related("plan__group", "plan__proposer_state", "plan__adopted_at", "author")
                .order_by("number")
            )
            for version in self.versions:
                if version.number == self.kwargs["number"]:
                    return version
            raise Http404
        plan = get_plan(self.request, self.kwargs["pk"])
        versions = WorkPlanVersion.objects.visible_to(self.request.user).filter(plan=plan)
        if plan.adopted_version_id:
            versions = versions.filter(pk=plan.adopted_version_id)
        version = (
            versions.select_related("plan__group", "plan__proposer_state", "plan__adopted_at", "author")
            .order_by("-number")
            .first()
        )
        if version is None:
            raise Http404
        return version

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(version_context(self.request, self.object, getattr(self, "versions", None)))
        return context


def paragraph_comments(request, pk, number, key):
    """The comments on one paragraph, loaded on demand (htmx) or as a page of its own."""
    version = get_version(request, pk, number)
    paragraph = get_object_or_404(Paragraph.objects.select_related("section"), version=version, key=key)
    comments = (
        Comment.objects.visible_to(request.user)
        .submitted()
        .filter(round__version=version, paragraph=paragraph)
        .select_related("member_state")
        .order_by("member_state__name", "created_at")
    )
    template = "workplans/paragraph_comments.html"
    if request.htmx:
        template += "#comments"
    return render(
        request,
        template,
        {"version": version, "plan": version.plan, "paragraph": paragraph, "comments": comments},
    )


def version_pdf(request, pk, number):
    """The stored PDF; a worker makes it (queued here the first time), never this request."""
    version = get_version(request, pk, number)
    printed = print_services.request_version_pdf(version=version, language=translation.get_language())
    if not printed.is_ready():
        response = render(request, "workplans/pdf_pending.html", {"version": version}, status=202)
        response["Retry-After"] = "5"
        return response
    response = get_conditional_response(request, etag=printed.etag) or FileResponse(
        printed.file.open("rb"),
        filename=f"{slugify(version.plan.title)}-v{version.number}.pdf",
        content_type="application/pdf",
    )
    response["ETag"] = printed.etag
    # Drafts are for delegations only: browsers keep the file but ask again (a 304 when unchanged).
    patch_cache_control(response, private=True, no_cache=True)
    return response


@secretariat_required
def edit_version(request, pk, number):
    version = get_version(request, pk, number)
    if not permissions.can_edit_version(request.user, version):
        raise PermissionDenied
    form = VersionEditForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_version_body(
                version=version,
                sections=form.sections_input(),
                activities=form.activities_input(),
                change_note=form.cleaned_data["change_note"],
                original_language=form.cleaned_data["original_language"] or None,
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s saved.") % {"number": version.number})
            return redirect(version)
    return render(
        request, "workplans/version_edit.html", {"version": version, "plan": version.plan, "form": form}
    )
