"""One-click unsubscribe (RFC 8058) and the public subscribers' confirmation links.

Every email sent because someone subscribed carries a signed link, in the body and in the
`List-Unsubscribe` header with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, so a mail
client can unsubscribe with one POST and no login. What the link ends is in the signed token:
- {"u": user, "g": group, "k": kind}: that person's choice for that group and kind becomes "never";
- {"u": user, "s": [[group, kind], ...]}: a daily digest: each group and kind it reported on
  becomes "never";
- {"p": subscriber, "n": nonce}: a public subscriber's press releases; the nonce changes on use,
  so the link works once.
A forged, altered or used token gives None: the page then says only that the link is not valid,
and never whose it was.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import override

from .subscriptions import PublicSubscriber, Subscription

UNSUBSCRIBE_SALT = "plenary.unsubscribe"
CONFIRM_SALT = "plenary.public-subscription.confirm"
# A confirmation link is good for a week; an unsubscribe link for as long as the emails come.
CONFIRM_MAX_AGE = 7 * 24 * 3600


def new_nonce() -> str:
    return get_random_string(24)


def user_token(*, user_id: int, group_id: int, kind: str) -> str:
    """The token ending one kind of one group's emails for a person."""
    return signing.dumps({"u": user_id, "g": group_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def digest_token(*, user_id: int, pairs) -> str:
    """The token ending every (group, kind) a digest reported on."""
    pairs = sorted({(group_id, kind) for group_id, kind in pairs})
    return signing.dumps({"u": user_id, "s": pairs}, salt=UNSUBSCRIBE_SALT, compress=True)


def subscriber_token(subscriber: PublicSubscriber, *, salt: str = UNSUBSCRIBE_SALT) -> str:
    return signing.dumps({"p": subscriber.pk, "n": subscriber.nonce}, salt=salt, compress=True)


def absolute_url(name: str, token: str, language: str) -> str:
    """The link in the recipient's language prefix (/fr/unsubscribe/...), whoever caused the email."""
    with override(language):
        return settings.SITE_URL + reverse(name, kwargs={"token": token})


def headers(token: str, language: str, *, url: str | None = None) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: the mail client's one-click button POSTs to the link
    (`url`, when the caller has already built it from `token` and `language`)."""
    return {
        "List-Unsubscribe": f"<{url or absolute_url('members:unsubscribe', token, language)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def read(token: str, *, salt: str = UNSUBSCRIBE_SALT, max_age: int | None = None) -> dict | None:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return payload if isinstance(payload, dict) else None


def _subscriber(payload: dict) -> PublicSubscriber | None:
    subscriber = PublicSubscriber.objects.select_for_update().filter(pk=payload.get("p")).first()
    if subscriber is None or not subscriber.nonce or subscriber.nonce != payload.get("n"):
        return None
    return subscriber


@transaction.atomic
def unsubscribe(token: str) -> bool:
    """End what the token names; False for a forged token or one already used (nothing changes)."""
    payload = read(token)
    if payload is None:
        return False
    if "p" in payload:
        subscriber = _subscriber(payload)
        if subscriber is None or subscriber.unsubscribed_at:
            return False
        subscriber.unsubscribed_at = timezone.now()
        subscriber.nonce = new_nonce()
        subscriber.save(update_fields=["unsubscribed_at", "nonce"])
        return True
    user_id = payload.get("u")
    if not isinstance(user_id, int) or not get_user_model().objects.filter(pk=user_id).exists():
        return False  # a forged id, or a person since deleted: nothing to end
    if "s" in payload:
        return isinstance(payload["s"], list) and _end_all(user_id, payload["s"])
    kind, group_id = payload.get("k"), payload.get("g")
    if kind not in Subscription.Kind.values or not isinstance(group_id, int):
        return False
    row, created = Subscription.objects.get_or_create(
        user_id=user_id, group_id=group_id, kind=kind, defaults={"choice": Subscription.Choice.NONE}
    )
    if not created and row.choice == Subscription.Choice.NONE:
        return False  # followed twice: nothing left to end
    if not created:
        Subscription.objects.filter(pk=row.pk).update(choice=Subscription.Choice.NONE)
    return True


def _end_all(user_id: int, pairs) -> bool:
    """Each (group, kind) the digest reported on becomes never; the digest stops for them."""
    valid = [
        (group_id, kind)
        for group_id, kind in pairs
        if isinstance(group_id, int) and kind in Subscription.Kind.values
    ]
    changed = 0
    for group_id, kind in valid:
        row, created = Subscription.objects.get_or_create(
            user_id=user_id, group_id=group_id, kind=kind, defaults={"choice": Subscription.Choice.NONE}
        )
        if created:
            changed += 1
        elif row.choice != Subscription.Choice.NONE:
            changed += Subscription.objects.filter(pk=row.pk).update(choice=Subscription.Choice.NONE)
    return bool(changed)


@transaction.atomic
def confirm(token: str) -> PublicSubscriber | None:
    """Confirm a public subscription from its emailed link; None when forged, expired or used."""
    payload = read(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if payload is None:
        return None
    subscriber = _subscriber(payload)
    if subscriber is None or subscriber.is_active:
        return None
    subscriber.confirmed_at = timezone.now()
    subscriber.unsubscribed_at = None
    subscriber.nonce = new_nonce()
    subscriber.save(update_fields=["confirmed_at", "unsubscribed_at", "nonce"])
    return subscriber


def still_good(token: str) -> bool:
    """Whether the link would still end something (for the page shown before the button)."""
    payload = read(token)
    if payload is None:
        return False
    if "p" in payload:
        subscriber = PublicSubscriber.objects.filter(pk=payload.get("p")).first()
        return bool(subscriber and subscriber.nonce == payload.get("n") and not subscriber.unsubscribed_at)
    if not isinstance(payload.get("u"), int):
        return False
    pairs = payload.get("s") if "s" in payload else [[payload.get("g"), payload.get("k")]]
    if not isinstance(pairs, list):
        return False
    stored = {
        (row.group_id, row.kind): row.choice for row in Subscription.objects.filter(user_id=payload["u"])
    }
    return any(
        isinstance(pair, list) and len(pair) == 2 and stored.get(tuple(pair)) != Subscription.Choice.NONE
        for pair in pairs
    )


def confirmable(token: str) -> bool:
    payload = read(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if payload is None:
        return False
    subscriber = PublicSubscriber.objects.filter(pk=payload.get("p")).first()
    return bool(subscriber and subscriber.nonce == payload.get("n") and not subscriber.is_active)
