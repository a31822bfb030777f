"""Workflows on PDF exports of the comment matrix: requested from the page, rendered by a worker."""

import datetime
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
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


GIVE_UP_AFTER = datetime.timedelta(hours=1)


def stalled_after() -> datetime.timedelta:
    """A render claimed longer ago than this is taken as dropped by a dead worker."""
    return datetime.timedelta(seconds=settings.PLENARY_RENDER_STALL_SECONDS)


def claim(export_id, *, now=None) -> bool:
    """Take the export for one render: of two tasks or scans at once, one UPDATE matches.

    A claim older than the stall period is a dead worker's and may be taken again.
    """
    now = now or timezone.now()
    return bool(
        MatrixExport.objects.filter(pk=export_id, status=MatrixExport.Status.PENDING)
        .filter(Q(started_at__isnull=True) | Q(started_at__lt=now - stalled_after()))
        .update(started_at=now)
    )


def render_matrix_export(*, export_id: str) -> str:
    if not claim(export_id):
        return "skipped"  # made, given up, or being made by a live worker
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
    """Beat: render exports still pending minutes after they were asked for and not being made by a
    live worker (the task was lost: Redis down when it was queued, or the worker killed mid-render).
    Each render claims its export first, so two scans at once (two beat processes) render it once.
    An hour on, give up."""
    now = now or timezone.now()
    cutoff = now - stalled_after()
    stalled = MatrixExport.objects.filter(status=MatrixExport.Status.PENDING, created_at__lt=cutoff).filter(
        Q(started_at__isnull=True) | Q(started_at__lt=cutoff)
    )
    stalled.filter(created_at__lt=now - GIVE_UP_AFTER).update(
        status=MatrixExport.Status.FAILED, finished_at=now
    )
    ids = list(stalled.order_by("created_at").values_list("pk", flat=True)[:10])
    return sum(render_matrix_export(export_id=str(pk)) == "ready" for pk in ids)
