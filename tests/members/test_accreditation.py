"""Accreditation by missions: invitations, requests, confirmation and the end of an appointment."""

import datetime
import io
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from members import accreditation
from members.models import AccreditationRequest, Delegate, Invitation, User
from members.permissions import active_delegation
from tests.factories import DelegateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def head_of_us_mission(us):
    return DelegateFactory(
        user=UserFactory(email="head@us-mission.example", full_name="Pat Head"),
        member_state=us,
        title=Delegate.Title.PERMANENT_REPRESENTATIVE,
        start_date=datetime.date(2023, 1, 1),
    ).user


@pytest.fixture
def focal_point_br(delegate_br):
    Delegate.objects.filter(user=delegate_br).update(is_focal_point=True)
    return delegate_br


def verified_user(email, **fields):
    user = UserFactory(email=email, **fields)
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def invite(state, by, email="ana@state.example", **fields):
    values = {"full_name": "Ana Pérez", "title": "adviser", "end_date": None, "language": "es", **fields}
    return accreditation.invite_delegate(member_state=state, email=email, by=by, **values)


def test_the_head_of_mission_invites_in_the_chosen_language(
    us, head_of_us_mission, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(us, head_of_us_mission)
    [message] = mail.outbox
    assert message.to == ["ana@state.example"]
    assert "Estados Unidos" in message.subject or "United States" in message.subject
    links = re.findall(r"https?://\S+", message.body)
    assert any(link.endswith(f"/es/invitations/{invitation.token}/") for link in links)


def test_the_focal_point_of_brazil_cannot_touch_the_united_states_mission(us, focal_point_br):
    with pytest.raises(PermissionDenied):
        invite(us, focal_point_br)
    assert not Invitation.objects.exists()


def test_a_plain_delegate_cannot_invite_even_for_their_own_state(us, delegate_us):
    with pytest.raises(PermissionDenied):
        invite(us, delegate_us)


def test_a_person_accredited_to_another_state_cannot_be_invited(us, head_of_us_mission, delegate_br):
    with pytest.raises(ValidationError, match="one state at a time"):
        invite(us, head_of_us_mission, email=delegate_br.email)
    assert not Invitation.objects.exists()


def test_accepted_invitation_waits_for_the_secretariat_then_makes_a_delegate(
    us, head_of_us_mission, secretariat, django_capture_on_commit_callbacks
):
    invitation = invite(us, head_of_us_mission)
    person = verified_user("ana@state.example")
    accepted = accreditation.accept_invitation(token=invitation.token, user=person)
    assert accepted.status == Invitation.Status.ACCEPTED
    assert active_delegation(person) is None
    with django_capture_on_commit_callbacks(execute=True):
        accreditation.confirm_invitation(invitation=accepted, by=secretariat)
    delegation = active_delegation(
        User.objects.get(pk=person.pk)
    )  # a fresh instance: roles are cached per object
    assert (delegation.member_state, delegation.title) == (us, "adviser")
    assert any(message.to == ["ana@state.example"] for message in mail.outbox)


def test_without_a_rule_for_invited_people_the_secretariat_confirms(us, head_of_us_mission, settings):
    settings.PLENARY_INVITED_AT_ONCE = ""
    invitation = invite(us, head_of_us_mission)
    accreditation.accept_invitation(token=invitation.token, user=verified_user("ana@state.example"))
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.ACCEPTED
    assert not Delegate.objects.filter(user__email="ana@state.example").exists()


def test_an_invitation_is_used_once(us, head_of_us_mission):
    invitation = invite(us, head_of_us_mission)
    person = verified_user("ana@state.example")
    accreditation.accept_invitation(token=invitation.token, user=person)
    with pytest.raises(ValidationError, match="already been used"):
        accreditation.accept_invitation(token=invitation.token, user=person)


def test_an_expired_invitation_is_refused(us, head_of_us_mission):
    invitation = invite(us, head_of_us_mission)
    later = timezone.now() + datetime.timedelta(days=15)
    with pytest.raises(ValidationError, match="expired"):
        accreditation.accept_invitation(
            token=invitation.token, user=verified_user("ana@state.example"), now=later
        )


def test_an_invitation_for_another_address_is_refused(us, head_of_us_mission):
    invitation = invite(us, head_of_us_mission)
    with pytest.raises(ValidationError, match="sent to ana@state.example"):
        accreditation.accept_invitation(token=invitation.token, user=verified_user("someone@else.example"))
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.PENDING


def test_a_request_is_decided_by_the_focal_point_with_a_reason(
    br, focal_point_br, django_capture_on_commit_callbacks
):
    person = verified_user("joao@br.example", preferred_language="pt")
    request = accreditation.request_accreditation(
        user=person, member_state=br, title="adviser", message="Assessor."
    )
    with pytest.raises(ValidationError):
        accreditation.decide_accreditation_request(
            accreditation_request=request, by=focal_point_br, approve=True, reason=" "
        )
    with django_capture_on_commit_callbacks(execute=True):
        accreditation.decide_accreditation_request(
            accreditation_request=request, by=focal_point_br, approve=True, reason="Confirmado pela missão."
        )
    assert active_delegation(User.objects.get(pk=person.pk)).member_state == br
    [message] = [m for m in mail.outbox if m.to == ["joao@br.example"]]
    assert "Confirmado pela missão." in message.body
    assert "/pt/" in message.body


def test_the_focal_point_of_brazil_cannot_decide_for_the_united_states(us, focal_point_br):
    request = accreditation.request_accreditation(
        user=verified_user("x@us.example"), member_state=us, title="adviser"
    )
    with pytest.raises(PermissionDenied):
        accreditation.decide_accreditation_request(
            accreditation_request=request, by=focal_point_br, approve=True, reason="No."
        )
    assert AccreditationRequest.objects.get(pk=request.pk).status == AccreditationRequest.Status.PENDING


def test_a_delegate_cannot_ask_to_be_accredited_elsewhere(br, delegate_us):
    with pytest.raises(ValidationError, match="already accredited"):
        accreditation.request_accreditation(user=delegate_us, member_state=br, title="adviser")


def test_ending_an_accreditation_keeps_its_history(us, head_of_us_mission, delegate_us):
    delegate = Delegate.objects.get(user=delegate_us)
    today = timezone.localdate()
    accreditation.end_accreditation(delegate=delegate, by=head_of_us_mission, end_date=today)
    delegate.refresh_from_db()
    assert delegate.end_date == today
    assert delegate.history.count() >= 2


def test_only_the_head_of_mission_names_focal_points(us, head_of_us_mission, delegate_us, focal_point_br):
    delegate = Delegate.objects.get(user=delegate_us)
    with pytest.raises(PermissionDenied):
        accreditation.set_focal_point(delegate=delegate, by=focal_point_br, is_focal_point=True)
    assert accreditation.set_focal_point(
        delegate=delegate, by=head_of_us_mission, is_focal_point=True
    ).is_focal_point


def test_a_list_with_one_bad_line_invites_nobody(us, head_of_us_mission):
    text = "email,full_name,title,end_date\nlee@state.example,Lee Park,adviser,\nnot-an-address,X,adviser,\n"
    with pytest.raises(ValidationError, match="Line 3"):
        accreditation.import_mission_list(member_state=us, text=text, language="en", by=head_of_us_mission)
    assert not Invitation.objects.exists()


def test_a_list_invites_everyone_on_it(us, head_of_us_mission):
    buffer = io.StringIO()
    buffer.write("\ufeffemail,full_name,title,end_date\n")
    buffer.write("lee@state.example,Lee Park,adviser,2027-06-30\nkim@state.example,Kim Lo,delegate,\n")
    invitations = accreditation.import_mission_list(
        member_state=us, text=buffer.getvalue(), language="fr", by=head_of_us_mission
    )
    assert [i.email for i in invitations] == ["lee@state.example", "kim@state.example"]
    assert invitations[0].end_date == datetime.date(2027, 6, 30)
