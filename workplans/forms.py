import uuid
import zoneinfo

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Meeting
from members.forms import DateInput
from members.models import MemberState
from members.validators import validate_single_line

from .models import Comment, Paragraph, WorkPlan, WorkPlanVersion
from .services.plans import SectionInput
from .text import normalise_line_breaks, validate_printable


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class ZonedDateTimeField(forms.DateTimeField):
    """A wall-clock time typed in the group's time zone, stored as an aware UTC moment."""

    widget = DateTimeInput

    def __init__(self, *args, zone_name: str = "UTC", **kwargs):
        self.zone = zoneinfo.ZoneInfo(zone_name)
        kwargs.setdefault("input_formats", ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"])
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        result = super().to_python(value)
        if result is None:
            return None
        return timezone.make_aware(timezone.make_naive(result, timezone.get_current_timezone()), self.zone)

    def prepare_value(self, value):
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            return timezone.localtime(value, self.zone).replace(tzinfo=None)
        return value


class WorkPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250, validators=[validate_single_line])
    period_start = forms.DateField(label=_("Period covered from"), widget=DateInput)
    period_end = forms.DateField(label=_("Period covered until"), widget=DateInput)
    proposed_by = forms.ChoiceField(label=_("Proposed by"), choices=WorkPlan.Proposer.choices)
    proposer_state = forms.ModelChoiceField(
        label=_("Proposing state"),
        queryset=MemberState.objects.active(),
        required=False,
        help_text=_("For a plan proposed by a member state's mission."),
    )
    markdown = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 14}),
        required=False,
        help_text=_(
            "Headings become sections, paragraphs become numbered paragraphs, a table the activities."
        ),
    )
    change_note = forms.CharField(label=_("Change note"), required=False, max_length=2000)


