"""The public newsroom pages: the list, each release's page and its PDF."""

import datetime
import re

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from press import services
from tests.factories import WorkingGroupFactory
from tests.press.helpers import draft_release, published_release

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def with_fake_pdf(release):
    release.pdf.save(f"{release.slug}.pdf", ContentFile(b"%PDF-1.7\n%test\n"), save=False)
    release.pdf_etag, release.pdf_made_at = "abc123", timezone.now()
    release.save(update_fields=["pdf", "pdf_etag", "pdf_made_at"])
    return release


# Newsroom list ----------------------------------------------------------------------------


def test_the_newsroom_lists_published_releases_in_the_page_language(client, group):
    published_release(group, title="Published in English")
    published_release(group, title="Publicado en español", language="es")
    draft_release(group, title="Secret draft")
    services.withdraw_press_release(release=published_release(group, title="Withdrawn one"), note="Error.")
    response = client.get(reverse("press:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Published in English" in html
    for hidden in ("Secret draft", "Withdrawn one", "Publicado en español"):
        assert hidden not in html
    assert "Publicado en español" in client.get("/es/newsroom/").content.decode()
    assert "Publicado en español" in client.get(reverse("press:list"), {"language": "all"}).content.decode()


def test_the_newsroom_filters_by_year_and_group(client, group):
    other = WorkingGroupFactory(slug="other-group")
    published_release(
        group, title="Meeting in 2023", when=datetime.datetime(2023, 11, 21, 15, tzinfo=datetime.UTC)
    )
    published_release(
        group, title="Meeting in 2024", when=datetime.datetime(2024, 3, 1, 15, tzinfo=datetime.UTC)
    )
    published_release(other, title="Other group's release")
    html = client.get(reverse("press:list"), {"year": 2023}).content.decode()
    assert "Meeting in 2023" in html and "Meeting in 2024" not in html
    html = client.get(reverse("press:list"), {"group": "other-group"}).content.decode()
    assert "Other group" in html and "Meeting in 2023" not in html
    # Unknown filter values are ignored rather than failing.
    assert client.get(reverse("press:list"), {"year": "abc", "group": "nope"}).status_code == 200


def test_the_newsroom_search_finds_only_published_text(client, group):
    published_release(group, title="First meeting", body="A proposed work plan was presented.")
    published_release(group, title="Second meeting", body="A coordinator was chosen.")
    draft_release(group, title="Draft about the work plan", body="work plan")
    html = client.get(reverse("press:list"), {"q": "work plan"}).content.decode()
    assert "First meeting" in html
    assert "Second meeting" not in html and "Draft about" not in html
    assert "1 release matches" in html


def test_the_newsroom_is_paginated(client, group):
    for i in range(23):
        published_release(group, title=f"Release number {i}")
    first = client.get(reverse("press:list")).content.decode()
    second = client.get(reverse("press:list"), {"page": 2}).content.decode()
    assert first.count("Release number") == 20 and second.count("Release number") == 3


def test_the_newsroom_runs_the_same_queries_whatever_the_number_of_releases(
    client, group, django_assert_num_queries, settings
):
    settings.PLENARY_NEWSROOM_CACHE_SECONDS = 0
    published_release(group)
    url = reverse("press:list")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(15):
        published_release(WorkingGroupFactory(), title=f"More {i}")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_anonymous_newsroom_pages_are_cached_until_a_release_changes(
    client, group, django_capture_on_commit_callbacks, django_assert_num_queries
):
    published_release(group, title="Before")
    url = reverse("press:list")
    first = client.get(url)
    assert "X-Newsroom-Cache" not in first
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Newsroom-Cache"] == "hit"
    assert "Before" in second.content.decode()
    # Each visitor still gets a fresh nonce. (The language switch is now a list of links, so an
    # anonymous newsroom page holds no form and no CSRF token; tests/press/test_cache.py covers
    # the token's substitution in a cached page that has one.)
    nonce = re.search(r"'nonce-([^']+)'", second["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in second.content.decode()
    assert not re.search(r"(csrf|nonce)[0-9a-f]{32}", second.content.decode()), "a marker was left in"

    release = services.submit_press_release_for_review(release=draft_release(group, title="After"))
    with django_capture_on_commit_callbacks(execute=False):
        services.publish_press_release(release=release)
    from press import cache as newsroom_cache

    newsroom_cache.bump_version()
    third = client.get(url)
    assert "X-Newsroom-Cache" not in third and "After" in third.content.decode()


def test_logged_in_visitors_are_never_served_from_the_cache(secretariat_client, client, group):
    published_release(group)
    url = reverse("press:list")
    client.get(url)
    assert "X-Newsroom-Cache" not in secretariat_client.get(url)


# Release page -----------------------------------------------------------------------------


def test_the_release_page_shows_the_release_with_share_metadata(client, group):
    release = published_release(group, title="First meeting", place="Washington, D.C.")
    spanish = published_release(group, source=release, language="es", title="Primera reunión")
    response = client.get(release.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 id="release-title">First meeting</h1>' in html
    assert release.reference in html and "Washington, D.C., " in html
    assert f'<link rel="canonical" href="http://testserver{release.get_absolute_url()}">' in html
    assert f'hreflang="es" href="http://testserver{spanish.get_absolute_url()}"' in html
    assert '<meta property="og:title" content="First meeting">' in html
    assert "css/press-print.css" in html
    assert group.get_absolute_url() in html
    assert "<h2>Agreed</h2>" in html


def test_the_language_switch_leads_to_that_languages_version(client, group):
    release = published_release(group)
    spanish = published_release(group, source=release, language="es", title="Primera reunión")
    english_address_in_spanish = f"/es{release.get_absolute_url()[3:]}"
    response = client.get(english_address_in_spanish)
    assert response.status_code == 302 and response["Location"] == spanish.get_absolute_url()
    # No French version: the French page of the English address goes to the English version.
    response = client.get(f"/fr{release.get_absolute_url()[3:]}")
    assert response["Location"] == release.get_absolute_url()


def test_the_release_page_runs_the_same_queries_whatever_the_number_of_versions(
    client, group, django_assert_num_queries, settings
):
    settings.PLENARY_NEWSROOM_CACHE_SECONDS = 0
    release = published_release(group)
    client.get(release.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(release.get_absolute_url())
    assert len(few.captured_queries) <= 3
    for language in ("es", "fr", "pt"):
        published_release(group, source=release, language=language)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(release.get_absolute_url())


def test_a_withdrawn_release_keeps_its_address_and_says_so(client, group):
    release = published_release(group, title="Mistaken release")
    services.withdraw_press_release(release=release, note="Issued in error.")
    response = client.get(release.get_absolute_url())
    assert response.status_code == 410
    html = response.content.decode()
    assert "was withdrawn" in html and "Issued in error." in html
    assert "Agreed" not in html


def test_unpublished_releases_have_no_public_page(client, secretariat_client, group):
    scheduled = services.schedule_press_release(
        release=services.submit_press_release_for_review(release=draft_release(group)),
        publish_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert client.get(scheduled.get_absolute_url()).status_code == 302  # login for the staff page
    assert client.get(reverse("press:release", kwargs={"slug": "e-001-23"})).status_code == 404


def test_a_correction_is_shown_and_dated(client, group):
    release = published_release(group)
    services.correct_press_release(
        release=release, note="The date of the next meeting was wrong.", body="Fixed."
    )
    html = client.get(release.get_absolute_url()).content.decode()
    assert "Corrected on" in html and "The date of the next meeting was wrong." in html


# PDF --------------------------------------------------------------------------------------


def test_the_pdf_is_served_with_validators_and_answers_conditional_requests(client, group, media_root):
    release = with_fake_pdf(published_release(group))
    url = release.get_pdf_url()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="{release.slug}.pdf"' in response["Content-Disposition"]
    assert "max-age" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": last_modified}).status_code == 304


def test_there_is_no_pdf_of_a_withdrawn_release(client, group, media_root):
    release = with_fake_pdf(published_release(group))
    services.withdraw_press_release(release=release, note="Error.")
    assert client.get(release.get_pdf_url()).status_code == 404


@pytest.mark.parametrize("query", ["__plenary_csrf_token__", "__plenary_csp_nonce__", "csrf_token csp_nonce"])
def test_a_search_query_that_looks_like_a_placeholder_is_echoed_literally(client, group, query):
    published_release(group, title="First meeting")
    url = f"{reverse('press:list')}?q={query}"
    first = client.get(url)
    second = client.get(url)
    assert second["X-Newsroom-Cache"] == "hit"
    for response in (first, second):
        page = response.content.decode()
        assert f'value="{query}"' in page
        nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        assert page.count(nonce) == page.count('nonce="')
