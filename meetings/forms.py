import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from groups.forms import add_form_errors as shared_add_form_errors
from groups.models import WorkingGroup, validate_time_zone
from members.forms import DateInput
from members.models import MemberState, SecretariatUnit
from members.translated import language_of
from members.translated_forms import LanguageFieldsMixin, TextInLanguagesMixin, language_columns_for
from members.validators import validate_single_line

from .models import AgendaItem, Attendance, Document, Meeting, MeetingDateChange, Observer, Presentation, Room


class TimeInput(forms.TimeInput):
    input_type = "time"


# Service errors name model fields; the forms ask for date and times instead.
FIELD_FOR_ERROR = {"starts_at": "date", "ends_at": "end_time", "registration_closes_at": "registration_date"}


def add_form_errors(form, error) -> None:
    shared_add_form_errors(form, error, field_map=FIELD_FOR_ERROR)


class MeetingTimesForm(forms.Form):
    """Date, start and end in the venue's time zone, turned into UTC instants."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends at"), widget=TimeInput())

    def venue_time_zone(self, cleaned) -> str | None:
        return self.time_zone

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("date"), cleaned.get("start_time"), cleaned.get("end_time")
        zone_name = self.venue_time_zone(cleaned)
        if day and start and end and zone_name:
            zone = zoneinfo.ZoneInfo(zone_name)
            cleaned["starts_at"] = datetime.datetime.combine(day, start, tzinfo=zone).astimezone(datetime.UTC)
            cleaned["ends_at"] = datetime.datetime.combine(day, end, tzinfo=zone).astimezone(datetime.UTC)
            if end <= start:
                self.add_error("end_time", _("The meeting must end after it starts."))
        return cleaned

    def set_times_initial(self, meeting: Meeting) -> None:
        self.initial.update(
            date=meeting.local_starts_at.date(),
            start_time=meeting.local_starts_at.time().replace(tzinfo=None),
            end_time=meeting.local_ends_at.time().replace(tzinfo=None),
        )


class MeetingForm(LanguageFieldsMixin, MeetingTimesForm, forms.ModelForm):
    translated_fields = ("title", "notice_text")
    time_zone = forms.CharField(
        label=_("Venue time zone"),
        max_length=64,
        validators=[validate_time_zone],
        help_text=_("For example America/New_York. The date and times above are in this zone."),
    )

    class Meta:
        model = Meeting
        fields = [
            "original_language",
            *language_columns_for("title"),
            "format",
            "room",
            "video_link",
            "convening_unit",
            *language_columns_for("notice_text"),
            "is_public",
        ]
        widgets = {
            column: forms.Textarea(attrs={"rows": 4}) for column in language_columns_for("notice_text")
        }

    # The registration deadline, like the times, is given on the venue's clock.
    registration_date = forms.DateField(
        label=_("Registration closes on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty to close registration 24 hours before the start."),
    )
    registration_time = forms.TimeField(label=_("Registration closes at"), required=False, widget=TimeInput())

    field_order = [
        "original_language",
        *language_columns_for("title"),
        "format",
        "date",
        "start_time",
        "end_time",
        "time_zone",
        "room",
        "video_link",
    ]

    def clean(self):
        cleaned = super().clean()
        day, time, zone = (
            cleaned.get("registration_date"),
            cleaned.get("registration_time"),
            cleaned.get("time_zone"),
        )
        cleaned["registration_closes_at"] = None
        if bool(day) != bool(time):
            self.add_error(
                "registration_time", _("Give both the date and the time registration closes, or neither.")
            )
        elif day and time and zone:
            local = datetime.datetime.combine(day, time, tzinfo=zoneinfo.ZoneInfo(zone))
            cleaned["registration_closes_at"] = local.astimezone(datetime.UTC)
        return cleaned

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.group = group
        self.fields["room"].queryset = Room.objects.order_by("building", "name")
        self.fields["convening_unit"].queryset = SecretariatUnit.objects.order_by("name")
        if self.instance.pk:
            self.set_times_initial(self.instance)
            self.initial["time_zone"] = self.instance.time_zone
            if self.instance.registration_closes_at:
                closes = self.instance.registration_closes_at.astimezone(self.instance.zone)
                self.initial["registration_date"] = closes.date()
                self.initial["registration_time"] = closes.time().replace(tzinfo=None)
        else:
            self.initial.setdefault("time_zone", group.time_zone)
            self.initial.setdefault("convening_unit", group.convening_unit_id)

    def venue_time_zone(self, cleaned):
        return cleaned.get("time_zone")

    def service_fields(self) -> dict:
        data = self.cleaned_data
        names = [
            "original_language",
            *language_columns_for("title", "notice_text"),
            "format",
            "room",
            "video_link",
            "convening_unit",
            "is_public",
        ]
        return {name: data[name] for name in names} | {
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "time_zone": data["time_zone"],
            "registration_closes_at": data["registration_closes_at"],
        }


class PostponeForm(TextInLanguagesMixin, MeetingTimesForm):
    """The new times, and the reason in the language it is written in with any translations."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = meeting.time_zone
        self.set_times_initial(meeting)
        self.fields["original_language"] = MeetingDateChange._meta.get_field("original_language").formfield()
        # Typed, most often, in the secretariat member's interface language.
        self.fields["original_language"].initial = language_of(get_language())
        self.fields["original_language"].required = False
        self.add_text_in_languages(
            "reason", legend=_("Reason"), original="original_language", max_length=2000
        )

    def clean_original_language(self):
        return self.cleaned_data.get("original_language") or self.fields["original_language"].initial


