"""Webhook workflows: register, rotate the secret, announce public events, deliver them.

`announce()` is called by the apps that own the objects (meetings, press) inside their own
transaction, with the public representation already built: this app knows no other app.
Deliveries are claimed under a fresh token with a lease, like the outbox: the scan may run on
any number of workers at once, and a row delivered is never claimed again. A failure is
retried with exponential back-off and given up after PLENARY_WEBHOOK_MAX_ATTEMPTS.
"""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from members.enqueue import enqueue_after_commit

from . import sending, tasks
from .models import PING, Delivery, Event, EventType, Webhook, new_secret

logger = logging.getLogger(__name__)

BATCH_SIZE = 50


def lease() -> datetime.timedelta:
    """Longer than one POST can take (the timeout), so a live worker keeps its rows."""
    return datetime.timedelta(seconds=settings.PLENARY_WEBHOOK_TIMEOUT_SECONDS * 3)


def retry_delay(attempts: int) -> datetime.timedelta:
    """Base, 2×base, 4×base... capped: a receiver down for a day is still tried now and then."""
    base = settings.PLENARY_WEBHOOK_RETRY_SECONDS
    return datetime.timedelta(
        seconds=min(base * 2 ** max(attempts - 1, 0), settings.PLENARY_WEBHOOK_RETRY_MAX_SECONDS)
    )


def check_url(url: str) -> None:
    try:
        sending.resolve(url)
    except sending.Refused as error:
        raise ValidationError({"url": str(error)}) from error


def _check_events(events: list[str]) -> None:
    if not events or any(event not in EventType.values for event in events):
        raise ValidationError({"events": _("Choose at least one event.")})


@transaction.atomic
def create_webhook(*, url: str, description: str, events: list[str], created_by) -> Webhook:
    check_url(url)
    _check_events(events)
    return Webhook.objects.create(url=url, description=description, events=events, created_by=created_by)


@transaction.atomic
def update_webhook(
    *, webhook: Webhook, url: str, description: str, events: list[str], is_active: bool
) -> Webhook:
    check_url(url)
    _check_events(events)
    webhook.url, webhook.description, webhook.events, webhook.is_active = url, description, events, is_active
    webhook.save(update_fields=["url", "description", "events", "is_active"])
    return webhook


@transaction.atomic
def rotate_secret(*, webhook: Webhook) -> Webhook:
    """A new secret at once; deliveries still waiting are signed with it when they go out."""
    webhook.secret, webhook.secret_made_at = new_secret(), timezone.now()
    webhook.save(update_fields=["secret", "secret_made_at"])
    return webhook


@transaction.atomic
def delete_webhook(*, webhook: Webhook) -> None:
    webhook.delete()


def _payload(event_id: uuid.UUID, event_type: str, created_at: datetime.datetime, data: dict) -> dict:
    return {"id": str(event_id), "type": event_type, "created_at": created_at.isoformat(), "data": data}


@transaction.atomic
def announce(*, event_type: str, object_key: str, data: dict) -> int:
    """Record the event once and a delivery to each active webhook that asked for it; return how many.

    `data` is the public object as the open API shows it (with its URLs): callers announce only
    what a visitor may read. Announcing the same object again adds nothing.
    """
    now = timezone.now()
    event_id = uuid.uuid4()
    event, created = Event.objects.get_or_create(
        type=event_type,
        object_key=object_key,
        defaults={"id": event_id, "created_at": now, "payload": _payload(event_id, event_type, now, data)},
    )
    if not created:
        return 0
    hooks = [hook for hook in Webhook.objects.filter(is_active=True) if event_type in hook.events]
    Delivery.objects.bulk_create([Delivery(webhook=hook, event=event, next_attempt_at=now) for hook in hooks])
    if hooks:
        enqueue_after_commit(tasks.deliver_webhooks)
    return len(hooks)


@transaction.atomic
def send_test_event(*, webhook: Webhook, by) -> Delivery:
    now = timezone.now()
    event_id = uuid.uuid4()
    data = {"webhook": webhook.description, "requested_by": by.email if by else ""}
    event = Event.objects.create(
        id=event_id,
        type=PING,
        object_key=f"ping:{event_id.hex}",
        created_at=now,
        payload=_payload(event_id, PING, now, data),
    )
    delivery = Delivery.objects.create(webhook=webhook, event=event, next_attempt_at=now)
    enqueue_after_commit(tasks.deliver_webhooks)
    return delivery


def claim(*, limit: int = BATCH_SIZE, now=None) -> list[Delivery]:
    """Take up to `limit` due deliveries under a new token (SKIP LOCKED on PostgreSQL)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    due = Delivery.objects.deliverable(now=now, stale_after=lease())
    with transaction.atomic():
        ids = list(
            due.select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:limit]
        )
        if not ids:
            return []
        # Conditional: a row another worker claimed in between no longer matches `due`.
        due.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, claimed_at=now, claim_token=token, attempts=F("attempts") + 1
        )
    return list(
        Delivery.objects.filter(pk__in=ids, claim_token=token, status=Delivery.Status.SENDING)
        .select_related("webhook", "event")
        .order_by("pk")
    )


def _ours(delivery: Delivery):
    return Delivery.objects.filter(
        pk=delivery.pk, status=Delivery.Status.SENDING, claim_token=delivery.claim_token
    )


def deliver(delivery: Delivery) -> bool:
    """Send one claimed delivery and record the outcome; False if another worker took it over."""
    if not _ours(delivery).update(claimed_at=timezone.now()):
        return False
    outcome = sending.post(
        url=delivery.webhook.url,
        secret=delivery.webhook.secret,
        event_id=str(delivery.event_id),
        event_type=delivery.event.type,
        payload=delivery.event.payload,
    )
    now = timezone.now()
    done = {"response_code": outcome.status, "claim_token": "", "claimed_at": None}
    if outcome.ok:
        _ours(delivery).update(status=Delivery.Status.DELIVERED, delivered_at=now, last_error="", **done)
    elif delivery.attempts >= settings.PLENARY_WEBHOOK_MAX_ATTEMPTS:
        logger.warning("Webhook delivery %s given up: %s", delivery.pk, outcome.error)
        _ours(delivery).update(status=Delivery.Status.FAILED, last_error=outcome.error, **done)
    else:
        _ours(delivery).update(
            status=Delivery.Status.PENDING,
            next_attempt_at=now + retry_delay(delivery.attempts),
            last_error=outcome.error,
            **done,
        )
    return True


def deliver_due(*, batch_size: int = BATCH_SIZE) -> int:
    """Send every due delivery; return how many were attempted. Safe to run concurrently."""
    attempted = 0
    while True:
        batch = claim(limit=batch_size)
        attempted += sum(deliver(delivery) for delivery in batch)
        if len(batch) < batch_size:
            return attempted


@transaction.atomic
def retry_now(*, delivery: Delivery) -> bool:
    """Put a waiting or given-up delivery back in the queue at once."""
    queued = Delivery.objects.filter(
        pk=delivery.pk, status__in=[Delivery.Status.PENDING, Delivery.Status.FAILED]
    ).update(status=Delivery.Status.PENDING, next_attempt_at=timezone.now())
    if queued:
        enqueue_after_commit(tasks.deliver_webhooks)
    return bool(queued)
