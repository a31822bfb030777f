from django import template
from django.utils.safestring import mark_safe

from workplans.text import tracked_changes

register = template.Library()


@register.simple_tag
def tracked(old: str, new: str):
    """The proposed text as tracked changes against the current text (escaped in text.py)."""
    return mark_safe(tracked_changes(old or "", new or ""))  # noqa: S308
