"""Uploading and downloading meeting documents."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from meetings.models import Document
from tests.conftest import client_for
from tests.meetings.factories import PDF_BYTES, DocumentFileFactory


def test_upload_and_download_with_the_right_type(secretariat_client, meeting, delegate_us_client, client):
    response = secretariat_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", PDF_BYTES), "title": "Paper", "language": "es"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert not document.is_public
    url = reverse("meetings:document_download", kwargs={"pk": document.pk})
    assert client.get(url).status_code == 404
    download = delegate_us_client.get(url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_wrong_file_type_shows_message_next_to_the_field(secretariat_client, meeting):
    response = secretariat_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", b"MZ not a pdf at all"), "title": "Paper", "language": "en"},
    )
    assert response.status_code == 200
    assert "not a PDF" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_oversize_file_shows_message_next_to_the_field(secretariat_client, meeting, settings):
    settings.PLENARY_UPLOAD_MAX_BYTES = 10
    response = secretariat_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", PDF_BYTES), "title": "Paper", "language": "en"},
    )
    assert "limit" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_delegate_cannot_upload(delegate_us_client, meeting):
    response = delegate_us_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", PDF_BYTES), "title": "Paper", "language": "en"},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


def test_polyglot_named_html_downloads_as_the_pdf_it_was_accepted_as(
    secretariat_client, meeting, delegate_us_client
):
    polyglot = PDF_BYTES + b"<html><script>alert(document.cookie)</script></html>"
    response = secretariat_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {
            "file": SimpleUploadedFile("poly.html", polyglot, content_type="text/html"),
            "title": "Paper",
            "language": "en",
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.files.get().file.name.endswith(".pdf")
    download = delegate_us_client.get(reverse("meetings:document_download", kwargs={"pk": document.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert (
        download["Content-Disposition"] == f'attachment; filename="{document.symbol.replace("/", "-")}.pdf"'
    )
    assert ".html" not in download["Content-Disposition"]


# Language versions


def test_each_language_has_its_own_address_and_file(client, public_document):
    spanish = DocumentFileFactory(
        document=public_document, language="es", file=ContentFile(PDF_BYTES + b"es", name="es.pdf")
    )
    response = client.get(
        reverse("meetings:document_file", kwargs={"pk": public_document.pk, "language": "es"})
    )
    assert b"".join(response.streaming_content) == PDF_BYTES + b"es"
    assert spanish.download_name() in response["Content-Disposition"]
    missing = client.get(
        reverse("meetings:document_file", kwargs={"pk": public_document.pk, "language": "fr"})
    )
    assert missing.status_code == 404


def test_the_old_address_gives_the_readers_language_else_the_original(client, public_document):
    DocumentFileFactory(
        document=public_document, language="es", file=ContentFile(PDF_BYTES + b"es", name="es.pdf")
    )
    old = reverse("meetings:document_download", kwargs={"pk": public_document.pk})
    with translation.override("es"):
        spanish_url = reverse("meetings:document_download", kwargs={"pk": public_document.pk})
    with translation.override("fr"):
        french_url = reverse("meetings:document_download", kwargs={"pk": public_document.pk})
    assert b"".join(client.get(spanish_url).streaming_content) == PDF_BYTES + b"es"
    assert b"".join(client.get(french_url).streaming_content) == PDF_BYTES
    assert b"".join(client.get(old).streaming_content) == PDF_BYTES


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_restricted_paper_is_not_found_by_visitors_in_any_language(
    client, no_role_user, delegate_us_client, restricted_document, language
):
    DocumentFileFactory(document=restricted_document, language="es")
    url = reverse("meetings:document_file", kwargs={"pk": restricted_document.pk, "language": language})
    assert client.get(url).status_code == 404
    assert client_for(no_role_user).get(url).status_code == 404
    assert delegate_us_client.get(url).status_code == 200


def test_staff_add_a_language_to_a_paper(secretariat_client, public_document, secretariat):
    response = secretariat_client.post(
        reverse("meetings:document_file_upload", kwargs={"pk": public_document.pk}),
        {
            f"file{public_document.pk}-language": "fr",
            f"file{public_document.pk}-file": SimpleUploadedFile("fr.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    added = public_document.files.get(language="fr")
    assert added.uploaded_by == secretariat


def test_a_second_file_in_a_language_comes_back_with_the_message_by_the_field(
    secretariat_client, public_document
):
    before = public_document.files.get().file.name
    response = secretariat_client.post(
        reverse("meetings:document_file_upload", kwargs={"pk": public_document.pk}),
        {
            f"file{public_document.pk}-language": "en",
            f"file{public_document.pk}-file": SimpleUploadedFile("en.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 200
    row = next(row for row in response.context["rows"] if row.pk == public_document.pk)
    assert "already has a file in English" in str(row.file_form.errors["language"])
    assert public_document.files.get().file.name == before


def test_delegates_cannot_add_a_language(delegate_us_client, public_document):
    response = delegate_us_client.post(
        reverse("meetings:document_file_upload", kwargs={"pk": public_document.pk}),
        {
            f"file{public_document.pk}-language": "fr",
            f"file{public_document.pk}-file": SimpleUploadedFile("fr.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 403
    assert not public_document.files.filter(language="fr").exists()


def test_the_meeting_page_lists_the_languages_and_links_the_readers_first(client, meeting, public_document):
    DocumentFileFactory(document=public_document, language="es")
    with translation.override("es"):
        url = meeting.get_absolute_url()
    html = client.get(url).content.decode()
    spanish = reverse("meetings:document_file", kwargs={"pk": public_document.pk, "language": "es"})
    english = reverse("meetings:document_file", kwargs={"pk": public_document.pk, "language": "en"})
    assert f'<a href="{spanish}" hreflang="es">{public_document.symbol}</a>' in html
    assert f'<a href="{english}" hreflang="en" class="paper-language">EN' in html
    assert '<span lang="es">español</span>' in html
    # The title is in the paper's original language, not the page's.
    assert f'<span lang="en">{public_document.title}</span>' in html
