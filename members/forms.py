from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import OutboxMessage, User


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language", "receives_reminders"]


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
