"""Press release text: the sanitised body and the reference numbers."""

import re

import nh3
from django.conf import settings
from django.utils.text import slugify
from markdown_it import MarkdownIt

# Headings, paragraphs, lists and links only: what a press release needs and nothing to abuse.
BODY_TAGS = {"h2", "h3", "h4", "p", "ul", "ol", "li", "a"}
BODY_ATTRIBUTES = {"a": {"href"}}
BODY_URL_SCHEMES = {"http", "https", "mailto"}
DEFAULT_REFERENCE_PREFIXES = {"en": "E", "es": "S", "fr": "F", "pt": "P"}
DEFAULT_REFERENCE_FORMAT = "{prefix}-{number:03d}/{year2}"

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})
_heading = re.compile(r"<(/?)h([1-6])>")


def _demote_heading(match: re.Match) -> str:
    # The release title is the page's h1: body headings start at h2 and stop at h4.
    return f"<{match.group(1)}h{min(max(int(match.group(2)), 2), 4)}>"


def _only_link_targets(tag: str, attribute: str, value: str) -> str | None:
    # ammonia keeps lang/title on every tag by default; a release body needs neither.
    return value if tag == "a" and attribute in ("href", "rel") else None


def sanitize_body(html: str) -> str:
    return nh3.clean(
        html,
        tags=BODY_TAGS,
        attributes=BODY_ATTRIBUTES,
        attribute_filter=_only_link_targets,
        url_schemes=BODY_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def render_body(source: str) -> str:
    """Markdown written by staff, as the sanitised HTML the public sees."""
    return sanitize_body(_heading.sub(_demote_heading, _markdown.render(source or "")))


def reference_prefix(language: str) -> str:
    prefixes = getattr(settings, "PLENARY_PRESS_REFERENCE_PREFIXES", DEFAULT_REFERENCE_PREFIXES)
    return prefixes.get(language, language[:1].upper())


def format_reference(*, language: str, number: int, year: int) -> str:
    template = getattr(settings, "PLENARY_PRESS_REFERENCE_FORMAT", DEFAULT_REFERENCE_FORMAT)
    return template.format(
        prefix=reference_prefix(language), number=number, year=year, year2=f"{year % 100:02d}"
    )


def reference_slug(reference: str) -> str:
    return slugify(reference.replace("/", "-"))
