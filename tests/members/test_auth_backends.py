"""The signed-in user comes with their roles and second factor in one query."""

import datetime

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import Group
from django.urls import reverse

from members.auth_backends import AuthenticationBackend, ModelBackend
from members.permissions import (
    DELEGATE,
    SECRETARIAT,
    _group_names,
    active_delegation,
    has_mfa,
    in_secretariat_group,
)
from tests.conftest import client_for
from tests.factories import DelegateFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("backend", [ModelBackend, AuthenticationBackend])
def test_the_loaded_user_knows_roles_and_second_factor_without_another_query(
    backend, secretariat, secretariat_without_mfa, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = backend().get_user(secretariat.pk)
    with django_assert_num_queries(0):
        assert in_secretariat_group(user) and has_mfa(user) is True
        assert active_delegation(user) is None  # not a delegate: no query for an appointment
    without = backend().get_user(secretariat_without_mfa.pk)
    with django_assert_num_queries(0):
        assert in_secretariat_group(without) and has_mfa(without) is False


def test_roles_read_with_the_user_equal_the_stored_groups(secretariat, delegate_us, no_role_user):
    for stored in (secretariat, delegate_us, no_role_user):
        loaded = ModelBackend().get_user(stored.pk)
        names = set(stored.groups.values_list("name", flat=True)) & {SECRETARIAT, DELEGATE}
        assert _group_names(loaded) == names
        assert loaded.email == stored.email and loaded.date_joined == stored.date_joined


def test_a_delegate_whose_role_was_removed_loses_it_on_the_next_request(delegate_us, us):
    client = client_for(delegate_us)
    assert client.get(reverse("members:me")).context["my_delegation"].member_state == us
    delegate_us.groups.remove(Group.objects.get(name=DELEGATE))
    assert not client.get(reverse("members:me")).context["my_delegation"]


def test_an_unknown_or_inactive_user_is_not_loaded(us):
    gone = DelegateFactory(
        user=UserFactory(is_active=False), member_state=us, start_date=datetime.date(2023, 1, 1)
    )
    assert ModelBackend().get_user(gone.user.pk) is None
    assert ModelBackend().get_user(987654) is None
    assert ModelBackend().get_user("not a number") is None


@pytest.mark.parametrize(
    "legacy",
    ["django.contrib.auth.backends.ModelBackend", "allauth.account.auth_backends.AuthenticationBackend"],
)
def test_a_session_opened_before_the_backends_were_renamed_stays_signed_in(legacy, delegate_us):
    client = client_for(delegate_us)
    session = client.session
    session[BACKEND_SESSION_KEY] = legacy
    session.save()
    response = client.get(reverse("members:me"))
    assert response.status_code == 200 and response.context["user"] == delegate_us
    assert client.session[BACKEND_SESSION_KEY].startswith("members.auth_backends.")
