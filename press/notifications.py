"""A published press release, to the group's subscribers (groups.subscriptions), through the outbox.

One kind, about `pressset:<pk>`: the release set, so a person hears of a release once
however many language versions are published; the email, rendered when it is delivered,
offers the version in the reader's language when there is one.
"""

from collections.abc import Sequence

from django.utils.translation import gettext as _

from groups import subscriptions
from members import services as outbox
from members.models import OutboxMessage
from members.notifications import build_email
from members.subscriptions import Subscription

from .models import PressRelease

PUBLISHED = "press.published"
KINDS = (PUBLISHED,)
TEMPLATES = {PUBLISHED: "press/email/published"}


def subject_key(release_set_id: int) -> str:
    return f"pressset:{release_set_id}"


def tell_subscribers(*, release: PressRelease) -> dict:
    """In the caller's transaction: the group's subscribers to press releases hear of it once."""
    return subscriptions.notify(
        group=release.release_set.group,
        topic=Subscription.Kind.PRESS,
        kind=PUBLISHED,
        subject_key=subject_key(release.release_set_id),
    )


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
    """One email per row in the recipient's language; None when the release is no longer public."""
    versions = _versions(message.subject_key for message in messages)
    emails = []
    for message in messages:
        user = message.recipient
        release = _pick(versions.get(int(message.subject_key.split(":", 1)[1])), user.preferred_language)
        if release is None or not user.is_active:
            emails.append(None)
            continue
        emails.append(
            build_email(
                user=user,
                template=TEMPLATES[PUBLISHED],
                context={"release": release, "group": release.release_set.group},
            )
        )
    return emails
