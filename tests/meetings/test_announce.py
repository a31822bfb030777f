"""Meetings tell webhooks of public papers and of decisions entering the public register, once."""

import datetime
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.minutes import services as minutes_services
from meetings.models import Meeting
from tests.meetings.factories import PDF_BYTES
from tests.webhooks.receiver import Receiver
from webhooks import sending
from webhooks.models import Delivery, Event, EventType, Webhook


@pytest.fixture
def receiver(settings):
    settings.PLENARY_WEBHOOKS_ALLOW_LOOPBACK = True
    running = Receiver().start()
    yield running
    running.stop()


@pytest.fixture
def webhook(db, receiver):
    return Webhook.objects.create(url=receiver.url, description="Archive", events=list(EventType.values))


def upload(meeting, user, *, is_public=True):
    return services.attach_document(
        meeting=meeting,
        upload=SimpleUploadedFile("paper.pdf", PDF_BYTES),
        title="Commentary on the Charter",
        language="es",
        is_public=is_public,
        uploaded_by=user,
    )


def test_a_public_paper_reaches_the_receiver_signed(
    meeting, secretariat, webhook, receiver, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=True):
        document = upload(meeting, secretariat)

    [request] = [r for r in receiver.received if r.headers["X-Plenary-Event"] == "paper.posted"]
    assert sending.verify(webhook.secret, request.headers["X-Plenary-Signature"], request.body)
    data = json.loads(request.body)["data"]
    assert data["symbol"] == document.symbol
    assert data["title"] == "Commentary on the Charter"
    assert data["language"] == "es"
    assert data["group"] == meeting.group.slug
    # The file in the paper's original language, as the API's download_url; one entry per language.
    original = document.files.get(language="es")
    assert data["download_url"] == f"{settings.SITE_URL}{original.get_absolute_url()}"
    assert [v["language"] for v in data["versions"]] == ["es"]
    assert data["api_url"] == f"{settings.SITE_URL}/api/v1/papers?meeting={meeting.pk}"


def test_a_restricted_paper_posts_no_webhook(meeting, secretariat, webhook):
    upload(meeting, secretariat, is_public=False)

    assert not Event.objects.exists()
    assert not Delivery.objects.exists()


def test_a_paper_of_a_draft_meeting_is_announced_when_the_meeting_is_scheduled(
    draft_meeting, secretariat, webhook
):
    document = upload(draft_meeting, secretariat)
    assert not Event.objects.exists()

    services.schedule_meeting(meeting=draft_meeting)

    assert Event.objects.get().object_key == f"paper:{document.pk}"
    services.update_meeting(meeting=draft_meeting, title="Renamed")
    assert Event.objects.count() == 1


def test_a_paper_of_a_closed_meeting_is_not_announced(meeting, secretariat, webhook):
    Meeting.objects.filter(pk=meeting.pk).update(is_public=False)
    meeting.refresh_from_db()
    upload(meeting, secretariat)

    assert not Event.objects.exists()


def decide(meeting, text):
    return minutes_services.record_decision(
        meeting=meeting,
        agenda_item=meeting.agenda_items.first(),
        kind="substantive",
        texts={"en": text},
        by=None,
    )


def test_decisions_are_announced_when_their_minutes_are_published(
    minuted_meeting, later_meeting, secretariat, webhook
):
    first, second = (
        decide(minuted_meeting, "Adopt the agenda."),
        decide(minuted_meeting, "Hold a second meeting."),
    )
    minutes = minuted_meeting.minutes
    minutes_services.circulate_minutes(
        minutes=minutes, corrections_until=timezone.localdate() + datetime.timedelta(days=7), by=secretariat
    )
    minutes_services.approve_minutes(minutes=minutes, at_meeting=later_meeting)
    assert not Event.objects.exists()

    minutes_services.publish_minutes(minutes=minutes)

    events = {event.object_key: event.payload["data"] for event in Event.objects.all()}
    assert set(events) == {f"decision:{first.pk}", f"decision:{second.pk}"}
    assert events[f"decision:{first.pk}"]["text"] == "Adopt the agenda."
    assert events[f"decision:{first.pk}"]["minutes_url"].endswith(minutes.get_absolute_url())
    assert Delivery.objects.filter(webhook=webhook).count() == 2


def test_decisions_of_a_closed_meeting_are_not_announced(
    minuted_meeting, later_meeting, secretariat, webhook
):
    decide(minuted_meeting, "Adopt the agenda.")
    Meeting.objects.filter(pk=minuted_meeting.pk).update(is_public=False)
    minutes = minuted_meeting.minutes
    minutes_services.circulate_minutes(
        minutes=minutes, corrections_until=timezone.localdate() + datetime.timedelta(days=7), by=secretariat
    )
    minutes_services.approve_minutes(minutes=minutes, at_meeting=later_meeting)
    minutes_services.publish_minutes(minutes=minutes)

    assert not Event.objects.exists()
