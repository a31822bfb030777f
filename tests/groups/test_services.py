import datetime

import pytest
from django.core.exceptions import ValidationError

from groups import services
from groups.models import JoinRequest, Membership, Officer
from members.models import MemberState
from tests.factories import JoinRequestFactory, MembershipFactory, MemberStateFactory, OfficerFactory

pytestmark = pytest.mark.django_db

D = datetime.date


# ------------------------------------------------------------ supporting states


def test_adding_a_supporting_state(group, hn):
    membership = services.add_supporting_state(group=group, member_state=hn, since=D(2024, 1, 10))
    assert group.supports(hn)
    assert membership.since == D(2024, 1, 10)


def test_a_state_already_supporting_cannot_be_added_again(group, us):
    with pytest.raises(ValidationError) as error:
        services.add_supporting_state(group=group, member_state=us, since=D(2024, 1, 10))
    assert "already supports" in str(error.value.message_dict["member_state"])
    assert group.memberships.filter(member_state=us).count() == 1


def test_a_withdrawn_state_cannot_support_a_group(group):
    nicaragua = MemberStateFactory(iso2="NI", iso3="NIC", status=MemberState.Status.WITHDRAWN)
    with pytest.raises(ValidationError):
        services.add_supporting_state(group=group, member_state=nicaragua, since=D(2024, 1, 10))
    assert not group.memberships.filter(member_state=nicaragua).exists()


def test_ending_support_keeps_the_record(group, br):
    membership = group.memberships.get(member_state=br)
    services.end_support(membership=membership, until=D(2025, 1, 31))
    assert not group.supports(br, on=D(2025, 2, 1))
    assert Membership.objects.get(pk=membership.pk).until == D(2025, 1, 31)


def test_support_cannot_end_twice_or_before_it_began(group, br):
    membership = group.memberships.get(member_state=br)
    with pytest.raises(ValidationError):
        services.end_support(membership=membership, until=membership.since - datetime.timedelta(days=1))
    services.end_support(membership=membership, until=D(2025, 1, 31))
    with pytest.raises(ValidationError):
        services.end_support(membership=membership, until=D(2025, 3, 1))


# --------------------------------------------------------------------- officers


def test_a_new_chair_ends_the_previous_chairs_term(group, us, br):
    old = OfficerFactory(group=group, member_state=us, role=Officer.Role.CHAIR, term_start=D(2024, 1, 1))
    new = services.appoint_officer(
        group=group, role=Officer.Role.CHAIR, member_state=br, person_name="Ana", term_start=D(2025, 1, 1)
    )
    old.refresh_from_db()
    assert old.term_end == D(2024, 12, 31)
    assert list(group.officers.current(D(2025, 6, 1))) == [new]


def test_vice_chairs_may_serve_together(group, us, br):
    for state in (us, br):
        services.appoint_officer(
            group=group,
            role=Officer.Role.VICE_CHAIR,
            member_state=state,
            person_name="X",
            term_start=D(2024, 1, 1),
        )
    assert group.officers.current(D(2024, 6, 1)).count() == 2


def test_an_officer_term_cannot_end_before_it_starts(group, us):
    with pytest.raises(ValidationError) as error:
        services.appoint_officer(
            group=group, role="chair", member_state=us, person_name="X",
            term_start=D(2024, 1, 1), term_end=D(2023, 1, 1),
        )  # fmt: skip
    assert "term_end" in error.value.message_dict
    assert not Officer.objects.exists()


# ---------------------------------------------------------------- join requests


