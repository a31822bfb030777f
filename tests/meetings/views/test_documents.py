"""Uploading and downloading meeting documents."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Document
from tests.meetings.factories import (
    PDF_BYTES,
)


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
