"""Ending a term and adopting the rules of procedure are decisions too; follow-up actions are kept up."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from groups.models import Officer, WorkingGroup
from meetings.minutes import services
from meetings.models import Decision, FollowUpAction, Minutes
from tests.factories import OfficerFactory, SecretariatUnitFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def _record(meeting, **kwargs):
    arguments = {
        "meeting": meeting,
        "agenda_item": meeting.agenda_items.get(position=1),
        "kind": Decision.Kind.PROCEDURAL,
        "texts": {"en": "The group decides."},
        "by": None,
    }
    return services.record_decision(**{**arguments, **kwargs})


def test_ending_an_officer_s_term_is_a_decision_and_the_term_ends_that_day(minuted_meeting):
    chair = minuted_meeting.group.officers.get(role=Officer.Role.CHAIR)
    decision = _record(minuted_meeting, texts={"en": "The chair's term ends."}, end_officer=chair)

    chair.refresh_from_db()
    assert decision.officer_ended == chair
    assert chair.term_end == minuted_meeting.local_date()
    assert not minuted_meeting.group.officers.current(
        minuted_meeting.local_date() + datetime.timedelta(days=1)
    )


def test_an_officer_of_another_group_cannot_be_ended_here(minuted_meeting, us):
    stranger = OfficerFactory(
        group=WorkingGroupFactory(), member_state=us, term_start=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        _record(minuted_meeting, end_officer=stranger)
    assert "officer_ended" in error.value.message_dict
    stranger.refresh_from_db()
    assert stranger.term_end is None
    assert not Decision.objects.exists()


def test_adopting_the_rules_of_procedure_is_a_decision_and_the_group_keeps_the_text(minuted_meeting):
    decision = _record(minuted_meeting, rules_of_procedure="1. Decisions are taken by consensus.")

    group = WorkingGroup.objects.get(pk=minuted_meeting.group_id)
    assert decision.rules_adopted is True
    assert group.rules_of_procedure == "1. Decisions are taken by consensus."
    assert group.rules_adopted_on == minuted_meeting.local_date()


def test_a_substantive_decision_cannot_change_the_rules(minuted_meeting):
    with pytest.raises(ValidationError) as error:
        _record(minuted_meeting, kind=Decision.Kind.SUBSTANTIVE, rules_of_procedure="Anything")
    assert "kind" in error.value.message_dict
    assert WorkingGroup.objects.get(pk=minuted_meeting.group_id).rules_of_procedure == ""
    assert not Minutes.objects.exists()


def test_a_follow_up_action_is_added_edited_and_cancelled(minuted_meeting, us, br):
    decision = _record(minuted_meeting)
    action = services.add_follow_up_action(
        decision=decision, what=" Send comments ", member_state=us, due_on=datetime.date(2023, 12, 5)
    )
    assert (action.what, action.responsible(), action.status) == ("Send comments", str(us), "open")

    unit = SecretariatUnitFactory()
    action = services.update_follow_up_action(action=action, member_state=None, secretariat_unit=unit)
    assert action.responsible() == str(unit)

    action = services.set_action_status(action=action, status=FollowUpAction.Status.CANCELLED)
    assert FollowUpAction.objects.get(pk=action.pk).status == "cancelled"
    assert not FollowUpAction.objects.open().exists()


def test_an_action_without_a_responsible_or_with_two_is_refused(minuted_meeting, us):
    decision = _record(minuted_meeting)
    with pytest.raises(ValidationError, match="one responsible"):
        services.add_follow_up_action(decision=decision, what="Nobody")
    action = services.add_follow_up_action(decision=decision, what="One", member_state=us)
    with pytest.raises(ValidationError, match="one responsible"):
        services.update_follow_up_action(action=action, secretariat_unit=SecretariatUnitFactory())
    assert FollowUpAction.objects.get(pk=action.pk).secretariat_unit is None


def test_an_action_for_an_officer_of_another_group_is_refused(minuted_meeting, us):
    decision = _record(minuted_meeting)
    stranger = OfficerFactory(
        group=WorkingGroupFactory(), member_state=us, term_start=datetime.date(2023, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.add_follow_up_action(decision=decision, what="Report", officer=stranger)
    assert "officer" in error.value.message_dict
    assert not FollowUpAction.objects.exists()


def test_an_unknown_status_is_refused(minuted_meeting, us):
    action = services.add_follow_up_action(decision=_record(minuted_meeting), what="One", member_state=us)
    with pytest.raises(ValidationError):
        services.set_action_status(action=action, status="lost")
