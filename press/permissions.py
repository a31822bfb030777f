"""Object rules for press releases."""

from members.permissions import can_open_staff_pages

from .models import PressRelease


def can_manage_press(user) -> bool:
    return can_open_staff_pages(user)


def can_edit_press_release(user, release: PressRelease) -> bool:
    return can_manage_press(user) and release.is_editable()
