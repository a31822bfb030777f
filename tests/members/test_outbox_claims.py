"""The outbox's claims: each row marked sent as soon as it is accepted, leases checked before
each send, the Message-ID kept on the row, and undelivered mail put back by staff."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from members import services
from members.models import OutboxMessage
from tests.factories import UserFactory
from tests.members import notifications as greeting
from tests.members.mail_backends import CountingBackend

KIND = greeting.KIND


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, not even `except Exception` blocks."""


@pytest.fixture
def counting_mailer(settings):
    CountingBackend.reset()
    settings.MAILERS = {"default": {"BACKEND": "tests.members.mail_backends.CountingBackend"}}
    yield CountingBackend
    CountingBackend.reset()


@pytest.fixture
def people(db):
    return [UserFactory(email=f"person{n}@example.org") for n in range(5)]


def _status(person):
    return OutboxMessage.objects.get(recipient=person).status


def test_each_message_is_marked_sent_as_soon_as_it_is_accepted(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    seen = []

    def die_at_the_fourth(message):
        seen.append(message)
        if len(seen) == 4:
            raise WorkerKilled

    counting_mailer.before_send = die_at_the_fourth
    with pytest.raises(WorkerKilled):
        services.deliver_pending()

    rows = list(OutboxMessage.objects.order_by("pk"))
    assert [row.status for row in rows] == ["sent"] * 3 + ["sending"] * 2
    assert len(mail.outbox) == 3


def test_a_resend_after_a_crash_carries_the_same_message_id(people, counting_mailer, settings):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    ids = []

    def accept_then_die(message):
        ids.append(message.extra_headers["Message-ID"])
        if len(ids) == 1:
            raise WorkerKilled  # as if the server accepted it and the worker died before marking it

    counting_mailer.before_send = accept_then_die
    with pytest.raises(WorkerKilled):
        services.deliver_pending()
    OutboxMessage.objects.update(claimed_at=timezone.now() - datetime.timedelta(minutes=5))

    assert services.deliver_pending().sent == 1
    assert ids[0] == ids[1] == OutboxMessage.objects.get().message_id
    assert ids[0].startswith("<outbox-")


def test_a_row_another_worker_took_over_mid_batch_is_not_sent_by_the_first(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:3])
    last = OutboxMessage.objects.order_by("pk").last()

    def steal_the_last_row(message):
        # Our lease lapsed (a slow server) and a second worker claimed the last row.
        OutboxMessage.objects.filter(pk=last.pk).update(claim_token="other-worker", claimed_at=timezone.now())

    counting_mailer.before_send = steal_the_last_row
    report = services.deliver_pending()

    assert (report.sent, report.taken_over) == (2, 1)
    assert people[2].email not in {m.to[0] for m in mail.outbox}
    assert OutboxMessage.objects.get(pk=last.pk).claim_token == "other-worker"


def test_each_send_renews_the_lease_of_the_row_it_sends(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:2])
    claimed = services.claim()
    OutboxMessage.objects.update(claimed_at=timezone.now() - datetime.timedelta(seconds=40))
    renewed = []
    counting_mailer.before_send = lambda message: renewed.append(
        OutboxMessage.objects.get(recipient__email=message.to[0]).claimed_at
    )

    services._deliver_batch(claimed)

    assert all(timezone.now() - when < datetime.timedelta(seconds=5) for when in renewed)


def test_an_smtp_outage_puts_every_message_back_for_a_retry_and_fails_none(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    counting_mailer.drop_connection_after = 0

    report = services.deliver_pending()

    assert (report.sent, report.retrying, report.failed) == (0, 5, 0)
    assert OutboxMessage.objects.filter(status="pending", next_attempt_at__gt=timezone.now()).count() == 5


def test_resend_puts_failed_and_waiting_messages_back_now_and_leaves_sent_ones(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:3])
    failed, waiting, sent = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=failed.pk).update(status="failed", attempts=40, message_id="<x@y>")
    OutboxMessage.objects.filter(pk=waiting.pk).update(
        attempts=2, next_attempt_at=timezone.now() + datetime.timedelta(hours=1)
    )
    OutboxMessage.objects.filter(pk=sent.pk).update(status="sent", attempts=1)

    assert services.resend(message_ids=[failed.pk, waiting.pk, sent.pk]) == 2

    assert services.deliver_pending().sent == 2
    assert _status(people[2]) == "sent"
    assert [m.extra_headers["Message-ID"] for m in mail.outbox if m.to == [people[0].email]] == ["<x@y>"]


def test_undelivered_lists_failed_and_retrying_messages_only(people):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:4])
    fresh, retrying, failed, sent = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=retrying.pk).update(attempts=1)
    OutboxMessage.objects.filter(pk=failed.pk).update(status="failed", attempts=9)
    OutboxMessage.objects.filter(pk=sent.pk).update(status="sent", attempts=1)

    assert set(OutboxMessage.objects.undelivered()) == {retrying, failed}
