"""Subscribers told of an event, at once or in their daily digest.

Each app's service calls `notify_subscribers` in its own transaction with the people
concerned and the event's outbox kind; the people who chose "immediate" get one outbox row
(unique per kind, subject and dedupe key, so exactly once), those who chose the digest get
a DigestItem, and `send_digests` later gathers each person's items into one email.
The digest renders each line through `<app>.notifications.digest_lines`, found by the
kind's prefix as the outbox finds its renderers, so members imports no higher app.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from . import services as outbox
from .models import OutboxMessage, User
from .subscriptions import DigestItem, Subscription, effective_choices

DIGEST = "members.digest"


def notify_subscribers(
    *, users: Iterable, group_id: int, topic: str, kind: str, subject_key: str, dedupe_key: str = ""
) -> dict[str, int]:
    """Record the event for each user by their choice for `topic` in the group; counts by choice."""
    users = [user for user in users if user.is_active]
    choices = effective_choices(users, group_id=group_id, kind=topic)
    immediate = [user for user in users if choices.get(user.pk) == Subscription.Choice.IMMEDIATE]
    digest = [user for user in users if choices.get(user.pk) == Subscription.Choice.DIGEST]
    sent = outbox.enqueue(
        kind=kind, subject_key=subject_key, dedupe_key=dedupe_key, recipients=immediate, group_id=group_id
    )
    # The renderer adds the unsubscribe link for this group and topic (members.unsubscribe).
    DigestItem.objects.bulk_create(
        [
            DigestItem(
                recipient=user,
                kind=kind,
                subject_key=subject_key,
                dedupe_key=dedupe_key,
                group_id=group_id,
                topic=topic,
            )
            for user in digest
        ],
        ignore_conflicts=True,
    )
    return {"immediate": sent, "digest": len(digest)}


def digest_key(day: datetime.date) -> str:
    return f"digest:{day.isoformat()}"


@transaction.atomic
def send_digests(*, now: datetime.datetime | None = None) -> int:
    """One digest row per person with unsent items of the last day; running it twice adds nothing."""
    now = now or timezone.now()
    items = DigestItem.objects.select_for_update().filter(
        digest__isnull=True, created_at__gt=now - datetime.timedelta(days=1), created_at__lte=now
    )
    by_user: dict[int, list[int]] = defaultdict(list)
    for pk, user_id in items.values_list("pk", "recipient_id"):
        by_user[user_id].append(pk)
    if not by_user:
        return 0
    users = User.objects.in_bulk(list(by_user))
    for user_id, item_ids in by_user.items():
        # The first item names the digest: a later run with new items makes a new one, a rerun none.
        dedupe = f"i{min(item_ids)}"
        key = digest_key(now.date())
        outbox.enqueue(kind=DIGEST, subject_key=key, dedupe_key=dedupe, recipients=[users[user_id]])
        row = OutboxMessage.objects.get(kind=DIGEST, subject_key=key, dedupe_key=dedupe, recipient_id=user_id)
        DigestItem.objects.filter(pk__in=item_ids).update(digest=row)
    return len(by_user)
