"""Rendered public pages (group, meeting) kept for anonymous visitors, keyed by the page revision.

A page's first query reads its object together with the page revision (members.page_revision),
which every write to a table the page shows moves in the same transaction. The key carries that
revision, the language and the full path, so a change made anywhere shows on the next request,
and the cost of a hit is that one query. A page also says until when it stays true without any
write (a meeting moving from "coming" to "past" as time passes): past that instant the copy is
not used.

Only anonymous GETs without messages and outside htmx are served or stored, so nothing a
signed-in user sees is ever cached. The CSRF token and CSP nonce differ per visitor: a copy is
kept as segments split at random markers put in their place, and each request fills in its own
(as press.cache does for the newsroom). Copies live in the shared cache and in a small
per-process dict, so a hit costs no cache round trip.
"""

import datetime
import re
import secrets
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils import timezone, translation

CSRF, NONCE = "csrf_token", "csp_nonce"
LOCAL_PAGES = 500

_lock = threading.Lock()
_pages: OrderedDict[str, tuple[float, float, list[str]]] = OrderedDict()


def reset_local() -> None:
    """Forget this process's copies (tests start from an empty cache)."""
    with _lock:
        _pages.clear()


def is_cacheable(request) -> bool:
    return settings.PLENARY_PUBLIC_PAGE_CACHE_SECONDS > 0 and is_plain_visit(request)


def is_plain_visit(request) -> bool:
    """An anonymous GET or HEAD outside htmx with no messages: a page the same for every visitor
    but for its CSRF token and nonce (shared with the newsroom's cache, press.cache)."""
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        return False
    if getattr(request, "htmx", False):
        return False
    # Messages (e.g. after logging out) are per visitor.
    return not len(getattr(request, "_messages", ()) or ())


def page_key(request, revision) -> str | None:
    """None when there is no revision to key by (the row was emptied): then nothing is cached."""
    if revision is None:
        return None
    return f"public:page:{revision}:{translation.get_language()}:{request.get_full_path()}"


def cached_response(request, key: str) -> HttpResponse | None:
    now = time.monotonic()
    expires_at, valid_until, parts = _pages.get(key, (0.0, 0.0, None))
    if parts is None or expires_at < now:
        stored = cache.get(key)
        if stored is None:
            return None
        valid_until, parts = stored
        _keep_locally(key, valid_until, parts)
    if valid_until <= time.time():
        return None
    response = HttpResponse(fill(parts, request))
    response["X-Page-Cache"] = "hit"
    return response


def placeholders(request) -> dict:
    """Context values for a page about to be stored: markers no visitor can guess."""
    markers = {CSRF: f"csrf{secrets.token_hex(16)}", NONCE: f"nonce{secrets.token_hex(16)}"}
    request._page_cache_markers = markers
    return markers


def segments(html: str, request) -> list[str]:
    """The page split at the markers of this rendering: text at even positions, and at odd
    positions the name of what goes there (CSRF or NONCE)."""
    markers = request._page_cache_markers
    by_marker = {marker: name for name, marker in markers.items()}
    split = re.split(f"({'|'.join(markers.values())})", html)
    return [by_marker[part] if i % 2 else part for i, part in enumerate(split)]


def fill(parts: list[str], request) -> str:
    values = {CSRF: get_token(request), NONCE: str(get_nonce(request))}
    return "".join(values[part] if i % 2 else part for i, part in enumerate(parts))


def _keep_locally(key: str, valid_until: float, parts: list[str]) -> None:
    with _lock:
        _pages[key] = (time.monotonic() + settings.PLENARY_PUBLIC_PAGE_CACHE_SECONDS, valid_until, parts)
        _pages.move_to_end(key)
        while len(_pages) > LOCAL_PAGES:
            _pages.popitem(last=False)


def store(request, key: str, html: str, valid_until: datetime.datetime | None) -> str:
    """Keep the page (until `valid_until` at the latest) and return it filled in for this request."""
    parts = segments(html, request)
    seconds = settings.PLENARY_PUBLIC_PAGE_CACHE_SECONDS
    until = time.time() + seconds if valid_until is None else valid_until.timestamp()
    timeout = min(seconds, until - time.time())
    if timeout >= 1:
        cache.set(key, (until, parts), int(timeout))
        _keep_locally(key, until, parts)
    return fill(parts, request)


def next_change(*instants) -> datetime.datetime | None:
    """The earliest of the instants still ahead: until then the page's time-based parts hold."""
    now = timezone.now()
    ahead = [instant for instant in instants if instant is not None and instant > now]
    return min(ahead, default=None)


def changes_at(request, *instants) -> None:
    """Called by a part of a page (an inclusion tag of any app): the part shows something else
    from this instant on without any write (a meeting ending), so no copy may outlive it."""
    if request is not None:
        request.__dict__.setdefault("_page_changes_at", []).extend(instants)


def next_midnight() -> datetime.datetime:
    """When `timezone.localdate()` turns: date-based lists (officers, supporting states) change."""
    today = timezone.localdate()
    tomorrow = datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(tomorrow)


class CachedForVisitorsMixin:
    """For a DetailView whose queryset annotates `page_revision` (current_subquery): serve
    anonymous visitors from the page cache. The view's `valid_until()` names the instant its
    time-based parts change (None: none)."""

    def get(self, request, *args, **kwargs):
        if not is_cacheable(request):
            return super().get(request, *args, **kwargs)
        self.object = self.get_object()  # 404 before anything is cached
        key = page_key(request, getattr(self.object, "page_revision", None))
        if key is not None and (hit := cached_response(request, key)) is not None:
            return hit
        self.page_cache_key = key
        response = self.render_to_response(self.get_context_data(object=self.object))
        if key is not None and response.status_code == 200:
            response.render()
            until = next_change(self.valid_until(), *getattr(request, "_page_changes_at", ()))
            html = store(request, key, response.content.decode(), until)
            response.content = html.encode()
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if getattr(self, "page_cache_key", None):
            context.update(placeholders(self.request))
        return context

    def valid_until(self) -> datetime.datetime | None:
        return None
