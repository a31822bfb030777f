"""`{% language_links as links %}`: the current page in each of the site's languages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """One entry per language: code, its own name and the URL of this page in it.

    Plain links (not a form posting to set_language) work without script, can be
    bookmarked, and let search engines and assistive technology see each language.
    """
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        url = translate_url(path, code)
        if url == path and code != current:
            # A path that does not resolve (a 404 page) keeps its prefix: swap it by hand.
            prefix = f"/{current}/"
            url = f"/{code}/{path.removeprefix(prefix)}" if path.startswith(prefix) else f"/{code}/"
        info = get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url, "current": code == current})
    return links
