"""Redis down: public pages and staff forms keep working; queued work waits in the database."""

import time
from datetime import timedelta

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse

from config.cache import DegradingRedisCache
from config.celery import app
from meetings.models import Meeting
from members.models import OutboxMessage
from press import cache as newsroom_cache
from press import services as press_services
from press import tasks as press_tasks
from press.models import PressRelease
from tests.faults.harness import FaultySmtp, RedisServer, Worker, wait_until
from tests.meetings.factories import MeetingFactory
from tests.press.helpers import draft_release, published_release

pytestmark = [
    pytest.mark.needs("postgres", "redis"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def own_redis(settings):
    """This process's cache and broker on a Redis server the test may stop."""
    with RedisServer() as redis:
        settings.CACHES = {
            "default": {
                "BACKEND": "config.cache.DegradingRedisCache",
                "LOCATION": redis.url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
            }
        }
        saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
        app.conf.update(broker_url=redis.url, task_always_eager=False)
        app._pool = None
        app.amqp._producer_pool = None
        newsroom_cache.reset_local()
        DegradingRedisCache.down_until = 0.0
        try:
            yield redis
        finally:
            app.conf.update(saved)
            app._pool = None
            app.amqp._producer_pool = None
            newsroom_cache.reset_local()
            DegradingRedisCache.down_until = 0.0


def test_with_redis_down_visitors_read_the_newsroom_and_staff_schedule_a_meeting_whose_notices_follow(
    own_redis, tmp_path, settings, client, secretariat_client, group, delegate_us, delegate_br
):
    settings.MEDIA_ROOT = tmp_path / "media"
    release = published_release(group, title="Charter anniversary")
    to_publish = press_services.submit_press_release_for_review(
        release=draft_release(group, title="Declaration")
    )
    meeting = MeetingFactory(group=group, number=7, status=Meeting.Status.DRAFT)
    assert client.get(reverse("press:list")).status_code == 200  # cached while Redis is up

    own_redis.stop()
    newsroom_cache.reset_local()  # another web process: nothing in its own memory
    started = time.monotonic()
    newsroom = client.get(reverse("press:list"))
    login = Client().post(reverse("account_login"), {"login": "nobody@example.org", "password": "wrong"})
    scheduled = secretariat_client.post(reverse("meetings:schedule", kwargs={"pk": meeting.pk}))
    published = secretariat_client.post(reverse("press:publish", kwargs={"pk": to_publish.pk}))
    elapsed = time.monotonic() - started

    assert newsroom.status_code == 200
    assert release.title in newsroom.content.decode()
    assert login.status_code == 200  # the form again, with its error: not a 500
    assert scheduled.status_code == 302
    assert published.status_code == 302
    to_publish.refresh_from_db()
    assert to_publish.status == PressRelease.Status.PUBLISHED and not to_publish.pdf  # its PDF task was lost
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED
    owed = OutboxMessage.objects.filter(subject_key__endswith=f":{meeting.pk}")
    assert owed.count() >= 2 and not owed.filter(status=OutboxMessage.Status.SENT).exists()
    assert elapsed < 10

    own_redis.start()
    with FaultySmtp() as smtp:
        worker = Worker(
            tmp_path, redis_url=own_redis.url, smtp_port=smtp.port, env={"PLENARY_OUTBOX_SCAN_SECONDS": "2"}
        )
        try:
            worker.start()
            assert wait_until(lambda: not owed.exclude(status=OutboxMessage.Status.SENT).exists(), 60), (
                worker.log()
            )
        finally:
            worker.stop()
    assert sorted(smtp.by_recipient().values()) == [1] * owed.count()
    # A minute after publication the beat scan makes the PDF whose task was lost.
    PressRelease.objects.filter(pk=to_publish.pk).update(changed_at=F("changed_at") - timedelta(minutes=1))
    press_tasks.make_missing_pdfs.apply()
    to_publish.refresh_from_db()
    assert to_publish.pdf.read(5) == b"%PDF-"
    print(f"\nFAULT redis-down: requests_s={elapsed:.2f} notices={owed.count()} lost=0 duplicated=0")


def test_a_worker_busy_when_redis_restarts_keeps_running_and_finishes_the_fan_out(tmp_path):
    from tests.faults.test_outbox_faults import all_sent, fan_out

    expected = fan_out(20, "restart")
    with RedisServer() as redis, FaultySmtp(delay=0.4) as smtp:
        worker = Worker(
            tmp_path, redis_url=redis.url, smtp_port=smtp.port, env={"PLENARY_OUTBOX_SCAN_SECONDS": "2"}
        )
        try:
            worker.start()
            assert wait_until(lambda: smtp.count >= 3, 60), worker.log()
            redis.stop()
            time.sleep(2)
            redis.start()
            assert wait_until(all_sent, 60), worker.log()
            more = fan_out(5, "after")  # delivered by the beat scan through the new connection
            assert wait_until(all_sent, 30), worker.log()
            time.sleep(3)  # the late acknowledgement of the task that ran across the restart
            assert worker.process.poll() is None, worker.log()
        finally:
            worker.stop()

    got = smtp.by_recipient()
    assert set(got) == set(expected + more)
    print(f"\nFAULT redis-restart: lost=0 duplicated={sum(n - 1 for n in got.values())} worker_alive=True")
    assert "Unrecoverable error" not in worker.log()