def test_delegate_of_a_non_supporting_state_asks_to_join(
    group, hn, delegate_of_non_member, django_capture_on_commit_callbacks, mailoutbox, secretariat
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        join_request = services.request_to_join(
            group=group, user=delegate_of_non_member, member_state=hn, message="Honduras wishes to join."
        )
    assert join_request.is_pending()
    assert join_request.requested_by == delegate_of_non_member
    assert len(callbacks) == 1
    assert [m.to for m in mailoutbox] == [[secretariat.email]]
    assert "Honduras asks to join" in mailoutbox[0].subject


def test_a_state_already_supporting_cannot_ask_to_join(group, us, delegate_us):
    with pytest.raises(ValidationError, match="already supports"):
        services.request_to_join(group=group, user=delegate_us, member_state=us)
    assert not JoinRequest.objects.exists()


def test_a_delegate_cannot_ask_on_behalf_of_another_state(group, us, hn, delegate_us):
    with pytest.raises(ValidationError, match="only ask to join on behalf of the state you represent"):
        services.request_to_join(group=group, user=delegate_us, member_state=hn)
    assert not JoinRequest.objects.exists()


def test_someone_without_a_delegation_cannot_ask(group, hn, no_role_user):
    with pytest.raises(ValidationError):
        services.request_to_join(group=group, user=no_role_user, member_state=hn)


def test_a_closed_group_refuses_requests(group, hn, delegate_of_non_member):
    group.open_to_participation = False
    group.save()
    with pytest.raises(ValidationError, match="not open"):
        services.request_to_join(group=group, user=delegate_of_non_member, member_state=hn)


def test_a_second_pending_request_is_refused(group, hn, delegate_of_non_member):
    services.request_to_join(group=group, user=delegate_of_non_member, member_state=hn)
    with pytest.raises(ValidationError, match="already waiting"):
        services.request_to_join(group=group, user=delegate_of_non_member, member_state=hn)
    assert JoinRequest.objects.count() == 1


@pytest.fixture
def join_request(group, hn, delegate_of_non_member):
    return JoinRequestFactory(group=group, member_state=hn, requested_by=delegate_of_non_member)


def test_approving_makes_the_state_a_supporter(join_request, secretariat, group, hn):
    assert services.approve_join_request(join_request=join_request, decided_by=secretariat, reason="Welcome")
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == secretariat
    assert join_request.decided_at is not None
    assert group.supports(hn)


def test_approving_an_already_decided_request_does_nothing(join_request, secretariat, group, hn):
    services.decline_join_request(join_request=join_request, decided_by=secretariat, reason="Not now")
    assert services.approve_join_request(join_request=join_request, decided_by=secretariat) is False
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.DECLINED
    assert not group.supports(hn)


def test_approving_twice_adds_one_membership(join_request, secretariat, group, hn):
    services.approve_join_request(join_request=join_request, decided_by=secretariat)
    assert services.approve_join_request(join_request=join_request, decided_by=secretariat) is False
    assert group.memberships.filter(member_state=hn).count() == 1


def test_approving_when_the_state_already_supports_does_not_duplicate(join_request, secretariat, group, hn):
    MembershipFactory(group=group, member_state=hn)
    services.approve_join_request(join_request=join_request, decided_by=secretariat)
    assert group.memberships.filter(member_state=hn).count() == 1


def test_declining_requires_a_reason(join_request, secretariat):
    with pytest.raises(ValidationError) as error:
        services.decline_join_request(join_request=join_request, decided_by=secretariat, reason="   ")
    assert "reason" in error.value.message_dict
    join_request.refresh_from_db()
    assert join_request.is_pending()


def test_declining_records_the_reason_and_adds_no_supporter(join_request, secretariat, group, hn):
    assert services.decline_join_request(join_request=join_request, decided_by=secretariat, reason=" Closed ")
    join_request.refresh_from_db()
    assert (join_request.status, join_request.reason) == (JoinRequest.Status.DECLINED, "Closed")
    assert not group.supports(hn)


def test_declining_an_already_decided_request_does_nothing(join_request, secretariat, group, hn):
    services.approve_join_request(join_request=join_request, decided_by=secretariat)
    assert (
        services.decline_join_request(join_request=join_request, decided_by=secretariat, reason="x") is False
    )
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED


def test_decisions_are_emailed_after_commit(
    join_request, secretariat, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.approve_join_request(join_request=join_request, decided_by=secretariat)
    assert mailoutbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mailoutbox] == [["hugo@hn-mission.example"]]


def test_an_officer_must_come_from_a_state_supporting_the_group(group, hn):
    with pytest.raises(ValidationError) as error:
        services.appoint_officer(
            group=group,
            role=Officer.Role.COORDINATOR,
            member_state=hn,
            person_name="X",
            term_start=D(2024, 1, 1),
        )
    assert "member_state" in error.value.message_dict
    assert not Officer.objects.exists()


def test_a_new_president_ends_the_previous_presidents_term(group, us, br):
    old = services.appoint_officer(
        group=group, role=Officer.Role.PRESIDENT, member_state=us, person_name="A", term_start=D(2024, 1, 1)
    )
    services.appoint_officer(
        group=group, role=Officer.Role.PRESIDENT, member_state=br, person_name="B", term_start=D(2024, 6, 1)
    )
    old.refresh_from_db()
    assert old.term_end == D(2024, 5, 31)


def test_adopting_a_name_sets_every_language_and_the_date(group):
    from django.utils import translation

    with translation.override("es"):
        services.adopt_name(
            group=group, names={"en": "Charter Friends", "es": "Amigos de la Carta"}, adopted_on=D(2024, 3, 1)
        )
    group.refresh_from_db()
    assert (group.adopted_name_en, group.adopted_name_es, group.name_adopted_on) == (
        "Charter Friends",
        "Amigos de la Carta",
        D(2024, 3, 1),
    )
    with translation.override("fr"):
        assert group.name == "Charter Friends"  # falls back to English


def test_adopting_a_name_needs_the_english_name(group):
    with pytest.raises(ValidationError):
        services.adopt_name(group=group, names={"es": "Solo"}, adopted_on=D(2024, 3, 1))
    group.refresh_from_db()
    assert group.adopted_name == ""
