"""Reminder delivery to 35 states × 5 delegates through a real Celery worker and SMTP sink."""

import datetime
import os
import time

from django.conf import settings
from django.utils import timezone

from meetings import tasks
from meetings.models import Meeting
from members.models import OutboxMessage
from tests.benchmarks import Result
from tests.benchmarks import _fixtures as fixtures

STATES, PER_STATE = 35, 5


def _meeting(group, number):
    starts = timezone.now() + datetime.timedelta(days=3)
    return Meeting.objects.create(
        group=group,
        number=number,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        time_zone="America/New_York",
        status=Meeting.Status.SCHEDULED,
        video_link="https://video.example/bench",
    )


def _deliver_round(sink, meeting, expected_total) -> tuple[float, float]:
    """Wall time from enqueuing the scan task to the sink holding every reminder, and CPU time used.

    The worker runs in this process (a thread), the sink in another, so this process's CPU
    time is what the worker spent: a figure that machine load does not inflate.
    """
    as_of = (meeting.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=1)).isoformat()
    started, started_cpu = time.perf_counter(), time.process_time()
    tasks.send_due_reminders.delay(as_of=as_of)
    if not sink.wait_for(expected_total, timeout=60):
        raise RuntimeError(f"only {sink.count} of {expected_total} mails arrived")
    return time.perf_counter() - started, time.process_time() - started_cpu


def run() -> list[Result]:
    if not os.environ.get("REDIS_URL"):
        print("skipped: needs REDIS_URL (run it with `make bench`, which starts Redis)")
        return []
    from config.celery import app
    from tests.live_delivery import SmtpSinkProcess, real_worker

    group, states = fixtures.organisation(STATES)
    people = fixtures.delegates(states, PER_STATE)
    n = len(people)
    saved_mailers = settings.MAILERS
    try:
        with SmtpSinkProcess() as sink, real_worker(app):
            settings.MAILERS = sink.mailers()
            first = _meeting(group, 1)
            cold, _cpu = _deliver_round(sink, first, n)
            Meeting.objects.filter(pk=first.pk).update(status=Meeting.Status.CANCELLED)
            rounds = [_deliver_round(sink, _meeting(group, number), n * number) for number in (2, 3, 4)]
            for meeting in Meeting.objects.filter(group=group):
                as_of = (meeting.starts_at - datetime.timedelta(hours=23)).isoformat()
                tasks.send_due_reminders.delay(as_of=as_of)
            again = sink.wait_for(4 * n + 1, timeout=3)
            extra = sink.count - 4 * n
    finally:
        settings.MAILERS = saved_mailers
    sent = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()
    warm = sorted(wall for wall, _cpu in rounds)
    cpu = sorted(cpu for _wall, cpu in rounds)
    return [
        Result(
            f"reminders to {STATES} states × {PER_STATE} delegates ({n} mails), warm worker",
            warm[1],
            "s",
            target=0.5,
            detail=(
                f"median of 3 (min {warm[0]:.3f}, max {warm[2]:.3f}), worker CPU median {cpu[1]:.3f} s; "
                f"first round, cold worker: {cold:.3f} s; one SMTP connection per batch"
            ),
        ),
        Result(
            "scans run again: mails sent a second time",
            extra,
            "mail",
            target=0,
            detail="(waited 3 s)" if not again else "",
        ),
        Result("outbox rows marked sent", sent, "rows", detail=f"expected {4 * n}"),
    ]
