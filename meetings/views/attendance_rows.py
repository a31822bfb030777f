"""The attendance screen's state rows, built in Python: one form of controls per active state.

A template loop costs a few hundred microseconds a row (35 states or more, each with four radio
buttons, two inputs, badges and buttons): on the screen staff keep open during a meeting that
was most of the request. The texts are translated, the addresses reversed, once per request;
every stored value is escaped. The markup, labels and ids are those the template had.
"""

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from meetings.models import Attendance

# Reversed once with this state id (the last part of the path) and filled in per row: the
# same address `reverse` gives.
_STATE = 987654321


class RowRenderer:
    """Renders `_attendance_rows` rows (plus, after a save, their `error` or `saved`) for one request."""

    def __init__(self, request, meeting):
        record = reverse("meetings:attendance_record", args=[meeting.pk, _STATE])
        self.record_url = record.rpartition(str(_STATE))[::2]
        confirm = reverse("meetings:attendance_confirm", args=[_STATE])
        self.confirm_url = confirm.rpartition(str(_STATE))[::2]
        token = escape(get_token(request))
        self.csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        self.statuses = [(str(value), escape(str(label))) for value, label in Attendance.Status.choices]
        self.supporting = f' <span class="badge text-bg-light border">{escape(_("supporting"))}</span>'
        self.checked_in = (
            f'<br><span class="badge text-bg-warning">{escape(_("checked in by the delegation"))}</span>'
        )
        self.expected = (
            '<br><span class="badge text-bg-info" data-testid="expected">'
            f"{escape(_('registered, to confirm'))}</span>"
        )
        self.members_label = escape(_("Delegation members"))
        self.note_label = escape(_("Note"))
        self.save = escape(_("Save"))
        self.confirm_registered = escape(_("Confirm as registered"))
        self.confirm_check_in = escape(_("Confirm check-in"))
        self.saved = f'<span class="small text-success" role="status">{escape(_("Saved"))}</span>'
        self.group_label = _("Attendance of %(state)s")

    def render(self, row) -> str:
        state, record, expected = row["state"], row["attendance"], row.get("expected", "")
        pk, name = state.pk, escape(state.name)
        url = f"{self.record_url[0]}{pk}{self.record_url[1]}"
        to_confirm = bool(expected) and record is None
        awaits = record is not None and record.awaits_confirmation()
        chosen = record.status if record is not None else expected
        radios = "".join(
            f'<input type="radio" class="btn-check" name="status" value="{value}" id="att-{pk}-{value}"'
            f"{' checked' if value == chosen else ''}>"
            f'<label class="btn btn-outline-primary" for="att-{pk}-{value}">{label}</label>'
            for value, label in self.statuses
        )
        buttons = f'<button type="submit" class="btn btn-sm btn-secondary js-hide">{self.save}<span class="visually-hidden">: {name}</span></button>'
        if to_confirm:
            buttons += (
                f'<button type="submit" class="btn btn-sm btn-outline-success" data-hx-post="{url}">'
                f'{self.confirm_registered}<span class="visually-hidden">: {name}</span></button>'
            )
        if awaits:
            confirm = f"{self.confirm_url[0]}{record.pk}{self.confirm_url[1]}"
            buttons += (
                f'<button type="submit" class="btn btn-sm btn-outline-success" formaction="{confirm}" '
                f'data-hx-post="{confirm}">{self.confirm_check_in}<span class="visually-hidden">: {name}</span></button>'
            )
        if row.get("error"):
            buttons += f'<div class="invalid-feedback d-block" role="alert">{escape(row["error"])}</div>'
        elif row.get("saved"):
            buttons += self.saved
        members = escape(record.delegation_members) if record is not None else ""
        note = escape(record.note) if record is not None else ""
        present = " attendance-present" if record is not None and record.is_present() else ""
        group = escape(self.group_label % {"state": state.name})
        return (
            f'<form id="attendance-{pk}" method="post" action="{url}" data-hx-post="{url}" data-hx-trigger="change" '
            f'data-hx-target="this" data-hx-swap="outerHTML" class="attendance-row border-bottom py-2{present}" '
            f'data-state="{escape(state.iso2)}">{self.csrf}\n<fieldset class="row g-2 align-items-center">\n'
            f'<legend class="col-lg-3 col-form-label fs-6 mb-0"><strong>{name}</strong>'
            f"{self.supporting if row['supporting'] else ''}{self.checked_in if awaits else ''}"
            f"{self.expected if to_confirm else ''}</legend>\n"
            f'<div class="col-lg-9"><div class="d-flex flex-wrap gap-1" role="radiogroup" aria-label="{group}">'
            f"{radios}</div></div>\n"
            f'<div class="col-sm-6 offset-lg-3 col-lg-5"><label class="form-label small mb-0" for="att-{pk}-members">'
            f"{self.members_label}</label>"
            f'<input class="form-control form-control-sm" type="text" name="delegation_members" id="att-{pk}-members" '
            f'value="{members}" maxlength="1000"></div>\n'
            f'<div class="col-sm-6 col-lg-4"><label class="form-label small mb-0" for="att-{pk}-note">{self.note_label}</label>'
            f'<input class="form-control form-control-sm" type="text" name="note" id="att-{pk}-note" value="{note}" '
            'maxlength="500"></div>\n'
            f'<div class="col-12 offset-lg-3 col-lg-9 d-flex gap-2 align-items-center">{buttons}</div>\n'
            "</fieldset>\n</form>\n"
        )

    def render_all(self, rows) -> str:
        return mark_safe("".join(self.render(row) for row in rows))  # noqa: S308 -- every value escaped above


