"""Checks on text that every app's models share."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Names and titles travel into one-line places: iCalendar properties, e-mail subjects, file
# names, page titles. A line break there ends the line (and can start a forged calendar
# entry); other control characters break parsers; bidirectional overrides make a name read
# differently from what it is.
_NOT_ON_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def validate_single_line(value: str) -> None:
    if value and _NOT_ON_ONE_LINE.search(value):
        raise ValidationError(
            _(
                "Write this on one line, without line breaks, tabs, control characters "
                "or text-direction marks."
            ),
            code="not_single_line",
        )
