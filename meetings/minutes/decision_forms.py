"""Forms to record a decision (with what it changes in the group) and its follow-up actions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Officer
from meetings.models import Meeting
from members.forms import DateInput
from members.models import MemberState, SecretariatUnit

from .models import Decision, FollowUpAction

LANGUAGES = (("en", _("English")), ("es", _("Spanish")), ("fr", _("French")), ("pt", _("Portuguese")))


class DecisionForm(forms.Form):
    """The decision's wording in four languages and, for a procedural one, the change it makes."""

    NO_EFFECT, NAME, APPOINT, END_TERM, RULES = "", "name", "appoint", "end_term", "rules"
    EFFECTS = [
        (NO_EFFECT, _("Nothing in the group's record")),
        (NAME, _("The group adopts its name")),
        (APPOINT, _("An officer is appointed")),
        (END_TERM, _("An officer's term ends")),
        (RULES, _("The group adopts its rules of procedure")),
    ]

    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Decision.Kind.choices)
    text_en = forms.CharField(label=_("Decision (English)"), widget=forms.Textarea(attrs={"rows": 3}))
    text_es = forms.CharField(
        label=_("Decision (Spanish)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text_fr = forms.CharField(
        label=_("Decision (French)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    text_pt = forms.CharField(
        label=_("Decision (Portuguese)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    effect = forms.ChoiceField(
        label=_("What the decision changes"),
        choices=EFFECTS,
        required=False,
        help_text=_(
            "Procedural decisions only. The change is saved with the decision. A work plan is adopted "
            "from the work plan's page, which records its decision here."
        ),
    )
    adopted_name_en = forms.CharField(label=_("Name adopted (English)"), max_length=250, required=False)
    adopted_name_es = forms.CharField(label=_("Name adopted (Spanish)"), max_length=250, required=False)
    adopted_name_fr = forms.CharField(label=_("Name adopted (French)"), max_length=250, required=False)
    adopted_name_pt = forms.CharField(label=_("Name adopted (Portuguese)"), max_length=250, required=False)
    officer_role = forms.ChoiceField(
        label=_("Role"), choices=[("", "---------"), *Officer.Role.choices], required=False
    )
    # Every member state: a state that does not support the group is refused with a sentence saying so.
    officer_state = forms.ModelChoiceField(
        label=_("Member state"), queryset=MemberState.objects.order_by("name"), required=False
    )
    officer_name = forms.CharField(label=_("Person"), max_length=200, required=False)
    officer_title = forms.CharField(label=_("Person's title"), max_length=200, required=False)
    officer_selection = forms.ChoiceField(
        label=_("How chosen"),
        choices=Officer.Selection.choices,
        initial=Officer.Selection.CONSENSUS,
        required=False,
    )
    officer_ended = forms.ModelChoiceField(label=_("Officer whose term ends"), queryset=None, required=False)
    rules_of_procedure = forms.CharField(
        label=_("Rules of procedure adopted"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()
        self.fields["officer_ended"].queryset = (
            Officer.objects.current(meeting.local_date())
            .filter(group_id=meeting.group_id)
            .select_related("member_state")
        )
        self.fields["officer_ended"].label_from_instance = lambda officer: (
            f"{officer.get_role_display()}: {officer.person_name} ({officer.member_state})"
        )

    def clean(self):
        cleaned = super().clean()
        effect = cleaned.get("effect") or self.NO_EFFECT
        if effect != self.NO_EFFECT and cleaned.get("kind") not in (None, Decision.Kind.PROCEDURAL):
            self.add_error(
                "kind",
                _(
                    "Adopting the name or the rules of procedure, appointing an officer or ending a term is a procedural decision."
                ),
            )
        required = {
            self.NAME: {"adopted_name_en": _("Give the adopted name in English at least.")},
            self.APPOINT: {
                "officer_role": _("Choose the officer's role."),
                "officer_state": _("Choose the state the officer comes from."),
                "officer_name": _("Give the officer's name."),
            },
            self.END_TERM: {"officer_ended": _("Choose the officer whose term ends.")},
            self.RULES: {"rules_of_procedure": _("Give the text of the rules of procedure.")},
        }.get(effect, {})
        for name, message in required.items():
            value = cleaned.get(name)
            if not (value.strip() if isinstance(value, str) else value):
                self.add_error(name, message)
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        effect = data.get("effect") or self.NO_EFFECT
        arguments = {
            "agenda_item": data["agenda_item"],
            "kind": data["kind"],
            "texts": {code: data[f"text_{code}"] for code, _name in LANGUAGES},
        }
        if effect == self.NAME:
            arguments["adopted_name"] = {code: data[f"adopted_name_{code}"] for code, _name in LANGUAGES}
        elif effect == self.APPOINT:
            arguments["officer"] = {
                "role": data["officer_role"],
                "member_state": data["officer_state"],
                "person_name": data["officer_name"].strip(),
                "person_title": data["officer_title"].strip(),
                "selection": data["officer_selection"] or Officer.Selection.CONSENSUS,
            }
        elif effect == self.END_TERM:
            arguments["end_officer"] = data["officer_ended"]
        elif effect == self.RULES:
            arguments["rules_of_procedure"] = data["rules_of_procedure"]
        return arguments

    def text_fields(self):
        return [self[f"text_{code}"] for code, _name in LANGUAGES]

    def name_fields(self):
        return [self[f"adopted_name_{code}"] for code, _name in LANGUAGES]

    def officer_fields(self):
        return [
            self[name]
            for name in (
                "officer_role",
                "officer_state",
                "officer_name",
                "officer_title",
                "officer_selection",
            )
        ]


class FollowUpActionForm(forms.ModelForm):
    """What is to be done, by whom (one of: a state, an officer of the group, a secretariat unit), by when."""

    class Meta:
        model = FollowUpAction
        fields = ["what", "member_state", "officer", "secretariat_unit", "due_on"]
        widgets = {"what": forms.Textarea(attrs={"rows": 2}), "due_on": DateInput()}
        help_texts = {
            "member_state": _("Name one responsible only: a state, an officer or a secretariat unit.")
        }

    def __init__(self, *args, decision: Decision, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = decision.minutes.meeting
        self.fields["member_state"].queryset = MemberState.objects.order_by("name")
        self.fields["officer"].queryset = Officer.objects.filter(group_id=meeting.group_id).select_related(
            "member_state"
        )
        self.fields["officer"].label_from_instance = lambda officer: (
            f"{officer.get_role_display()}: {officer.person_name} ({officer.member_state})"
        )
        self.fields["secretariat_unit"].queryset = SecretariatUnit.objects.all()

    def _post_clean(self):
        # The service checks the action (one responsible, an officer of this group) and saves it.
        pass

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(choices=FollowUpAction.Status.choices)
