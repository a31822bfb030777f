"""Read back what a person reads: dates and times as the pages and emails print them.

The parsers accept only the formats the product uses (Django's DATETIME_FORMAT in English,
"N j, Y, P", and in Spanish, "j de F de Y a las H:i"), so a page that prints another
hour, or another format, fails the test instead of being read generously.
"""

import datetime
import re
import zoneinfo

EN_MONTHS = {
    "Jan.": 1, "Feb.": 2, "March": 3, "April": 4, "May": 5, "June": 6,
    "July": 7, "Aug.": 8, "Sept.": 9, "Oct.": 10, "Nov.": 11, "Dec.": 12,
}  # fmt: skip
ES_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        1,
    )
}

EN_DATETIME = re.compile(
    r"(?P<month>Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) (?P<day>\d{1,2}), "
    r"(?P<year>\d{4}), (?P<time>midnight|noon|\d{1,2}(?::\d{2})? [ap]\.m\.)"
)
ES_DATETIME = re.compile(
    r"(?P<day>\d{1,2}) de (?P<month>[a-z]+) de (?P<year>\d{4}) a las (?P<hour>\d{2}):(?P<minute>\d{2})"
)


def _en_clock(text: str) -> tuple[int, int]:
    if text == "midnight":
        return 0, 0
    if text == "noon":
        return 12, 0
    clock, meridiem = text.split(" ")
    hour, _, minute = clock.partition(":")
    hour = int(hour) % 12 + (12 if meridiem == "p.m." else 0)
    return hour, int(minute or 0)


def parse_shown(text: str, zone: str, language: str = "en") -> datetime.datetime:
    """The first date and time in `text`, read on the wall clock of `zone`."""
    tz = zoneinfo.ZoneInfo(zone)
    if language == "es":
        match = ES_DATETIME.search(text)
        assert match, f"no Spanish date and time in {text!r}"
        return datetime.datetime(
            int(match["year"]), ES_MONTHS[match["month"]], int(match["day"]),
            int(match["hour"]), int(match["minute"]), tzinfo=tz,
        )  # fmt: skip
    match = EN_DATETIME.search(text)
    assert match, f"no English date and time in {text!r}"
    hour, minute = _en_clock(match["time"])
    return datetime.datetime(
        int(match["year"]), EN_MONTHS[match["month"]], int(match["day"]), hour, minute, tzinfo=tz
    )


def text_of(html: str) -> str:
    """Markup removed and whitespace folded, as a reader sees it."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))
