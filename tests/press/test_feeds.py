"""Atom and RSS feeds, and the releases in sitemap.xml."""

import html
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.core.files.base import ContentFile
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


@pytest.mark.parametrize("name", ["press:feed_rss", "press:feed_atom"])
def test_the_feeds_parse_and_list_published_releases_only(client, group, name):
    release = published_release(group, title="First meeting")
    published_release(group, title="Primera reunión", language="es")
    draft_release(group, title="Secret draft")
    services.withdraw_press_release(release=published_release(group, title="Withdrawn one"), note="Error.")
    response = client.get(reverse(name))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.version in ("rss20", "atom10")
    assert [entry.title for entry in feed.entries] == [f"First meeting ({release.reference})"]
    assert feed.entries[0].link.endswith(release.get_absolute_url())


def test_the_group_feed_lists_that_groups_releases(client, group):
    other = WorkingGroupFactory(slug="other")
    published_release(group, title="Ours")
    published_release(other, title="Theirs")
    feed = feedparser.parse(client.get(reverse("press:group_feed_atom", kwargs={"slug": group.slug})).content)
    assert [e.title.split(" (")[0] for e in feed.entries] == ["Ours"]
    assert client.get(reverse("press:group_feed_rss", kwargs={"slug": "missing"})).status_code == 404


def test_the_feeds_answer_conditional_requests_and_change_on_withdrawal(client, group):
    release = published_release(group)
    url = reverse("press:feed_atom")
    first = client.get(url)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    assert client.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    services.withdraw_press_release(release=release, note="Error.")
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 200


def test_the_sitemap_lists_every_public_page_and_no_unpublished_release(client, group):
    release = published_release(group)
    draft = draft_release(group)
    withdrawn = published_release(group, title="Withdrawn")
    services.withdraw_press_release(release=withdrawn, note="Error.")
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    locations = {loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)}
    assert f"http://testserver{release.get_absolute_url()}" in locations
    for path in (
        "/en/groups/",
        "/es/groups/",
        "/en/member-states/",
        "/fr/newsroom/",
        f"/pt/groups/{group.slug}/",
    ):
        assert f"http://testserver{path}" in locations
    assert not any(f"/{withdrawn.slug}/" in loc for loc in locations)
    assert not any(f"/manage/{draft.pk}/" in loc for loc in locations)


HOSTILE_SUMMARIES = [
    "Agreed: <b>not bold</b> & <script>alert(1)</script>",
    'Tom & Jerry\'s "quoted" plan',
    "Escaped already: &amp; &lt;b&gt;",
]


def shown_summary(entry) -> str:
    """What a feed reader shows: plain text as it is, HTML as its text."""
    detail = entry.summary_detail
    if detail.type == "text/plain":
        return detail.value
    return html.unescape(re.sub(r"<[^>]*>", "", detail.value))


@pytest.mark.parametrize("name", ["press:feed_rss", "press:feed_atom"])
@pytest.mark.parametrize("summary", HOSTILE_SUMMARIES)
def test_feed_readers_show_the_typed_summary_as_text(client, group, name, summary):
    published_release(group, title="First meeting", summary=summary)
    feed = feedparser.parse(client.get(reverse(name)).content)
    assert not feed.bozo, feed.bozo_exception
    (entry,) = feed.entries
    assert shown_summary(entry) == summary
    assert "<b>" not in entry.summary_detail.value or entry.summary_detail.type == "text/plain"


@pytest.mark.parametrize("name", ["press:feed_rss", "press:feed_atom"])
def test_a_release_without_summary_sends_its_body_as_html(client, group, name):
    published_release(group, title="First meeting", summary="", body="Some text\n\nA second paragraph")
    (entry,) = feedparser.parse(client.get(reverse(name)).content).entries
    assert entry.summary_detail.type == "text/html"
    assert "<p>Some text</p>" in entry.summary_detail.value
