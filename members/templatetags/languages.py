"""`{% language_links as links %}`: the current page in each of the site's languages."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.encoding import iri_to_uri
from django.utils.translation import get_language, get_language_info, override

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
        url = _in_language(request, path, code)
        if url == path and code != current:
            # A path that does not resolve (a 404 page) keeps its prefix: swap it by hand.
            prefix = f"/{current}/"
            url = f"/{code}/{path.removeprefix(prefix)}" if path.startswith(prefix) else f"/{code}/"
        info = get_language_info(code)
        links.append({"code": code, "name": info["name_local"], "url": url, "current": code == current})
    return links


def _in_language(request, path: str, code: str) -> str:
    """translate_url without resolving the path again: the request's own match is reversed.

    Every page pays for these links; resolving the address once per language cost more than
    the rest of the base template's links together.
    """
    match = getattr(request, "resolver_match", None) if request else None
    if match is None or match.url_name is None:
        return translate_url(path, code)
    with override(code):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return path
    query = request.META.get("QUERY_STRING", "")
    return f"{url}?{iri_to_uri(query)}" if query else url
