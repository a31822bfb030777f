"""The filters of the translation status page and the form that fills one object's gaps."""

import re

from django import forms
from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from members import translation_status as ts

from .translations import NO_GROUP

ALL_STATUSES = "all"
DIGEST = re.compile(r"^[0-9a-f]{64}$")


def language_name(code: str) -> str:
    return get_language_info(code)["name_translated"]


class StatusFilterForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("Missing or outdated")),
            (ts.Status.MISSING, ts.Status.MISSING.label),
            (ts.Status.OUTDATED, ts.Status.OUTDATED.label),
            (ts.Status.UP_TO_DATE, ts.Status.UP_TO_DATE.label),
            (ALL_STATUSES, _("Any status")),
        ],
    )

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [
            ("", _("All groups")),
            *[(str(group.pk), group.name) for group in groups],
            (NO_GROUP, _("Not tied to a group")),
        ]
        self.fields["language"].choices = [("", _("All languages"))] + [
            (code, language_name(code)) for code, _name in settings.LANGUAGES
        ]

    def statuses(self) -> tuple[str, ...]:
        chosen = self.cleaned_data.get("status") if self.is_valid() else ""
        if chosen == ALL_STATUSES:
            return ()
        return (chosen,) if chosen else (ts.Status.MISSING, ts.Status.OUTDATED)


class TranslationForm(forms.Form):
    """One field per translatable field of `obj` whose original has text, in `language`.

    Each field carries, hidden, the digest of the original shown beside it; an outdated one
    also a box to confirm that the unchanged translation still matches the original.
    """

    def __init__(self, *args, obj, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.obj, self.language = obj, language
        self.original_language = ts.original_language_of(obj)
        statuses = ts.statuses_for(obj)
        self.rows = []
        model = type(obj)
        for name in ts.translatable_fields(model):
            status = statuses.get((name, language))
            if status is None:
                continue
            formfield = model._meta.get_field(f"{name}_{language}").formfield(required=False)
            title = capfirst(model._meta.get_field(name).verbose_name)
            formfield.label = _("%(field)s (%(language)s)") % {
                "field": title,
                "language": language_name(language),
            }
            formfield.widget.attrs.update(lang=language, dir="auto")
            formfield.initial = ts.text_of(obj, name, language)
            self.fields[name] = formfield
            self.fields[f"{name}__seen"] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=ts.digest(status.original)
            )
            confirm = None
            if status.status == ts.Status.OUTDATED:
                confirm = f"{name}__confirmed"
                self.fields[confirm] = forms.BooleanField(
                    required=False, label=_("The translation above still says what the original says")
                )
            self.rows.append({"name": name, "title": title, "status": status, "confirm": confirm})

    def bound_rows(self):
        for row in self.rows:
            yield {
                **row,
                "field": self[row["name"]],
                "seen": self[f"{row['name']}__seen"],
                "confirm_field": self[row["confirm"]] if row["confirm"] else None,
            }

    def texts(self) -> dict[str, str]:
        return {row["name"]: self.cleaned_data.get(row["name"]) or "" for row in self.rows}

    def seen(self) -> dict[str, str]:
        # A tampered digest only makes the translation show as outdated: keep the well-formed ones.
        found = {row["name"]: self.cleaned_data.get(f"{row['name']}__seen") or "" for row in self.rows}
        return {name: value for name, value in found.items() if DIGEST.match(value)}

    def confirmed(self) -> list[str]:
        return [row["name"] for row in self.rows if row["confirm"] and self.cleaned_data.get(row["confirm"])]
