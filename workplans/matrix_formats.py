"""The consolidated comment matrix as rows, CSV, XLSX and a landscape PDF.

Every export starts from `Comment.objects.visible_to(user)`, so what a person downloads is
exactly what they may see on the page.
"""

import csv
import datetime
import functools
import io

from django.utils import timezone
from django.utils.translation import gettext as _

from config.pdf import render_pdf_in_parts
from members.zones import format_instant

from .models import Comment, CommentRound
from .text import neutralise_formula, spreadsheet_text


def matrix_comments(comment_round: CommentRound, user):
    return Comment.objects.visible_to(user).filter(round=comment_round).submitted().for_matrix()


def matrix_headers() -> list[str]:
    return [
        _("Paragraph"),
        _("State"),
        _("Kind"),
        _("Comment"),
        _("Proposed text"),
        _("Written in"),
        _("Disposition"),
        _("Response"),
        _("Late"),
        _("Sent at (UTC)"),
    ]


def matrix_rows(comments) -> list[list[str]]:
    rows = []
    for comment in comments:
        rows.append(
            [
                comment.target_label(),
                str(comment.member_state),
                str(comment.get_kind_display()),
                spreadsheet_text(comment.body),
                spreadsheet_text(comment.proposed_text),
                # The code (es, fr...), so a sorted or filtered sheet reads the same in every language.
                comment.language,
                str(comment.get_disposition_display()) if comment.disposition else "",
                spreadsheet_text(comment.response),
                _("yes") if comment.is_late else "",
                comment.created_at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    return rows


def matrix_csv(comments) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(matrix_headers())
    for row in matrix_rows(comments):
        writer.writerow([neutralise_formula(cell) for cell in row])
    # A byte-order mark so spreadsheet programs read the accents correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def matrix_xlsx(comments, *, title: str) -> bytes:
    # Imported on use: openpyxl costs every process that imports the work plans (workers
    # included) about 5 MiB, and only this download needs it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comment matrix")[:31]
    sheet.append(matrix_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in matrix_rows(comments):
        sheet.append([neutralise_formula(cell) for cell in row])
    for column, width in zip("ABCDEFGHI", (12, 18, 18, 60, 60, 16, 50, 6, 18), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            # Strings only: openpyxl would otherwise still treat a leading "=" as a formula.
            cell.data_type = "s"
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def matrix_targets(comments) -> list[tuple[str, object, int, list]]:
    """Comments grouped by what they comment on, in order, as `{% regroup %}` would: (label,
    paragraph or None, index of the first comment, [(index, comment)...])."""
    targets = []
    for index, comment in enumerate(comments):
        label = comment.target_label()
        if not targets or targets[-1][0] != label:
            targets.append((label, comment.paragraph, index, []))
        targets[-1][3].append((index, comment))
    return targets


def matrix_part(targets, start: int, stop: int) -> dict:
    """What workplans/pdf/matrix.html shows of comments start..stop-1 (of `matrix_targets`): the
    targets they comment on, each with its heading only in the part holding its first comment."""
    shown = []
    for label, paragraph, first, items in targets:
        if first < stop and first + len(items) > start:
            kept = items[max(0, start - first) : stop - first]
            shown.append({"label": label, "paragraph": paragraph, "heading": first >= start, "items": kept})
    return {"first_part": start == 0, "targets": shown}


def matrix_pdf(
    comment_round: CommentRound, comments, *, language: str, part_size: int | None = None
) -> bytes:
    plan = comment_round.version.plan
    title = _("Comment matrix: %(plan)s, version %(number)s") % {
        "plan": plan.title,
        "number": comment_round.version.number,
    }
    zone = comment_round.group_zone()
    targets = matrix_targets(comments)

    return render_pdf_in_parts(
        template="workplans/pdf/matrix.html",
        furniture_template="workplans/pdf/matrix_furniture.html",
        context={
            "comment_round": comment_round,
            "plan": plan,
            # The template names the zone after the deadline, so the instants print without it.
            "deadline": format_instant(comment_round.deadline, zone, with_zone=False),
            "generated": format_instant(timezone.now(), zone, with_zone=False),
        },
        part_context=functools.partial(matrix_part, targets),
        count=len(comments),
        stylesheets=("pdf/workplans-matrix.css",),
        lang=language,
        title=title,
        part_size=part_size,
    )
