"""sitemap.xml: every public page, each language version listed with its alternates."""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse

from groups.models import WorkingGroup
from meetings.models import Meeting
from press.models import PressRelease


class PublicPagesSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def items(self):
        return ["home", "groups:list", "members:states", "press:list"]

    def location(self, item):
        return reverse(item)


class WorkingGroupSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        return WorkingGroup.objects.order_by("slug")


class PressReleaseSitemap(Sitemap):
    """Each language version has its own address (and reference), so each is listed once."""

    changefreq = "monthly"

    def items(self):
        return (
            PressRelease.objects.published()
            .order_by("-published_at", "pk")
            .only("pk", "language", "slug", "changed_at")
        )

    def location(self, item):
        return item.get_absolute_url()

    def lastmod(self, item):
        return item.changed_at


class PublicMeetingSitemap(Sitemap):
    i18n = True
    alternates = True
    changefreq = "weekly"

    def items(self):
        return Meeting.objects.visible_to(AnonymousUser()).order_by("-starts_at").only("pk", "updated_at")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "pages": PublicPagesSitemap,
    "groups": WorkingGroupSitemap,
    "meetings": PublicMeetingSitemap,
    "press": PressReleaseSitemap,
}


def sitemap_view(request):
    return sitemap(request, sitemaps=SITEMAPS)
