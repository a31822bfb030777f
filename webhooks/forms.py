from django import forms
from django.utils.translation import gettext_lazy as _

from members.validators import validate_single_line

from .models import EventType


class WebhookForm(forms.Form):
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An HTTPS address on the public internet; events are POSTed to it as JSON."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=200,
        validators=[validate_single_line],
        help_text=_("Who receives it and why, for example “Archive of the OAS Library”."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=EventType.choices, widget=forms.CheckboxSelectMultiple
    )


class WebhookEditForm(WebhookForm):
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive webhook receives no new events.")
    )
