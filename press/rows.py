"""Values a release list row shows, worked out once per row in Python rather than in templates."""

import zoneinfo

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _


def prepare_rows(releases):
    """Local publication date and address of each release, worked out once per row in Python."""
    zones, addresses = {}, {}
    corrected = _("Corrected")
    for release in releases:
        if release.slug:
            if release.language not in addresses:
                with translation.override(release.language):
                    addresses[release.language] = reverse(
                        "press:release", kwargs={"slug": "slug-placeholder"}
                    )
            release.url = addresses[release.language].replace("slug-placeholder", release.slug)
        when = release.published_at or release.publish_at
        name = release.release_set.group.time_zone
        if name not in zones:
            zones[name] = zoneinfo.ZoneInfo(name)
        release.local_date = timezone.localtime(when, zones[name]).date() if when else None
        parts = [
            f"{release.place}, {date_format(release.local_date)}"
            if release.place
            else date_format(release.local_date),
            release.reference,
            release.release_set.group.name,
        ]
        if release.corrected_at:
            parts.append(corrected)
        release.meta_line = " · ".join(part for part in parts if part)
    return releases
