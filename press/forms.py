from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from groups.models import WorkingGroup
from members.validators import validate_single_line

from .models import PressRelease


class PressReleaseForm(forms.ModelForm):
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=WorkingGroup.objects.order_by("provisional_name")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    class Meta:
        model = PressRelease
        fields = ["title", "place", "summary", "body", "image", "image_alt", "contact"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "contact": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["group"]
            del self.fields["language"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not (cleaned.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return cleaned


class PressTranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("New language version"), choices=settings.LANGUAGES)

    def __init__(self, *args, existing: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [(c, n) for c, n in settings.LANGUAGES if c not in existing]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"


class PressScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        widget=DateTimeInput(format="%Y-%m-%dT%H:%M"),
        help_text=_("In the group's time zone."),
    )


class PressCorrectionForm(forms.Form):
    # Shares the edit page with PressReleaseForm and PressWithdrawForm: prefixed names keep ids unique.
    prefix = "correction"
    note = forms.CharField(
        label=_("Correction note (shown on the release)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    title = forms.CharField(label=_("Title"), max_length=300, validators=[validate_single_line])
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    body = forms.CharField(label=_("Body"), widget=forms.Textarea(attrs={"rows": 14}))


class PressWithdrawForm(forms.Form):
    prefix = "withdraw"
    note = forms.CharField(
        label=_("Reason for withdrawal (shown at the release's address)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class NewsroomFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    group = forms.ChoiceField(label=_("Group"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)

    def __init__(self, *args, years: list[int], groups: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years"))] + [(y, y) for y in years]
        self.fields["group"].choices = [("", _("All groups")), *groups]
        self.fields["language"].choices = [("all", _("All languages"))] + list(settings.LANGUAGES)


class DraftFromMeetingForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("Held meeting"), queryset=None)
    language = forms.ChoiceField(label=_("Language of the release"), choices=settings.LANGUAGES)

    def __init__(self, *args, meetings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["meeting"].label_from_instance = lambda m: f"{m.group} · {m} · {m.local_date():%Y-%m-%d}"


class PublicSubscriptionForm(forms.Form):
    email = forms.EmailField(label=_("Your email address"), max_length=254)
    language = forms.ChoiceField(label=_("Language of the emails"), choices=settings.LANGUAGES)
