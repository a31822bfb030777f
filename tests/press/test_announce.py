"""Press tells webhooks of a release when it is published, and of nothing before."""

import datetime

from django.conf import settings
from django.utils import timezone

from press import services
from press.models import PressRelease
from tests.press.helpers import draft_release, published_release
from webhooks.models import Delivery, Event, EventType, Webhook


def make_webhook(events):
    # Nothing is delivered here (no on-commit callbacks run): the address is never called.
    return Webhook.objects.create(
        url="https://hooks.example.org/x", description="Newsroom mirror", events=events
    )


def test_a_published_release_is_announced_with_its_reference_and_urls(group):
    webhook = make_webhook([EventType.RELEASE_PUBLISHED])

    release = published_release(group, title="Group celebrates the Charter")

    event = Event.objects.get()
    data = event.payload["data"]
    assert (event.type, event.object_key) == ("release.published", f"release:{release.pk}")
    assert data["reference"] == release.reference
    assert data["title"] == "Group celebrates the Charter"
    assert data["url"] == f"{settings.SITE_URL}{release.get_absolute_url()}"
    assert data["api_url"] == f"{settings.SITE_URL}/api/v1/press-releases?group={group.slug}&language=en"
    assert Delivery.objects.get().webhook == webhook


def test_drafts_and_releases_in_review_are_not_announced(group):
    make_webhook([EventType.RELEASE_PUBLISHED])
    services.submit_press_release_for_review(release=draft_release(group, title="In review"))
    draft_release(group, title="Draft")

    assert not Event.objects.exists()


def test_a_scheduled_release_is_announced_when_it_goes_out(group):
    make_webhook([EventType.RELEASE_PUBLISHED])
    release = services.submit_press_release_for_review(release=draft_release(group))
    at = timezone.now() + datetime.timedelta(hours=1)
    services.schedule_press_release(release=release, publish_at=at)
    assert not Event.objects.exists()

    # The hour has come (the release is due a minute ago).
    PressRelease.objects.filter(pk=release.pk).update(
        publish_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert services.publish_due_press_releases() == 1

    assert Event.objects.get().object_key == f"release:{release.pk}"


def test_a_webhook_that_did_not_choose_releases_gets_none(group):
    make_webhook([EventType.PAPER_POSTED])

    published_release(group)

    assert Event.objects.count() == 1
    assert not Delivery.objects.exists()
