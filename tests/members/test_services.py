import datetime

import pytest
from django.core.exceptions import ValidationError

from members.models import Delegate
from members.permissions import active_delegation
from members.services import appoint_delegate, end_appointment
from tests.factories import DelegateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_appointing_to_a_new_state_ends_the_previous_appointment_and_keeps_it(us, br):
    user = UserFactory()
    first = appoint_delegate(
        user=user, member_state=us, title="adviser", start_date=datetime.date(2023, 1, 1)
    )
    second = appoint_delegate(
        user=user, member_state=br, title="delegate", start_date=datetime.date(2024, 3, 1)
    )

    first.refresh_from_db()
    assert first.end_date == datetime.date(2024, 2, 29)
    assert Delegate.objects.filter(user=user).count() == 2
    assert active_delegation(user) == second


def test_new_appointment_cannot_start_before_the_current_one(us, br):
    user = UserFactory()
    appoint_delegate(user=user, member_state=us, title="adviser", start_date=datetime.date(2024, 1, 1))
    with pytest.raises(ValidationError):
        appoint_delegate(user=user, member_state=br, title="adviser", start_date=datetime.date(2023, 1, 1))
    assert Delegate.objects.filter(user=user).count() == 1


def test_withdrawn_state_cannot_receive_delegates():
    from tests.factories import MemberStateFactory

    nicaragua = MemberStateFactory(iso2="NI", iso3="NIC", name="Nicaragua", status="withdrawn")
    with pytest.raises(ValidationError):
        appoint_delegate(
            user=UserFactory(), member_state=nicaragua, title="adviser", start_date=datetime.date(2024, 1, 1)
        )


def test_overlapping_appointments_are_refused_by_validation(us, br):
    current = DelegateFactory(member_state=us, start_date=datetime.date(2023, 1, 1))
    overlapping = Delegate(
        user=current.user,
        member_state=br,
        title="adviser",
        start_date=datetime.date(2023, 6, 1),
        end_date=datetime.date(2023, 7, 1),
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_ended_appointment_no_longer_makes_a_delegate(us):
    delegate = DelegateFactory(member_state=us, start_date=datetime.date(2023, 1, 1))
    end_appointment(delegate=delegate, end_date=datetime.date(2024, 1, 1))
    delegate.user.refresh_from_db()
    assert active_delegation(delegate.user) is None
