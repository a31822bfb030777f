"""The outbox under faults, on real PostgreSQL, Redis, SMTP and Celery worker processes.

Each test is bounded in time; the worker runs with a short lease and scan period so a fault
and its recovery fit in seconds (production: 45 s lease, 15 s scan, so a dead worker's mail
is taken up again within a minute).
"""

import time

import pytest
from django.contrib.auth.hashers import make_password

from members import services
from members.models import OutboxMessage, User
from tests.faults.harness import FaultySmtp, RedisServer, Worker, wait_until
from tests.members import notifications as greeting

pytestmark = [
    pytest.mark.needs("postgres", "redis"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FAST = {"PLENARY_OUTBOX_LEASE_SECONDS": "6", "PLENARY_OUTBOX_SCAN_SECONDS": "2"}


def fan_out(count: int, subject: str) -> list[str]:
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"{subject}-{n}@example.org", password=password) for n in range(count)
    )
    services.enqueue(kind=greeting.KIND, subject_key=subject, recipients=users)
    return [user.email for user in users]


def all_sent() -> bool:
    return not OutboxMessage.objects.exclude(status=OutboxMessage.Status.SENT).exists()


def report(name, smtp, expected, **figures):
    got = smtp.by_recipient()
    lost = len(set(expected) - set(got))
    duplicated = sum(n - 1 for n in got.values())
    print(
        f"\nFAULT {name}: lost={lost} duplicated={duplicated} "
        + " ".join(f"{k}={v}" for k, v in figures.items())
    )
    return lost, duplicated


def test_a_worker_killed_mid_fan_out_loses_nothing_and_repeats_at_most_one_message(tmp_path):
    expected = fan_out(500, "kill")
    with RedisServer() as redis, FaultySmtp(delay=0.01) as smtp:
        worker = Worker(tmp_path, redis_url=redis.url, smtp_port=smtp.port, env=FAST)
        try:
            worker.start()
            assert wait_until(lambda: smtp.count >= 250, 120), worker.log()  # half-way
            worker.kill()
            at_kill = smtp.count
            assert at_kill < 500, "the fan-out finished before the kill; nothing was tested"
            restarted = time.monotonic()
            worker.start()
            assert wait_until(lambda: len(smtp.by_recipient()) == 500 and all_sent(), 60, every=0.5), (
                worker.log()
            )
            recovery = time.monotonic() - restarted
        finally:
            worker.stop()

    lost, duplicated = report("sigkill", smtp, expected, at_kill=at_kill, recovery_s=round(recovery, 1))
    assert lost == 0
    assert duplicated <= 1
    assert all(len(set(ids)) == 1 for ids in smtp.duplicates().values())  # a copy keeps its Message-ID
    assert recovery < 60


def test_a_slow_mail_server_never_gets_a_message_twice(tmp_path):
    """2 s per message, a 6 s lease: the fan-out outlives the lease many times over."""
    expected = fan_out(15, "slow")
    with RedisServer() as redis, FaultySmtp(delay=2.0) as smtp:
        # Two workers scanning every 2 s: either would take over rows whose lease lapsed.
        workers = [
            Worker(tmp_path / str(n), redis_url=redis.url, smtp_port=smtp.port, env=FAST) for n in (1, 2)
        ]
        for worker in workers:
            worker.tmp_path.mkdir()
            worker.start()
        try:
            assert wait_until(lambda: all_sent(), 60), workers[0].log()
            time.sleep(3)  # a duplicate would arrive within a send time
        finally:
            for worker in workers:
                worker.stop()

    lost, duplicated = report("slow-smtp", smtp, expected)
    assert (lost, duplicated) == (0, 0)


def test_mail_queued_while_the_mail_server_is_down_is_delivered_once_it_is_back(tmp_path):
    expected = fan_out(50, "down")
    retry = {**FAST, "PLENARY_OUTBOX_RETRY_SECONDS": "1", "PLENARY_OUTBOX_RETRY_MAX_SECONDS": "4"}
    with RedisServer() as redis:
        smtp = FaultySmtp()  # not listening yet: connections are refused
        worker = Worker(tmp_path, redis_url=redis.url, smtp_port=smtp.port, env=retry)
        try:
            worker.start()
            assert wait_until(lambda: OutboxMessage.objects.filter(attempts__gte=3).count() == 50, 60), (
                worker.log()
            )
            assert not OutboxMessage.objects.filter(status=OutboxMessage.Status.FAILED).exists()
            smtp.up()
            assert wait_until(all_sent, 30), worker.log()
        finally:
            worker.stop()
            smtp.down()

    lost, duplicated = report("smtp-down", smtp, expected)
    assert (lost, duplicated) == (0, 0)
