import datetime
import hashlib
import uuid

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from config.pdf import render_pdf
from groups.forms import add_form_errors
from groups.models import WorkingGroup
from members.permissions import active_delegation, is_secretariat, secretariat_required

from . import exports, permissions, services
from .compare import compare_versions
from .forms import (
    AdoptForm,
    CommentEditForm,
    CommentForm,
    DispositionForm,
    ExtendForm,
    ImportForm,
    RoundForm,
    VersionEditForm,
    WorkPlanForm,
)
from .models import Comment, CommentRound, MatrixExport, Paragraph, WorkPlan, WorkPlanVersion
from .notifications import eligible_states

# Fetching: invisible -> 404 --------------------------------------------------------------


def get_plan(request, pk) -> WorkPlan:
    return get_object_or_404(
        WorkPlan.objects.visible_to(request.user).select_related(
            "group", "proposer_state", "adopted_version", "adopted_at"
        ),
        pk=pk,
    )


def get_version(request, pk, number) -> WorkPlanVersion:
    return get_object_or_404(
        WorkPlanVersion.objects.visible_to(request.user).select_related(
            "plan__group", "plan__proposer_state", "plan__adopted_at", "author"
        ),
        plan_id=pk,
        number=number,
    )


def get_round(request, pk) -> CommentRound:
    return get_object_or_404(
        CommentRound.objects.visible_to(request.user).select_related(
            "version__plan__group", "version__plan__proposer_state"
        ),
        pk=pk,
    )


def get_comment(request, pk) -> Comment:
    return get_object_or_404(
        Comment.objects.visible_to(request.user).select_related(
            "round__version__plan__group", "member_state", "paragraph", "section", "author"
        ),
        pk=pk,
    )


def require_login(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


# Plans and versions ------------------------------------------------------------------------


class WorkPlanListView(ListView):
    template_name = "workplans/workplan_list.html"
    context_object_name = "plans"
    paginate_by = 50

    def get_queryset(self):
        return (
            WorkPlan.objects.visible_to(self.request.user)
            .select_related("group", "proposer_state")
            .order_by("group__provisional_name", "-period_start")
        )


@secretariat_required
def create_plan(request, slug):
    group = get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug)
    if not permissions.can_manage_workplans(request.user, group):
        raise PermissionDenied
    form = WorkPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(group=group, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Draft work plan created."))
            return redirect(plan)
    return render(
        request,
        "workplans/workplan_form.html",
        {"group": group, "form": form, "heading": _("New work plan"), "submit_label": _("Create the draft")},
    )


def version_context(request, version: WorkPlanVersion) -> dict:
    """Everything the version page needs, in a fixed number of queries whatever the comment count.

    The text itself is the same for every reader; only the comment counts and the links
    differ. The rendered text is cached under a key made of exactly those, and the
    sections and paragraphs are loaded only when the cache misses.
    """
    user = request.user
    plan = version.plan
    visible = Comment.objects.visible_to(user).submitted()
    # One query for every paragraph's count; the None key counts comments on sections or the whole plan.
    counts = dict(
        visible.filter(round__version=version)
        .values_list("paragraph_id")
        .annotate(n=Count("pk"))
        .values_list("paragraph_id", "n")
    )
    general_count = counts.pop(None, 0)
    changed_by: dict[int, set] = {}
    for paragraph_id, state in (
        visible.filter(resulting_paragraph__version=version)
        .values_list("resulting_paragraph_id", "member_state__name")
        .distinct()
    ):
        changed_by.setdefault(paragraph_id, set()).add(state)

    def load_sections():
        sections = list(version.sections.order_by("number"))
        by_section: dict[int, list] = {s.pk: [] for s in sections}
        for paragraph in version.paragraphs.order_by("number"):
            paragraph.comment_count = counts.get(paragraph.pk, 0)
            paragraph.changed_by_states = sorted(changed_by.get(paragraph.pk, ()))
            by_section[paragraph.section_id].append(paragraph)
        for section in sections:
            section.paragraph_list = by_section[section.pk]
        return sections

    versions = list(WorkPlanVersion.objects.visible_to(user).filter(plan=plan).order_by("number"))
    rounds = list(CommentRound.objects.visible_to(user).filter(version=version).order_by("-opens_at"))
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
        "can_edit": permissions.can_edit_version(user, version) and not rounds,
        "can_comment": can_comment,
        "is_latest": versions and versions[-1].pk == version.pk,
    }


