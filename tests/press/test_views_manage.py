"""The secretariat's press pages."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from press import services
from press.models import PressRelease
from tests.conftest import client_for
from tests.factories import make_secretariat
from tests.press.helpers import draft_release, published_release

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def with_fake_pdf(release):
    release.pdf.save(f"{release.slug}.pdf", ContentFile(b"%PDF-1.7\n%test\n"), save=False)
    release.pdf_etag, release.pdf_made_at = "abc123", timezone.now()
    release.save(update_fields=["pdf", "pdf_etag", "pdf_made_at"])
    return release


def test_staff_compose_a_draft(secretariat_client, group):
    response = secretariat_client.post(
        reverse("press:create"),
        {
            "group": group.pk,
            "language": "en",
            "title": "New release",
            "body": "Text",
            "place": "Washington, D.C.",
        },
    )
    release = PressRelease.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "press:edit", kwargs={"pk": release.pk}
    )
    assert release.status == PressRelease.Status.DRAFT and release.release_set.group == group


def test_composing_with_an_image_without_description_shows_the_error_and_saves_nothing(
    secretariat_client, group
):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    image = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")
    response = secretariat_client.post(
        reverse("press:create"),
        {"group": group.pk, "language": "en", "title": "T", "body": "B", "image": image, "image_alt": ""},
    )
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    assert not PressRelease.objects.exists()


def test_delegates_cannot_compose(delegate_us_client, group):
    response = delegate_us_client.post(reverse("press:create"), {"group": group.pk, "title": "x"})
    assert response.status_code == 403
    assert not PressRelease.objects.exists()


def test_the_live_preview_returns_the_sanitised_fragment(secretariat_client, delegate_us_client):
    url = reverse("press:preview")
    response = secretariat_client.post(
        url,
        {"title": "Preview title", "body": "# Agreed\n\n<script>x</script>"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="press-preview"')
    assert "<h2>Agreed</h2>" in html and "<script>" not in html and "Preview title" in html
    assert delegate_us_client.post(url, {"body": "x"}).status_code == 403


def test_staff_review_and_publish_through_the_pages(secretariat_client, client, group):
    # Two people: the submitter may not also publish (separation of duties).
    reviewer = client_for(make_secretariat("reviewer@secretariat.example"))
    release = draft_release(group)
    secretariat_client.post(reverse("press:submit", kwargs={"pk": release.pk}))
    response = reviewer.post(reverse("press:publish", kwargs={"pk": release.pk}), follow=True)
    release.refresh_from_db()
    assert release.status == PressRelease.Status.PUBLISHED
    assert "Published" in response.content.decode()
    assert client.get(release.get_absolute_url()).status_code == 200


def test_publishing_without_a_body_is_refused_with_a_message(secretariat_client, group):
    release = services.submit_press_release_for_review(release=draft_release(group, body=""))
    response = secretariat_client.post(reverse("press:publish", kwargs={"pk": release.pk}), follow=True)
    assert "needs a body" in response.content.decode()
    release.refresh_from_db()
    assert release.status == PressRelease.Status.IN_REVIEW and release.reference == ""


def test_staff_schedule_in_the_groups_time_zone(secretariat_client, group):
    release = services.submit_press_release_for_review(release=draft_release(group))
    secretariat_client.post(
        reverse("press:schedule", kwargs={"pk": release.pk}), {"publish_at": "2099-01-05T09:00"}
    )
    release.refresh_from_db()
    assert release.status == PressRelease.Status.SCHEDULED
    assert release.publish_at == datetime.datetime(2099, 1, 5, 14, 0, tzinfo=datetime.UTC)


def test_staff_correct_and_withdraw_through_the_pages(secretariat_client, group):
    release = published_release(group)
    secretariat_client.post(
        reverse("press:correct", kwargs={"pk": release.pk}),
        {
            "correction-note": "Typo fixed.",
            "correction-title": release.title,
            "correction-body": "Corrected text.",
        },
    )
    release.refresh_from_db()
    assert release.correction_note == "Typo fixed."
    secretariat_client.post(reverse("press:withdraw", kwargs={"pk": release.pk}), {"withdraw-note": ""})
    release.refresh_from_db()
    assert release.status == PressRelease.Status.PUBLISHED  # no reason given: refused
    secretariat_client.post(
        reverse("press:withdraw", kwargs={"pk": release.pk}), {"withdraw-note": "Wrong group."}
    )
    release.refresh_from_db()
    assert release.status == PressRelease.Status.WITHDRAWN


def test_staff_start_a_language_version(secretariat_client, group):
    release = published_release(group)
    response = secretariat_client.post(
        reverse("press:translate", kwargs={"pk": release.pk}), {"language": "fr"}
    )
    french = PressRelease.objects.get(language="fr")
    assert response["Location"] == reverse("press:edit", kwargs={"pk": french.pk})
    assert french.release_set_id == release.release_set_id


def test_the_staff_list_runs_the_same_queries_whatever_the_number_of_releases(
    secretariat_client, group, django_assert_num_queries
):
    published_release(group)
    url = reverse("press:manage")
    secretariat_client.get(url)
    with CaptureQueriesContext(connection) as few:
        secretariat_client.get(url)
    for i in range(6):
        published_release(group, title=f"More {i}")
    with django_assert_num_queries(len(few.captured_queries)):
        secretariat_client.get(url)