class CopyForm(MeetingTimesForm):
    title = forms.CharField(
        label=_("Title"), max_length=250, required=False, validators=[validate_single_line]
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = meeting.time_zone
        self.set_times_initial(meeting)


class CancelForm(TextInLanguagesMixin, forms.Form):
    """The reason in the meeting's original language (as its title), with any translations."""

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_text_in_languages(
            "reason",
            legend=_("Reason given to the delegations"),
            original=meeting.original_language,
            max_length=2000,
        )


class AgendaItemForm(LanguageFieldsMixin, forms.ModelForm):
    translated_fields = ("title", "description", "presenter", "outcome")

    class Meta:
        model = AgendaItem
        fields = [
            "original_language",
            *language_columns_for("title", "description"),
            "minutes_allotted",
            *language_columns_for("presenter"),
            *language_columns_for("outcome"),
        ]
        widgets = {
            column: forms.Textarea(attrs={"rows": 3})
            for column in language_columns_for("description", "outcome")
        }


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class PresentationForm(LanguageFieldsMixin, forms.ModelForm):
    translated_fields = ("title",)

    class Meta:
        model = Presentation
        fields = [
            "original_language",
            *language_columns_for("title"),
            "presenter_kind",
            "unit",
            "member_state",
            "person_name",
            "affiliation",
            "agenda_item",
            "slides",
        ]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["slides"].queryset = meeting.documents.all()
        self.fields["member_state"].queryset = MemberState.objects.active()
        self.fields["unit"].queryset = SecretariatUnit.objects.order_by("name")


class DocumentForm(forms.ModelForm):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument text; at most %(size)s MB.")
        % {"size": settings.PLENARY_UPLOAD_MAX_BYTES // (1024 * 1024)},
    )

    class Meta:
        model = Document
        fields = ["title", "language", "is_public", "agenda_item"]

    field_order = ["file", "title", "language", "is_public", "agenda_item"]

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class DocumentFileForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument text; at most %(size)s MB.")
        % {"size": settings.PLENARY_UPLOAD_MAX_BYTES // (1024 * 1024)},
    )
    replace = forms.BooleanField(label=_("Replace the file already in this language"), required=False)


class AttendanceForm(forms.ModelForm):
    class Meta:
        model = Attendance
        fields = ["status", "note", "delegation_members"]
        widgets = {"status": forms.RadioSelect, "delegation_members": forms.TextInput}


class CheckInForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How is your delegation taking part?"),
        choices=[
            (Attendance.Status.PRESENT_IN_PERSON, Attendance.Status.PRESENT_IN_PERSON.label),
            (Attendance.Status.PRESENT_ONLINE, Attendance.Status.PRESENT_ONLINE.label),
        ],
        widget=forms.RadioSelect,
    )
    delegation_members = forms.CharField(
        label=_("Members of the delegation present"), max_length=1000, required=False
    )


class ObserverForm(LanguageFieldsMixin, forms.ModelForm):
    translated_fields = ("name",)

    class Meta:
        model = Observer
        fields = [
            "kind",
            "member_state",
            "unit",
            "original_language",
            *language_columns_for("name"),
            "persons",
        ]
        widgets = {"persons": forms.TextInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_state"].queryset = MemberState.objects.order_by("name")
        self.fields["unit"].queryset = SecretariatUnit.objects.order_by("name")


class MeetingFilterForm(forms.Form):
    group = forms.ModelChoiceField(
        label=_("Group"), queryset=WorkingGroup.objects.order_by("provisional_name"), required=False
    )
    year = forms.IntegerField(label=_("Year"), min_value=1948, max_value=2200, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any"))] + Meeting.Status.choices, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("group", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["year"].widget.attrs["class"] = "form-control"


def parse_offsets(text: str) -> list[int]:
    """'7d, 1d, 2h, 30m' -> minutes before the start, largest first."""
    units = {"d": 24 * 60, "h": 60, "m": 1}
    minutes = set()
    for token in text.replace(";", ",").split(","):
        token = token.strip().lower()
        if not token:
            continue
        number, unit = token[:-1].strip(), token[-1:]
        if unit not in units or not number.isdigit() or int(number) == 0:
            raise forms.ValidationError(
                _("“%(token)s” is not an offset: write a number followed by d, h or m, such as 7d or 2h."),
                params={"token": token},
            )
        minutes.add(int(number) * units[unit])
    if any(value > 60 * 24 * 60 for value in minutes):
        raise forms.ValidationError(_("Reminders go out at most 60 days before a meeting."))
    return sorted(minutes, reverse=True)


def format_offsets(minutes: list[int]) -> str:
    parts = []
    for value in minutes:
        if value % (24 * 60) == 0:
            parts.append(f"{value // (24 * 60)}d")
        elif value % 60 == 0:
            parts.append(f"{value // 60}h")
        else:
            parts.append(f"{value}m")
    return ", ".join(parts)


class MeetingSettingsForm(forms.ModelForm):
    reminder_offsets = forms.CharField(
        label=_("Reminders before each meeting"),
        required=False,
        max_length=200,
        help_text=_("For example “7d, 1d” for seven days and one day before; h for hours, m for minutes."),
    )

    class Meta:
        model = WorkingGroup
        fields = [
            "quorum_rule",
            "quorum_number",
            "quorum_fraction",
            "document_symbol_pattern",
            "press_single_person",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["reminder_offsets"] = format_offsets(self.instance.reminder_offsets or [])

    def clean_reminder_offsets(self):
        return parse_offsets(self.cleaned_data["reminder_offsets"])
