"""Workflows on PDF exports of the comment matrix: requested from the page, rendered by a worker."""

import datetime
import time

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from members.enqueue import enqueue_after_commit

from ..matrix_formats import matrix_comments, matrix_pdf
from ..models import CommentRound, MatrixExport
from ..tasks import exports as tasks


@transaction.atomic
def request_matrix_pdf(*, comment_round: CommentRound, user, language: str) -> MatrixExport:
    export = MatrixExport.objects.create(round=comment_round, requested_by=user, language=language)
    enqueue_after_commit(tasks.render_matrix_pdf, str(export.pk))
    return export


STALLED_AFTER = datetime.timedelta(minutes=2)
GIVE_UP_AFTER = datetime.timedelta(hours=1)


def render_matrix_export(*, export_id: str) -> str:
    export = (
        MatrixExport.objects.select_related("round__version__plan__group", "requested_by")
        .filter(pk=export_id)
        .first()
    )
    if export is None or export.status == MatrixExport.Status.READY:
        return "skipped"
    started = time.perf_counter()
    comment_round = export.round
    with translation.override(export.language):
        comments = list(matrix_comments(comment_round, export.requested_by))
        content = matrix_pdf(comment_round, comments, language=export.language)
    with transaction.atomic():
        locked = MatrixExport.objects.select_for_update().get(pk=export.pk)
        if locked.status == MatrixExport.Status.READY:
            return "skipped"
        locked.file.save(f"matrix-{comment_round.pk}-{export.pk}.pdf", ContentFile(content), save=False)
        locked.status = MatrixExport.Status.READY
        locked.finished_at = timezone.now()
        locked.render_seconds = time.perf_counter() - started
        locked.save(update_fields=["file", "status", "finished_at", "render_seconds"])
    return "ready"


def render_stalled_exports(*, now=None) -> int:
    """Beat: render exports still pending minutes after they were asked for (the task was lost:
    Redis down when it was queued, or the worker killed mid-render). An hour on, give up."""
    now = now or timezone.now()
    stalled = MatrixExport.objects.filter(
        status=MatrixExport.Status.PENDING, created_at__lt=now - STALLED_AFTER
    )
    stalled.filter(created_at__lt=now - GIVE_UP_AFTER).update(
        status=MatrixExport.Status.FAILED, finished_at=now
    )
    ids = list(stalled.order_by("created_at").values_list("pk", flat=True)[:10])
    return sum(render_matrix_export(export_id=str(pk)) == "ready" for pk in ids)
