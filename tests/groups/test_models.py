import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from groups.models import JoinRequest, Membership, Officer, WorkingGroup
from tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    MemberStateFactory,
    OfficerFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_group_is_called_by_its_provisional_name_until_one_is_adopted():
    group = WorkingGroupFactory(provisional_name="Voluntary Group")
    assert group.name == "Voluntary Group"
    assert group.name_is_provisional
    group.adopted_name = "Group of Friends of the Charter"
    group.name_adopted_on = D(2024, 3, 1)
    assert group.name == "Group of Friends of the Charter"
    assert not group.name_is_provisional
    assert str(group) == "Group of Friends of the Charter"


def test_an_adopted_name_needs_its_adoption_date():
    group = WorkingGroupFactory.build(adopted_name="New name", name_adopted_on=None)
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "name_adopted_on" in error.value.message_dict
    with pytest.raises(IntegrityError):
        WorkingGroupFactory(adopted_name="New name", name_adopted_on=None)


def test_group_time_zone_must_be_a_known_zone():
    group = WorkingGroupFactory.build(time_zone="Mars/Olympus")
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert "time_zone" in error.value.message_dict


def test_supporter_count_is_derived_from_current_memberships():
    group = WorkingGroupFactory()
    MembershipFactory(group=group, since=D(2023, 11, 21))
    MembershipFactory(group=group, since=D(2023, 11, 21), until=D(2024, 1, 31))
    MembershipFactory(group=group, since=D(2030, 1, 1))
    counted = WorkingGroup.objects.with_supporter_count(on=D(2024, 6, 1)).get(pk=group.pk)
    assert counted.supporter_count == 1
    assert WorkingGroup.objects.with_supporter_count(on=D(2024, 1, 15)).get(pk=group.pk).supporter_count == 2


def test_supports_checks_the_date():
    membership = MembershipFactory(since=D(2023, 11, 21), until=D(2024, 1, 31))
    group, state = membership.group, membership.member_state
    assert group.supports(state, on=D(2024, 1, 31))
    assert not group.supports(state, on=D(2024, 2, 1))
    assert not group.supports(state, on=D(2023, 11, 20))
    assert membership.is_current(D(2024, 1, 1))


def test_a_state_has_one_open_membership_per_group():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        MembershipFactory(group=membership.group, member_state=membership.member_state)


def test_a_state_may_rejoin_after_its_support_ended():
    first = MembershipFactory(since=D(2023, 1, 1), until=D(2023, 6, 30))
    again = MembershipFactory(group=first.group, member_state=first.member_state, since=D(2024, 1, 1))
    assert list(Membership.objects.current(D(2024, 2, 1))) == [again]


def test_membership_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        MembershipFactory(since=D(2024, 1, 1), until=D(2023, 1, 1))


def test_membership_changes_are_kept_in_history():
    membership = MembershipFactory()
    membership.until = D(2030, 1, 1)
    membership.save()
    assert list(membership.history.values_list("until", flat=True)) == [D(2030, 1, 1), None]


def test_current_officers_are_those_in_term():
    group = WorkingGroupFactory()
    current = OfficerFactory(group=group, term_start=D(2024, 1, 1))
    OfficerFactory(
        group=group, role=Officer.Role.VICE_CHAIR, term_start=D(2022, 1, 1), term_end=D(2022, 12, 31)
    )
    assert list(group.officers.current(D(2024, 6, 1))) == [current]
    assert "Chair" in str(current)


def test_officer_term_cannot_end_before_it_starts():
    with pytest.raises(IntegrityError):
        OfficerFactory(term_start=D(2024, 1, 1), term_end=D(2023, 1, 1))


def test_join_requests_are_visible_to_secretariat_and_the_requesting_delegation_only(
    secretariat, delegate_us, delegate_of_non_member, no_role_user, group, hn
):
    join_request = JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)
    assert list(JoinRequest.objects.visible_to(secretariat)) == [join_request]
    assert list(JoinRequest.objects.visible_to(delegate_of_non_member)) == [join_request]
    assert not JoinRequest.objects.visible_to(delegate_us).exists()
    assert not JoinRequest.objects.visible_to(no_role_user).exists()


def test_one_pending_request_per_state_and_group(group, hn, delegate_of_non_member):
    JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)
    with pytest.raises(IntegrityError):
        JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)


def test_a_decided_request_does_not_block_a_new_one(group, hn, delegate_of_non_member):
    JoinRequestFactory(
        group=group, member_state=hn, requested_by=delegate_of_non_member, status=JoinRequest.Status.DECLINED
    )
    pending = JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)
    assert list(JoinRequest.objects.pending()) == [pending]
    assert pending.is_pending()


def test_states_without_a_group_have_no_memberships():
    assert not MemberStateFactory().group_memberships.exists()
