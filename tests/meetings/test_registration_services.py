"""Registering who attends a meeting: who may register whom, until when, and the reminders it spares."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from meetings import notifications, services
from meetings.models import REGISTRATION_CLOSES_BEFORE, Meeting, Registration
from members.models import Delegate, OutboxMessage
from tests.factories import DelegateFactory, UserFactory
from tests.meetings.factories import MeetingFactory

IN_PERSON, ONLINE = Registration.Mode.IN_PERSON, Registration.Mode.ONLINE


@pytest.fixture
def colleague_us(us):
    return DelegateFactory(
        user=UserFactory(email="carol@us-mission.example", full_name="Carol"), member_state=us
    ).user


@pytest.fixture
def focal_point_us(us):
    return DelegateFactory(
        user=UserFactory(email="fiona@us-mission.example", full_name="Fiona Focal"),
        member_state=us,
        is_focal_point=True,
    ).user


@pytest.fixture
def representative_br(br):
    return DelegateFactory(
        user=UserFactory(email="rui@br-mission.example", full_name="Rui"),
        member_state=br,
        title=Delegate.Title.PERMANENT_REPRESENTATIVE,
    ).user


def refused(message, **kwargs):
    with pytest.raises(ValidationError) as error:
        services.register(**kwargs)
    assert message in " ".join(error.value.messages)
    assert not Registration.objects.exists()


def test_a_delegate_registers_themself(meeting, delegate_us, us):
    record = services.register(meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)
    assert (record.member_state, record.mode, record.registered_by) == (us, ONLINE, delegate_us)
    assert record.history.count() == 1


def test_registering_again_changes_the_mode_instead_of_adding_a_row(meeting, delegate_us):
    services.register(meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)
    services.register(meeting=meeting, person=delegate_us, mode=IN_PERSON, by=delegate_us)
    assert list(Registration.objects.values_list("mode", flat=True)) == [IN_PERSON]


def test_the_focal_point_registers_a_colleague(meeting, focal_point_us, colleague_us):
    record = services.register(meeting=meeting, person=colleague_us, mode=IN_PERSON, by=focal_point_us)
    assert record.user == colleague_us and record.registered_by == focal_point_us


def test_the_permanent_representative_registers_a_colleague(meeting, representative_br, delegate_br):
    services.register(meeting=meeting, person=delegate_br, mode=ONLINE, by=representative_br)
    assert Registration.objects.get().user == delegate_br


def test_a_plain_delegate_may_not_register_a_colleague(meeting, delegate_us, colleague_us):
    refused(
        "focal point or Permanent Representative",
        meeting=meeting,
        person=colleague_us,
        mode=ONLINE,
        by=delegate_us,
    )


def test_a_focal_point_may_not_register_someone_of_another_state(meeting, focal_point_us, delegate_br):
    refused("your own delegation", meeting=meeting, person=delegate_br, mode=ONLINE, by=focal_point_us)


def test_a_delegate_of_a_state_outside_the_group_is_refused(meeting, delegate_of_non_member):
    refused(
        "not an accredited delegate",
        meeting=meeting,
        person=delegate_of_non_member,
        mode=ONLINE,
        by=delegate_of_non_member,
    )


def test_a_person_without_delegation_is_refused(meeting, no_role_user, focal_point_us):
    refused(
        "not an accredited delegate", meeting=meeting, person=no_role_user, mode=ONLINE, by=focal_point_us
    )


def test_a_former_delegate_is_refused(meeting, us):
    former = DelegateFactory(
        member_state=us, start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1)
    ).user
    refused("not an accredited delegate", meeting=meeting, person=former, mode=ONLINE, by=former)


def test_an_unknown_mode_is_refused(meeting, delegate_us):
    refused("in person or online", meeting=meeting, person=delegate_us, mode="by pigeon", by=delegate_us)


def test_the_deadline_defaults_to_a_day_before_the_start_and_follows_the_meeting(meeting):
    assert meeting.registration_deadline() == meeting.starts_at - REGISTRATION_CLOSES_BEFORE
    meeting.registration_closes_at = meeting.starts_at - datetime.timedelta(days=3)
    assert meeting.registration_deadline() == meeting.starts_at - datetime.timedelta(days=3)


def test_registering_after_the_deadline_is_refused(group, delegate_us):
    soon = timezone.now() + datetime.timedelta(hours=23)
    meeting = MeetingFactory(group=group, starts_at=soon)
    refused("has closed", meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)


def test_a_deadline_of_its_own_is_enforced(meeting, delegate_us):
    Meeting.objects.filter(pk=meeting.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    refused("has closed", meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)


@pytest.mark.parametrize("status", [Meeting.Status.DRAFT, Meeting.Status.CANCELLED, Meeting.Status.HELD])
def test_meetings_not_to_come_take_no_registration(meeting, delegate_us, status):
    Meeting.objects.filter(pk=meeting.pk).update(status=status)
    refused("still to come", meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)


def test_cancelling_keeps_the_row_and_frees_the_person_to_register_again(meeting, delegate_us):
    record = services.register(meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)
    services.cancel_registration(registration=record, by=delegate_us)
    record.refresh_from_db()
    assert record.cancelled_at is not None
    services.register(meeting=meeting, person=delegate_us, mode=IN_PERSON, by=delegate_us)
    assert Registration.objects.count() == 2 and Registration.objects.active().count() == 1


def test_a_plain_delegate_may_not_cancel_a_colleagues_registration(
    meeting, focal_point_us, colleague_us, delegate_us
):
    record = services.register(meeting=meeting, person=colleague_us, mode=ONLINE, by=focal_point_us)
    with pytest.raises(ValidationError):
        services.cancel_registration(registration=record, by=delegate_us)
    record.refresh_from_db()
    assert record.cancelled_at is None
    services.cancel_registration(registration=record, by=focal_point_us)


def test_cancelling_after_the_deadline_is_refused(meeting, delegate_us):
    record = services.register(meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)
    Meeting.objects.filter(pk=meeting.pk).update(
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(ValidationError, match="has closed"):
        services.cancel_registration(registration=record, by=delegate_us)
    record.refresh_from_db()
    assert record.cancelled_at is None


def test_the_database_keeps_one_active_registration_per_person(meeting, delegate_us, us):
    Registration.objects.create(meeting=meeting, member_state=us, user=delegate_us, mode=ONLINE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(meeting=meeting, member_state=us, user=delegate_us, mode=ONLINE)


# Reminders


def test_reminders_go_only_to_delegations_that_have_not_registered(
    group, delegate_us, colleague_us, delegate_br, secretariat
):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(days=6))
    services.register(meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)

    notifications.enqueue_due_reminders()

    reminded = set(
        OutboxMessage.objects.filter(kind=notifications.REMINDER).values_list("recipient__email", flat=True)
    )
    # Brazil has not registered; the United States has (colleagues included); staff keep theirs.
    assert reminded == {delegate_br.email, secretariat.email}
    assert colleague_us.email not in reminded


def test_a_cancelled_registration_brings_the_reminder_back(group, delegate_us, delegate_br):
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + datetime.timedelta(days=6))
    record = services.register(meeting=meeting, person=delegate_us, mode=ONLINE, by=delegate_us)
    services.cancel_registration(registration=record, by=delegate_us)

    notifications.enqueue_due_reminders()

    assert OutboxMessage.objects.filter(kind=notifications.REMINDER, recipient=delegate_us).exists()
