import datetime

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.forms import DateInput
from meetings.models import Meeting
from members import translation_status as ts
from members.translated_forms import add_still_correct_fields

from .models import Minutes

EXTRA_DECISIONS = 3


class MinutesForm(forms.Form):
    """The minutes' fields, one summary per agenda item, and numbered decisions."""

    symbol = forms.CharField(label=_("Document symbol"), max_length=80, required=False)
    original_language = forms.ChoiceField(
        label=_("Original language"),
        choices=settings.LANGUAGES,
        required=False,  # left out, the language stays as it was
        help_text=_("The language the minutes were written in; the others are translations."),
    )
    chair = forms.CharField(label=_("Chair"), max_length=250, required=False)
    opening = forms.CharField(label=_("Opening"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    next_steps = forms.CharField(
        label=_("Next steps"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    next_meeting = forms.ModelChoiceField(
        label=_("Next meeting"), queryset=Meeting.objects.none(), required=False
    )
    next_meeting_text = forms.CharField(
        label=_("Next meeting, if not yet scheduled"), max_length=300, required=False
    )

    def __init__(self, *args, minutes: Minutes, with_reason: bool = False, **kwargs):
        initial = {
            "symbol": minutes.symbol,
            "original_language": minutes.original_language,
            "chair": minutes.chair,
            "opening": minutes.opening,
            "next_steps": minutes.next_steps,
            "next_meeting": minutes.next_meeting_id,
            "next_meeting_text": minutes.next_meeting_text,
        }
        self.items = list(minutes.items.all())
        decisions = [decision.text for decision in minutes.decisions.all()]
        for item in self.items:
            initial[f"summary_{item.pk}"] = item.summary
        for number, text in enumerate(decisions, start=1):
            initial[f"decision_{number}"] = text
        super().__init__(*args, initial=initial, **kwargs)
        meeting = minutes.meeting
        self.fields["next_meeting"].queryset = Meeting.objects.filter(
            group_id=meeting.group_id, starts_at__gt=meeting.starts_at
        ).exclude(status=Meeting.Status.CANCELLED)
        for index, item in enumerate(self.items, start=1):
            self.fields[f"summary_{item.pk}"] = forms.CharField(
                label=_("%(number)s. %(title)s") % {"number": index, "title": item.title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
            )
        self.decision_count = len(decisions) + EXTRA_DECISIONS
        for number in range(1, self.decision_count + 1):
            self.fields[f"decision_{number}"] = forms.CharField(
                label=_("Decision %(number)s") % {"number": number},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )
        if with_reason:
            self.fields["reason"] = forms.CharField(
                label=_("What is corrected, and at whose request"),
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=2000,
            )

    def summary_fields(self):
        return [self[f"summary_{item.pk}"] for item in self.items]

    def decision_fields(self):
        return [self[f"decision_{number}"] for number in range(1, self.decision_count + 1)]

    def changes(self) -> dict:
        data = self.cleaned_data
        return {
            "symbol": data["symbol"].strip(),
            **({"original_language": data["original_language"]} if data["original_language"] else {}),
            "chair": data["chair"].strip(),
            "opening": data["opening"].strip(),
            "next_steps": data["next_steps"].strip(),
            "next_meeting": data["next_meeting"],
            "next_meeting_text": data["next_meeting_text"].strip(),
            "items": {item.pk: data[f"summary_{item.pk}"].strip() for item in self.items},
            "decisions": [data[f"decision_{n}"] for n in range(1, self.decision_count + 1)],
        }


class CirculateForm(forms.Form):
    corrections_until = forms.DateField(label=_("Delegations may send corrections until"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "initial", {"corrections_until": timezone.localdate() + datetime.timedelta(days=14)}
        )
        super().__init__(*args, **kwargs)


class ApproveForm(forms.Form):
    at_meeting = forms.ModelChoiceField(
        label=_("Approved at"),
        queryset=Meeting.objects.none(),
        help_text=_("Only later meetings of the group that have been held or are in progress."),
        error_messages={
            "invalid_choice": _(
                "Choose a later meeting of the group that has been held or is in progress: minutes are "
                "not approved at a meeting that has not taken place."
            )
        },
    )

    def __init__(self, *args, minutes: Minutes, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = minutes.meeting
        self.fields["at_meeting"].queryset = (
            Meeting.objects.held_or_in_progress()
            .filter(group_id=meeting.group_id, starts_at__gt=meeting.starts_at)
            .order_by("starts_at")
        )


class CorrectionForm(forms.Form):
    text = forms.CharField(
        label=_("Correction requested by your delegation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class MinutesTranslationForm(forms.Form):
    """The opening, each item's title and summary, and the next steps, in `language`.

    Each passage also carries, hidden, the digest of the original shown (`<name>__seen`); an
    outdated one a "still correct" box (`<name>__ok`) that re-stamps the unchanged translation.
    `stamps` are {(model, object id, field): digest} of this language's translations.
    """

    def __init__(self, *args, minutes, items, language: str, translations: dict, stamps=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stamps, self.passages = stamps or {}, {}
        attrs = {"lang": language}
        whole = translations.get(None)
        self.fields["opening"] = forms.CharField(
            label=_("Opening"),
            required=False,
            initial=getattr(whole, "opening", ""),
            widget=forms.Textarea(attrs={"rows": 3, **attrs}),
        )
        self._passage("opening", minutes, "opening", getattr(whole, "opening", ""))
        self.rows = []
        for item in items:
            row = translations.get(item.pk)
            title, summary = f"title-{item.pk}", f"summary-{item.pk}"
            self.fields[title] = forms.CharField(
                label=_("Title of item %(number)s") % {"number": item.position},
                required=False,
                max_length=300,
                initial=getattr(row, "title", ""),
                widget=forms.TextInput(attrs=attrs),
            )
            self.fields[summary] = forms.CharField(
                label=_("Summary of item %(number)s") % {"number": item.position},
                required=False,
                initial=getattr(row, "summary", ""),
                widget=forms.Textarea(attrs={"rows": 4, **attrs}),
            )
            self.rows.append(
                (
                    item,
                    self._passage(title, item, "title", getattr(row, "title", "")),
                    self._passage(summary, item, "summary", getattr(row, "summary", "")),
                )
            )
        self.fields["next_steps"] = forms.CharField(
            label=_("Next steps"),
            required=False,
            initial=getattr(whole, "next_steps", ""),
            widget=forms.Textarea(attrs={"rows": 3, **attrs}),
        )
        self._passage("next_steps", minutes, "next_steps", getattr(whole, "next_steps", ""))

    def _passage(self, name, source, field, translation) -> dict:
        original = getattr(source, field)
        status = ts.status_of(
            original=original,
            translation=translation or "",
            stamp_digest=self.stamps.get((type(source), source.pk, field)),
        )
        ok = add_still_correct_fields(self, name, original=original, status=status)
        self.passages[name] = (type(source), source.pk, field)
        return {"field": self[name], "seen": self[f"{name}__seen"], "ok": self[ok] if ok else None}

    def passage(self, name: str) -> dict:
        """The opening's or the next steps' field, hidden digest and box (items have theirs in `rows`)."""
        ok = f"{name}__ok"
        return {
            "field": self[name],
            "seen": self[f"{name}__seen"],
            "ok": self[ok] if ok in self.fields else None,
        }

    @property
    def opening_row(self) -> dict:
        return self.passage("opening")

    @property
    def next_steps_row(self) -> dict:
        return self.passage("next_steps")

    def items_input(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (self.cleaned_data[f"title-{item.pk}"], self.cleaned_data[f"summary-{item.pk}"])
            for item, _title, _summary in self.rows
        }

    def seen(self) -> dict:
        """{(model, object id, field): digest of the original shown}."""
        return {key: self.cleaned_data.get(f"{name}__seen") or "" for name, key in self.passages.items()}

    def confirmed(self) -> set:
        """(model, object id, field) of the passages ticked "still correct"."""
        return {key for name, key in self.passages.items() if self.cleaned_data.get(f"{name}__ok")}
