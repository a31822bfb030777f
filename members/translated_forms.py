"""Staff forms that edit a translatable object: one input per language, grouped per field.

A form lists the per-language columns (`title_en`, `title_es`, ...) and `original_language` in its
Meta.fields and names the translatable fields in `translated_fields`. Each field's inputs become a
fieldset (legend: the field; labels: the languages), each input carries its `lang` so spelling
checkers and screen readers use the right language, and a required field must be given in the
object's original language.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.conf import settings
from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from . import translation_status as ts
from .translated import language_codes


class LanguageFieldsMixin:
    translated_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_language_fields()

    def column_field(self, name: str) -> str | None:
        base, _sep, code = name.rpartition("_")
        return base if base in self.translated_fields and code in language_codes() else None

    def setup_language_fields(self) -> None:
        names = dict(settings.LANGUAGES)
        if "original_language" in self.fields:
            # Left out, the object keeps its language (a new one is written in the default language).
            self.fields["original_language"].required = False
        for field in self.translated_fields:
            for code in language_codes():
                form_field = self.fields.get(f"{field}_{code}")
                if form_field is None:
                    continue
                form_field.label = names[code]
                form_field.help_text = ""
                direction = "rtl" if get_language_info(code)["bidi"] else "ltr"
                form_field.widget.attrs.update(lang=code, dir=direction)
        layout, placed = [], set()
        for name in self.fields:
            field = self.column_field(name)
            if field is None:
                layout.append(name)
            elif field not in placed:
                placed.add(field)
                legend = capfirst(self._meta.model._meta.get_field(field).verbose_name)
                columns = [f"{field}_{code}" for code in language_codes() if f"{field}_{code}" in self.fields]
                layout.append(Fieldset(legend, *columns))
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(*layout)

    def clean(self):
        cleaned = super().clean()
        if "original_language" in self.fields and not cleaned.get("original_language"):
            cleaned["original_language"] = self.instance.original_language
        original = (
            cleaned["original_language"]
            if "original_language" in self.fields
            else self.instance.original_language
        )
        for field in self.translated_fields:
            column = f"{field}_{original}"
            required = not self._meta.model._meta.get_field(field).blank
            if required and column in self.fields and not cleaned.get(column) and column not in self.errors:
                self.add_error(
                    column,
                    _("Give the %(field)s in the original language (%(language)s).")
                    % {
                        "field": self._meta.model._meta.get_field(field).verbose_name,
                        "language": dict(settings.LANGUAGES)[original],
                    },
                )
        return cleaned


def language_columns_for(*fields: str) -> list[str]:
    """Meta.fields entries: each field's column in every language, then the original language."""
    return [f"{field}_{code}" for field in fields for code in language_codes()]


def warn_stale(request, stale: int) -> None:
    """Tell the translator which "still correct" ticks were not recorded: the original changed meanwhile."""
    if stale:
        messages.warning(
            request,
            _(
                "Passages ticked as still correct but not confirmed: %(n)s. Their original changed after "
                "you opened the page; read them again."
            )
            % {"n": stale},
        )


class TextInLanguagesMixin:
    """A plain (not model) form's text typed in its original language, its translations beside it.

    `add_text_in_languages("reason", ...)` adds `reason_en`, `reason_es`, ... (the original first)
    in one fieldset; the original one must be given. `original` is a language code, or the name
    of the form's field that chooses it. The service stores the texts in the model's language
    columns and stamps the translations (members.translation_status.stamp_edit).
    """

    def add_text_in_languages(self, name: str, *, legend, original: str, max_length: int, rows: int = 3):
        self.language_texts = (name, legend, original)
        start = original if original in language_codes() else self.fields[original].initial
        names = dict(settings.LANGUAGES)
        for code in sorted(language_codes(), key=lambda code: code != start):
            direction = "rtl" if get_language_info(code)["bidi"] else "ltr"
            self.fields[f"{name}_{code}"] = forms.CharField(
                label=names[code],
                required=False,
                max_length=max_length,
                widget=forms.Textarea(attrs={"rows": rows, "lang": code, "dir": direction}),
            )
        columns = [f"{name}_{code}" for code in language_codes()]
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            *[field for field in self.fields if field not in columns],
            Fieldset(legend, *[field for field in self.fields if field in columns]),
        )

    def original_of(self, values) -> str:
        _name, _legend, original = self.language_texts
        return original if original in language_codes() else (values.get(original) or settings.LANGUAGE_CODE)

    def clean(self):
        cleaned = super().clean()
        name, legend, _original = self.language_texts
        original = self.original_of(cleaned)
        column = f"{name}_{original}"
        if not (cleaned.get(column) or "").strip() and column not in self.errors:
            self.add_error(
                column,
                _("Give the %(field)s in the original language (%(language)s).")
                % {"field": str(legend).lower(), "language": dict(settings.LANGUAGES)[original]},
            )
        return cleaned


def language_texts(cleaned_data, name: str) -> dict[str, str]:
    """{language: text} of a TextInLanguagesMixin form's `name` fields, once it is valid."""
    return {code: (cleaned_data.get(f"{name}_{code}") or "").strip() for code in language_codes()}


def add_still_correct_fields(form, name: str, *, original: str, status) -> str | None:
    """Add passage `name`'s hidden fingerprint of the original shown, and its "Still correct" box
    when the translation is outdated; return the box's field name (None without one).

    The fingerprint lets the confirmation be refused if the original changed after the page was
    opened: the translator vouched for the text they saw, not for a newer one.
    """
    form.fields[f"{name}__seen"] = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=ts.digest(original)
    )
    if status != ts.Status.OUTDATED:
        return None
    form.fields[f"{name}__ok"] = forms.BooleanField(
        required=False, label=_("Still correct: the translation above says what the original says")
    )
    return f"{name}__ok"
