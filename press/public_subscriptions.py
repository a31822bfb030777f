"""Visitors without an account subscribe to a group's press releases by email (double opt-in).

`request_subscription` records the address and queues the confirmation email (through the
outbox, kind press.confirm_subscription, deduplicated by the link's nonce, so repeating the
form within the hour sends nothing new); nothing else is sent until the link is followed
(members.unsubscribe.confirm). An address already confirmed gets no email and the visitor
the same answer as anyone, so the form never tells whether an address is subscribed.
Published releases reach confirmed subscribers through `tell_public_subscribers`.
"""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from groups.models import WorkingGroup
from members import services as outbox
from members.subscriptions import PublicSubscriber
from members.unsubscribe import new_nonce

CONFIRM = "press.confirm_subscription"
# A new confirmation link (and email) at most once an hour per address and group.
RESEND_AFTER = datetime.timedelta(hours=1)
# Requests per visitor's address (IP) per hour, whatever the email addresses.
REQUESTS_PER_HOUR = 10


def over_rate(ip: str) -> bool:
    """Count this request for the visitor; True once they passed the hourly allowance."""
    key = f"press-subscribe-{ip}-{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) > REQUESTS_PER_HOUR
    except ValueError:  # evicted between add and incr: count afresh
        cache.set(key, 1, timeout=3600)
        return False


def subscriber_key(subscriber: PublicSubscriber) -> str:
    return f"subscriber:{subscriber.pk}"


@transaction.atomic
def request_subscription(*, group: WorkingGroup, email: str, language: str, now=None) -> bool:
    """Record the request and queue a confirmation; True when an email was queued."""
    now = now or timezone.now()
    email = email.strip().lower()
    subscriber, created = PublicSubscriber.objects.select_for_update().get_or_create(
        email=email,
        group_id=group.pk,
        defaults={"language": language, "nonce": new_nonce(), "requested_at": now},
    )
    if subscriber.is_active:
        return False  # already confirmed: nothing to send, and the page says the same as always
    if not created:
        subscriber.language = language
        if subscriber.unsubscribed_at or now - subscriber.requested_at >= RESEND_AFTER:
            subscriber.nonce, subscriber.requested_at = new_nonce(), now
        subscriber.unsubscribed_at = None
        subscriber.confirmed_at = None
        subscriber.save(
            update_fields=["language", "nonce", "requested_at", "unsubscribed_at", "confirmed_at"]
        )
    return bool(
        outbox.enqueue(
            kind=CONFIRM,
            subject_key=subscriber_key(subscriber),
            dedupe_key=subscriber.nonce,
            recipients=[subscriber],
            group_id=group.pk,
            field="subscriber",
        )
    )


def confirmed_subscribers(group_id: int):
    return PublicSubscriber.objects.filter(
        group_id=group_id, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    ).order_by("pk")
