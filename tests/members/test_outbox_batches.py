"""The batch path of the outbox: a batch is claimed at once, each email checked and marked under
the batch's claim token (one statement per email), and none is lost or sent twice when a lease
is taken over mid-batch, when SMTP fails mid-batch, when the worker dies, or when workers race."""

import datetime
import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members import services
from members.models import OutboxMessage
from tests.factories import UserFactory
from tests.members import notifications as greeting
from tests.members.mail_backends import CountingBackend

KIND = greeting.KIND
LONG_AGO = datetime.timedelta(minutes=10)


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
    return [UserFactory(email=f"person{n}@example.org") for n in range(6)]


def received() -> Counter:
    return Counter(message.to[0] for message in mail.outbox)


def lapse_leases(**filters):
    """As if the worker holding these rows had stopped renewing them long ago."""
    OutboxMessage.objects.filter(status="sending", **filters).update(claimed_at=timezone.now() - LONG_AGO)


def test_the_claim_gives_every_row_of_the_batch_one_token_and_its_own_message_id(people):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    claimed = services.claim()

    assert len({row.claim_token for row in claimed}) == 1
    assert all(row.status == "sending" and row.attempts == 1 for row in claimed)
    assert len({row.message_id for row in claimed}) == len(people)
    assert all(row.message_id.startswith(f"<outbox-{row.pk}.") for row in claimed)


def test_a_second_worker_taking_over_the_rest_mid_batch_sends_them_and_the_first_does_not(
    people, counting_mailer
):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    first_row = OutboxMessage.objects.order_by("pk").first()
    second_reports = []

    def stall_then_second_worker(message):
        if second_reports:
            return
        # The first worker stalls on its first message long enough for the other rows' leases
        # to lapse; a second worker's scan takes them over and sends them.
        lapse_leases(pk__gt=first_row.pk)
        second_reports.append(None)
        second_reports.append(services.deliver_pending())

    counting_mailer.before_send = stall_then_second_worker
    first = services.deliver_pending()

    second = second_reports[1]
    assert (first.sent, first.taken_over) == (1, len(people) - 1)
    assert (second.sent, second.taken_over) == (len(people) - 1, 0)
    assert received() == {person.email: 1 for person in people}
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_an_accepted_row_whose_claim_was_taken_over_is_left_to_its_new_worker(
    people, counting_mailer, caplog
):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:3])
    middle = OutboxMessage.objects.order_by("pk")[1]

    def steal_while_sending(message):
        if message.to == [people[1].email]:
            # The lease lapsed while this very message was with a slow server.
            OutboxMessage.objects.filter(pk=middle.pk).update(claim_token="other-worker")

    counting_mailer.before_send = steal_while_sending
    report = services.deliver_pending()

    # Marking it sent would take the row from the worker that now holds it: the row stays
    # that worker's, whatever it does with it; only a warning says a copy may go out.
    middle.refresh_from_db()
    assert (middle.status, middle.claim_token) == ("sending", "other-worker")
    assert "was sent after its claim was taken over" in caplog.text
    assert report.sent == 3
    assert OutboxMessage.objects.filter(status="sent").count() == 2


def test_smtp_failing_mid_batch_retries_the_unsent_later_and_never_resends_the_sent(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    counting_mailer.drop_connection_after = 3

    report = services.deliver_pending()

    assert (report.sent, report.retrying, report.failed) == (3, 3, 0)
    assert OutboxMessage.objects.filter(status="sent").count() == 3
    waiting = OutboxMessage.objects.filter(status="pending", next_attempt_at__gt=timezone.now())
    assert waiting.count() == 3
    assert services.deliver_pending().sent == 0  # not before their retry time
    counting_mailer.drop_connection_after = None
    waiting.update(next_attempt_at=timezone.now() - datetime.timedelta(seconds=1))

    assert services.deliver_pending().sent == 3
    assert received() == {person.email: 1 for person in people}
    assert services.deliver_pending().sent == 0


def test_a_message_refused_mid_batch_is_retried_alone(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    counting_mailer.refuse = {people[2].email}

    report = services.deliver_pending()

    assert (report.sent, report.retrying) == (5, 1)
    counting_mailer.refuse = set()
    OutboxMessage.objects.update(next_attempt_at=None)
    assert services.deliver_pending().sent == 1
    assert received() == {person.email: 1 for person in people}


def test_a_worker_killed_after_the_last_send_of_a_batch_repeats_that_one_message_only(
    people, counting_mailer, monkeypatch
):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    take = services._Claim.take

    def die_before_marking_the_last(self, message, *, sent=None):
        if message is None:
            raise WorkerKilled
        return take(self, message, sent=sent)

    monkeypatch.setattr(services._Claim, "take", die_before_marking_the_last)
    with pytest.raises(WorkerKilled):
        services.deliver_pending()
    monkeypatch.undo()

    assert OutboxMessage.objects.filter(status="sent").count() == len(people) - 1
    last = OutboxMessage.objects.get(status="sending")
    assert services.deliver_pending().sent == 0  # its lease still holds
    lapse_leases()
    assert services.deliver_pending().sent == 1
    counts = received()
    assert counts[last.recipient.email] == 2  # accepted in the instant before the crash
    assert sum(counts.values()) == len(people) + 1
    assert len({m.extra_headers["Message-ID"] for m in mail.outbox if m.to == [last.recipient.email]}) == 1


def test_each_email_costs_one_statement_besides_the_batch(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    with CaptureQueriesContext(connection) as captured:
        assert services.deliver_pending().sent == len(people)

    # Claim (select, update, load), the renderer's queries (none here), one statement per
    # email, one to mark the last, and the closing claim that finds nothing.
    updates = [q["sql"] for q in captured if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1 + len(people) + 1


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_workers_scanning_at_once_with_lapsing_leases_send_each_message_once(counting_mailer, settings):
    settings.PLENARY_OUTBOX_LEASE_SECONDS = 0  # every row is fair game for another worker at once
    people = [UserFactory() for _ in range(60)]
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    reports, errors = [], []
    start = threading.Barrier(3)

    def worker():
        try:
            start.wait(10)
            reports.append(services.deliver_pending(batch_size=7))
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert connection.vendor == "postgresql"
    assert not errors
    # A zero lease lets a worker take over a row another is sending: that row can go out
    # twice (the case leases exist for), but nothing is lost and nothing is marked twice.
    assert set(received()) == {person.email for person in people}
    assert set(OutboxMessage.objects.values_list("status", flat=True)) == {"sent"}
    assert sum(report.sent for report in reports) >= 60


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_three_workers_scanning_at_once_send_each_message_exactly_once(counting_mailer):
    people = [UserFactory() for _ in range(90)]
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    reports = []
    start = threading.Barrier(3)

    def worker():
        try:
            start.wait(10)
            reports.append(services.deliver_pending(batch_size=4))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert sum(report.sent for report in reports) == 90
    assert received() == {person.email: 1 for person in people}
    assert sum(report.taken_over for report in reports) == 0
