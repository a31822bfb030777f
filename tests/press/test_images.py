"""Press images: PNG, JPEG or WebP by their bytes; stored, typed and named by what they are."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from press import services
from press.models import PressRelease
from tests.press.helpers import draft_release, published_release

pytestmark = pytest.mark.django_db

EPS = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 4 4\nshowpage\n"


def image_bytes(kind="PNG") -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, kind)
    return buffer.getvalue()


def compose(client, group, upload):
    return client.post(
        reverse("press:create"),
        {
            "group": group.pk,
            "language": "en",
            "title": "T",
            "body": "B",
            "image": upload,
            "image_alt": "A photo",
        },
    )


@pytest.mark.parametrize("name", ["figure.eps", "figure.png"])
def test_postscript_is_refused_whatever_its_name(secretariat_client, group, name):
    response = compose(secretariat_client, group, SimpleUploadedFile(name, EPS, content_type="image/png"))
    assert response.status_code == 200
    assert "Upload a" in response.content.decode()
    assert not PressRelease.objects.exists()


@pytest.mark.parametrize(
    ("kind", "extension", "content_type"),
    [("PNG", "png", "image/png"), ("JPEG", "jpg", "image/jpeg"), ("WEBP", "webp", "image/webp")],
)
def test_image_is_stored_and_served_as_its_detected_type(
    secretariat_client, client, group, kind, extension, content_type
):
    # Named as another type on purpose (Django's image field already refuses names like .html).
    misnamed = "photo.gif" if extension != "png" else "photo.jpeg"
    upload = SimpleUploadedFile(misnamed, image_bytes(kind), content_type="image/gif")
    assert compose(secretariat_client, group, upload).status_code == 302
    release = PressRelease.objects.get()
    assert release.image.name.endswith(f".{extension}")
    services.submit_press_release_for_review(release=release)
    services.publish_press_release(release=release)
    release.refresh_from_db()
    response = client.get(reverse("press:release_image", kwargs={"slug": release.slug}))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert f'filename="{release.slug}.{extension}"' in response["Content-Disposition"]
    page = client.get(release.get_absolute_url()).content.decode()
    assert f'src="{release.get_image_url()}"' in page


def test_image_of_an_unpublished_release_is_not_served(client, secretariat_client, group):
    release = draft_release(group)
    release.image.save("p.png", SimpleUploadedFile("p.png", image_bytes()), save=False)
    release.image_alt = "A photo"
    release.save()
    # Drafts have no address yet; a published one without an image answers 404 too.
    plain = published_release(group, title="No image")
    assert client.get(reverse("press:release_image", kwargs={"slug": plain.slug})).status_code == 404
