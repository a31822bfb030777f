import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.forms import DateInput
from members.models import MemberState
from members.translated_forms import LanguageFieldsMixin, language_columns_for

from .models import JoinRequest, Membership, Officer, WorkingGroup


def add_form_errors(form, error, field_map: dict[str, str] | None = None) -> None:
    """Show a service's ValidationError next to the form fields it names.

    `field_map` renames model fields the form asks for differently (e.g. a start
    instant entered as a date and a time); unknown fields become non-field errors.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        field = (field_map or {}).get(field, field)
        form.add_error(field if field in form.fields else None, errors)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["member_state", "since", "note"]
        widgets = {"since": DateInput()}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        supporting = group.memberships.filter(until__isnull=True).values("member_state")
        self.fields["member_state"].queryset = MemberState.objects.active().exclude(pk__in=supporting)
        self.fields["since"].initial = timezone.localdate()


class EndMembershipForm(forms.Form):
    until = forms.DateField(label=_("Supporting until"), widget=DateInput())


class OfficerForm(LanguageFieldsMixin, forms.ModelForm):
    translated_fields = ("person_title", "selection_note")

    class Meta:
        model = Officer
        fields = [
            "role",
            "member_state",
            "person_name",
            "original_language",
            *language_columns_for("person_title"),
            "term_start",
            "term_end",
            "selection",
            *language_columns_for("selection_note"),
        ]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}

    def __init__(self, *args, group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = MemberState.objects.filter(
            pk__in=group.memberships.current().values("member_state")
        )
        self.fields["member_state"].help_text = _("Officers come from the supporting states.")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("The term cannot end before it starts."))
        return cleaned


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        labels = {"message": _("Message to the secretariat (optional)")}


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason given to the delegation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Give the delegation a reason for declining.")},
    )


class ApproveForm(forms.Form):
    reason = forms.CharField(
        label=_("Note to the delegation (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )


LANGUAGE_CODES = ("en", "es", "fr", "pt")
TRANSLATED = ("provisional_name", "adopted_name", "mandate_title", "mandate_text", "aims")


def _in_languages(*fields: str) -> list[str]:
    return [f"{field}_{code}" for field in fields for code in LANGUAGE_CODES]


class GroupForm(forms.ModelForm):
    """A group's identity and rules, its names and mandate in the four languages."""

    class Meta:
        model = WorkingGroup
        fields = [
            "original_language",
            *_in_languages("provisional_name"),
            "acronym",
            *_in_languages("adopted_name"),
            "name_adopted_on",
            "mandate_reference",
            "mandate_url",
            *_in_languages("mandate_title", "mandate_text", "aims"),
            "established_on",
            "open_to_participation",
            "status",
            "time_zone",
            "convening_unit",
            "quorum_rule",
            "quorum_number",
            "quorum_fraction",
            "document_symbol_pattern",
            "accredit_invited_at_once",
        ]
        widgets = {
            "established_on": DateInput(),
            "name_adopted_on": DateInput(),
            **{name: forms.Textarea(attrs={"rows": 3}) for name in _in_languages("mandate_text", "aims")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provisional_name_en"].required = True
        self.fields["original_language"].required = False
        for name in _in_languages(*TRANSLATED):
            # Each input in its own language: spelling checkers and screen readers follow it.
            self.fields[name].widget.attrs["lang"] = name.rsplit("_", 1)[1]
        self.fields["time_zone"] = forms.ChoiceField(
            label=self.fields["time_zone"].label,
            choices=[(zone, zone) for zone in sorted(zoneinfo.available_timezones()) if "/" in zone],
            initial=self.instance.time_zone if self.instance.pk else settings.PLENARY_DEFAULT_TIME_ZONE,
        )
        # Concluding a group is its own step, with a date and a note.
        self.fields["status"].choices = [
            choice for choice in self.fields["status"].choices if choice[0] != WorkingGroup.Status.CONCLUDED
        ]

    def clean(self):
        cleaned = super().clean()
        cleaned["original_language"] = cleaned.get("original_language") or self.instance.original_language
        if any(cleaned.get(name) for name in _in_languages("adopted_name")) and not cleaned.get(
            "name_adopted_on"
        ):
            self.add_error("name_adopted_on", _("Give the date the name was adopted."))
        return cleaned

    def sections(self):
        """Fields in the order a secretariat fills them in, one fieldset per subject."""
        names = [
            (_("Name"), ["original_language", *_in_languages("provisional_name"), "acronym"]),
            (_("Adopted name"), [*_in_languages("adopted_name"), "name_adopted_on"]),
            (
                _("Mandate"),
                ["mandate_reference", "mandate_url", *_in_languages("mandate_title", "mandate_text")],
            ),
            (_("Aims"), _in_languages("aims")),
            (
                _("Status and rules"),
                [
                    "established_on",
                    "open_to_participation",
                    "status",
                    "time_zone",
                    "convening_unit",
                    "quorum_rule",
                    "quorum_number",
                    "quorum_fraction",
                    "document_symbol_pattern",
                    "accredit_invited_at_once",
                ],
            ),
        ]
        return [(legend, [self[name] for name in fields]) for legend, fields in names]


class CloseGroupForm(forms.Form):
    concluded_on = forms.DateField(label=_("Concluded on"), widget=DateInput())
    note = forms.CharField(
        label=_("How the group concluded"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example the resolution or decision that ended its mandate."),
    )
