"""Secretariat powers need the second factor: on the account and in the session."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from meetings.models import Meeting
from members.permissions import can_open_staff_pages, in_secretariat_group, is_secretariat
from tests.factories import totp_code
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def draft_meeting(group):
    return MeetingFactory(group=group, status=Meeting.Status.DRAFT, title="Preparatory session")


def test_secretariat_without_mfa_has_no_secretariat_powers(secretariat_without_mfa):
    assert in_secretariat_group(secretariat_without_mfa)
    assert not is_secretariat(secretariat_without_mfa)
    assert not can_open_staff_pages(secretariat_without_mfa)


def test_secretariat_with_mfa_has_secretariat_powers_away_from_a_request(secretariat):
    assert is_secretariat(secretariat)


def test_secretariat_without_mfa_reads_drafts_as_a_plain_signed_in_user(
    secretariat_without_mfa, draft_meeting, client
):
    client.force_login(secretariat_without_mfa)
    assert client.get(draft_meeting.get_absolute_url()).status_code == 404
    assert client.get(reverse("meetings:ics", kwargs={"pk": draft_meeting.pk})).status_code == 404


def test_session_that_skipped_the_second_factor_reads_as_a_plain_signed_in_user(
    secretariat, draft_meeting, client
):
    # Signed in without passing MFA in this session (e.g. before setting it up).
    client.force_login(secretariat)
    assert client.get(draft_meeting.get_absolute_url()).status_code == 404
    response = client.get(reverse("groups:join_requests"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


def test_passing_the_second_factor_in_the_session_restores_secretariat_powers(
    secretariat, draft_meeting, client
):
    client.force_login(secretariat)
    response = client.post(reverse("mfa_reauthenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert client.get(draft_meeting.get_absolute_url()).status_code == 200
    assert client.get(reverse("groups:join_requests")).status_code == 200


def test_a_real_login_with_password_and_code_opens_staff_data(secretariat, draft_meeting, client):
    response = client.post(reverse("account_login"), {"login": secretariat.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert "_auth_user_id" in client.session
    assert client.get(draft_meeting.get_absolute_url()).status_code == 200


def test_admin_needs_the_second_factor_in_the_session(secretariat, client):
    client.force_login(secretariat)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("mfa_reauthenticate")


def test_priming_many_users_covers_their_mfa(secretariat, secretariat_without_mfa, django_assert_num_queries):
    from members.models import User
    from members.permissions import prime_role_cache

    users = list(User.objects.filter(pk__in=[secretariat.pk, secretariat_without_mfa.pk]).order_by("pk"))
    prime_role_cache(users)
    with django_assert_num_queries(0):
        assert [is_secretariat(user) for user in users] == [True, False]
