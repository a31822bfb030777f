"""Groups' parts of members' pages ("my page"), supplied by groups' own template tags."""

import pytest
from django.urls import reverse

from tests.factories import JoinRequestFactory, MembershipFactory, WorkingGroupFactory

pytestmark = pytest.mark.django_db


def test_delegate_sees_their_state_groups_and_pending_requests(
    non_member_client, delegate_of_non_member, group, hn
):
    other = WorkingGroupFactory(provisional_name="Group on elections")
    MembershipFactory(group=other, member_state=hn)
    JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)

    content = non_member_client.get(reverse("members:me")).content.decode()

    assert "Alternate Representative of Honduras" in content
    assert f'href="{other.get_absolute_url()}"' in content
    requests_part = content.split('id="requests-heading"')[1]
    assert group.name in requests_part
    assert "Pending" in requests_part


def test_delegate_does_not_see_other_states_requests(delegate_us_client, delegate_of_non_member, group, hn):
    JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)
    content = delegate_us_client.get(reverse("members:me")).content.decode()
    assert "No requests." in content.split('id="requests-heading"')[1]


def test_user_without_a_delegation_gets_no_groups_part(no_role_user, client, group):
    client.force_login(no_role_user)
    content = client.get(reverse("members:me")).content.decode()
    assert 'id="groups-heading"' not in content


def test_my_groups_part_costs_the_same_queries_for_one_group_or_ten(
    non_member_client, delegate_of_non_member, hn, django_assert_max_num_queries
):
    MembershipFactory(group=WorkingGroupFactory(), member_state=hn)
    with django_assert_max_num_queries(100) as one:
        non_member_client.get(reverse("members:me"))
    for _ in range(9):
        group = WorkingGroupFactory()
        MembershipFactory(group=group, member_state=hn)
        JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)
    with django_assert_max_num_queries(len(one.captured_queries)):
        content = non_member_client.get(reverse("members:me")).content.decode()
    assert content.count("Pending") >= 9
