"""The minutes and the attendance list are printed in the language the reader asked for.

One stored PDF per language: its labels are translated, its /Lang and XMP dc:language name
the language, and a new revision of the minutes remakes every one of them.
"""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from meetings.minutes import printing, tasks
from meetings.minutes import services as minutes_services
from meetings.models import PrintedDocument
from tests.conftest import client_for

LABELS = {
    "en": ["Attendance", "Present in person", "Decisions and agreements"],
    "es": ["Asistencia", "Presente en persona", "Decisiones y acuerdos"],
    "fr": ["Présence", "Présent en personne", "Décisions et accords"],
    "pt": ["Presença", "Presente pessoalmente", "Decisões e acordos"],
}


def pdf_text(data: bytes) -> str:
    """The text as read, with the line breaks of narrow table cells folded into spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def localized(url: str, language: str) -> str:
    return url.replace("/en/", f"/{language}/", 1)


@pytest.fixture
def approved(minutes, secretariat, later_meeting):
    minutes_services.circulate_minutes(
        minutes=minutes, corrections_until=timezone.localdate() + datetime.timedelta(days=5), by=secretariat
    )
    return minutes_services.approve_minutes(minutes=minutes, at_meeting=later_meeting)


@pytest.mark.parametrize("language", ["en", "es", "fr", "pt"])
def test_minutes_pdf_is_tagged_and_labelled_in_its_language(minutes, language):
    data = printing.print_minutes(minutes_id=minutes.pk, language=language).file.read()
    reader = PdfReader(io.BytesIO(data))
    text = pdf_text(data)

    assert reader.trailer["/Root"]["/Lang"] == language
    assert reader.xmp_metadata.dc_language == [language]
    for label in LABELS[language]:
        assert label in text


def test_spanish_attendance_list_reads_in_spanish(minuted_meeting):
    data = printing.print_attendance(meeting_id=minuted_meeting.pk, language="es").file.read()
    text = pdf_text(data)
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "es"
    assert "Lista de asistencia" in text and "Asistencia" in text and "Presente en persona" in text
    assert "Attendance" not in text


def test_each_language_is_its_own_stored_file(minutes):
    printed = {code: printing.print_minutes(minutes_id=minutes.pk, language=code) for code in LABELS}
    contents = {code: item.file.read() for code, item in printed.items()}

    assert PrintedDocument.objects.filter(kind="minutes").count() == 4
    assert len({item.file.name for item in printed.values()}) == 4
    assert len(set(contents.values())) == 4


def test_a_new_revision_remakes_every_language(approved, secretariat, django_capture_on_commit_callbacks):
    before = {
        code: printing.print_minutes(minutes_id=approved.pk, language=code).file.name for code in LABELS
    }
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.correct_approved_minutes(
            minutes=approved, by=secretariat, reason="Brazil asked.", next_steps="A corrected next step."
        )

    after = {item.language: item for item in PrintedDocument.objects.filter(kind="minutes")}
    assert sorted(after) == sorted(LABELS)
    texts = {code: pdf_text(item.file.read()) for code, item in after.items()}
    for code, item in after.items():
        assert item.file.name != before[code]
        assert "A corrected next step." in texts[code]
    assert "Revisión 2" in texts["es"]
    assert "Revision 2" in texts["en"]


def test_the_spanish_url_serves_the_spanish_pdf(approved, delegate_us_client):
    url = reverse("meetings:minutes_pdf", kwargs={"pk": approved.meeting_id})
    for code in LABELS:
        printing.print_minutes(minutes_id=approved.pk, language=code)

    served = {}
    for code in LABELS:
        response = delegate_us_client.get(localized(url, code))
        assert response.status_code == 200
        assert response["Content-Language"] == code
        served[code] = b"".join(response.streaming_content)
    assert len(set(served.values())) == 4
    assert PdfReader(io.BytesIO(served["es"])).trailer["/Root"]["/Lang"] == "es"
    assert "Asistencia" in pdf_text(served["es"])


def test_a_missing_language_is_queued_not_rendered_in_the_request(approved, delegate_us_client, monkeypatch):
    printing.print_minutes(minutes_id=approved.pk, language="en")
    queued = []

    def refuse(*args, **kwargs):
        raise AssertionError("rendered in the request")

    monkeypatch.setattr(printing, "render_minutes", refuse)
    monkeypatch.setattr(tasks.render_minutes_pdf, "delay", lambda *args: queued.append(args))
    url = reverse("meetings:minutes_pdf", kwargs={"pk": approved.meeting_id})
    response = delegate_us_client.get(localized(url, "es"))

    assert response.status_code == 202
    assert "Se está preparando el PDF" in response.content.decode()
    assert response["Retry-After"]
    assert queued == [(approved.pk, "es")]


def test_a_stale_pdf_is_not_served_after_the_minutes_changed(
    approved, secretariat, delegate_us_client, monkeypatch
):
    printing.print_minutes(minutes_id=approved.pk, language="en")
    minutes_services.correct_approved_minutes(
        minutes=approved, by=secretariat, reason="Typo.", next_steps="New."
    )
    queued = []
    monkeypatch.setattr(tasks.render_minutes_pdf, "delay", lambda *args: queued.append(args))

    response = delegate_us_client.get(reverse("meetings:minutes_pdf", kwargs={"pk": approved.meeting_id}))

    assert response.status_code == 202
    assert queued == [(approved.pk, "en")]


def test_spanish_attendance_url_serves_spanish(minuted_meeting, delegate_us_client, no_role_user):
    url = localized(reverse("meetings:attendance_pdf", kwargs={"pk": minuted_meeting.pk}), "es")
    response = delegate_us_client.get(url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "es"
    assert "Asistencia" in pdf_text(data)
    assert PrintedDocument.objects.get(kind="attendance").language == "es"
    assert client_for(no_role_user).get(url).status_code == 403


def test_the_attendance_list_names_the_group_in_the_printed_language_where_it_exists(minuted_meeting):
    group = minuted_meeting.group
    group.provisional_name_es = "Grupo Voluntario de la Carta Democrática Interamericana"
    group.save()
    spanish = pdf_text(printing.print_attendance(meeting_id=minuted_meeting.pk, language="es").file.read())
    french = pdf_text(printing.print_attendance(meeting_id=minuted_meeting.pk, language="fr").file.read())
    assert "Grupo Voluntario de la Carta Democrática Interamericana" in spanish
    # No French name: the original one.
    assert group.provisional_name_en in french and "Grupo Voluntario" not in french
