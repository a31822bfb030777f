"""A paper's language versions: one symbol, one file per language, each upload checked."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from meetings import services
from meetings.models import DocumentFile
from tests.meetings.factories import PDF_BYTES, DocumentFactory, DocumentFileFactory, docx_bytes


def upload(content: bytes = PDF_BYTES, name="file.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


# Models


def test_a_paper_holds_one_file_per_language(meeting):
    paper = DocumentFactory(meeting=meeting, language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFileFactory(document=paper, language="en")


def test_a_reader_gets_their_language_else_the_original(meeting):
    paper = DocumentFactory(meeting=meeting, language="es")
    french = DocumentFileFactory(document=paper, language="fr")
    assert paper.file_for("fr") == french
    assert paper.file_for("pt").language == "es"
    assert [row.language for row in paper.language_files()] == ["es", "fr"]


def test_languages_are_listed_in_the_sites_order_whatever_the_upload_order(meeting):
    paper = DocumentFactory(meeting=meeting, language="pt")
    for language in ("fr", "en"):
        DocumentFileFactory(document=paper, language=language)
    assert [row.language for row in paper.language_files()] == ["en", "fr", "pt"]


def test_a_translation_downloads_under_the_symbol_and_its_language(meeting):
    paper = DocumentFactory(meeting=meeting, language="en", symbol="GV-CDI/doc.3/23")
    spanish = DocumentFileFactory(document=paper, language="es")
    assert paper.file_for("en").download_name() == "GV-CDI-doc.3-23.pdf"
    assert spanish.download_name() == "GV-CDI-doc.3-23-es.pdf"
    assert spanish.get_absolute_url().endswith(f"/documents/{paper.pk}/es/")


# Services


def test_attach_document_makes_the_first_file_in_the_original_language(meeting, secretariat):
    paper = services.attach_document(
        meeting=meeting,
        upload=upload(),
        title="Paper",
        language="fr",
        is_public=True,
        uploaded_by=secretariat,
    )
    row = paper.files.get()
    assert (paper.language, row.language, row.uploaded_by, row.size) == (
        "fr",
        "fr",
        secretariat,
        len(PDF_BYTES),
    )


def test_a_language_is_added_under_the_same_symbol(public_document, secretariat):
    symbol = public_document.symbol
    row = services.add_document_file(
        document=public_document,
        upload=upload(docx_bytes(), "informe.docx"),
        language="es",
        uploaded_by=secretariat,
    )
    public_document.refresh_from_db()
    assert public_document.symbol == symbol
    assert (row.language, row.original_name, row.uploaded_by) == ("es", "informe.docx", secretariat)
    assert row.content_type.endswith("wordprocessingml.document")
    assert sorted(public_document.files.values_list("language", flat=True)) == ["en", "es"]


def test_a_second_file_in_a_language_is_refused_unless_replacing(public_document, secretariat):
    before = public_document.files.get()
    with pytest.raises(ValidationError) as error:
        services.add_document_file(
            document=public_document, upload=upload(docx_bytes()), language="en", uploaded_by=secretariat
        )
    assert "language" in error.value.error_dict
    assert public_document.files.get().file.name == before.file.name


def test_replacing_keeps_the_row_and_deletes_the_old_file_after_commit(
    public_document, secretariat, django_capture_on_commit_callbacks
):
    before = public_document.files.get()
    old_name, storage = before.file.name, before.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        row = services.add_document_file(
            document=public_document,
            upload=upload(docx_bytes(), "v2.docx"),
            language="en",
            uploaded_by=secretariat,
            replace=True,
        )
    assert row.pk == before.pk
    assert DocumentFile.objects.get(pk=row.pk).original_name == "v2.docx"
    assert not storage.exists(old_name)
    assert row.history.count() == 2


@pytest.mark.parametrize("content", [b"MZ\x90\x00 a program", b"<html></html>", b""])
def test_a_language_file_of_the_wrong_type_is_refused_and_nothing_saved(
    public_document, secretariat, content
):
    with pytest.raises(ValidationError) as error:
        services.add_document_file(
            document=public_document, upload=upload(content), language="es", uploaded_by=secretariat
        )
    assert "file" in error.value.error_dict
    assert list(public_document.files.values_list("language", flat=True)) == ["en"]


def test_an_unofficial_language_is_refused(public_document, secretariat):
    with pytest.raises(ValidationError):
        services.add_document_file(
            document=public_document, upload=upload(), language="de", uploaded_by=secretariat
        )


def test_removing_a_paper_removes_every_language_file(
    public_document, secretariat, django_capture_on_commit_callbacks
):
    services.add_document_file(
        document=public_document, upload=upload(), language="pt", uploaded_by=secretariat
    )
    stored = [(row.file.storage, row.file.name) for row in public_document.files.all()]
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_document(document=public_document)
    assert not DocumentFile.objects.exists()
    assert not any(storage.exists(name) for storage, name in stored)
