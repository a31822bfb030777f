import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections, transaction
from django.utils import timezone

from members import services
from members.models import OutboxMessage
from tests.factories import UserFactory
from tests.members import notifications as greeting
from tests.members.mail_backends import CountingBackend

KIND = greeting.KIND


@pytest.fixture
def counting_mailer(settings):
    CountingBackend.reset()
    settings.MAILERS = {"default": {"BACKEND": "tests.members.mail_backends.CountingBackend"}}
    yield CountingBackend
    CountingBackend.reset()
    greeting.SKIP_EMAILS.clear()


@pytest.fixture
def people(db):
    return [UserFactory(email=f"person{n}@example.org", preferred_language="es") for n in range(5)]


def test_enqueue_creates_one_row_per_recipient_and_a_second_run_creates_nothing(people):
    assert services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people) == 5
    assert services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people) == 0
    assert OutboxMessage.objects.count() == 5
    assert set(OutboxMessage.objects.values_list("language", flat=True)) == {"es"}


def test_enqueue_treats_a_new_dedupe_key_as_a_new_message(people):
    services.enqueue(kind=KIND, subject_key="meeting:1", dedupe_key="2026-01-10T15:00Z", recipients=people)
    created = services.enqueue(
        kind=KIND, subject_key="meeting:1", dedupe_key="2026-01-17T15:00Z", recipients=people
    )
    assert created == 5


def test_unique_constraint_refuses_a_duplicate_row(people):
    from django.db import IntegrityError

    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    with pytest.raises(IntegrityError), transaction.atomic():
        OutboxMessage.objects.create(kind=KIND, subject_key="meeting:1", recipient=people[0])


def test_deliver_sends_each_message_once_over_one_connection(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    report = services.deliver_pending()

    assert report.sent == 5
    assert counting_mailer.opened == 1
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(m.extra_headers["Message-ID"].startswith("<outbox-") for m in mail.outbox)
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT, sent_at__isnull=False).count() == 5