class VersionDetailView(DetailView):
    template_name = "workplans/version_detail.html"
    context_object_name = "version"

    def get_object(self, queryset=None):
        if "number" in self.kwargs:
            return get_version(self.request, self.kwargs["pk"], self.kwargs["number"])
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
        context.update(version_context(self.request, self.object))
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
    version = get_version(request, pk, number)
    context = version_context(request, version)
    language = translation.get_language()
    title = f"{version.plan.title}, " + _("version %(number)s") % {"number": version.number}
    content = render_pdf(template="workplans/pdf/version.html", context=context, lang=language, title=title)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="{slugify(version.plan.title)}-v{version.number}.pdf"'
    )
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
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s saved.") % {"number": version.number})
            return redirect(version)
    return render(
        request, "workplans/version_edit.html", {"version": version, "plan": version.plan, "form": form}
    )


@secretariat_required
def import_version(request, pk):
    plan = get_plan(request, pk)
    if not permissions.can_manage_workplans(request.user, plan.group):
        raise PermissionDenied
    form = ImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.import_version(plan=plan, author=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Version %(number)s imported.") % {"number": version.number})
            return redirect(version)
    return render(
        request,
        "workplans/import_form.html",
        {"plan": plan, "form": form, "heading": _("Import a new version"), "submit_label": _("Import")},
    )


@require_POST
@secretariat_required
def start_revision(request, pk):
    plan = get_plan(request, pk)
    if not permissions.can_manage_workplans(request.user, plan.group):
        raise PermissionDenied
    try:
        version = services.start_revision(
            plan=plan, author=request.user, change_note=request.POST.get("change_note", "")[:2000]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(plan)
    messages.success(
        request, _("Version %(number)s started from the current text.") % {"number": version.number}
    )
    return redirect("workplans:edit_version", pk=plan.pk, number=version.number)


def compare(request, pk):
    plan = get_plan(request, pk)
    versions = list(WorkPlanVersion.objects.visible_to(request.user).filter(plan=plan).order_by("number"))
    if len(versions) < 2:
        raise Http404
    by_number = {v.number: v for v in versions}
    try:
        old = by_number[int(request.GET.get("old", versions[-2].number))]
        new = by_number[int(request.GET.get("new", versions[-1].number))]
    except (KeyError, ValueError):
        raise Http404 from None
    mode = "side" if request.GET.get("view") == "side" else "inline"
    rows = compare_versions(old, new)
    return render(
        request,
        "workplans/compare.html",
        {
            "plan": plan,
            "versions": versions,
            "old": old,
            "new": new,
            "mode": mode,
            "rows": rows,
            "changed_count": sum(1 for r in rows if r.status != "unchanged"),
        },
    )


@secretariat_required
def adopt(request, pk):
    plan = get_plan(request, pk)
    if not permissions.can_manage_workplans(request.user, plan.group):
        raise PermissionDenied
    form = AdoptForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_plan(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The adoption is recorded; the adopted text is now public."))
            return redirect(plan)
    return render(
        request,
        "workplans/adopt_form.html",
        {"plan": plan, "form": form, "heading": _("Record adoption"), "submit_label": _("Record adoption")},
    )


# Rounds -------------------------------------------------------------------------------------


@secretariat_required
def create_round(request, pk, number):
    version = get_version(request, pk, number)
    if not permissions.can_manage_workplans(request.user, version.plan.group):
        raise PermissionDenied
    zone = version.plan.group.time_zone
    form = RoundForm(request.POST or None, zone_name=zone)
    if request.method == "POST" and form.is_valid():
        try:
            comment_round = services.open_round(version=version, created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("The comment round is set up; delegations are told when it opens."))
            return redirect(comment_round)
    return render(
        request,
        "workplans/round_form.html",
        {
            "version": version,
            "plan": version.plan,
            "form": form,
            "heading": _("Invite comments"),
            "submit_label": _("Set up the round"),
        },
    )


class RoundDetailView(DetailView):
    template_name = "workplans/round_detail.html"
    context_object_name = "comment_round"

    def dispatch(self, request, *args, **kwargs):
        return require_login(request) or super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_round(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        comment_round = self.object
        delegation = active_delegation(user)
        context.update(round_context(comment_round))
        context["can_manage"] = permissions.can_manage_workplans(user)
        context["can_comment"] = comment_round.takes_comments() and permissions.can_comment(
            user, comment_round
        )
        context["may_comment_here"] = permissions.can_comment(user, comment_round)
        if delegation:
            context["my_state"] = delegation.member_state
            context["my_comments"] = (
                comment_round.comments.filter(member_state=delegation.member_state)
                .select_related("paragraph", "section", "author", "last_edited_by")
                .order_by("status", "paragraph__number", "created_at")
            )
        if context["can_manage"]:
            context["extend_form"] = ExtendForm(zone_name=comment_round.version.plan.group.time_zone)
        return context


def round_context(comment_round: CommentRound) -> dict:
    now = timezone.now()
    return {
        "plan": comment_round.version.plan,
        "version": comment_round.version,
        "group_zone": comment_round.version.plan.group.time_zone,
        "is_open": comment_round.is_open(now),
        "has_opened": comment_round.has_opened(now),
        "time_left": comment_round.time_left(now),
    }


@require_POST
@secretariat_required
def extend_round(request, pk):
    comment_round = get_round(request, pk)
    if not permissions.can_manage_workplans(request.user):
        raise PermissionDenied
    form = ExtendForm(request.POST, zone_name=comment_round.version.plan.group.time_zone)
    if form.is_valid():
        try:
            services.extend_round(
                comment_round=comment_round, closes_at=form.cleaned_data["closes_at"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Deadline extended; every delegation is being told."))
    else:
        messages.error(request, _("Give the new closing time."))
    return redirect(comment_round)


@require_POST
@secretariat_required
def close_round(request, pk):
    comment_round = get_round(request, pk)
    if not permissions.can_manage_workplans(request.user):
        raise PermissionDenied
    try:
        services.close_round_early(comment_round=comment_round, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The round is closed."))
    return redirect(comment_round)


@secretariat_required
def round_dashboard(request, pk):
    comment_round = get_round(request, pk)
    if not permissions.can_manage_workplans(request.user):
        raise PermissionDenied
    comments = comment_round.comments.submitted()
    states = list(eligible_states(comment_round).order_by("name"))
    per_state = dict(
        comments.values_list("member_state").annotate(n=Count("pk")).values_list("member_state", "n")
    )
    heard = [(s, per_state[s.pk]) for s in states if s.pk in per_state]
    not_heard = [s for s in states if s.pk not in per_state]
    kinds = dict(comments.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    dispositions = dict(
        comments.values_list("disposition").annotate(n=Count("pk")).values_list("disposition", "n")
    )
    context = {
        "comment_round": comment_round,
        **round_context(comment_round),
        "eligible_count": len(states),
        "heard": heard,
        "not_heard": not_heard,
        "outside_states": comments.exclude(member_state__in=[s.pk for s in states])
        .values("member_state")
        .distinct()
        .count(),
        "kind_counts": [(label, kinds.get(value, 0)) for value, label in Comment.Kind.choices],
        "disposition_counts": [
            (label, dispositions.get(value, 0)) for value, label in Comment.Disposition.choices
        ],
        "undecided": dispositions.get("", 0),
        "total": sum(kinds.values()),
        "notices": comment_round.notices.order_by("created_at"),
    }
    return render(request, "workplans/round_dashboard.html", context)


# Comments -----------------------------------------------------------------------------------


def target_choices(version: WorkPlanVersion):
    choices = [("", _("The whole plan"))]
    paragraphs = list(version.paragraphs.order_by("number"))
    for section in version.sections.order_by("number"):
        choices.append(
            (
                f"s:{section.key}",
                _("Section %(number)s. %(heading)s") % {"number": section.number, "heading": section.heading},
            )
        )
        choices.extend(
            (f"p:{p.key}", _("Paragraph %(number)s") % {"number": p.number})
            for p in paragraphs
            if p.section_id == section.pk
        )
    return choices


def create_comment(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    if not permissions.can_comment(request.user, comment_round):
        raise PermissionDenied
    version = comment_round.version
    choices = target_choices(version)
    initial = {"target": request.GET.get("target", ""), "kind": request.GET.get("kind", Comment.Kind.COMMENT)}
    form = CommentForm(request.POST or None, initial=initial, choices=choices)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            paragraph_key, section_key = form.target_keys()
            try:
                services.submit_comment(
                    comment_round=comment_round,
                    user=request.user,
                    kind=form.cleaned_data["kind"],
                    body=form.cleaned_data["body"],
                    proposed_text=form.cleaned_data["proposed_text"],
                    paragraph_key=paragraph_key,
                    section_key=section_key,
                    token=form.cleaned_data["token"],
                )
            except ValidationError as error:
                add_form_errors(form, _target_errors(error))
                status = 422
            else:
                messages.success(
                    request,
                    _("Your comment was sent on behalf of %(state)s.")
                    % {"state": active_delegation(request.user).member_state},
                )
                return redirect(comment_round)
        else:
            status = 422
    target_paragraph = None
    target = form["target"].value() or ""
    if target.startswith("p:"):
        target_paragraph = version.paragraphs.filter(key=target[2:]).first() if _is_uuid(target[2:]) else None
    return render(
        request,
        "workplans/comment_form.html",
        {
            "comment_round": comment_round,
            "plan": version.plan,
            "version": version,
            "form": form,
            "target_paragraph": target_paragraph,
            **round_context(comment_round),
        },
        status=status,
    )


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def _target_errors(error: ValidationError) -> ValidationError:
    if hasattr(error, "error_dict") and "paragraph" in error.error_dict:
        return ValidationError({"target": error.error_dict["paragraph"]})
    return error


def edit_comment(request, pk):
    if response := require_login(request):
        return response
    comment = get_comment(request, pk)
    if not permissions.can_change_comment(request.user, comment):
        raise PermissionDenied
    comment_round = comment.round
    initial = {
        "kind": comment.kind,
        "body": comment.body,
        "proposed_text": comment.proposed_text,
        "revision": comment.revision,
    }
    form = CommentEditForm(request.POST or None, initial=initial)
    status, conflict = 200, None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_comment(
                comment=comment,
                user=request.user,
                expected_revision=form.cleaned_data["revision"],
                kind=form.cleaned_data["kind"],
                body=form.cleaned_data["body"],
                proposed_text=form.cleaned_data["proposed_text"],
            )
        except services.EditConflict as error:
            conflict = error.current
            # Keep the person's text; the next save knowingly replaces the colleague's version.
            data = request.POST.copy()
            data["revision"] = conflict.revision if conflict else form.cleaned_data["revision"]
            form = CommentEditForm(data, initial=initial)
            form.is_valid()
            status = 409
        except ValidationError as error:
            add_form_errors(form, error)
            status = 422
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(comment_round)
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "workplans/comment_edit.html",
        {
            "comment": comment,
            "comment_round": comment_round,
            "plan": comment_round.version.plan,
            "form": form,
            "conflict": conflict,
            **round_context(comment_round),
        },
        status=status,
    )


@require_POST
def withdraw_comment(request, pk):
    if response := require_login(request):
        return response
    comment = get_comment(request, pk)
    if not permissions.can_change_comment(request.user, comment):
        raise PermissionDenied
    try:
        services.withdraw_comment(comment=comment, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The comment was withdrawn."))
    return redirect(comment.round)


@require_POST
@secretariat_required
def record_disposition(request, pk):
    comment = get_comment(request, pk)
    if not permissions.can_record_disposition(request.user, comment):
        raise PermissionDenied
    form = DispositionForm(request.POST, comment=comment, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            services.record_disposition(comment=comment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
    if request.htmx:
        comment = get_comment(request, pk)
        context = {
            "comment": comment,
            "can_manage": True,
            "saved": not form.errors,
            "form_errors": form.errors.as_text() if form.errors else "",
            **matrix_choices(comment.round),
        }
        return render(request, "workplans/matrix.html#row", context, status=422 if form.errors else 200)
    if form.errors:
        messages.error(
            request, _("The disposition was not saved: %(errors)s") % {"errors": form.errors.as_text()}
        )
    else:
        messages.success(request, _("Disposition recorded."))
    return redirect(f"{_matrix_url(comment.round_id)}#comment-{comment.pk}")


def _matrix_url(round_id):
    return reverse("workplans:matrix", kwargs={"pk": round_id})


# Matrix -------------------------------------------------------------------------------------


def matrix_choices(comment_round: CommentRound) -> dict:
    later_paragraphs = (
        Paragraph.objects.filter(
            version__plan_id=comment_round.version.plan_id,
            version__number__gt=comment_round.version.number,
        )
        .select_related("version")
        .order_by("version__number", "number")
    )
    return {"later_paragraphs": list(later_paragraphs), "dispositions": Comment.Disposition.choices}


def matrix(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    comments = exports.matrix_comments(comment_round, request.user).select_related(
        "resulting_paragraph__version"
    )
    page = Paginator(comments, 100).get_page(request.GET.get("page"))
    can_manage = permissions.can_manage_workplans(request.user)
    return render(
        request,
        "workplans/matrix.html",
        {
            "comment_round": comment_round,
            "page_obj": page,
            "comments": page.object_list,
            "can_manage": can_manage,
            **(matrix_choices(comment_round) if can_manage else {}),
            **round_context(comment_round),
        },
    )


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _matrix_filename(comment_round, extension):
    return f"comment-matrix-{slugify(comment_round.version.plan.title)}-v{comment_round.version.number}.{extension}"


def matrix_csv(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    content = exports.matrix_csv(exports.matrix_comments(comment_round, request.user))
    return _download(content, "text/csv; charset=utf-8", _matrix_filename(comment_round, "csv"))


def matrix_xlsx(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    content = exports.matrix_xlsx(
        exports.matrix_comments(comment_round, request.user), title=str(comment_round.version)
    )
    return _download(
        content,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _matrix_filename(comment_round, "xlsx"),
    )


@require_POST
def request_matrix_pdf(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    export = services.request_matrix_pdf(
        comment_round=comment_round, user=request.user, language=translation.get_language()
    )
    return redirect("workplans:export", pk=export.pk)


def get_export(request, pk) -> MatrixExport:
    if not request.user.is_authenticated:
        raise Http404
    exports_qs = MatrixExport.objects.select_related("round__version__plan")
    if not is_secretariat(request.user):
        exports_qs = exports_qs.filter(requested_by=request.user)
    return get_object_or_404(exports_qs, pk=pk)


def export_status(request, pk):
    if response := require_login(request):
        return response
    export = get_export(request, pk)
    template = "workplans/export_status.html"
    if request.htmx:
        template += "#status"
    stale = (
        export.status == MatrixExport.Status.PENDING
        and export.created_at < timezone.now() - datetime.timedelta(minutes=10)
    )
    return render(request, template, {"export": export, "comment_round": export.round, "stale": stale})


def export_download(request, pk):
    if response := require_login(request):
        return response
    export = get_export(request, pk)
    if export.status != MatrixExport.Status.READY or not export.file:
        raise Http404
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=_matrix_filename(export.round, "pdf"),
        content_type="application/pdf",
    )
