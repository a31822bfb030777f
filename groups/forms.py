from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import MemberState

from .models import JoinRequest, Membership, Officer


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


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's name)
        # A date field's value is ISO whatever the language; "30/11/2026" is invalid HTML.
        super().__init__(attrs, format=format)


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


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = [
            "role",
            "member_state",
            "person_name",
            "person_title",
            "term_start",
            "term_end",
            "selection",
            "selection_note",
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
