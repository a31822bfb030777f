"""Press parts shown on lower apps' pages, so those apps never import press."""

from django import template
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import get_language

from press import permissions
from press.models import PressRelease
from press.rows import prepare_rows

register = template.Library()


@register.inclusion_tag("press/_group_press_releases.html", takes_context=True)
def group_press_releases(context, group, count=5):
    """The group's latest releases in the visitor's language, or in any language if it has none."""
    # One query: the reader's language sorts first, so the newest rows are theirs when any exist.
    rows = list(
        PressRelease.objects.published()
        .for_listing()
        .filter(release_set__group=group)
        .annotate(
            in_reader_language=Case(
                When(language=get_language(), then=Value(1)), default=Value(0), output_field=IntegerField()
            )
        )
        .order_by("-in_reader_language", "-published_at")[:count]
    )
    if rows and rows[0].in_reader_language:
        rows = [row for row in rows if row.in_reader_language]
    request = context.get("request")
    return {
        "group": group,
        "press_releases": prepare_rows(rows),
        "can_manage": bool(request) and permissions.can_manage_press(request.user),
    }
