"""Server-side cache of the public newsroom pages, per language, for anonymous visitors.

Every key carries a version number; publishing, correcting or withdrawing a release bumps
it (after commit), so stale pages are never served and old entries simply expire. The CSRF
token and CSP nonce differ per visitor, so a cached page is kept as segments split where the
template put them, and each request joins the segments with its own token and nonce. The
markers the template writes are random for each rendering, so text a visitor typed (a search
query echoed on the page) can never be taken for one.

Pages live in the shared cache and, for speed, in a small per-process copy: a hit then costs
no network round trip. Each process re-reads the shared version at most once a second, so
a change made in one web process reaches the others within that second.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from members import page_cache

VERSION_KEY = "newsroom:version"
VERSION_CHECK_SECONDS = 1.0
LOCAL_PAGES = 500

_lock = threading.Lock()
_local = {"version": "", "checked_at": 0.0}
_pages: OrderedDict[str, tuple[float, object]] = OrderedDict()


def reset_local() -> None:
    """Forget this process's copies (tests start from an empty cache)."""
    with _lock:
        _pages.clear()
        _local.update(version="", checked_at=0.0)


def current_version() -> str:
    now = time.monotonic()
    if _local["version"] and now - _local["checked_at"] < VERSION_CHECK_SECONDS:
        return _local["version"]
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, str(time.time_ns()), None)
        version = cache.get(VERSION_KEY)
    _local.update(version=version, checked_at=now)
    return version


def bump_version() -> None:
    version = str(time.time_ns())
    cache.set(VERSION_KEY, version, None)
    _local.update(version=version, checked_at=time.monotonic())


def is_cacheable(request) -> bool:
    return settings.PLENARY_NEWSROOM_CACHE_SECONDS > 0 and page_cache.is_plain_visit(request)


def page_key(request) -> str:
    return f"newsroom:page:{current_version()}:{translation.get_language()}:{request.get_full_path()}"


# The per-visitor CSRF token and nonce are kept out of a stored page as the public page cache does.
placeholders, segments, fill = page_cache.placeholders, page_cache.segments, page_cache.fill
CSRF, NONCE = page_cache.CSRF, page_cache.NONCE


def _keep_locally(key: str, value, timeout: float | None = None) -> None:
    timeout = settings.PLENARY_NEWSROOM_CACHE_SECONDS if timeout is None else timeout
    with _lock:
        _pages[key] = (time.monotonic() + timeout, value)
        _pages.move_to_end(key)
        while len(_pages) > LOCAL_PAGES:
            _pages.popitem(last=False)


def cached_response(request) -> HttpResponse | None:
    key = page_key(request)
    expires_at, parts = _pages.get(key, (0.0, None))
    if parts is None or expires_at < time.monotonic():
        parts = cache.get(key)
        if parts is None:
            return None
        _keep_locally(key, parts)
    response = HttpResponse(fill(parts, request))
    response["X-Newsroom-Cache"] = "hit"
    return response


def store(request, key: str, html: str) -> str:
    parts = segments(html, request)
    cache.set(key, parts, settings.PLENARY_NEWSROOM_CACHE_SECONDS)
    _keep_locally(key, parts)
    return fill(parts, request)


def remember(name: str, compute, timeout: int = 300):
    """A value derived from published releases, kept until the next public change (or timeout)."""
    key = f"newsroom:{name}:{current_version()}:{translation.get_language()}"
    expires_at, value = _pages.get(key, (0.0, None))
    if value is not None and expires_at >= time.monotonic():
        return value
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    _keep_locally(key, value, timeout)
    return value
