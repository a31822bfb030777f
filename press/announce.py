"""What press tells integrators' webhooks: a release, once published (its public representation)."""

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from press.models import PressRelease
from webhooks import services as webhooks
from webhooks.models import EventType


def release_data(release: PressRelease) -> dict:
    group = release.release_set.group
    return {
        "reference": release.reference,
        "language": release.language,
        "group": group.slug,
        "meeting": release.release_set.meeting_id,
        "title": release.title,
        "place": release.place,
        "summary": release.summary,
        "body_html": release.body_html,
        "published_at": release.published_at.isoformat(),
        "url": f"{settings.SITE_URL}{release.get_absolute_url()}",
        "api_url": f"{settings.SITE_URL}{reverse('api:list_releases')}?"
        + urlencode({"group": group.slug, "language": release.language}),
    }


def published(release: PressRelease) -> int:
    """Announce a release that is published (visible to visitors); anything else is not announced."""
    if not PressRelease.objects.published().filter(pk=release.pk).exists():
        return 0
    return webhooks.announce(
        event_type=EventType.RELEASE_PUBLISHED, object_key=f"release:{release.pk}", data=release_data(release)
    )
