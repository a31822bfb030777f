"""Announcing events and delivering them: signed, retried with back-off, never twice."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from webhooks import sending, services, tasks
from webhooks.models import Delivery, Event, EventType, Webhook


def announce_paper(pk=1, **data):
    return services.announce(
        event_type=EventType.PAPER_POSTED, object_key=f"paper:{pk}", data={"id": pk, "title": "Paper", **data}
    )


def test_a_delivery_reaches_the_receiver_signed_with_the_webhooks_secret(webhook, receiver):
    announce_paper(title="Carta Democrática")

    assert services.deliver_due() == 1
    [request] = receiver.received
    event = Event.objects.get()
    assert sending.verify(webhook.secret, request.headers["X-Plenary-Signature"], request.body)
    assert request.headers["X-Plenary-Event-Id"] == str(event.id)
    assert request.headers["X-Plenary-Event"] == "paper.posted"
    assert request.headers["Content-Type"] == "application/json"
    body = json.loads(request.body)
    assert body == {
        "id": str(event.id),
        "type": "paper.posted",
        "created_at": event.created_at.isoformat(),
        "data": {"id": 1, "title": "Carta Democrática"},
    }
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Delivery.Status.DELIVERED, 1, 200)


def test_after_a_500_the_delivery_is_retried_later_and_then_succeeds(webhook, receiver, settings):
    settings.PLENARY_WEBHOOK_RETRY_SECONDS = 60
    receiver.answers = [500, 200]
    announce_paper()

    assert services.deliver_due() == 1
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Delivery.Status.PENDING, 1, 500)
    assert delivery.last_error.startswith("HTTP 500")
    assert delivery.next_attempt_at > timezone.now() + datetime.timedelta(seconds=55)
    assert services.deliver_due() == 0  # not due yet

    Delivery.objects.update(next_attempt_at=timezone.now())
    assert services.deliver_due() == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (Delivery.Status.DELIVERED, 2, 200)
    first, second = receiver.received
    assert first.body == second.body
    assert first.headers["X-Plenary-Event-Id"] == second.headers["X-Plenary-Event-Id"]


def test_the_back_off_doubles_and_is_capped(settings):
    settings.PLENARY_WEBHOOK_RETRY_SECONDS = 60
    settings.PLENARY_WEBHOOK_RETRY_MAX_SECONDS = 600
    assert [services.retry_delay(n).total_seconds() for n in (1, 2, 3, 4, 5, 9)] == [
        60,
        120,
        240,
        480,
        600,
        600,
    ]


def test_a_receiver_that_does_not_answer_in_time_counts_as_a_failure(webhook, receiver, settings):
    settings.PLENARY_WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver.delay = 1.0
    announce_paper()

    services.deliver_due()

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.PENDING
    assert "timed out" in delivery.last_error.lower()


def test_a_delivery_is_given_up_after_the_last_attempt(webhook, receiver, settings):
    settings.PLENARY_WEBHOOK_MAX_ATTEMPTS = 2
    receiver.answers = [503]
    announce_paper()
    services.deliver_due()
    Delivery.objects.update(next_attempt_at=timezone.now())
    services.deliver_due()

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (Delivery.Status.FAILED, 2)
    assert services.retry_now(delivery=delivery)
    receiver.answers = [200]
    services.deliver_due()
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED


def test_the_scan_run_twice_delivers_once(webhook, receiver):
    announce_paper()

    assert tasks.deliver_webhooks.apply().get() == 1
    assert tasks.deliver_webhooks.apply().get() == 0
    assert len(receiver.received) == 1


def test_announcing_the_same_object_twice_records_one_event(webhook, receiver):
    assert announce_paper() == 1
    assert announce_paper() == 0
    assert (Event.objects.count(), Delivery.objects.count()) == (1, 1)


def test_a_row_claimed_by_a_live_worker_is_not_claimed_again(webhook, receiver):
    announce_paper()
    [held] = services.claim()

    assert services.claim() == []
    # Its lease lapses only when its worker stops renewing it; then another worker takes it over.
    later = timezone.now() + services.lease() + datetime.timedelta(seconds=1)
    [taken_over] = services.claim(now=later)
    assert taken_over.pk == held.pk
    assert services.deliver(held) is False  # the first worker notices and sends nothing
    assert services.deliver(taken_over) is True
    assert len(receiver.received) == 1


def test_only_active_webhooks_that_chose_the_event_get_it(webhook, receiver):
    Webhook.objects.create(url=receiver.url, description="Releases only", events=["release.published"])
    Webhook.objects.create(url=receiver.url, description="Paused", events=["paper.posted"], is_active=False)

    assert announce_paper() == 1
    assert Delivery.objects.get().webhook == webhook


def test_a_test_event_goes_to_that_webhook_only_at_once(
    webhook, receiver, secretariat, django_capture_on_commit_callbacks
):
    other = Webhook.objects.create(url=receiver.url, description="Other", events=["paper.posted"])

    with django_capture_on_commit_callbacks(execute=True):
        services.send_test_event(webhook=webhook, by=secretariat)

    assert [request.headers["X-Plenary-Event"] for request in receiver.received] == ["ping"]
    assert not other.deliveries.exists()
    assert Delivery.objects.get().status == Delivery.Status.DELIVERED


def test_rotating_the_secret_signs_later_deliveries_with_the_new_one(webhook, receiver):
    old = webhook.secret
    services.rotate_secret(webhook=webhook)
    announce_paper()
    services.deliver_due()

    header, body = receiver.received[0].headers["X-Plenary-Signature"], receiver.received[0].body
    assert webhook.secret != old
    assert sending.verify(webhook.secret, header, body)
    assert not sending.verify(old, header, body)


def test_registering_refuses_a_private_address(db, settings, secretariat):
    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = False
    with pytest.raises(ValidationError) as error:
        services.create_webhook(
            url="https://127.0.0.1/hook", description="x", events=["paper.posted"], created_by=secretariat
        )
    assert "url" in error.value.message_dict
    assert not Webhook.objects.exists()


def test_registering_needs_a_known_event(receiver, secretariat):
    with pytest.raises(ValidationError) as error:
        services.create_webhook(
            url=receiver.url, description="x", events=["everything"], created_by=secretariat
        )
    assert "events" in error.value.message_dict
