"""Accounts: email login with verification, MFA before staff pages, rate limits, no admin bypass."""

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from members.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth keeps its rate-limit counters in the cache.
    cache.clear()
    yield
    cache.clear()


def login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_delegate_logs_in_with_email_and_password_and_lands_on_their_page(client, delegate_us):
    response = login(client, "bob@us-mission.example", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:me")
    assert client.get(reverse("members:me")).context["user"] == delegate_us


def test_login_is_case_insensitive_on_the_email(client, delegate_us):
    response = login(client, "Bob@US-Mission.example", PASSWORD)
    assert response.status_code == 302


def test_wrong_password_is_refused_with_a_message(client, delegate_us):
    response = login(client, "bob@us-mission.example", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_email_verification_is_mandatory(client):
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    user = User.objects.create_user(email="new@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)

    response = login(client, "new@example.org", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signup_sends_a_verification_email_and_does_not_log_in(client, mailoutbox):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.org",
            "password1": "a-long-pass-phrase-9",
            "password2": "a-long-pass-phrase-9",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session
    assert [m.to for m in mailoutbox] == [["newcomer@example.org"]]
    assert not EmailAddress.objects.get(email="newcomer@example.org").verified


def test_password_reset_email_is_sent_in_the_users_language(client, mailoutbox):
    UserFactory(email="ana@example.org", preferred_language="es")
    response = client.post(reverse("account_reset_password"), {"email": "ana@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "contraseña" in mailoutbox[0].body.lower()


def test_failed_logins_are_rate_limited_per_email(client, delegate_us):
    for _ in range(5):
        response = login(client, "bob@us-mission.example", "wrong-password")
        assert "Too many failed login attempts" not in response.content.decode()

    response = login(client, "bob@us-mission.example", "wrong-password")
    assert "Too many failed login attempts" in response.content.decode()

    # Even the right password is refused until the window passes.
    response = login(client, "bob@us-mission.example", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


PROXY = "10.0.0.2"


def login_through_proxy(client_address, email, password):
    client = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)
    return client, client.post(reverse("account_login"), {"login": email, "password": password})


def lock_out_client_a():
    # Failures with many addresses, so the per-IP limit (not the per-email one) trips.
    for n in range(12):
        login_through_proxy("203.0.113.5", f"nobody{n}@example.org", "wrong-password")
    _, response = login_through_proxy("203.0.113.5", "bob@us-mission.example", PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()


def test_behind_the_proxy_failed_logins_from_one_client_do_not_lock_out_another(settings, delegate_us):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = (
        1  # what BEHIND_TLS_PROXY=true sets (tests/config/test_settings.py)
    )
    lock_out_client_a()
    client_b, response = login_through_proxy("198.51.100.7", "bob@us-mission.example", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in client_b.session


def test_a_client_cannot_escape_the_limit_by_forging_forwarded_for(settings, delegate_us):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    lock_out_client_a()
    # The proxy appends the real address; whatever the client wrote stays on the left.
    _, response = login_through_proxy("1.2.3.4, 203.0.113.5", "bob@us-mission.example", PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()


def test_rate_limits_are_configured():
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"]
    assert settings.ACCOUNT_RATE_LIMITS["reset_password"]


# ---------------------------------------------------------------- staff pages


def test_staff_page_sends_secretariat_without_mfa_to_set_it_up(secretariat_without_mfa, client):
    client.force_login(secretariat_without_mfa)
    response = client.get(reverse("groups:join_requests"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_page_opens_for_secretariat_with_mfa(secretariat_client):
    assert secretariat_client.get(reverse("groups:join_requests")).status_code == 200


def test_staff_page_is_refused_to_a_delegate(delegate_us_client):
    assert delegate_us_client.get(reverse("groups:join_requests")).status_code == 403


# -------------------------------------------------------------------- admin


def test_admin_login_has_no_password_form_and_sends_people_to_the_allauth_login(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_posting_credentials_to_the_admin_login_does_not_log_in(client, secretariat):
    response = client.post(
        reverse("admin:login"), {"username": secretariat.email, "password": PASSWORD, "next": "/en/admin/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_admin_index_needs_mfa(secretariat_without_mfa, client):
    secretariat_without_mfa.is_staff = True
    secretariat_without_mfa.save()
    client.force_login(secretariat_without_mfa)
    response = client.get(reverse("admin:index"), follow=False)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_admin_index_opens_for_staff_with_mfa(secretariat_client):
    response = secretariat_client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_admin_lists_the_models_with_search(secretariat):
    secretariat.is_superuser = True
    secretariat.save()
    from tests.conftest import client_for

    client = client_for(secretariat)
    for name in ("members_memberstate", "members_delegate", "groups_workinggroup", "groups_joinrequest"):
        response = client.get(reverse(f"admin:{name}_changelist"), {"q": "a"})
        assert response.status_code == 200, name
