import datetime
import io
import shutil
import subprocess

import pytest
from django.utils import timezone
from pypdf import PdfReader
from weasyprint import HTML

from config.pdf import BASE_URL, RefusedURL, StaticOnlyFetcher
from meetings.minutes import printing
from meetings.minutes import services as minutes_services
from meetings.models import PrintedDocument


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def written(minutes):
    first = minutes.items.first()
    minutes_services.update_minutes(
        minutes=minutes,
        items={first.pk: "The chair opened the meeting & welcomed <delegations>."},
        decisions=["Adopt the agenda.", "Ask the secretariat for a draft work plan."],
        next_steps="Delegations send comments on the work plan.",
        next_meeting_text="Early next year, date to be agreed.",
    )
    return minutes


def test_minutes_pdf_has_header_metadata_attendance_agenda_and_decisions(written):
    printed = printing.print_minutes(minutes_id=written.pk)
    data = printed.file.read()
    text = pdf_text(data)

    assert written.meeting.group.name in text.replace("\n", " ")
    assert written.symbol in text
    assert "Simón Bolívar Room" in text
    assert "Ana Chair" in text
    assert "10:00–13:00 EST" in text  # venue time
    assert "15:00–18:00 UTC" in text
    assert "Present in person" in text and "Present online" in text
    assert "Countries present: 2" in text
    assert "Presentations by the secretariats" in text
    assert "welcomed <delegations>." in text  # escaped in HTML, shown as typed
    assert "Ask the secretariat for a draft work plan." in text
    assert "1 / " in text  # page numbers
    assert len(PdfReader(io.BytesIO(data)).pages) >= 1


def test_minutes_pdf_is_tagged_with_language_and_title(written):
    data = printing.print_minutes(minutes_id=written.pk).file.read()
    reader = PdfReader(io.BytesIO(data))
    root = reader.trailer["/Root"]

    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en"
    assert written.symbol in reader.metadata.title


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")
def test_pdftotext_reads_the_minutes(written, tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(printing.print_minutes(minutes_id=written.pk).file.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Decisions and agreements" in text


def test_rendering_again_without_changes_keeps_the_stored_file(written):
    first = printing.print_minutes(minutes_id=written.pk)
    again = printing.print_minutes(minutes_id=written.pk)
    assert again.file.name == first.file.name
    assert PrintedDocument.objects.count() == 1


def test_a_change_replaces_the_stored_file(written):
    first = printing.print_minutes(minutes_id=written.pk)
    minutes_services.update_minutes(minutes=written, next_steps="Something new.")
    second = printing.print_minutes(minutes_id=written.pk)
    assert second.pk == first.pk
    assert second.file.name != first.file.name
    assert "Something new." in pdf_text(second.file.read())


def test_circulating_renders_the_pdf_after_commit(minutes, secretariat, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.circulate_minutes(
            minutes=minutes,
            corrections_until=timezone.localdate() + datetime.timedelta(days=5),
            by=secretariat,
        )
    printed = PrintedDocument.objects.filter(kind=PrintedDocument.Kind.MINUTES)
    assert sorted(printed.values_list("language", flat=True)) == ["en", "es", "fr", "pt"]
    assert "Circulated for corrections" in pdf_text(printed.get(language="en").file.read())


def test_approved_minutes_pdf_names_the_approving_meeting(minutes, secretariat, later_meeting):
    minutes_services.circulate_minutes(
        minutes=minutes, corrections_until=timezone.localdate() + datetime.timedelta(days=5), by=secretariat
    )
    minutes_services.approve_minutes(minutes=minutes, at_meeting=later_meeting)
    text = pdf_text(printing.print_minutes(minutes_id=minutes.pk).file.read())
    assert "Approved at the Second meeting" in text


def test_attendance_list_pdf_has_a_presence_column(minuted_meeting):
    printed = printing.print_attendance(meeting_id=minuted_meeting.pk)
    text = pdf_text(printed.file.read())
    assert "Presence" in text
    assert "United States" in text and "Present in person" in text
    assert "Bob Delegate" in text
    assert printing.print_attendance(meeting_id=minuted_meeting.pk).file.name == printed.file.name


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/admin/",
        "http://localhost/",
        BASE_URL + "static/../settings.py",
    ],
)
def test_the_pdf_fetcher_refuses_anything_but_our_static_files(url):
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher().fetch(url)


def test_a_document_naming_a_local_file_renders_without_it():
    html = '<img src="file:///etc/passwd"><img src="http://127.0.0.1:1/x.png"><p>Text</p>'
    data = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).write_pdf()
    assert b"root:x" not in data
    assert "Text" in pdf_text(data)
