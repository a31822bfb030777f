"""Renders under faults, on real PostgreSQL, Redis and Celery worker processes.

A render claims its object when it starts (`MatrixExport.started_at`, `PressRelease.pdf_claimed_at`);
the worker runs here with a 6 s stall period and a 2 s render scan so a kill and its recovery fit in
seconds (production: 120 s and 60 s, so a dead worker's render is taken up within about three minutes).
"""

import time

import pytest
from django.urls import reverse

from tests.faults.harness import FaultySmtp, Worker, wait_until
from tests.faults.test_redis_faults import own_redis  # noqa: F401 (fixture)
from tests.workplans.conftest import comment_on, make_plan, make_round
from workplans.models import MatrixExport
from workplans.services import exports as export_services

pytestmark = [
    pytest.mark.needs("postgres", "redis"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAST = {"PLENARY_RENDER_STALL_SECONDS": "6", "PLENARY_RENDER_SCAN_SECONDS": "2"}


def a_round_with_comments(group, us, secretariat, delegates):
    version = make_plan(group, us, secretariat).versions.get()
    comment_round = make_round(version, secretariat)
    for paragraph in version.paragraphs.all():
        for delegate in delegates:
            comment_on(comment_round, delegate, paragraph, body="We support this paragraph. " * 20)
    return comment_round


def status_page(client, export) -> str:
    response = client.get(reverse("workplans:export", args=[export.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_matrix_export_whose_worker_is_killed_mid_render_is_made_by_the_scan_within_seconds(
    own_redis,  # noqa: F811
    tmp_path,
    settings,
    group,
    us,
    secretariat,
    secretariat_client,
    delegate_us,
    delegate_br,
):
    settings.MEDIA_ROOT = tmp_path / "media"
    comment_round = a_round_with_comments(group, us, secretariat, [delegate_us, delegate_br])
    with FaultySmtp() as smtp:
        worker = Worker(tmp_path, redis_url=own_redis.url, smtp_port=smtp.port, env=FAST)
        try:
            worker.start()
            # Asked for from the page's service: the task goes to Redis when the request commits.
            export = export_services.request_matrix_pdf(
                comment_round=comment_round, user=secretariat, language="en"
            )
            claimed = MatrixExport.objects.filter(pk=export.pk, started_at__isnull=False)
            assert wait_until(claimed.exists, 90, every=0.02), worker.log()
            worker.kill()  # the render has begun and not finished: WeasyPrint takes seconds
            killed = time.monotonic()
            export.refresh_from_db()
            assert export.status == MatrixExport.Status.PENDING, "the render finished before the kill"
            first_claim = export.started_at

            # Meanwhile the person who asked reads that it is being prepared, and the page polls.
            page = status_page(secretariat_client, export)
            assert "The PDF is being prepared" in page and "every 2s" in page

            worker.start()
            # Start-up alone (Django, Celery) takes 5-30 s on a shared machine: measured apart.
            assert wait_until(lambda: "ready." in (tmp_path / f"worker-{worker.starts}.log").read_text(), 90)
            restarted = time.monotonic()
            retaken = MatrixExport.objects.filter(pk=export.pk, started_at__gt=first_claim)
            assert wait_until(retaken.exists, 60, every=0.2), worker.log()
            requeued_s = time.monotonic() - killed
            after_restart_s = time.monotonic() - restarted
            ready = MatrixExport.objects.filter(pk=export.pk, status=MatrixExport.Status.READY)
            assert wait_until(ready.exists, 90, every=0.2), worker.log()
            made_s = time.monotonic() - killed
        finally:
            worker.stop()

    export.refresh_from_db()
    assert (tmp_path / "media" / export.file.name).read_bytes()[:5] == b"%PDF-"  # the worker's storage
    assert "Download the comment matrix (PDF)" in status_page(secretariat_client, export)
    print(
        f"\nFAULT render-sigkill: requeued_s={requeued_s:.1f} (after_worker_ready_s={after_restart_s:.1f})"
        f" ready_s={made_s:.1f} renders_saved=1"
    )
    # The stall period (6 s) and a scan period (2 s) after the kill, once a worker runs again.
    assert requeued_s < 60
