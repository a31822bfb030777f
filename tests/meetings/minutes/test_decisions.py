"""record_decision: the decision and what it changes in the group are saved together, or neither."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from groups.models import Officer, WorkingGroup
from meetings.minutes import services
from meetings.models import Decision, FollowUpAction, Meeting, Minutes
from tests.factories import SecretariatUnitFactory
from tests.meetings.delivery_fixtures import make_meeting


def _item(meeting, position=3):
    return meeting.agenda_items.get(position=position)


def _record(meeting, **kwargs):
    arguments = {
        "meeting": meeting,
        "agenda_item": kwargs.get("agenda_item") or _item(meeting),
        "kind": Decision.Kind.PROCEDURAL,
        "texts": {"en": "The secretariat coordinates until a coordinator is chosen."},
        "by": None,
    }
    return services.record_decision(**{**arguments, **kwargs})


def test_a_decision_is_recorded_in_four_languages_with_its_follow_up(minuted_meeting, us):
    decision = _record(
        minuted_meeting,
        texts={"en": "Circulate the plan.", "es": "Circular el plan.", "fr": "", "pt": "Circular o plano."},
        kind=Decision.Kind.ADOPTION,
        actions=[
            {"what": "Send comments", "member_state": us, "due_on": datetime.date(2023, 12, 5)},
            {"what": "Compile comments", "secretariat_unit": SecretariatUnitFactory()},
        ],
    )

    assert decision.number == 1
    assert decision.minutes.status == Minutes.Status.DRAFT  # minutes started for it
    assert decision.agenda_item.title == "Work plan"
    assert decision.text_in("es") == "Circular el plan."
    assert decision.text_in("pt-br") == "Circular o plano."
    assert decision.text_in("fr") == "Circulate the plan."  # falls back to English
    assert [a.responsible() for a in decision.actions.all()] == [  # dated first
        str(us),
        "Secretariat for Strengthening Democracy",
    ]
    assert decision.actions.open().count() == 2
    assert decision.history.count() == 1


def test_decisions_are_numbered_in_order(minuted_meeting):
    assert [_record(minuted_meeting).number for _ in range(3)] == [1, 2, 3]


def test_adopting_the_name_is_a_decision_and_changes_the_group(minuted_meeting):
    decision = _record(
        minuted_meeting,
        texts={"en": "The group adopts its name."},
        adopted_name={"en": "Friends of the Charter", "es": "Amigos de la Carta"},
    )

    group = WorkingGroup.objects.get(pk=minuted_meeting.group_id)
    assert decision.adopted_name == "Friends of the Charter"
    assert group.adopted_name_en == "Friends of the Charter"
    assert group.adopted_name_es == "Amigos de la Carta"
    assert group.name_adopted_on == minuted_meeting.local_date()


def test_appointing_an_officer_is_a_decision_and_ends_the_previous_term(minuted_meeting, br):
    group = minuted_meeting.group
    decision = _record(
        minuted_meeting,
        texts={"en": "Brazil's representative is chosen as president."},
        officer={"role": Officer.Role.PRESIDENT, "member_state": br, "person_name": "Ana Souza"},
    )

    assert decision.officer.role == Officer.Role.PRESIDENT
    assert decision.officer.term_start == minuted_meeting.local_date()
    assert list(group.officers.current(minuted_meeting.local_date()).filter(role="president")) == [
        decision.officer
    ]


def test_an_officer_from_a_state_that_does_not_support_the_group_is_refused_and_nothing_saved(
    minuted_meeting, hn
):
    officers_before = Officer.objects.count()
    with pytest.raises(ValidationError) as error:
        _record(
            minuted_meeting,
            adopted_name={"en": "Should not stick"},
            officer={"role": Officer.Role.COORDINATOR, "member_state": hn, "person_name": "X"},
        )

    assert "does not support" in str(error.value)
    assert not Decision.objects.exists()
    assert Officer.objects.count() == officers_before
    assert WorkingGroup.objects.get(pk=minuted_meeting.group_id).adopted_name == ""
    assert not Minutes.objects.exists()


@pytest.mark.parametrize("status", [Meeting.Status.SCHEDULED, Meeting.Status.DRAFT, Meeting.Status.CANCELLED])
def test_a_decision_of_a_meeting_not_yet_held_is_refused(group, status):
    meeting = make_meeting(group, status=status)
    item = meeting.agenda_items.create(position=1, title="Name")
    with pytest.raises(ValidationError, match="has not been held"):
        _record(meeting, agenda_item=item, adopted_name={"en": "Too early"})
    assert not Decision.objects.exists()
    assert WorkingGroup.objects.get(pk=group.pk).adopted_name == ""


def test_an_agenda_item_of_another_meeting_is_refused(minuted_meeting, group):
    other = make_meeting(group, number=2)
    item = other.agenda_items.create(position=1, title="Elsewhere")
    with pytest.raises(ValidationError) as error:
        _record(minuted_meeting, agenda_item=item)
    assert "agenda_item" in error.value.message_dict
    assert not Decision.objects.exists()


def test_a_follow_up_needs_exactly_one_responsible_and_nothing_is_saved(minuted_meeting, us):
    with pytest.raises(ValidationError):
        _record(
            minuted_meeting,
            actions=[{"what": "Both", "member_state": us, "secretariat_unit": SecretariatUnitFactory()}],
        )
    assert not Decision.objects.exists()
    assert not FollowUpAction.objects.exists()


def test_changing_the_name_needs_a_procedural_decision(minuted_meeting):
    with pytest.raises(ValidationError) as error:
        _record(minuted_meeting, kind=Decision.Kind.SUBSTANTIVE, adopted_name={"en": "Nope"})
    assert "kind" in error.value.message_dict


def test_editing_the_wording_in_the_minutes_keeps_kind_and_follow_up(minuted_meeting):
    decision = _record(
        minuted_meeting, actions=[{"what": "Do it", "secretariat_unit": SecretariatUnitFactory()}]
    )
    services.update_minutes(minutes=decision.minutes, decisions=["Reworded."])

    decision.refresh_from_db()
    assert (decision.text, decision.kind, decision.actions.count()) == ("Reworded.", "procedural", 1)


def test_a_follow_up_action_is_closed_with_history(minuted_meeting):
    decision = _record(
        minuted_meeting, actions=[{"what": "Do it", "secretariat_unit": SecretariatUnitFactory()}]
    )
    action = services.set_action_status(action=decision.actions.get(), status=FollowUpAction.Status.DONE)
    assert action.status == "done"
    assert [h.status for h in action.history.order_by("history_date")] == ["open", "done"]


def test_the_printed_minutes_carry_each_language_s_wording_and_kind(minuted_meeting):
    from django.utils import translation

    from meetings.minutes.printing import minutes_context

    decision = _record(minuted_meeting, texts={"en": "Circulate the plan.", "fr": "Diffuser le plan."})
    with translation.override("fr"):
        printed = minutes_context(decision.minutes)["decisions"]
    assert printed[0]["text"] == "Diffuser le plan."
    assert printed[0]["number"] == 1
    assert printed[0]["kind"].startswith("De procédure")
