"""`{% instant value zone %}`: an instant in a named zone, with a `<time>` carrying UTC."""

from django import template
from django.utils.html import format_html

from members.zones import format_instant, utc_iso

register = template.Library()


@register.simple_tag
def instant(value, zone, fmt="DATETIME_FORMAT", *, with_zone=True, text=False):
    """Usage: `{% instant round.deadline group.time_zone as deadline %}` then use `{{ deadline }}`.

    `text=True` gives plain text (emails, exports); otherwise a `<time>` element whose
    `datetime` is the UTC instant, so the page's script can add "in your time zone".
    """
    if value in (None, ""):
        return ""
    shown = format_instant(value, zone, fmt, with_zone=with_zone)
    if text:
        return shown
    return format_html('<time datetime="{}">{}</time>', utc_iso(value), shown)
