"""Postponement and cancellation reasons are stamped like every other translated text."""

import pytest
from django.urls import reverse
from django.utils import translation

from config import translations
from meetings import services
from meetings.models import Meeting, MeetingDateChange
from members import translation_status as ts
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

STATUS_URL = reverse("translations:status")


def _listed(client, meeting, language, status):
    return client.get(
        STATUS_URL, {"group": meeting.group_id, "language": language, "status": status}
    ).content.decode()


def test_cancelling_with_a_translation_stamps_it_and_the_status_page_shows_the_rest(
    secretariat_client, secretariat
):
    meeting = MeetingFactory(title_en="Budget session")
    response = secretariat_client.post(
        reverse("meetings:cancel", args=[meeting.pk]),
        {"reason_en": "The chair is travelling.", "reason_es": "La presidencia está de viaje."},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.status == Meeting.Status.CANCELLED
    assert (meeting.cancellation_reason_en, meeting.cancellation_reason_es) == (
        "The chair is travelling.",
        "La presidencia está de viaje.",
    )
    stamp = ts.TranslationStamp.objects.for_model(Meeting, [meeting.pk]).get(field="cancellation_reason")
    assert (stamp.language, stamp.translated_by) == ("es", secretariat)
    statuses = ts.statuses_for(meeting)
    assert statuses[("cancellation_reason", "es")].status == ts.Status.UP_TO_DATE
    assert statuses[("cancellation_reason", "fr")].status == ts.Status.MISSING
    assert "The chair is travelling." in _listed(secretariat_client, meeting, "fr", "missing")
    assert "The chair is travelling." in _listed(secretariat_client, meeting, "es", "up_to_date")
    found = {
        (entry.status.language, entry.status.status)
        for entry in translations.entries()
        if entry.model_label == "meetings.meeting"
        and entry.object_id == meeting.pk
        and entry.field == "cancellation_reason"
    }
    assert found == {("es", "up_to_date"), ("fr", "missing"), ("pt", "missing")}


def test_the_cancellation_reason_must_be_given_in_the_meetings_original_language(secretariat_client):
    meeting = MeetingFactory(title_en="Budget session")
    with translation.override("es"):
        page = secretariat_client.get(reverse("meetings:cancel", args=[meeting.pk])).content.decode()
        assert 'name="reason_en"' in page and 'lang="en"' in page
        response = secretariat_client.post(
            reverse("meetings:cancel", args=[meeting.pk]), {"reason_es": "La presidencia está de viaje."}
        )
    assert response.status_code == 200
    assert "reason_en" in response.context["form"].errors
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED


def test_a_bare_reason_goes_in_the_original_language_whatever_the_interface_language():
    meeting = MeetingFactory(title_en="Budget session")
    with translation.override("es"):
        services.cancel_meeting(meeting=meeting, reason="The chair is travelling.")
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert meeting.cancellation_reason_en == "The chair is travelling."
    assert not meeting.cancellation_reason_es
    assert ts.statuses_for(meeting)[("cancellation_reason", "es")].status == ts.Status.MISSING


def test_a_cancellation_reason_translated_later_turns_outdated_when_the_original_changes(
    secretariat_client,
):
    meeting = MeetingFactory(title_en="Budget session")
    services.cancel_meeting(meeting=meeting, reason="The chair is travelling.")
    url = reverse("translations:translate", args=["meetings.meeting", meeting.pk, "fr"])
    secretariat_client.post(
        url,
        {
            "cancellation_reason": "La présidence est en voyage.",
            "cancellation_reason__seen": ts.digest("The chair is travelling."),
        },
    )
    meeting = Meeting.objects.get(pk=meeting.pk)
    assert ts.statuses_for(meeting)[("cancellation_reason", "fr")].status == ts.Status.UP_TO_DATE
    before = ts.snapshot(meeting)
    meeting.cancellation_reason_en = "The chair is travelling and the room is closed."
    meeting.save()
    ts.stamp_edit(obj=meeting, before=before)
    assert ts.statuses_for(meeting)[("cancellation_reason", "fr")].status == ts.Status.OUTDATED


def test_postponing_stamps_the_reasons_translations_in_the_language_it_was_written_in(
    secretariat_client, secretariat
):
    meeting = MeetingFactory(title_en="Budget session")
    response = secretariat_client.post(
        reverse("meetings:postpone", args=[meeting.pk]),
        {
            "date": "2032-01-15",
            "start_time": "15:00",
            "end_time": "17:00",
            "original_language": "es",
            "reason_es": "La sala está en obras.",
            "reason_en": "The room is being refurbished.",
        },
    )
    assert response.status_code == 302
    change = MeetingDateChange.objects.get(meeting=meeting)
    assert change.original_language == "es"
    assert (change.reason_es, change.reason_en) == (
        "La sala está en obras.",
        "The room is being refurbished.",
    )
    statuses = ts.statuses_for(change)
    assert statuses[("reason", "en")].status == ts.Status.UP_TO_DATE
    assert statuses[("reason", "pt")].status == ts.Status.MISSING
    assert ("reason", "es") not in statuses
    stamp = ts.TranslationStamp.objects.for_model(MeetingDateChange, [change.pk]).get()
    assert (stamp.language, stamp.translated_by, stamp.source_digest) == (
        "en",
        secretariat,
        ts.digest("La sala está en obras."),
    )
    html = _listed(secretariat_client, meeting, "pt", "missing")
    assert '<span lang="es">La sala está en obras.</span>' in html


def test_a_postponement_without_a_reason_in_its_original_language_is_refused(secretariat_client):
    meeting = MeetingFactory(title_en="Budget session")
    response = secretariat_client.post(
        reverse("meetings:postpone", args=[meeting.pk]),
        {
            "date": "2032-01-15",
            "start_time": "15:00",
            "end_time": "17:00",
            "original_language": "fr",
            "reason_en": "The room is being refurbished.",
        },
    )
    assert response.status_code == 200
    assert "reason_fr" in response.context["form"].errors
    assert not MeetingDateChange.objects.filter(meeting=meeting).exists()


def test_delegates_cannot_postpone_or_cancel(delegate_us_client):
    meeting = MeetingFactory(title_en="Budget session")
    assert delegate_us_client.post(
        reverse("meetings:cancel", args=[meeting.pk]), {"reason_en": "x"}
    ).status_code in (
        403,
        404,
    )
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SCHEDULED
