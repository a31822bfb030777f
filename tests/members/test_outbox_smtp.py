"""The outbox through a real SMTP server (aiosmtpd), pipelined or not: each row goes out once with
its own Message-ID, the next message is serialised while the server reads the last, and a
refusal or a dropped connection leaves no row lost."""

import pytest
from django.utils import timezone

from members import services
from members.models import OutboxMessage
from tests.factories import UserFactory
from tests.live_delivery import SmtpSink
from tests.members import notifications as greeting

KIND = greeting.KIND


@pytest.fixture
def people(db):
    return [UserFactory(email=f"person{n}@example.org") for n in range(6)]


def deliver(settings, sink) -> services.DeliveryReport:
    settings.MAILERS = sink.mailers()
    return services.deliver_pending()


def rows() -> dict:
    return {row.recipient.email: row for row in OutboxMessage.objects.select_related("recipient")}


def retry_now():
    OutboxMessage.objects.filter(status="pending").update(next_attempt_at=timezone.now())


@pytest.mark.parametrize("pipelining", [True, False])
def test_every_row_goes_out_once_with_its_own_message_id(settings, people, pipelining):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    with SmtpSink(pipelining=pipelining) as sink:
        report = deliver(settings, sink)

    assert (report.sent, sink.connections) == (6, 1)
    stored = rows()
    assert sorted(sink.recipients()) == sorted(stored)
    assert {m["Message-ID"]: m["To"] for m in sink.messages} == {
        row.message_id: email for email, row in stored.items()
    }
    assert all(row.status == "sent" and row.sent_at for row in stored.values())


def test_a_recipient_refused_mid_batch_is_retried_and_the_others_are_sent(settings, people):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    with SmtpSink(refuse={"person2@example.org"}) as sink:
        report = deliver(settings, sink)

    assert (report.sent, report.retrying) == (5, 1)
    assert sorted(sink.recipients()) == [f"person{n}@example.org" for n in (0, 1, 3, 4, 5)]
    refused = rows()["person2@example.org"]
    assert refused.status == "pending" and "550" in refused.last_error


def test_a_message_refused_after_its_content_is_retried_and_the_next_one_still_goes(settings, people):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    with SmtpSink(reject_content={"person3@example.org": "554 5.7.1 Rejected as spam"}) as sink:
        report = deliver(settings, sink)

    assert (report.sent, report.retrying) == (5, 1)
    assert sorted(sink.recipients()) == [f"person{n}@example.org" for n in (0, 1, 2, 4, 5)]
    stored = rows()
    assert stored["person3@example.org"].status == "pending"
    assert "Rejected as spam" in stored["person3@example.org"].last_error
    assert stored["person4@example.org"].status == "sent"


def test_a_connection_closed_on_a_message_in_flight_loses_nothing_and_repeats_nothing(settings, people):
    services.enqueue(kind=KIND, subject_key="meeting:1", recipients=people)
    closing = {"person2@example.org": "421 4.3.2 Shutting down"}
    with SmtpSink(reject_content=closing) as sink:
        first = deliver(settings, sink)
        assert (first.sent, first.retrying) == (2, 4)  # person2 refused, the rest back in the queue
        sink.reject_content = {}
        retry_now()
        second = deliver(settings, sink)

    assert second.sent == 4
    assert sorted(sink.recipients()) == sorted(person.email for person in people)  # each once
    assert all(row.status == "sent" for row in rows().values())
    assert len({m["Message-ID"] for m in sink.messages}) == 6
