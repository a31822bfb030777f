"""Staff forms that edit a translatable object: one input per language, grouped per field.

A form lists the per-language columns (`title_en`, `title_es`, ...) and `original_language` in its
Meta.fields and names the translatable fields in `translated_fields`. Each field's inputs become a
fieldset (legend: the field; labels: the languages), each input carries its `lang` so spelling
checkers and screen readers use the right language, and a required field must be given in the
object's original language.
"""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django.conf import settings
from django.contrib import messages
from django.utils.text import capfirst
from django.utils.translation import get_language_info, ngettext
from django.utils.translation import gettext_lazy as _

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
            ngettext(
                "%(n)s passage ticked as still correct was not confirmed: its original changed after you "
                "opened the page. Read it again.",
                "%(n)s passages ticked as still correct were not confirmed: their original changed after you "
                "opened the page. Read them again.",
                stale,
            )
            % {"n": stale},
        )
