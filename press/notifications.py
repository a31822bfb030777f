"""A published press release, to the group's subscribers (groups.subscriptions), through the outbox.

Kinds about `pressset:<pk>`: the release set, so a person hears of a release once however
many language versions are published; the email, rendered when it is delivered, offers the
version in the reader's language when there is one.
- published: to delegates and staff by their choice for the group's press releases;
- published_public: to the group's confirmed public subscribers (press.public_subscriptions);
- confirm_subscription (about `subscriber:<pk>`): the double opt-in link, the only email an
  unconfirmed address ever gets.
Each carries the one-click unsubscribe link (members.unsubscribe), but the confirmation.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from groups import subscriptions
from groups.models import WorkingGroup
from members import services as outbox
from members.models import OutboxMessage
from members.notifications import build_email, unsubscribe_token
from members.subscriptions import Subscription
from members.unsubscribe import CONFIRM_SALT, absolute_url, subscriber_token

from .models import PressRelease
from .public_subscriptions import CONFIRM, confirmed_subscribers

PUBLISHED = "press.published"
PUBLISHED_PUBLIC = "press.published_public"
KINDS = (PUBLISHED, PUBLISHED_PUBLIC, CONFIRM)
TEMPLATES = {
    PUBLISHED: "press/email/published",
    PUBLISHED_PUBLIC: "press/email/published_public",
    CONFIRM: "press/email/confirm_subscription",
}


def subject_key(release_set_id: int) -> str:
    return f"pressset:{release_set_id}"


def tell_subscribers(*, release: PressRelease) -> dict:
    """In the caller's transaction: the group's subscribers to press releases hear of it once."""
    group = release.release_set.group
    counts = subscriptions.notify(
        group=group,
        topic=Subscription.Kind.PRESS,
        kind=PUBLISHED,
        subject_key=subject_key(release.release_set_id),
    )
    counts["public"] = outbox.enqueue(
        kind=PUBLISHED_PUBLIC,
        subject_key=subject_key(release.release_set_id),
        recipients=confirmed_subscribers(group.pk),
        group_id=group.pk,
        field="subscriber",
    )
    return counts


def deliver() -> outbox.DeliveryReport:
    return outbox.deliver_pending(kinds=KINDS)


def _versions(keys) -> dict[int, dict[str, PressRelease]]:
    """{release set id: {language: published release}}."""
    ids = {int(key.split(":", 1)[1]) for key in keys}
    found: dict[int, dict[str, PressRelease]] = {}
    for release in (
        PressRelease.objects.published().filter(release_set_id__in=ids).select_related("release_set__group")
    ):
        found.setdefault(release.release_set_id, {})[release.language] = release
    return found


def _pick(versions: dict[str, PressRelease] | None, language: str) -> PressRelease | None:
    if not versions:
        return None
    return versions.get(language) or min(versions.values(), key=lambda release: release.published_at)


def digest_lines(items) -> list:
    """Digest lines of published releases (members.notifications.digest_entries)."""
    versions = _versions(item.subject_key for item in items)
    lines = []
    for item in items:
        release = _pick(
            versions.get(int(item.subject_key.split(":", 1)[1])), item.recipient.preferred_language
        )
        text = release and _("Press release: %(title)s") % {"title": release.title}
        lines.append({"text": text, "path": release.get_absolute_url()} if release else None)
    return lines


def render_outbox(messages: Sequence[OutboxMessage]) -> list:
    """One email per row in the recipient's language; None when the release is no longer public
    or the person no longer wants it."""
    versions = _versions(message.subject_key for message in messages if message.kind != CONFIRM)
    emails = []
    for message in messages:
        person = message.addressee
        if message.kind == CONFIRM:
            emails.append(_confirmation(message))
            continue
        release = _pick(versions.get(int(message.subject_key.split(":", 1)[1])), person.preferred_language)
        if release is None or not person.is_active:
            emails.append(None)
            continue
        emails.append(
            build_email(
                user=person,
                template=TEMPLATES[message.kind],
                context={"release": release, "group": release.release_set.group},
                unsubscribe=unsubscribe_token(message, Subscription.Kind.PRESS),
            )
        )
    return emails


def _confirmation(message: OutboxMessage):
    """The double opt-in email, while its link is the current one and the address unconfirmed."""
    subscriber = message.subscriber
    if subscriber.is_active or subscriber.nonce != message.dedupe_key:
        return None
    group = WorkingGroup.objects.filter(pk=subscriber.group_id).first()
    if group is None:
        return None
    link = absolute_url(
        "members:confirm_subscription", subscriber_token(subscriber, salt=CONFIRM_SALT), subscriber.language
    )
    return build_email(
        user=subscriber, template=TEMPLATES[CONFIRM], context={"group": group, "confirm_url": link}
    )
