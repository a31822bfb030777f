"""The mission pages: a focal point invites, the person accepts, the secretariat confirms."""

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import Delegate, Invitation
from tests.conftest import client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def focal_point_us(delegate_us):
    Delegate.objects.filter(user=delegate_us).update(is_focal_point=True)
    return delegate_us


def test_invite_accept_confirm_through_the_pages(
    focal_point_us, secretariat_client, django_capture_on_commit_callbacks
):
    focal = client_for(focal_point_us)
    with django_capture_on_commit_callbacks(execute=True):
        response = focal.post(
            reverse("members:invite", args=["US"]),
            {"full_name": "Ana Pérez", "email": "ana@state.example", "title": "adviser", "language": "en"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="ana@state.example")

    person = UserFactory(email="ana@state.example", full_name="")
    EmailAddress.objects.filter(user=person).delete()
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    visitor = client_for(person)
    assert "Accept the invitation" in visitor.get(invitation.get_absolute_url()).content.decode()
    visitor.post(invitation.get_absolute_url())
    mission_page = secretariat_client.get(reverse("members:mission", args=["us"])).content.decode()
    assert "Accepted, waiting for the secretariat" in mission_page

    secretariat_client.post(reverse("members:confirm_invitation", args=[invitation.pk]), {"back": "list"})
    page = visitor.get(reverse("members:me")).content.decode()
    assert "Your delegation" in page and "Adviser of" in page
    assert Delegate.objects.active().filter(user=person, member_state__iso2="US").exists()


def test_the_mission_page_shows_contacts_and_delegates_to_delegates(delegate_br_client, delegate_us):
    page = delegate_br_client.get(reverse("members:mission", args=["us"])).content.decode()
    assert delegate_us.get_full_name() in page
    assert "Invite a delegate" not in page  # another state's delegate only reads


def test_inviting_someone_accredited_elsewhere_says_why_and_saves_nothing(focal_point_us, delegate_br):
    response = client_for(focal_point_us).post(
        reverse("members:invite", args=["US"]),
        {"full_name": "Beatriz", "email": delegate_br.email, "title": "adviser", "language": "en"},
    )
    assert response.status_code == 422
    assert "one state at a time" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_bad_list_names_the_line_and_invites_nobody(focal_point_us):
    upload = SimpleUploadedFile("list.csv", b"email,full_name\nlee@state.example,Lee\nnope,X\n", "text/csv")
    response = client_for(focal_point_us).post(
        reverse("members:import_list", args=["US"]), {"file": upload, "language": "en"}
    )
    assert response.status_code == 422
    assert "Line 3" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_person_without_a_delegation_asks_and_the_mission_decides(
    focal_point_us, client, django_capture_on_commit_callbacks
):
    person = UserFactory(email="sam@us.example")
    asker = client_for(person)
    us_pk = Delegate.objects.get(user=focal_point_us).member_state_id
    response = asker.post(
        reverse("members:request_accreditation"),
        {"member_state": us_pk, "title": "adviser", "message": "New adviser."},
    )
    assert response.status_code == 302
    request_pk = person.accreditation_requests.get().pk
    with django_capture_on_commit_callbacks(execute=True):
        client_for(focal_point_us).post(
            reverse("members:decide_request", args=[request_pk]),
            {"decision": "decline", "reason": "Not on our list."},
        )
    assert person.accreditation_requests.get().status == "declined"
    assert "Not on our list." in asker.get(reverse("members:request_accreditation")).content.decode()


def test_the_invitation_date_field_keeps_an_iso_value_in_spanish(focal_point_us):
    """A date field's value must be ISO in every language; "30/11/2026" is invalid HTML."""
    import datetime

    from django.utils import translation

    from members.forms import InvitationForm

    with translation.override("es"):
        html = str(InvitationForm(initial={"end_date": datetime.date(2026, 11, 30)})["end_date"])
    assert 'value="2026-11-30"' in html