def plain_form_html(form) -> str:
    """An unbound form laid out by its crispy helper (fields and fieldsets), in the markup crispy's
    Bootstrap 5 pack gives, without its templates: a select of every member state through the
    widget templates was the dearest part of the screen. Only selects and text inputs are known;
    another widget is an error, not a silently different form."""
    from crispy_forms.layout import Fieldset

    parts = []
    for item in form.helper.layout.fields:
        if isinstance(item, Fieldset):
            fields = "".join(_plain_field(form[name]) for name in item.fields)
            parts.append(f"<fieldset><legend>{escape(item.legend)}</legend>{fields}</fieldset>")
        else:
            parts.append(_plain_field(form[item]))
    return mark_safe("\n".join(parts))  # noqa: S308 -- every value escaped in _plain_field


def _plain_field(bound) -> str:
    from django import forms

    widget, field = bound.field.widget, bound.field
    attrs = {key: value for key, value in widget.attrs.items() if value is not None}
    if field.required:
        attrs["required"] = True
    help_id = f"{bound.auto_id}_helptext" if field.help_text else ""
    if help_id:
        attrs["aria-describedby"] = help_id
    if isinstance(widget, forms.Select) and not widget.allow_multiple_selected:
        attrs["class"] = "select form-select"
        current = "" if bound.value() is None else str(bound.value())
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if str(value) == current else ""}>{escape(label)}</option>'
            for value, label in field.choices
        )
        control = f'<select name="{bound.html_name}"{_attrs(attrs)} id="{bound.auto_id}">{options}</select>'
    elif type(widget) is forms.TextInput:
        attrs["class"] = "textinput form-control"
        value = bound.value()
        shown = "" if value in (None, "") else f' value="{escape(value)}"'
        control = f'<input type="text" name="{bound.html_name}"{shown}{_attrs(attrs)} id="{bound.auto_id}">'
    else:
        raise TypeError(f"plain_form_html does not render {type(widget).__name__} ({bound.name})")
    required = ' requiredField"' if field.required else '"'
    asterisk = '<span class="asteriskField">*</span>' if field.required else ""
    label = (
        f'<label for="{bound.auto_id}" class="form-label{required}>{escape(bound.label)}{asterisk}</label>'
    )
    help_text = f'<div id="{help_id}" class="form-text">{escape(field.help_text)}</div>' if help_id else ""
    return f'<div id="div_{bound.auto_id}" class="mb-3">{label}{control}{help_text}</div>'


def _attrs(attrs: dict) -> str:
    return "".join(
        f" {escape(key)}" if value is True else f' {escape(key)}="{escape(value)}"'
        for key, value in attrs.items()
        if value is not False
    )
