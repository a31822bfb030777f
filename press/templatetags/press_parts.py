"""Press parts shown on lower apps' pages, so those apps never import press."""

from django import template
from django.utils.translation import get_language

from press import permissions
from press.models import PressRelease
from press.rows import prepare_rows

register = template.Library()


@register.inclusion_tag("press/_group_press_releases.html", takes_context=True)
def group_press_releases(context, group, count=5):
    """The group's latest releases in the visitor's language, or in any language if it has none."""
    releases = PressRelease.objects.published().for_listing().filter(release_set__group=group)
    in_language = list(releases.filter(language=get_language()).order_by("-published_at")[:count])
    request = context.get("request")
    return {
        "group": group,
        "press_releases": prepare_rows(in_language or list(releases.order_by("-published_at")[:count])),
        "can_manage": bool(request) and permissions.can_manage_press(request.user),
    }
