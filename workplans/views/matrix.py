"""The comment matrix: the page, dispositions recorded on it, and its CSV, XLSX and PDF exports."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groups.forms import add_form_errors
from members.permissions import is_secretariat, secretariat_required

from .. import matrix_formats, permissions
from ..forms import DispositionForm
from ..models import Comment, CommentRound, MatrixExport, Paragraph
from ..services import comments as comment_services
from ..services import exports as export_services
from .access import get_comment, get_round, require_login
from .matrix_rows import MatrixRows
from .rounds import round_context


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


MATRIX_UNUSED = (
    "body",
    "author",
    "created_at",
    "updated_at",
    "last_edited_by",
    "revision",
    "idempotency_key",
    "disposed_by",
    "disposed_at",
)


def _matrix_url(round_id):
    return reverse("workplans:matrix", kwargs={"pk": round_id})


def matrix(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    # Only what a row shows: the comment's round and version are the page's, its raw text,
    # author and bookkeeping unused (a hundred rows a page, each a model per related record).
    comments = (
        matrix_formats.matrix_comments(comment_round, request.user)
        .select_related(None)
        .select_related("member_state", "paragraph", "section", "resulting_paragraph__version")
        .defer(*MATRIX_UNUSED)
    )
    page = Paginator(comments, 100).get_page(request.GET.get("page"))
    can_manage = permissions.can_manage_workplans(request.user)
    choices = matrix_choices(comment_round) if can_manage else {}
    rows = MatrixRows(request, can_manage=can_manage, **choices)
    return render(
        request,
        "workplans/matrix.html",
        {
            "comment_round": comment_round,
            "page_obj": page,
            "rows_html": rows.render_all(page.object_list),
            "can_manage": can_manage,
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
    content = matrix_formats.matrix_csv(matrix_formats.matrix_comments(comment_round, request.user))
    return _download(content, "text/csv; charset=utf-8", _matrix_filename(comment_round, "csv"))


def matrix_xlsx(request, pk):
    if response := require_login(request):
        return response
    comment_round = get_round(request, pk)
    content = matrix_formats.matrix_xlsx(
        matrix_formats.matrix_comments(comment_round, request.user), title=str(comment_round.version)
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
    export = export_services.request_matrix_pdf(
        comment_round=comment_round, user=request.user, language=translation.get_language()
    )
    return redirect("workplans:export", pk=export.pk)


@require_POST
@secretariat_required
def record_disposition(request, pk):
    comment = get_comment(request, pk)
    if not permissions.can_record_disposition(request.user, comment):
        raise PermissionDenied
    form = DispositionForm(request.POST, comment=comment, prefix=f"c{comment.pk}")
    if form.is_valid():
        try:
            comment_services.record_disposition(comment=comment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
    if request.htmx:
        comment = get_comment(request, pk)
        rows = MatrixRows(request, can_manage=True, **matrix_choices(comment.round))
        html = rows.render(
            comment, saved=not form.errors, form_errors=form.errors.as_text() if form.errors else ""
        )
        return HttpResponse(html, status=422 if form.errors else 200)
    if form.errors:
        messages.error(
            request, _("The disposition was not saved: %(errors)s") % {"errors": form.errors.as_text()}
        )
    else:
        messages.success(request, _("Disposition recorded."))
    return redirect(f"{_matrix_url(comment.round_id)}#comment-{comment.pk}")


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
    etag = f'"{export.pk}"'  # a made export never changes
    response = get_conditional_response(request, etag=etag) or FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=_matrix_filename(export.round, "pdf"),
        content_type="application/pdf",
    )
    response["ETag"] = etag
    patch_cache_control(response, private=True, no_cache=True)
    return response
