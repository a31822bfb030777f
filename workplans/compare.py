"""Two versions of a plan side by side, paragraph by paragraph, matched by paragraph identity."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import Paragraph, WorkPlanVersion
from .text import side_by_side, tracked_changes


@dataclass
class ComparedParagraph:
    old: Paragraph | None
    new: Paragraph | None
    inline: SafeString
    left: SafeString
    right: SafeString

    @property
    def status(self) -> str:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "unchanged" if self.old.text == self.new.text else "changed"

    @property
    def section(self):
        return (self.new or self.old).section


def _paragraphs(version: WorkPlanVersion) -> list[Paragraph]:
    return list(version.paragraphs.select_related("section").order_by("number"))


def compare_versions(old: WorkPlanVersion, new: WorkPlanVersion) -> list[ComparedParagraph]:
    """Rows in the newer version's order; removed paragraphs appear where they stood."""
    old_paragraphs, new_paragraphs = _paragraphs(old), _paragraphs(new)
    new_keys = {p.key for p in new_paragraphs}
    old_index = {p.key: i for i, p in enumerate(old_paragraphs)}
    rows: list[ComparedParagraph] = []
    cursor = 0

    def flush_removed(until: int):
        nonlocal cursor
        while cursor < until:
            gone = old_paragraphs[cursor]
            if gone.key not in new_keys:
                deleted = mark_safe(f"<del>{escape(gone.text)}</del>")  # noqa: S308 - escaped above
                rows.append(ComparedParagraph(gone, None, deleted, deleted, mark_safe("")))
            cursor += 1

    for paragraph in new_paragraphs:
        index = old_index.get(paragraph.key)
        if index is None:
            inserted = mark_safe(f"<ins>{escape(paragraph.text)}</ins>")  # noqa: S308 - escaped above
            rows.append(ComparedParagraph(None, paragraph, inserted, mark_safe(""), inserted))
            continue
        flush_removed(index)
        cursor = max(cursor, index + 1)
        previous = old_paragraphs[index]
        left, right = side_by_side(previous.text, paragraph.text)
        rows.append(
            ComparedParagraph(
                previous,
                paragraph,
                mark_safe(tracked_changes(previous.text, paragraph.text)),  # noqa: S308 - escaped in text.py
                mark_safe(left),  # noqa: S308
                mark_safe(right),  # noqa: S308
            )
        )
    flush_removed(len(old_paragraphs))
    return rows
