"""The comment matrix's rows, built in Python: a hundred comments a page, each with its
disposition form for staff.

Through the template each row cost most of a millisecond (display values, translated labels,
the disposition options, the form's addresses); here the texts are translated and the options
built once per request, and every stored value is escaped. The markup is the template's.
"""

from django.middleware.csrf import get_token
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from ..models import Comment
from ..text import tracked_changes

# Reversed once with this comment id, then filled in per row: the address `reverse` gives.
_COMMENT = 987654321


class MatrixRows:
    """`render(comment)` for one request; `manage` adds the disposition form (staff)."""

    def __init__(self, request, *, can_manage: bool, dispositions=(), later_paragraphs=()):
        self.can_manage = can_manage
        self.kinds = {value: escape(str(label)) for value, label in Comment.Kind.choices}
        self.dispositions = {value: escape(str(label)) for value, label in Comment.Disposition.choices}
        self.late = f' <span class="badge text-bg-warning">{escape(_("late"))}</span>'
        self.see_paragraph = _("See paragraph %(n)s of version %(v)s.")
        if not can_manage:
            return
        url = reverse("workplans:disposition", args=[_COMMENT])
        self.url = url.rpartition(str(_COMMENT))[::2]
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
        self.label = _("Disposition of the comment of %(state)s on %(target)s")
        self.response = escape(_("Response"))
        self.changed = escape(_("Changed paragraph in a later version"))
        self.save = escape(_("Save"))
        self.saved = f'<span class="small text-success" role="status">{escape(_("Saved."))}</span>'
        self.disposition_options = [(str(value), escape(str(label))) for value, label in dispositions]
        self.paragraph_options = [
            (
                paragraph.pk,
                escape(
                    _("Version %(v)s, paragraph %(n)s")
                    % {"v": paragraph.version.number, "n": paragraph.number}
                ),
            )
            for paragraph in later_paragraphs
        ]

    def render(self, comment, *, saved=False, form_errors="") -> str:
        target = comment.target_label()
        state = str(comment.member_state)
        if comment.kind == Comment.Kind.AMENDMENT:
            paragraph_text = comment.paragraph.text if comment.paragraph_id else ""
            proposal = f'<div class="tracked">{tracked_changes(paragraph_text or "", comment.proposed_text or "")}</div>'
        elif comment.proposed_text:
            proposal = f'<div class="proposed">{linebreaksbr(comment.proposed_text, autoescape=True)}</div>'
        else:
            proposal = ""
        response = comment.response_html
        if comment.resulting_paragraph_id:
            resulting = comment.resulting_paragraph
            see = self.see_paragraph % {"n": resulting.number, "v": resulting.version.number}
            response += f'<p class="small">{escape(see)}</p>'
        cells = (
            f'<tr id="comment-{comment.pk}">\n<th scope="row">{escape(target)}</th>\n'
            f"<td>{escape(state)}{self.late if comment.is_late else ''}</td>\n"
            f"<td>{self.kinds.get(comment.kind, escape(comment.kind))}</td>\n"
            f'<td lang="{escape(comment.language)}"><div class="comment-body">{comment.body_html}</div>{proposal}</td>\n'
            f'<td data-testid="disposition">{self.dispositions.get(comment.disposition, escape(comment.disposition)) or "—"}</td>\n'
            f"<td>{response}</td>\n"
        )
        if self.can_manage:
            cells += self._form(comment, target, state, saved, form_errors)
        return cells + "</tr>\n"

    def _form(self, comment, target, state, saved, form_errors) -> str:
        pk = comment.pk
        url = f"{self.url[0]}{pk}{self.url[1]}"
        errors = (
            f'<div class="text-danger small" role="alert">{escape(form_errors)}</div>' if form_errors else ""
        )
        options = "".join(
            f'<option value="{value}"{" selected" if value == comment.disposition else ""}>{label}</option>'
            for value, label in self.disposition_options
        )
        later = ""
        if self.paragraph_options:
            chosen = comment.resulting_paragraph_id
            paragraphs = "".join(
                f'<option value="{value}"{" selected" if value == chosen else ""}>{label}</option>'
                for value, label in self.paragraph_options
            )
            later = (
                f'<label class="form-label small" for="c{pk}-resulting_paragraph">{self.changed}</label>'
                f'<select class="form-select form-select-sm" name="c{pk}-resulting_paragraph" '
                f'id="c{pk}-resulting_paragraph"><option value="">—</option>{paragraphs}</select>\n'
            )
        label = escape(self.label % {"state": state, "target": target})
        return (
            f'<td><form method="post" action="{url}" data-hx-post="{url}" data-hx-target="#comment-{pk}" '
            f'data-hx-swap="outerHTML" class="disposition-form">{self.csrf}\n{errors}'
            f'<label class="form-label small" for="c{pk}-disposition">{label}</label>'
            f'<select class="form-select form-select-sm" name="c{pk}-disposition" id="c{pk}-disposition">'
            f"{options}</select>\n"
            f'<label class="form-label small" for="c{pk}-response">{self.response}</label>'
            f'<textarea class="form-control form-control-sm" rows="2" name="c{pk}-response" id="c{pk}-response">'
            f"{escape(comment.response)}</textarea>\n{later}"
            f'<button type="submit" class="btn btn-sm btn-primary mt-1">{self.save}</button>'
            f"{self.saved if saved else ''}</form></td>\n"
        )

    def render_all(self, comments) -> str:
        return mark_safe("".join(self.render(comment) for comment in comments))  # noqa: S308 -- escaped above
