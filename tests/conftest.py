"""The cast of users every test can call on.

- `secretariat`: Alice, secretariat staff with two-factor authentication set up.
- `secretariat_without_mfa`: Sam, staff who has not yet set up two-factor authentication.
- `delegate_us`: Bob, delegate of the United States, a supporting state of `group`.
- `delegate_br`: Beatriz, delegate of Brazil, another supporting state.
- `delegate_of_non_member`: Hugo, delegate of Honduras, which does not support `group`.
- `no_role_user`: Charlie, logged-in account with no role.
- anonymous: the plain `client`.
"""

import datetime
import io
import os
import shutil
import time

import pytest
from django.test import Client

from tests.factories import (
    DelegateFactory,
    MembershipFactory,
    MemberStateFactory,
    UserFactory,
    WorkingGroupFactory,
    make_secretariat,
)

SERVICES_MISSING = {s for s in os.environ.get("PLENARY_SERVICES_MISSING", "").split(",") if s}


def pytest_configure(config):
    from django.conf import settings

    # Password hashing is deliberately slow; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every test Client builds its own middleware; WhiteNoise would scan all static files
    # each time. In autorefresh mode it looks files up only when one is requested.
    settings.WHITENOISE_AUTOREFRESH = True
    _brazilian_portuguese(settings)


def _brazilian_portuguese(settings):
    """Portuguese is Brazil's: make sure the packages' pt_BR catalogues are in place (as `make` does)."""
    from django.core.management import call_command
    from django.utils.translation import trans_real

    if not any(settings.BRAZILIAN_LOCALE_DIR.glob("*-django")):
        call_command("brazilian_portuguese", stdout=io.StringIO())
    settings.LOCALE_PATHS = [settings.BASE_DIR / "locale", *sorted(settings.BRAZILIAN_LOCALE_DIR.glob("*/"))]
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to /es/ leaves Spanish active in the thread; the next test must not inherit it."""
    yield
    from django.utils import translation

    translation.activate("en")


def pytest_collection_modifyitems(config, items):
    for item in items:
        _serialize_transactional(item)
    # Services tests need the real PostgreSQL/Redis started by .ci/with-services.
    for item in items:
        for marker in item.iter_markers("needs"):
            missing = [name for name in marker.args if name in SERVICES_MISSING or not _available(name)]
            if missing:
                if os.environ.get("CI") == "true":
                    raise pytest.UsageError(
                        f"{item.nodeid} needs {', '.join(missing)}, which CI must provide."
                    )
                item.add_marker(pytest.mark.skip(reason=f"needs {', '.join(missing)} (not on this machine)"))


def _serialize_transactional(item) -> None:
    """Give every transactional test serialized rollback.

    A transactional test empties the database afterwards, which also removes what data
    migrations made (the Secretariat and Delegate groups). Serialized rollback puts it
    back. It must be all or nothing: a flush without it re-creates content types with new
    ids, and the next serialized test then fails on a duplicate content type.
    """
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in fixtures or "live_server" in fixtures
    )
    if not transactional or (marker is not None and marker.kwargs.get("serialized_rollback")):
        return
    kwargs = dict(marker.kwargs) if marker is not None else {}
    kwargs.update(transaction=True, serialized_rollback=True)
    item.add_marker(pytest.mark.django_db(**kwargs), append=False)


def _available(name: str) -> bool:
    if name == "postgres":
        return os.environ.get("DATABASE_URL", "").startswith("postgres")
    if name == "redis":
        return bool(os.environ.get("REDIS_URL"))
    if name == "chromium":
        return os.path.exists("/usr/bin/chromium")
    if name == "vnu":
        from tests.site_pages import VNU_JAR

        return VNU_JAR.exists() and shutil.which("java") is not None
    return True


@pytest.fixture
def us(db):
    return MemberStateFactory(iso2="US", iso3="USA", name="United States", name_en="United States")


@pytest.fixture
def br(db):
    return MemberStateFactory(iso2="BR", iso3="BRA", name="Brazil", name_en="Brazil")


@pytest.fixture
def hn(db):
    return MemberStateFactory(iso2="HN", iso3="HND", name="Honduras", name_en="Honduras")


@pytest.fixture
def group(db, us, br):
    group = WorkingGroupFactory(
        slug="voluntary-group",
        provisional_name="Voluntary Group of the Inter-American Democratic Charter",
        provisional_name_en="Voluntary Group of the Inter-American Democratic Charter",
    )
    MembershipFactory(group=group, member_state=us)
    MembershipFactory(group=group, member_state=br)
    return group


@pytest.fixture
def secretariat(db):
    return make_secretariat()


@pytest.fixture
def secretariat_without_mfa(db):
    return make_secretariat("sam@secretariat.example", mfa=False)


@pytest.fixture
def delegate_us(db, us):
    return DelegateFactory(
        user=UserFactory(email="bob@us-mission.example", full_name="Bob Delegate"),
        member_state=us,
        start_date=datetime.date(2023, 1, 1),
    ).user


@pytest.fixture
def delegate_br(db, br):
    return DelegateFactory(
        user=UserFactory(email="beatriz@br-mission.example", full_name="Beatriz Delegada"), member_state=br
    ).user


@pytest.fixture
def delegate_of_non_member(db, hn):
    return DelegateFactory(
        user=UserFactory(email="hugo@hn-mission.example", full_name="Hugo Delegado"), member_state=hn
    ).user


@pytest.fixture
def no_role_user(db):
    return UserFactory(email="charlie@example.org", full_name="Charlie Public")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        login_as(client, user)
    return client


def login_as(client: Client, user) -> None:
    """Sign in as a real login would leave the session: with the second factor recorded
    when the account has one (allauth writes it after the TOTP step)."""
    from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
    from allauth.mfa.models import Authenticator

    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is not None:
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [
            {"method": "password", "at": time.time()},
            {"method": "mfa", "at": time.time(), "id": authenticator.pk, "type": "totp"},
        ]
        session["account_authentication_methods_user"] = str(user.pk)
        session.save()


@pytest.fixture
def secretariat_client(secretariat):
    return client_for(secretariat)


@pytest.fixture
def delegate_us_client(delegate_us):
    return client_for(delegate_us)


@pytest.fixture
def delegate_br_client(delegate_br):
    return client_for(delegate_br)


@pytest.fixture
def non_member_client(delegate_of_non_member):
    return client_for(delegate_of_non_member)
