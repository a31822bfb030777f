import zoneinfo

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from workplans.text import tracked_changes

register = template.Library()


@register.simple_tag
def tracked(old: str, new: str):
    """The proposed text as tracked changes against the current text (escaped in text.py)."""
    return mark_safe(tracked_changes(old or "", new or ""))  # noqa: S308


@register.filter
def in_zone(value, zone):
    """A datetime shown in the given time zone (a ZoneInfo or its name)."""
    if value is None:
        return value
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)
    return timezone.localtime(value, zone)
