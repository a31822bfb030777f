"""Server-side cache of the public newsroom pages, per language, for anonymous visitors.

Every key carries a version number; publishing, correcting or withdrawing a release bumps
it (after commit), so stale pages are never served and old entries simply expire. The CSRF
token and CSP nonce differ per visitor, so cached HTML holds placeholders filled per request.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import translation

VERSION_KEY = "newsroom:version"
CSRF_PLACEHOLDER = "__plenary_csrf_token__"
NONCE_PLACEHOLDER = "__plenary_csp_nonce__"


def current_version() -> str:
    version = cache.get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    return version


def bump_version() -> None:
    cache.set(VERSION_KEY, str(time.time_ns()), None)


def is_cacheable(request) -> bool:
    if settings.PLENARY_NEWSROOM_CACHE_SECONDS <= 0:
        return False
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    if getattr(request, "htmx", False):
        return False
    # Messages (e.g. after logging out) are per visitor.
    return not len(getattr(request, "_messages", ()) or ())


def page_key(request, version: str | None = None) -> str:
    version = version or current_version()
    return f"newsroom:page:{version}:{translation.get_language()}:{request.get_full_path()}"


def placeholders() -> dict:
    return {"csrf_token": CSRF_PLACEHOLDER, "csp_nonce": NONCE_PLACEHOLDER}


def fill(html: str, request) -> str:
    return html.replace(CSRF_PLACEHOLDER, get_token(request)).replace(
        NONCE_PLACEHOLDER, str(get_nonce(request))
    )


# The version this process saw last: asking for it and for the page in one round trip is
# right nearly every time; when the version has moved on, a second lookup follows.
_last_version = {"value": ""}


def cached_response(request) -> HttpResponse | None:
    guess = page_key(request, _last_version["value"] or "-")
    found = cache.get_many([VERSION_KEY, guess])
    version = found.get(VERSION_KEY)
    if version is None:
        return None
    if version == _last_version["value"]:
        html = found.get(guess)
    else:
        _last_version["value"] = version
        html = cache.get(page_key(request, version))
    if html is None:
        return None
    response = HttpResponse(fill(html, request))
    response["X-Newsroom-Cache"] = "hit"
    return response


def store(request, key: str, html: str) -> str:
    cache.set(key, html, settings.PLENARY_NEWSROOM_CACHE_SECONDS)
    return fill(html, request)


def remember(name: str, compute, timeout: int = 300):
    """A value derived from published releases, kept until the next public change (or timeout)."""
    key = f"newsroom:{name}:{current_version()}:{translation.get_language()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value
