"""Two beat processes (a deployment mistake, or an old beat still running during a rollout): every
periodic scan runs twice, at nearly the same moments, in two workers. Nothing may be sent, published
or rendered twice. Real PostgreSQL, Redis, SMTP sink and Celery worker processes, loopback only.
"""

import datetime
import re
import time
from collections import Counter

import pytest
from django.utils import timezone

from members.models import OutboxMessage
from press import services as press_services
from press.models import PressRelease
from tests.faults.harness import FaultySmtp, Worker, wait_until
from tests.faults.test_outbox_faults import all_sent, fan_out
from tests.faults.test_redis_faults import own_redis  # noqa: F401 (fixture)
from tests.meetings.delivery_fixtures import make_delegations, make_meeting
from tests.press.helpers import draft_release, published_release
from tests.workplans.conftest import comment_on, make_plan, make_round
from workplans.models import MatrixExport

pytestmark = [
    pytest.mark.needs("postgres", "redis"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every scan every 2 s in each beat, so a 20 s window runs each about ten times per beat.
FAST = {
    "PLENARY_OUTBOX_LEASE_SECONDS": "6",
    "PLENARY_OUTBOX_SCAN_SECONDS": "2",
    "PLENARY_RENDER_STALL_SECONDS": "20",
    "PLENARY_RENDER_SCAN_SECONDS": "2",
    "PLENARY_MINUTE_SCAN_SECONDS": "2",
}


def due_work(group, us, secretariat):
    """One of each thing a scan does: mail owed, reminders due, a release to publish, renders lost."""
    five_minutes_ago = timezone.now() - datetime.timedelta(minutes=5)
    delegates = make_delegations(group, states=3, per_state=2)
    make_meeting(group, starts_at=timezone.now() + datetime.timedelta(days=3))  # its reminder is due
    version = make_plan(group, us, secretariat).versions.get()
    comment_round = make_round(
        version, secretariat, closes=timezone.now() + datetime.timedelta(hours=20)
    )  # opened and closing: notices and a reminder due
    for paragraph in version.paragraphs.all():  # a matrix that takes seconds to render
        for delegate in delegates[::2]:
            comment_on(comment_round, delegate, paragraph, body="We support this paragraph. " * 20)
    lost_pdf = published_release(group, title="PDF lost")
    PressRelease.objects.filter(pk=lost_pdf.pk).update(
        changed_at=five_minutes_ago, pdf="", pdf_made_at=None, pdf_claimed_at=None
    )
    scheduled = press_services.submit_press_release_for_review(
        release=draft_release(group, title="Scheduled")
    )
    press_services.schedule_press_release(
        release=scheduled, publish_at=timezone.now() + datetime.timedelta(seconds=1)
    )
    PressRelease.objects.filter(pk=scheduled.pk).update(publish_at=five_minutes_ago)
    export = MatrixExport.objects.create(
        round=comment_round, requested_by=secretariat, created_at=five_minutes_ago
    )
    expected = fan_out(40, "beat")
    return scheduled, export, expected


def renders(logs) -> Counter:
    """Renders done, read from the workers' task results: scans return how many they made."""
    done = Counter()
    for log in logs:
        for task, result in re.findall(r"Task ([\w.]+)\[[^\]]+\] succeeded in [\d.e-]+s: (\S+)", log):
            name = task.rsplit(".", 1)[1]
            if name in ("make_missing_pdfs", "render_stalled_exports"):
                done["press" if name == "make_missing_pdfs" else "matrix"] += int(result)
            elif name == "make_press_release_pdf" and result == "True":
                done["press"] += 1
            elif name == "render_matrix_pdf" and result == "'ready'":
                done["matrix"] += 1
    return done


def pdfs(tmp_path, folder: str) -> list:
    return sorted(p.name for p in tmp_path.glob(f"*/media/{folder}/**/*.pdf"))


def test_two_beat_processes_send_publish_and_render_nothing_twice(
    own_redis,  # noqa: F811
    tmp_path,
    settings,
    group,
    us,
    secretariat,
    monkeypatch,
):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    with FaultySmtp(delay=0.02) as smtp:
        workers = [
            Worker(tmp_path / name, redis_url=own_redis.url, smtp_port=smtp.port, env=FAST, name=name)
            for name in ("a", "b")
        ]
        try:
            for worker in workers:
                worker.start()
            for worker in workers:
                assert wait_until(lambda w=worker: "ready." in w.log(), 90), worker.log()
            # The work appears while both beats run, so their next scans (2 s apart at most) meet
            # on it. The PDF tasks of the releases are "lost": only the scans may render them.
            real_enqueue = press_services.enqueue_after_commit
            monkeypatch.setattr(
                press_services,
                "enqueue_after_commit",
                lambda task, *a, **k: (
                    None if task.name.endswith("make_press_release_pdf") else real_enqueue(task, *a, **k)
                ),
            )
            scheduled, export, expected = due_work(group, us, secretariat)
            started = time.monotonic()
            time.sleep(20)  # each beat runs every scan about ten times

            def done():
                scheduled.refresh_from_db()
                return (
                    all_sent()
                    and scheduled.status == PressRelease.Status.PUBLISHED
                    and MatrixExport.objects.get(pk=export.pk).status == MatrixExport.Status.READY
                    and len(pdfs(tmp_path, "press/pdf")) >= 2
                )

            assert wait_until(done, 90, every=0.5), "\n".join(w.log()[-4000:] for w in workers)
            elapsed = time.monotonic() - started
            time.sleep(4)  # a late duplicate would show now
        finally:
            for worker in workers:
                worker.stop()
        logs = [worker.log() for worker in workers]

    # Both beats really ran every scan.
    for log in logs:
        for task in ("deliver_outbox", "send_due_reminders", "send_due_round_reminders", "make_missing_pdfs",
                     "render_stalled_exports", "publish_due_press_releases"):  # fmt: skip
            assert "Sending due task" in log and task in log, task
    messages = Counter((str(m["To"]), str(m["Subject"])) for m in smtp.messages)
    duplicated = sum(n - 1 for n in messages.values())
    rows = OutboxMessage.objects.count()
    lost = len(set(expected) - {to for to, _subject in messages})
    press_pdfs, matrix_pdfs = pdfs(tmp_path, "press/pdf"), pdfs(tmp_path, "workplans/matrix")
    made = renders(logs)
    scheduled.refresh_from_db()
    print(
        f"\nFAULT two-beats: messages={smtp.count} outbox_rows={rows} lost={lost} duplicated={duplicated}"
        f" press_renders={made['press']} matrix_renders={made['matrix']} press_pdfs={len(press_pdfs)}"
        f" matrix_pdfs={len(matrix_pdfs)} window_s={elapsed:.0f}"
    )
    assert duplicated == 0 and lost == 0
    assert smtp.count == rows  # one message per outbox row, reminders and notices included
    assert OutboxMessage.objects.filter(kind__contains="reminder").exists()
    assert made == {"press": 2, "matrix": 1}  # the lost PDF and the scheduled release's; the export
    assert len(press_pdfs) == 2 and len(matrix_pdfs) == 1
    assert PressRelease.objects.filter(pk=scheduled.pk, status=PressRelease.Status.PUBLISHED).count() == 1
    assert scheduled.reference  # numbered once


def test_two_scans_at_the_same_moment_render_each_lost_pdf_once(
    group, us, secretariat, settings, tmp_path, monkeypatch
):
    """The race the claims close, made certain: each render takes a second, and the two beats'
    scans start together in two threads (two database connections)."""
    import threading

    from config import pdf as config_pdf
    from press import services as press_services_module
    from workplans.services import exports as export_services

    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(press_services_module, "enqueue_after_commit", lambda *a, **k: None)
    version = make_plan(group, us, secretariat).versions.get()
    comment_round = make_round(version, secretariat)
    release = published_release(group, title="PDF lost")
    five_minutes_ago = timezone.now() - datetime.timedelta(minutes=5)
    PressRelease.objects.filter(pk=release.pk).update(changed_at=five_minutes_ago, pdf="", pdf_made_at=None)
    MatrixExport.objects.create(round=comment_round, requested_by=secretariat, created_at=five_minutes_ago)

    calls = Counter()

    def slow(kind):
        def render(*args, **kwargs):
            calls[kind] += 1
            time.sleep(1.0)
            return b"%PDF-1.7 test"

        return render

    monkeypatch.setattr(config_pdf, "render_pdf", slow("press"))
    monkeypatch.setattr(export_services, "matrix_pdf", slow("matrix"))
    start = threading.Barrier(2)

    def beat():
        from django.db import connection

        start.wait()
        try:
            press_services.make_missing_pdfs()
            export_services.render_stalled_exports()
        finally:
            connection.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    print(f"\nFAULT two-scans-at-once: press_renders={calls['press']} matrix_renders={calls['matrix']}")
    assert calls == {"press": 1, "matrix": 1}
