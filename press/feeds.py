"""Atom and RSS feeds of published releases, for the newsroom and per group, in the page's language."""

import hashlib

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import condition

from groups.models import WorkingGroup

from .models import PressRelease

FEED_SIZE = 30


def _published_in_language(slug=None):
    releases = PressRelease.objects.published().filter(language=translation.get_language())
    if slug:
        releases = releases.filter(release_set__group__slug=slug)
    return releases


def _feed_state(request, slug=None):
    """Count and last change of everything that ever appeared in this feed (withdrawals change it too)."""
    if not hasattr(request, "_press_feed_state"):
        releases = PressRelease.objects.filter(
            status__in=[PressRelease.Status.PUBLISHED, PressRelease.Status.WITHDRAWN],
            language=translation.get_language(),
        )
        if slug:
            releases = releases.filter(release_set__group__slug=slug)
        request._press_feed_state = releases.aggregate(count=Count("pk"), changed=Max("changed_at"))
    return request._press_feed_state


def feed_last_modified(request, slug=None):
    return _feed_state(request, slug)["changed"]


def feed_etag(request, slug=None):
    state = _feed_state(request, slug)
    raw = f"{request.path}|{state['count']}|{state['changed'].isoformat() if state['changed'] else ''}"
    return hashlib.sha256(raw.encode()).hexdigest()[:32]


class NewsroomRssFeed(Feed):
    description_template = None

    def title(self, obj=None):
        if obj:
            return _("%(group)s: press releases") % {"group": obj.name}
        return _("Press releases")

    def link(self, obj=None):
        return obj.get_absolute_url() if obj else reverse("press:list")

    def description(self, obj=None):
        return _("Press releases published by the secretariat, in %(language)s.") % {
            "language": dict(settings.LANGUAGES)[translation.get_language()]
        }

    def feed_url(self, obj=None):
        return None

    def get_object(self, request, slug=None):
        return get_object_or_404(WorkingGroup.objects.visible_to(request.user), slug=slug) if slug else None

    def items(self, obj=None):
        return (
            _published_in_language(obj.slug if obj else None)
            .select_related("release_set__group")
            .order_by("-published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.title} ({item.reference})"

    def item_description(self, item):
        # An RSS description is HTML: the plain-text summary is escaped here, once (the feed's
        # XML escaping is for the XML, and readers undo it before reading the HTML).
        return escape(item.summary) if item.summary else item.body_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"{settings.SITE_URL}{item.get_absolute_url()}"

    def item_guid_is_permalink(self, item):
        return True

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.changed_at

    def item_categories(self, item):
        return [item.release_set.group.name]


class SummaryAtom1Feed(Atom1Feed):
    """Atom with the summary typed as what it is: plain text, or the body's HTML."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("summary_text"):
            handler.addQuickElement("summary", item["summary_text"], {"type": "text"})


class NewsroomAtomFeed(NewsroomRssFeed):
    feed_type = SummaryAtom1Feed

    def item_description(self, item):
        return None if item.summary else item.body_html

    def item_extra_kwargs(self, item):
        return {"summary_text": item.summary}

    def subtitle(self, obj=None):
        return self.description(obj)


def conditional(feed):
    return condition(etag_func=feed_etag, last_modified_func=feed_last_modified)(feed)


rss_feed = conditional(NewsroomRssFeed())
atom_feed = conditional(NewsroomAtomFeed())