class ImportForm(forms.Form):
    markdown = forms.CharField(
        label=_("Text (Markdown)"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Headings (#) become sections, paragraphs become numbered paragraphs, and a table with the "
            "columns objective, activity, responsible and timeline becomes the activities."
        ),
    )
    change_note = forms.CharField(label=_("Change note"), max_length=2000)


class VersionEditForm(forms.Form):
    """Every section heading and paragraph of a version as fields named by their stable key."""

    change_note = forms.CharField(label=_("Change note"), required=False, max_length=2000)
    original_language = forms.ChoiceField(
        label=_("Original language"),
        choices=settings.LANGUAGES,
        required=False,  # left out, the language stays as it was
        help_text=_("The language this version was written in; the others are translations."),
    )
    new_section_heading = forms.CharField(
        label=_("New section: heading"), required=False, max_length=250, validators=[validate_single_line]
    )
    new_section_text = forms.CharField(
        label=_("New section: first paragraph"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    EXTRA_ACTIVITIES = 2

    def __init__(self, *args, version: WorkPlanVersion, **kwargs):
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["change_note"].initial = version.change_note
        self.fields["original_language"].initial = version.original_language
        self.layout = []
        paragraphs_by_section: dict[int, list[Paragraph]] = {}
        for paragraph in version.paragraphs.order_by("number"):
            paragraphs_by_section.setdefault(paragraph.section_id, []).append(paragraph)
        for section in version.sections.order_by("number"):
            heading_name = f"section-{section.key}"
            self.fields[heading_name] = forms.CharField(
                label=_("Section %(number)s: heading") % {"number": section.number},
                initial=section.heading,
                max_length=250,
                required=False,
                validators=[validate_single_line],
            )
            names = []
            for paragraph in paragraphs_by_section.get(section.id, []):
                name = f"paragraph-{paragraph.key}"
                self.fields[name] = forms.CharField(
                    label=_("Paragraph %(number)s") % {"number": paragraph.number},
                    initial=paragraph.text,
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    help_text=_("Empty it to remove the paragraph."),
                )
                names.append(name)
            new_name = f"new-{section.key}"
            self.fields[new_name] = forms.CharField(
                label=_("New paragraph at the end of section %(number)s") % {"number": section.number},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.layout.append((section, heading_name, names, new_name))
        activities = list(version.activities.order_by("position"))
        self.activity_rows = []
        for index in range(len(activities) + self.EXTRA_ACTIVITIES):
            activity = activities[index] if index < len(activities) else None
            row = []
            for attribute, label in (
                ("objective", _("Objective")),
                ("activity", _("Activity")),
                ("responsible", _("Responsible")),
                ("timeline", _("Timeline")),
            ):
                name = f"activity-{index}-{attribute}"
                self.fields[name] = forms.CharField(
                    label=_("%(column)s, row %(row)s") % {"column": label, "row": index + 1},
                    initial=getattr(activity, attribute) if activity else "",
                    required=False,
                )
                row.append(name)
            self.activity_rows.append(row)

    def layout_fields(self):
        for section, heading_name, names, new_name in self.layout:
            yield section, self[heading_name], [self[n] for n in names], self[new_name]

    def activity_fields(self):
        for row in self.activity_rows:
            yield [self[name] for name in row]

    def sections_input(self) -> list[SectionInput]:
        data = self.cleaned_data
        sections = []
        for section, heading_name, names, new_name in self.layout:
            paragraphs = [(uuid.UUID(name.removeprefix("paragraph-")), data[name]) for name in names]
            if data[new_name].strip():
                paragraphs.append((None, data[new_name]))
            heading = data[heading_name].strip()
            if not heading and not any(text.strip() for _key, text in paragraphs):
                continue
            sections.append(
                SectionInput(heading=heading or section.heading, key=section.key, paragraphs=paragraphs)
            )
        if data["new_section_heading"].strip():
            text = data["new_section_text"]
            sections.append(
                SectionInput(
                    heading=data["new_section_heading"].strip(),
                    paragraphs=[(None, text)] if text.strip() else [],
                )
            )
        return sections

    def activities_input(self) -> list[tuple[str, str, str, str]]:
        return [tuple(self.cleaned_data[name].strip() for name in row) for row in self.activity_rows]


class RoundForm(forms.Form):
    opens_at = ZonedDateTimeField(label=_("Opens at"))
    closes_at = ZonedDateTimeField(label=_("Closes at"))
    open_to_observers = forms.BooleanField(
        label=_("Observers (states that do not support the group) may comment"), required=False
    )
    comments_visible_while_open = forms.BooleanField(
        label=_("Delegations see each other's comments while the round is open"), required=False
    )
    accepts_late = forms.BooleanField(label=_("Accept late comments, marked as late"), required=False)
    reminder_days = forms.CharField(
        label=_("Reminders, days before closing"),
        initial="7, 2",
        required=False,
        help_text=_("Sent only to delegations that have not yet commented. Separate with commas."),
    )

    def __init__(self, *args, zone_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("opens_at", "closes_at"):
            self.fields[name] = ZonedDateTimeField(label=self.fields[name].label, zone_name=zone_name)
            self.fields[name].help_text = _("In the group's time zone (%(zone)s).") % {"zone": zone_name}

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"]
        try:
            days = sorted(
                {int(part) for part in raw.replace(";", ",").split(",") if part.strip()}, reverse=True
            )
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers of days, separated by commas.")) from None
        if any(d < 1 or d > 60 for d in days):
            raise forms.ValidationError(_("Each reminder must be between 1 and 60 days before closing."))
        return days


class ExtendForm(forms.Form):
    closes_at = ZonedDateTimeField(label=_("New closing time"))

    def __init__(self, *args, zone_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closes_at"] = ZonedDateTimeField(label=_("New closing time"), zone_name=zone_name)
        self.fields["closes_at"].help_text = _("In the group's time zone (%(zone)s).") % {"zone": zone_name}


class TypedTextField(forms.CharField):
    """Comment text kept as typed: one kind of line break, no invisible control characters."""

    default_validators = [validate_printable]

    def to_python(self, value):
        return normalise_line_breaks(super().to_python(value))


class CommentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Comment.Kind.choices)
    target = forms.CharField(label=_("On"), required=False, widget=forms.HiddenInput)
    body = TypedTextField(
        label=_("Comment"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("You may use *emphasis*, **bold**, lists and links."),
    )
    proposed_text = TypedTextField(
        label=_("Proposed text"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "For an amendment, the whole paragraph as you propose it; for a new paragraph, its text."
        ),
    )
    language = forms.ChoiceField(
        label=_("Written in"),
        choices=settings.LANGUAGES,
        required=False,
        help_text=_("The comment is shown in the language you wrote it in, marked as such."),
    )
    token = forms.UUIDField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].initial = uuid.uuid4()
        self.fields["language"].initial = get_language()
        if choices is not None:
            self.fields["target"] = forms.ChoiceField(label=_("On"), choices=choices, required=False)

    def clean_language(self):
        # Left out (an older form, a script): the language of the page it was written on.
        return self.cleaned_data.get("language") or get_language()

    def target_keys(self) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        """(paragraph key, section key) from a target like "p:<uuid>" or "s:<uuid>"."""
        target = self.cleaned_data.get("target") or ""
        prefix, _sep, value = target.partition(":")
        try:
            key = uuid.UUID(value)
        except ValueError:
            return None, None
        return (key, None) if prefix == "p" else (None, key) if prefix == "s" else (None, None)

    def clean_target(self):
        target = self.cleaned_data.get("target") or ""
        if target:
            prefix, _sep, value = target.partition(":")
            try:
                uuid.UUID(value)
            except ValueError:
                raise forms.ValidationError(_("That paragraph is not in this version of the plan.")) from None
            if prefix not in ("p", "s"):
                raise forms.ValidationError(_("That paragraph is not in this version of the plan."))
        return target


class CommentEditForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Comment.Kind.choices)
    body = CommentForm.base_fields["body"]
    proposed_text = CommentForm.base_fields["proposed_text"]
    revision = forms.IntegerField(widget=forms.HiddenInput)


class DispositionForm(forms.Form):
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Comment.Disposition.choices)
    response = TypedTextField(
        label=_("Response"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    resulting_paragraph = forms.ModelChoiceField(
        label=_("Changed paragraph in a later version"), queryset=Paragraph.objects.none(), required=False
    )

    def __init__(self, *args, comment: Comment, later_paragraphs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resulting_paragraph"].queryset = (
            later_paragraphs
            if later_paragraphs is not None
            else Paragraph.objects.filter(
                version__plan_id=comment.round.version.plan_id,
                version__number__gt=comment.round.version.number,
            ).select_related("version")
        )
        self.fields["resulting_paragraph"].label_from_instance = lambda p: (
            _("Version %(version)s, paragraph %(number)s") % {"version": p.version.number, "number": p.number}
        )
        if comment.disposition:
            self.initial.update(
                disposition=comment.disposition,
                response=comment.response,
                resulting_paragraph=comment.resulting_paragraph_id,
            )


class AdoptForm(forms.Form):
    version = forms.ModelChoiceField(label=_("Version adopted"), queryset=WorkPlanVersion.objects.none())
    meeting = forms.ModelChoiceField(
        label=_("Adopted at the meeting"),
        queryset=Meeting.objects.none(),
        help_text=_("Only meetings of the group that have been held or are in progress."),
        error_messages={
            "invalid_choice": _(
                "Choose a meeting of the group that has been held or is in progress: a work plan is not "
                "adopted at a meeting that has not taken place."
            )
        },
    )
    agenda_item = forms.ModelChoiceField(
        label=_("Agenda item"),
        queryset=AgendaItem.objects.none(),
        required=False,
        help_text=_(
            "The item of that meeting's agenda under which the plan was adopted: the decision enters the "
            "group's register of decisions."
        ),
    )
    decision_text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 4}))
    supersedes = forms.ModelChoiceField(
        label=_("Replaces the adopted plan"), queryset=WorkPlan.objects.none(), required=False
    )

    def __init__(self, *args, plan: WorkPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = plan.versions.order_by("-number")
        self.fields["version"].label_from_instance = lambda v: _("Version %(number)s") % {"number": v.number}
        self.fields["meeting"].queryset = (
            Meeting.objects.held_or_in_progress().filter(group=plan.group_id).order_by("-starts_at")
        )
        self.fields["agenda_item"].queryset = (
            AgendaItem.objects.filter(meeting__in=self.fields["meeting"].queryset)
            .select_related("meeting")
            .order_by("-meeting__starts_at", "position")
        )
        self.fields["agenda_item"].label_from_instance = lambda item: (
            f"{item.meeting.ordinal_name()}: {item.position}. {item.title}"
        )
        self.fields["supersedes"].queryset = WorkPlan.objects.filter(
            group=plan.group_id, status=WorkPlan.Status.ADOPTED
        ).exclude(pk=plan.pk)
