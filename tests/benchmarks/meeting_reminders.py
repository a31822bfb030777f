"""Reminder delivery to 35 states × 5 delegates, and to 2,000 people, through a real Celery worker and SMTP sink."""

import datetime
import os
import time

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from meetings import notifications, tasks
from meetings.models import Meeting
from members.models import Delegate, OutboxMessage, User
from members.permissions import DELEGATE
from tests.benchmarks import QUICK, Result
from tests.benchmarks import _fixtures as fixtures

STATES, PER_STATE = 35, 5
# The large fan-out: 40 states × 50 delegates (the 35 states' 5 delegates above included).
LARGE_STATES, LARGE_PER_STATE = 40, 50


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


def _more_delegates(states, per_state: int) -> None:
    """Bring every state to `per_state` active delegates, inserted in bulk."""
    role = Group.objects.get(name=DELEGATE)
    password = make_password(None)
    users = []
    for state in states:
        have = Delegate.objects.filter(member_state=state).count()
        users += [
            User(
                email=f"delegate{n}@{state.iso2.lower()}.example",
                full_name=f"Delegate {n} of {state.name}",
                preferred_language=["en", "es", "fr", "pt"][n % 4],
                password=password,
            )
            for n in range(have, per_state)
        ]
    users = User.objects.bulk_create(users)
    by_domain = {state.iso2.lower(): state for state in states}
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=role.pk) for user in users
    )
    Delegate.objects.bulk_create(
        Delegate(
            user=user,
            member_state=by_domain[user.email.split("@")[1].split(".")[0]],
            start_date=datetime.date(2023, 1, 1),
        )
        for user in users
    )


def _deliver_round(sink, meeting, expected_total) -> tuple[float, float, float]:
    """Wall time from enqueuing the scan task to the sink holding every reminder, CPU time used
    by the worker, and by the sink.

    The worker runs in this process (a thread), the sink in another, so this process's CPU
    time is what the worker spent: a figure that machine load does not inflate. The sink's CPU
    (an SMTP server in Python, on the same two cores) is part of the wall time too.
    """
    as_of = (meeting.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=1)).isoformat()
    started, started_cpu, sink_cpu = time.perf_counter(), time.process_time(), sink.cpu_seconds() or 0.0
    tasks.send_due_reminders.delay(as_of=as_of)
    if not sink.wait_for(expected_total, timeout=60):
        raise RuntimeError(f"only {sink.count} of {expected_total} mails arrived")
    return (
        time.perf_counter() - started,
        time.process_time() - started_cpu,
        (sink.cpu_seconds() or 0.0) - sink_cpu,
    )


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
            cold = _deliver_round(sink, first, n)[0]
            Meeting.objects.filter(pk=first.pk).update(status=Meeting.Status.CANCELLED)
            rounds = [_deliver_round(sink, _meeting(group, number), n * number) for number in (2, 3, 4)]
            for meeting in Meeting.objects.filter(group=group):
                as_of = (meeting.starts_at - datetime.timedelta(hours=23)).isoformat()
                tasks.send_due_reminders.delay(as_of=as_of)
            again = sink.wait_for(4 * n + 1, timeout=3)
            extra = sink.count - 4 * n
            # Statements per mail, counted in this thread (the worker's connection is its own).
            counted = _meeting(group, 5)
            with CaptureQueriesContext(connection) as captured:
                notifications.send_due_reminders(
                    now=counted.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=1)
                )
            sink.wait_for(5 * n, timeout=60)
            per_mail = len(captured) / n
            Meeting.objects.filter(group=group).update(status=Meeting.Status.CANCELLED)

            large_group, large_states = fixtures.organisation(LARGE_STATES)
            _more_delegates(large_states, LARGE_PER_STATE)
            large = LARGE_STATES * LARGE_PER_STATE
            base = sink.count
            large_rounds = [
                _deliver_round(sink, _meeting(large_group, number), base + large * number)
                for number in ((1,) if QUICK else (1, 2, 3))
            ]
    finally:
        settings.MAILERS = saved_mailers
    sent = OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count()
    warm = sorted(wall for wall, _cpu, _sink in rounds)
    cpu = sorted(cpu for _wall, cpu, _sink in rounds)
    sink_cpu = sorted(sink for _wall, _cpu, sink in rounds)
    large_wall = sorted(wall for wall, _cpu, _sink in large_rounds)
    large_cpu = sorted(cpu for _wall, cpu, _sink in large_rounds)
    large_sink = sorted(sink for _wall, _cpu, sink in large_rounds)
    expected = 5 * n + large * len(large_rounds)
    return [
        Result(
            f"reminders to {STATES} states × {PER_STATE} delegates ({n} mails), warm worker",
            warm[1],
            "s",
            target=0.5,
            detail=(
                f"median of 3 (min {warm[0]:.3f}, max {warm[2]:.3f}), worker CPU median {cpu[1]:.3f} s, SMTP sink CPU {sink_cpu[1]:.3f} s; "
                f"first round, cold worker: {cold:.3f} s; one SMTP connection per batch, envelopes pipelined; "
                f"{per_mail:.2f} SQL statements per mail (scan included)"
            ),
        ),
        Result(
            f"reminders to {LARGE_STATES} states × {LARGE_PER_STATE} delegates ({large} mails), warm worker",
            large_wall[len(large_wall) // 2],
            "s",
            target=4.0,
            detail=(
                f"median of {len(large_wall)} (min {large_wall[0]:.3f}, max {large_wall[-1]:.3f}), "
                f"worker CPU median {large_cpu[len(large_cpu) // 2]:.3f} s, "
                f"SMTP sink CPU {large_sink[len(large_sink) // 2]:.3f} s"
            ),
        ),
        Result(
            "scans run again: mails sent a second time",
            extra,
            "mail",
            target=0,
            detail="(waited 3 s)" if not again else "",
        ),
        Result("outbox rows marked sent", sent, "rows", detail=f"expected {expected}"),
    ]
