"""Staff pages for webhooks: each with an allowed and a forbidden role, and what they show."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.shown import parse_shown, text_of
from webhooks import sending, services
from webhooks.models import Delivery, Event, EventType, Webhook


def test_staff_see_the_list_of_webhooks(secretariat_client, webhook, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = secretariat_client.get(reverse("webhooks:list"))

    html = response.content.decode()
    assert "OAS Library archive" in html
    assert webhook.url in html
    assert webhook.secret not in html


def test_a_delegate_may_not_see_webhooks(delegate_us_client, webhook):
    assert delegate_us_client.get(reverse("webhooks:list")).status_code == 403
    assert delegate_us_client.get(reverse("webhooks:detail", args=[webhook.pk])).status_code == 403


def test_registering_shows_the_secret_once(secretariat_client, receiver):
    response = secretariat_client.post(
        reverse("webhooks:create"),
        {"url": receiver.url, "description": "Library", "events": ["paper.posted", "decision.recorded"]},
    )

    webhook = Webhook.objects.get()
    assert response.status_code == 200
    assert webhook.secret in response.content.decode()
    assert webhook.events == ["paper.posted", "decision.recorded"]
    assert webhook.secret not in secretariat_client.get(webhook.get_absolute_url()).content.decode()


def test_a_delegate_may_not_register_a_webhook(delegate_us_client, receiver):
    response = delegate_us_client.post(
        reverse("webhooks:create"), {"url": receiver.url, "description": "Mine", "events": ["paper.posted"]}
    )

    assert response.status_code == 403
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://hooks.example.org/x", "Webhook URLs must use HTTPS."),
        ("https://10.0.0.7/x", "is on a private or local network"),
        ("https://192.168.0.1/x", "is on a private or local network"),
    ],
)
def test_a_plain_http_or_private_url_is_refused_with_a_clear_message(
    secretariat_client, settings, url, message, monkeypatch
):
    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = False
    monkeypatch.setattr(
        sending.socket,
        "getaddrinfo",
        lambda host, port, **kw: [(2, 1, 6, "", (host if host[0].isdigit() else "93.184.216.34", port))],
    )
    response = secretariat_client.post(
        reverse("webhooks:create"), {"url": url, "description": "x", "events": ["paper.posted"]}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Webhook.objects.exists()


def test_a_webhook_with_no_event_chosen_is_not_registered(secretariat_client, receiver):
    response = secretariat_client.post(reverse("webhooks:create"), {"url": receiver.url, "description": "x"})

    assert "This field is required." in response.content.decode()
    assert not Webhook.objects.exists()


def test_the_delivery_log_shows_status_attempts_response_code_and_next_attempt(
    secretariat_client, webhook, django_assert_max_num_queries
):
    services.announce(event_type=EventType.PAPER_POSTED, object_key="paper:7", data={"id": 7})
    due = (timezone.now() + datetime.timedelta(minutes=4)).replace(second=0, microsecond=0)
    Delivery.objects.update(
        attempts=3, response_code=502, last_error="HTTP 502 Bad Gateway", next_attempt_at=due
    )

    with django_assert_max_num_queries(10):
        response = secretariat_client.get(webhook.get_absolute_url())

    html = response.content.decode()
    row = text_of(re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1))
    event = Event.objects.get()
    assert "paper.posted · paper:7" in row
    assert str(event.id) in row
    assert "Waiting 3 502" in row
    assert "HTTP 502 Bad Gateway" in row
    created, next_attempt = re.findall(r"(\w+\.? \d+, \d{4}, [^()]+?) \(America/New_York", row)
    assert parse_shown(next_attempt, "America/New_York") == due


def test_staff_send_a_test_event_and_see_it_delivered(
    secretariat_client, webhook, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(reverse("webhooks:test", args=[webhook.pk]))

    assert response.status_code == 302
    assert [request.headers["X-Plenary-Event"] for request in receiver.received] == ["ping"]
    page = secretariat_client.get(webhook.get_absolute_url()).content.decode()
    assert "Delivered" in text_of(page)


def test_a_delegate_may_not_send_a_test_event(delegate_us_client, webhook):
    assert delegate_us_client.post(reverse("webhooks:test", args=[webhook.pk])).status_code == 403
    assert not Delivery.objects.exists()


def test_rotating_shows_the_new_secret_once(secretariat_client, webhook):
    old = webhook.secret
    response = secretariat_client.post(reverse("webhooks:rotate", args=[webhook.pk]))

    webhook.refresh_from_db()
    assert webhook.secret != old
    assert webhook.secret in response.content.decode()


def test_a_delegate_may_not_rotate_the_secret(delegate_us_client, webhook):
    old = webhook.secret
    assert delegate_us_client.post(reverse("webhooks:rotate", args=[webhook.pk])).status_code == 403
    webhook.refresh_from_db()
    assert webhook.secret == old


def test_staff_edit_the_events_and_pause_a_webhook(secretariat_client, webhook):
    response = secretariat_client.post(
        reverse("webhooks:edit", args=[webhook.pk]),
        {"url": webhook.url, "description": "Archive", "events": ["release.published"]},
    )

    assert response.status_code == 302
    webhook.refresh_from_db()
    assert (webhook.description, webhook.events, webhook.is_active) == (
        "Archive",
        ["release.published"],
        False,
    )


def test_a_delegate_may_not_edit_or_delete_a_webhook(delegate_us_client, webhook):
    edit = delegate_us_client.post(
        reverse("webhooks:edit", args=[webhook.pk]),
        {"url": webhook.url, "description": "x", "events": ["ping"]},
    )
    delete = delegate_us_client.post(reverse("webhooks:delete", args=[webhook.pk]))

    assert (edit.status_code, delete.status_code) == (403, 403)
    webhook.refresh_from_db()
    assert webhook.description == "OAS Library archive"


def test_staff_delete_a_webhook(secretariat_client, webhook):
    response = secretariat_client.post(reverse("webhooks:delete", args=[webhook.pk]))

    assert response.status_code == 302
    assert not Webhook.objects.exists()


def test_staff_try_a_given_up_delivery_again(secretariat_client, webhook, django_capture_on_commit_callbacks):
    services.announce(event_type=EventType.PAPER_POSTED, object_key="paper:7", data={"id": 7})
    Delivery.objects.update(status=Delivery.Status.FAILED, attempts=12)
    delivery = Delivery.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(reverse("webhooks:retry", args=[delivery.pk]))

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.DELIVERED


def test_a_delegate_may_not_retry_a_delivery(delegate_us_client, webhook):
    services.announce(event_type=EventType.PAPER_POSTED, object_key="paper:7", data={"id": 7})
    Delivery.objects.update(status=Delivery.Status.FAILED)

    assert (
        delegate_us_client.post(reverse("webhooks:retry", args=[Delivery.objects.get().pk])).status_code
        == 403
    )
    assert Delivery.objects.get().status == Delivery.Status.FAILED
