"""Papers' text read for search: PDF, DOCX, ODT, within bounds, never crashing the worker."""

import subprocess

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings import services, tasks
from meetings.models import DocumentText
from meetings.services import texts
from tests.meetings.factories import PDF_BYTES, DocumentFactory, DocumentFileFactory
from tests.meetings.paper_files import docx_with, odt_with, pdf_with_pages


def paper(meeting, data: bytes, extension: str, **fields):
    """A paper's language file holding `data` (the unit the worker reads)."""
    document = DocumentFactory(meeting=meeting, original_file=None, **fields)
    return DocumentFileFactory(document=document, file=ContentFile(data, name=f"paper.{extension}"))


@pytest.mark.parametrize(
    ("extension", "data"),
    [
        ("pdf", pdf_with_pages("Democratic charter", "Article seventeen quorum")),
        ("docx", docx_with("Democratic charter", cell="Article seventeen quorum")),
        ("odt", odt_with("Article seventeen quorum", heading="Democratic charter")),
    ],
)
def test_the_words_of_each_format_are_read(meeting, extension, data):
    document = paper(meeting, data, extension)

    stored = texts.read_document_text(file_id=document.pk)

    assert stored.outcome == DocumentText.Outcome.READ
    assert stored.text.splitlines() == ["Democratic charter", "Article seventeen quorum"]
    assert stored.file_name == document.file.name


def test_only_the_first_pages_are_read(meeting, settings):
    settings.PLENARY_EXTRACT_MAX_PAGES = 1
    document = paper(meeting, pdf_with_pages("first page", "second page"), "pdf")

    assert texts.read_document_text(file_id=document.pk).text == "first page"


def test_the_text_is_cut_at_the_character_limit(meeting, settings):
    settings.PLENARY_EXTRACT_MAX_CHARS = 5
    document = paper(meeting, docx_with("abcdefghij"), "docx")

    assert texts.read_document_text(file_id=document.pk).text == "abcde"


@pytest.mark.parametrize(
    ("extension", "data"),
    [
        ("pdf", PDF_BYTES + b"garbage"),
        ("pdf", b"%PDF-1.7\n" + b"1 0 obj << /Kids [1 0 R] >>" * 50),
        ("docx", b"PK\x03\x04 not really a zip"),
        ("odt", docx_with("a Word file named .odt")),
    ],
)
def test_a_malformed_file_is_recorded_as_unreadable_without_raising(meeting, extension, data):
    document = paper(meeting, data, extension)

    stored = texts.read_document_text(file_id=document.pk)

    assert stored.outcome in {DocumentText.Outcome.FAILED, DocumentText.Outcome.EMPTY}
    assert stored.text == ""


def test_an_odt_with_xml_entities_is_refused_unread(meeting):
    import io
    import zipfile

    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><x>&b;</x>'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", bomb)
    document = paper(meeting, buffer.getvalue(), "odt")

    stored = texts.read_document_text(file_id=document.pk)

    assert (stored.outcome, stored.text) == (DocumentText.Outcome.FAILED, "")
    assert "Entities" in stored.error


def test_a_zip_that_would_unpack_too_large_is_refused(meeting, monkeypatch):
    from meetings import extract_text

    monkeypatch.setattr(extract_text, "MAX_UNPACKED_BYTES", 100)
    with pytest.raises(extract_text.Unreadable, match="unpacks too large"):
        extract_text.check_archive(docx_with("x" * 1000))


def test_a_file_over_the_size_limit_is_not_opened(meeting, settings):
    settings.PLENARY_EXTRACT_MAX_BYTES = 10
    document = paper(meeting, pdf_with_pages("words"), "pdf")

    stored = texts.read_document_text(file_id=document.pk)

    assert (stored.outcome, stored.text) == (DocumentText.Outcome.TOO_LARGE, "")


def test_a_reader_that_takes_too_long_is_stopped(meeting, monkeypatch):
    def too_slow(*args, **kwargs):
        raise subprocess.TimeoutExpired(args[0], kwargs["timeout"])

    monkeypatch.setattr(texts.subprocess, "run", too_slow)
    document = paper(meeting, pdf_with_pages("words"), "pdf")

    stored = texts.read_document_text(file_id=document.pk)

    assert stored.outcome == DocumentText.Outcome.FAILED
    assert "took over" in stored.error


def test_the_child_runs_with_a_cpu_and_memory_cap(settings):
    import resource

    settings.PLENARY_EXTRACT_SECONDS = 7
    settings.PLENARY_EXTRACT_MEMORY_BYTES = 512 * 1024 * 1024
    script = "import resource; print(resource.getrlimit(resource.RLIMIT_CPU)[0], resource.getrlimit(resource.RLIMIT_AS)[0])"
    done = subprocess.run(
        ["python", "-c", script], preexec_fn=texts._limit_child, capture_output=True, check=True
    )

    assert done.stdout.split() == [b"7", str(512 * 1024 * 1024).encode()]
    assert resource.getrlimit(resource.RLIMIT_CPU)[0] != 7  # the worker itself is untouched


def test_spreadsheets_are_not_read(meeting):
    document = paper(meeting, b"PK\x03\x04", "xlsx")

    assert texts.read_document_text(file_id=document.pk).outcome == DocumentText.Outcome.UNSUPPORTED


def test_reading_twice_reads_the_file_once(meeting, monkeypatch):
    document = paper(meeting, pdf_with_pages("words"), "pdf")
    texts.read_document_text(file_id=document.pk)
    monkeypatch.setattr(texts, "extract", lambda *args: pytest.fail("read again"))

    assert texts.read_document_text(file_id=document.pk).text == "words"


def test_the_scan_reads_papers_never_read_and_those_whose_file_changed(meeting):
    unread = paper(meeting, pdf_with_pages("unread"), "pdf")
    read = paper(meeting, pdf_with_pages("old words"), "pdf")
    texts.read_document_text(file_id=read.pk)
    read.file.save("paper.pdf", ContentFile(pdf_with_pages("new words")), save=True)

    assert tasks.extract_missing_texts.apply().get() == 2
    assert tasks.extract_missing_texts.apply().get() == 0
    assert DocumentText.objects.get(pk=unread.pk).text == "unread"
    assert DocumentText.objects.get(pk=read.pk).text == "new words"


def test_an_upload_reads_its_text_after_commit(meeting, secretariat, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("notes.docx", docx_with("Hemispheric consultation"))
    with django_capture_on_commit_callbacks(execute=True):
        document = services.attach_document(
            meeting=meeting,
            upload=upload,
            title="Notes",
            language="en",
            is_public=True,
            uploaded_by=secretariat,
        )

    assert document.files.get().extracted.text == "Hemispheric consultation"


def test_the_task_for_a_deleted_paper_does_nothing(meeting):
    assert tasks.extract_document_text.apply(args=[999_999]).get() == ""