def test_delivering_again_sends_nothing_more(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    services.deliver_pending()
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    assert services.deliver_pending().sent == 0
    assert len(mail.outbox) == 5


def test_batches_each_use_one_connection(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    assert services.deliver_pending(batch_size=2).sent == 5
    assert counting_mailer.opened == 3


def test_a_message_the_renderer_no_longer_wants_is_skipped_not_sent(people, counting_mailer):
    greeting.SKIP_EMAILS.add(people[0].email)
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    report = services.deliver_pending()

    assert (report.sent, report.skipped) == (4, 1)
    assert OutboxMessage.objects.get(recipient=people[0]).status == OutboxMessage.Status.SKIPPED


def test_a_stale_sending_row_from_a_dead_worker_is_sent(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    # A worker claimed it long ago and died before sending.
    OutboxMessage.objects.update(
        status=OutboxMessage.Status.SENDING,
        claimed_at=timezone.now() - datetime.timedelta(hours=1),
        attempts=1,
    )

    assert services.deliver_pending().sent == 1
    assert OutboxMessage.objects.get().attempts == 2


def test_a_dead_workers_row_is_claimed_again_once_its_lease_lapses(people, counting_mailer, settings):
    settings.PLENARY_OUTBOX_LEASE_SECONDS = 45
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    OutboxMessage.objects.update(
        status=OutboxMessage.Status.SENDING,
        claim_token="dead",
        claimed_at=timezone.now() - datetime.timedelta(seconds=30),
    )
    assert services.deliver_pending().sent == 0

    OutboxMessage.objects.update(claimed_at=timezone.now() - datetime.timedelta(seconds=46))
    assert services.deliver_pending().sent == 1


def test_a_row_another_worker_is_sending_now_is_left_alone(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    OutboxMessage.objects.update(status=OutboxMessage.Status.SENDING, claimed_at=timezone.now())

    assert services.deliver_pending().sent == 0
    assert mail.outbox == []


def test_a_row_marked_sent_is_never_sent_again(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    OutboxMessage.objects.update(
        status=OutboxMessage.Status.SENT, claimed_at=timezone.now() - datetime.timedelta(days=2)
    )

    assert services.deliver_pending().sent == 0


def test_a_refused_recipient_is_retried_later_and_the_others_are_sent(people, counting_mailer):
    counting_mailer.refuse = {people[2].email}
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    report = services.deliver_pending()

    assert (report.sent, report.retrying) == (4, 1)
    refused = OutboxMessage.objects.get(recipient=people[2])
    assert refused.status == OutboxMessage.Status.PENDING
    assert "No such user" in refused.last_error
    counting_mailer.refuse = set()
    assert services.deliver_pending().sent == 0  # waits for its retry time
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert services.deliver_pending().sent == 1


def test_a_refused_message_is_retried_with_growing_delays_and_fails_only_after_two_days(
    people, counting_mailer, settings
):
    settings.PLENARY_OUTBOX_RETRY_SECONDS, settings.PLENARY_OUTBOX_RETRY_MAX_SECONDS = 60, 3600
    counting_mailer.refuse = {people[0].email}
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    delays = []
    for _ in range(8):
        OutboxMessage.objects.update(next_attempt_at=None)  # as if its time had come
        before = timezone.now()
        assert services.deliver_pending().retrying == 1
        delays.append(round((OutboxMessage.objects.get().next_attempt_at - before).total_seconds() / 60))

    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.PENDING
    assert services.deliver_pending().retrying == 0  # not due yet

    OutboxMessage.objects.update(next_attempt_at=None, created_at=timezone.now() - services.GIVE_UP_AFTER)
    assert services.deliver_pending().failed == 1
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.FAILED
    assert services.deliver_pending().failed == 0


def test_a_dropped_connection_puts_the_unsent_rest_back_in_the_queue(people, counting_mailer):
    counting_mailer.drop_connection_after = 2
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    report = services.deliver_pending()

    assert (report.sent, report.retrying) == (2, 3)
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING).count() == 3
    counting_mailer.drop_connection_after = None
    OutboxMessage.objects.update(next_attempt_at=None)  # the retry time has come
    assert services.deliver_pending().sent == 3
    assert len(mail.outbox) == 5


def test_withdraw_skips_pending_messages_but_not_sent_ones(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:2])
    OutboxMessage.objects.filter(recipient=people[0]).update(status=OutboxMessage.Status.SENT)

    assert services.withdraw(subject_key="meeting:1", kinds=[KIND]) == 1
    assert services.deliver_pending().sent == 0


def test_deliver_only_the_kinds_asked_for(people, counting_mailer):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people[:1])
    services.enqueue(kind="tests.members.other", subject_key="meeting:1", recipients=people[:1])

    assert services.deliver_pending(kinds=[KIND]).sent == 1
    assert OutboxMessage.objects.get(kind="tests.members.other").status == OutboxMessage.Status.PENDING


def test_deliver_outbox_task_sends_what_is_due(people, counting_mailer):
    from members.tasks import deliver_outbox

    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)

    assert deliver_outbox.apply(kwargs={"kinds": [KIND]}).get() == 5
    assert deliver_outbox.apply().get() == 0


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_claim_skips_rows_another_worker_has_locked(counting_mailer):
    people = [UserFactory() for _ in range(4)]
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    first_id = OutboxMessage.objects.order_by("pk").values_list("pk", flat=True)[0]
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(OutboxMessage.objects.select_for_update().filter(pk=first_id))
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(10)
        claimed = services.claim(limit=10)
    finally:
        release.set()
        thread.join()

    assert connection.vendor == "postgresql"
    assert first_id not in {message.pk for message in claimed}
    assert len(claimed) == 3


@pytest.mark.needs("postgres")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_delivering_at_once_send_each_message_once(counting_mailer):
    people = [UserFactory() for _ in range(40)]
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    reports = []

    def worker():
        try:
            reports.append(services.deliver_pending(batch_size=5))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sum(report.sent for report in reports) == 40
    assert len(mail.outbox) == 40
    assert len({m.to[0] for m in mail.outbox}) == 40
