"""The newsroom page cache puts each visitor's CSRF token and nonce only where the template put them."""

import re

from django.middleware.csrf import _does_token_match
from django.test import RequestFactory

from press import cache


def test_a_cached_page_gets_each_visitors_token_at_the_marked_places_only():
    first = RequestFactory().get("/en/newsroom/")
    markers = cache.placeholders(first)
    html = (
        f'<input name="csrfmiddlewaretoken" value="{markers[cache.CSRF]}">'
        f'<script nonce="{markers[cache.NONCE]}"></script>'
        "<p>You searched for csrf_token and csp_nonce</p>"
    )
    parts = cache.segments(html, first)

    visitor = RequestFactory().get("/en/newsroom/")
    visitor.csp_nonce = "fresh-nonce"
    page = cache.fill(parts, visitor)

    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    assert _does_token_match(token, visitor.META["CSRF_COOKIE"])  # a working token for this visitor
    assert "You searched for csrf_token and csp_nonce" in page
    assert markers[cache.CSRF] not in page and markers[cache.NONCE] not in page
