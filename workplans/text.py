"""Text of work plans and comments: the Markdown subset, tracked changes, Markdown import."""

import functools
import re
from dataclasses import dataclass, field

import nh3
from diff_match_patch import diff_match_patch
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "a", "code", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}

# Comments: emphasis, lists, links, code and quotes. Raw HTML is off; nh3 cleans the result anyway.
_comment_markdown = MarkdownIt("zero", {"html": False, "linkify": False, "breaks": True}).enable(
    ["emphasis", "list", "link", "backticks", "blockquote", "newline"]
)


def render_markdown_subset(source: str) -> str:
    """Markdown subset to safe HTML. Anything else (script, tags, handlers) comes out as text."""
    html = _comment_markdown.render(source or "")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


# C0 controls other than tab and line breaks: no reader shows them, and XLSX cannot hold them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_printable(value: str) -> None:
    """Refuse invisible control characters, so what is stored can be exported exactly."""
    if value and CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("The text contains invisible control characters. Remove them and send it again.")
        )


def normalise_line_breaks(value: str) -> str:
    """Browsers send CRLF from a textarea; one kind of line break keeps every export identical."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def spreadsheet_text(source: str) -> str:
    """The comment exactly as typed (the Markdown subset stays as its source).

    Only characters that XLSX cannot store at all (older rows, from before input refused
    them) become U+FFFD, so one stray byte cannot stop the whole export.
    """
    return CONTROL_CHARACTERS.sub("\ufffd", source or "")


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value):
    """Spreadsheets run cells that start like a formula; a leading quote makes them text."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


# Tracked changes ----------------------------------------------------------------------------


_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


def _diffs(old: str, new: str):
    """A word-level diff: each word, space run or sign is one symbol for diff-match-patch.

    Whole-word changes read better as tracked changes, and the diff runs on a few dozen
    symbols instead of hundreds of characters.
    """
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0.5
    symbols: dict[str, str] = {}
    tokens: list[str] = [""]

    def encode(text: str) -> str:
        encoded = []
        for token in _TOKEN.findall(text or ""):
            if token not in symbols:
                tokens.append(token)
                symbols[token] = chr(len(tokens) - 1)
            encoded.append(symbols[token])
        return "".join(encoded)

    diffs = dmp.diff_main(encode(old), encode(new), False)
    dmp.diff_charsToLines(diffs, tokens)
    dmp.diff_cleanupSemantic(diffs)
    return diffs


@functools.lru_cache(maxsize=1024)
def tracked_changes(old: str, new: str) -> str:
    """Inline HTML: deletions in <del>, insertions in <ins>, everything escaped.

    Remembered per process: the matrix page shows each amendment against its paragraph on
    every visit, and the diff was most of a row's cost (a pure function of the two texts)."""
    parts = []
    for op, text in _diffs(old, new):
        if op == diff_match_patch.DIFF_INSERT:
            parts.append(f"<ins>{escape(text)}</ins>")
        elif op == diff_match_patch.DIFF_DELETE:
            parts.append(f"<del>{escape(text)}</del>")
        else:
            parts.append(escape(text))
    return "".join(parts)


def side_by_side(old: str, new: str) -> tuple[str, str]:
    """Left keeps the deletions marked, right the insertions."""
    left, right = [], []
    for op, text in _diffs(old, new):
        if op == diff_match_patch.DIFF_INSERT:
            right.append(f"<ins>{escape(text)}</ins>")
        elif op == diff_match_patch.DIFF_DELETE:
            left.append(f"<del>{escape(text)}</del>")
        else:
            left.append(escape(text))
            right.append(escape(text))
    return "".join(left), "".join(right)


def similarity(old: str, new: str) -> float:
    if not old and not new:
        return 1.0
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0.1
    distance = dmp.diff_levenshtein(dmp.diff_main(old, new, False))
    return 1.0 - distance / max(len(old), len(new))


# Markdown import ----------------------------------------------------------------------------


@dataclass
class ImportedSection:
    heading: str
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class ImportedPlan:
    sections: list[ImportedSection] = field(default_factory=list)
    activities: list[tuple[str, str, str, str]] = field(default_factory=list)


_import_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def parse_plan_markdown(source: str, *, untitled: str) -> ImportedPlan:
    """Headings become sections, paragraphs (and list items) paragraphs, a table the activities.

    Text before the first heading goes into a section called `untitled`. The table's first
    row is its header; each further row is (objective, activity, responsible, timeline).
    """
    plan = ImportedPlan()
    tokens = _import_markdown.parse(source or "")
    current: ImportedSection | None = None
    in_table = False
    in_header = False
    row: list[str] = []
    heading_open = False
    for token in tokens:
        if token.type == "heading_open":
            heading_open = True
        elif token.type == "heading_close":
            heading_open = False
        elif token.type == "table_open":
            in_table = True
        elif token.type == "table_close":
            in_table = False
        elif token.type == "thead_open":
            in_header = True
        elif token.type == "thead_close":
            in_header = False
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and in_table and not in_header:
            cells = [*row, "", "", "", ""][:4]
            if any(cells):
                plan.activities.append(tuple(cells))
        elif token.type == "inline":
            text = token.content.strip()
            if heading_open:
                current = ImportedSection(heading=text[:250])
                plan.sections.append(current)
            elif in_table:
                row.append(text)
            elif text:
                if current is None:
                    current = ImportedSection(heading=untitled)
                    plan.sections.append(current)
                current.paragraphs.append(text)
    return plan
