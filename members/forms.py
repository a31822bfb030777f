from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import AccreditationRequest, Invitation, MemberState, OutboxMessage, User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "receives_reminders"]


class DateInput(forms.DateInput):
    """The one date widget of every app's forms."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's name)
        # A date field's value is ISO whatever the language; "30/11/2026" is invalid HTML.
        super().__init__(attrs, format=format)


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["full_name", "email", "title", "end_date", "language"]
        widgets = {"end_date": DateInput()}
        help_texts = {"end_date": _("Leave empty for an open-ended accreditation.")}


class MissionListForm(forms.Form):
    file = forms.FileField(
        label=_("List of delegates (CSV)"),
        help_text=_(
            "Columns: email, full_name, title, end_date (YYYY-MM-DD, may be empty). One invitation per line."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the invitations"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        # Shown on the mission page beside the invitation form, which also has a "language": own ids.
        kwargs.setdefault("auto_id", "import_%s")
        super().__init__(*args, **kwargs)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 200_000:
            raise forms.ValidationError(_("The list is too long: keep it under 200 KB."))
        try:
            return upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise forms.ValidationError(_("Save the list as CSV in UTF-8 and try again.")) from None


class AccreditationRequestForm(forms.ModelForm):
    class Meta:
        model = AccreditationRequest
        fields = ["member_state", "title", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = MemberState.objects.active().order_by("name")


class AccreditationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Accredit")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class EndAccreditationForm(forms.Form):
    end_date = forms.DateField(label=_("Last day of the accreditation"), widget=DateInput())


class ResendForm(forms.Form):
    messages_chosen = forms.ModelMultipleChoiceField(
        queryset=OutboxMessage.objects.undelivered(), required=False, label=_("Messages")
    )
    everything = forms.BooleanField(required=False, label=_("Every undelivered message"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("everything") and not cleaned.get("messages_chosen"):
            raise ValidationError(_("Choose at least one message to send again."))
        return cleaned

    def message_ids(self):
        if self.cleaned_data["everything"]:
            return OutboxMessage.objects.undelivered().values_list("pk", flat=True)
        return [message.pk for message in self.cleaned_data["messages_chosen"]]
