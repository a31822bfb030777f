"""Press images: only formats a browser shows and nothing runs (PNG, JPEG, WebP).

The type is read from the file's bytes; the stored name, the Content-Type and the
download name all follow it, never the name the uploader chose.
"""

import uuid

import filetype
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PRESS_IMAGE_TYPES = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


def image_extension(file) -> str | None:
    """ "png", "jpg" or "webp" from the file's content, or None for anything else."""
    try:
        position = file.tell()
        file.seek(0)
        head = file.read(262)
        file.seek(position)
    except (OSError, ValueError):  # gone from storage, or closed
        return None
    kind = filetype.guess(head)
    return kind.extension if kind is not None and kind.extension in PRESS_IMAGE_TYPES else None


def validate_press_image(value) -> None:
    if value and image_extension(value) is None:
        raise ValidationError(_("Upload a PNG, JPEG or WebP image."), code="image_type")


def press_image_upload_to(release, filename: str) -> str:
    extension = image_extension(release.image) or "bin"
    return f"press/images/{timezone.now():%Y}/{uuid.uuid4().hex}.{extension}"
