"""One way to show an instant: in a named time zone, in the active language's own format.

Times are stored in UTC. Django's `date` filter turns an aware datetime back into the
*active* zone, so converting first and formatting with `|date` shows the wrong hour; every
page, email, PDF, export and calendar goes through `format_instant` instead.
"""

import datetime
import zoneinfo

from django.utils import formats


def as_zone(zone) -> zoneinfo.ZoneInfo:
    return zone if isinstance(zone, datetime.tzinfo) else zoneinfo.ZoneInfo(str(zone))


def wall_clock(value: datetime.datetime, zone) -> datetime.datetime:
    """The same instant on the wall clock of `zone`."""
    return value.astimezone(as_zone(zone))


def zone_label(value: datetime.datetime, zone) -> str:
    """The zone's name with its abbreviation at that instant: "America/New_York, EST"."""
    local = wall_clock(value, zone)
    name = str(getattr(local.tzinfo, "key", local.tzinfo))
    abbreviation = local.tzname() or ""
    # Some zones have no letters for their offset ("-03"); the name says enough then.
    if abbreviation and not abbreviation.lstrip("+-").isdigit() and abbreviation != name:
        return f"{name}, {abbreviation}"
    return name


def format_instant(
    value: datetime.datetime, zone, fmt: str = "DATETIME_FORMAT", *, with_zone: bool = True
) -> str:
    """`value` as read on the wall clock of `zone`, in the active language's format.

    `formats.date_format` formats the datetime as given (no conversion to the active
    zone), which is what makes the shown hour equal the enforced one.
    """
    text = formats.date_format(wall_clock(value, zone), fmt)
    if with_zone:
        return f"{text} ({zone_label(value, zone)})"
    return text


def utc_iso(value: datetime.datetime) -> str:
    """The instant for machines (`<time datetime>`, data attributes): ISO 8601 in UTC."""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
