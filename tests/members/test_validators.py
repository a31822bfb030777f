"""Names and titles are one line: no breaks, control characters or text-direction overrides."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from meetings.forms import AgendaItemForm, CopyForm
from meetings.models import AgendaItem, Meeting
from members.validators import validate_single_line
from press.forms import PressCorrectionForm, PressReleaseForm
from tests.factories import WorkingGroupFactory
from tests.meetings.factories import MeetingFactory, RoomFactory
from workplans.forms import WorkPlanForm

HOSTILE = [
    "Line\nbreak",
    "Evil\r\nBEGIN:VEVENT",
    "Nul\x00byte",
    "Tab\there",
    "Right\u202eto left",
    "Iso\u2066late",
]
MESSAGE = "Write this on one line"


@pytest.mark.parametrize("value", HOSTILE)
def test_validator_refuses_control_and_direction_characters(value):
    with pytest.raises(ValidationError):
        validate_single_line(value)


@pytest.mark.parametrize(
    "value", ["", "Voluntary Group of the Inter-American Democratic Charter", "São Paulo, «ñ»"]
)
def test_validator_accepts_ordinary_names(value):
    validate_single_line(value)


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE)
def test_models_refuse_hostile_names(value, group):
    checks = [
        (WorkingGroupFactory.build(provisional_name=value), "provisional_name"),
        (MeetingFactory.build(group=group, title=value), "title"),
        (RoomFactory.build(name=value), "name"),
    ]
    for record, field in checks:
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        assert field in refused.value.message_dict, type(record).__name__


@pytest.mark.django_db
@pytest.mark.parametrize("value", HOSTILE[:2] + HOSTILE[4:5])
def test_forms_refuse_hostile_titles_with_a_clear_message(value, group):
    meeting = MeetingFactory(group=group)
    # Every language's column of a translated title is one line too (the Spanish one here).
    agenda_form = AgendaItemForm(data={"title_en": "Opening", "title_es": value})
    assert not agenda_form.is_valid()
    assert MESSAGE in " ".join(agenda_form.errors["title_es"])
    forms = [
        CopyForm(data={"title": value, "date": "2099-01-01"}, meeting=meeting),
        PressReleaseForm(data={"title": value, "body": "Text", "group": group.pk, "language": "en"}),
        PressCorrectionForm(
            data={"correction-note": "Fixed.", "correction-title": value, "correction-body": "Text"}
        ),
        WorkPlanForm(data={"title": value}),
    ]
    for form in forms:
        assert not form.is_valid()
        assert MESSAGE in " ".join(form.errors["title"]), type(form).__name__


@pytest.mark.django_db
def test_agenda_item_with_a_line_break_is_refused_and_nothing_is_added(secretariat_client, group):
    meeting = MeetingFactory(group=group, status=Meeting.Status.DRAFT)
    response = secretariat_client.post(
        reverse("meetings:agenda_add", kwargs={"pk": meeting.pk}), {"title_en": "Item\r\nBEGIN:VEVENT"}
    )
    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert not AgendaItem.objects.filter(meeting=meeting).exists()
