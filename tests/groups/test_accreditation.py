"""A group's setting decides whether a person its supporting states' missions invite is a delegate at once."""

import datetime

import pytest
from allauth.account.models import EmailAddress

from groups.accreditation import invited_at_once
from groups.models import WorkingGroup
from members import accreditation
from members.models import Delegate, Invitation
from tests.factories import (
    DelegateFactory,
    MembershipFactory,
    MemberStateFactory,
    UserFactory,
    WorkingGroupFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_of_us_mission(us):
    return DelegateFactory(
        user=UserFactory(email="head@us-mission.example"),
        member_state=us,
        title=Delegate.Title.PERMANENT_REPRESENTATIVE,
        start_date=datetime.date(2023, 1, 1),
    ).user


def accept(state, head, email="ana@state.example"):
    invitation = accreditation.invite_delegate(
        member_state=state,
        email=email,
        full_name="Ana Pérez",
        title="adviser",
        end_date=None,
        language="en",
        by=head,
    )
    user = UserFactory(email=email)
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    accreditation.accept_invitation(token=invitation.token, user=user)
    return Invitation.objects.get(pk=invitation.pk)


def test_by_default_the_secretariat_confirms_invited_people(group, us, head_of_us_mission):
    invitation = accept(us, head_of_us_mission)
    assert invitation.status == Invitation.Status.ACCEPTED
    assert not Delegate.objects.filter(user__email="ana@state.example").exists()


def test_a_group_that_accredits_at_once_makes_the_invited_person_a_delegate_on_accepting(
    group, us, head_of_us_mission
):
    WorkingGroup.objects.filter(pk=group.pk).update(accredit_invited_at_once=True)
    invitation = accept(us, head_of_us_mission)
    assert invitation.status == Invitation.Status.CONFIRMED
    delegate = Delegate.objects.active().get(user__email="ana@state.example")
    assert (delegate.member_state, delegate.title) == (us, "adviser")


def test_one_supported_group_accrediting_at_once_is_enough(group, us, head_of_us_mission):
    MembershipFactory(group=WorkingGroupFactory(accredit_invited_at_once=True), member_state=us)
    assert group.accredit_invited_at_once is False
    assert accept(us, head_of_us_mission).status == Invitation.Status.CONFIRMED


def test_a_group_the_state_does_not_support_has_no_say(group, us):
    MembershipFactory(
        group=WorkingGroupFactory(accredit_invited_at_once=True), member_state=MemberStateFactory()
    )
    assert invited_at_once(us) is False


def test_a_support_that_ended_has_no_say(us):
    MembershipFactory(
        group=WorkingGroupFactory(accredit_invited_at_once=True),
        member_state=us,
        since=datetime.date(2020, 1, 1),
        until=datetime.date(2021, 1, 1),
    )
    assert invited_at_once(us) is False


def test_staff_set_the_group_to_accredit_invited_delegates_at_once_and_delegates_cannot(
    group, secretariat_client, delegate_us_client
):
    from django.urls import reverse

    url = reverse("groups:edit", args=[group.slug])
    page = secretariat_client.get(url)
    assert "Invited delegates are accredited at once" in page.content.decode()
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() not in (None, False)}
    assert delegate_us_client.post(url, {**data, "accredit_invited_at_once": "on"}).status_code == 403
    assert WorkingGroup.objects.get(pk=group.pk).accredit_invited_at_once is False
    assert secretariat_client.post(url, {**data, "accredit_invited_at_once": "on"}).status_code == 302
    assert WorkingGroup.objects.get(pk=group.pk).accredit_invited_at_once is True
