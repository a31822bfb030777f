import datetime
import time

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from groups.models import JoinRequest, Membership, Officer, WorkingGroup
from members.models import Delegate, MemberState, SecretariatUnit, User
from members.permissions import DELEGATE, SECRETARIAT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
            self.save()


def _unused_iso2(n: int) -> str:
    """The n-th code of AA..ZZ, or the next one no state holds yet.

    The sequence wraps after 676 states in a long run; landing on a fixture's "US" or "BR" would
    make get_or_create hand back that state, memberships and all, so a test's "new state" was not new.
    """
    for step in range(26 * 26):
        m = n + step
        code = f"{chr(65 + (m // 26) % 26)}{chr(65 + m % 26)}"
        if not MemberState.objects.filter(iso2=code).exists():
            return code
    raise RuntimeError("every two-letter code is taken")


class MemberStateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberState
        django_get_or_create = ("iso2",)

    iso2 = factory.Sequence(lambda n: _unused_iso2(n))
    iso3 = factory.LazyAttribute(lambda o: f"{o.iso2}X")
    name = factory.LazyAttribute(lambda o: f"State {o.iso2}")
    name_en = factory.LazyAttribute(lambda o: o.name)
    member_since = 1948


class SecretariatUnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SecretariatUnit
        django_get_or_create = ("acronym",)

    acronym = "SSD"
    name = "Secretariat for Strengthening Democracy"
    name_en = "Secretariat for Strengthening Democracy"


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingGroup

    slug = factory.Sequence(lambda n: f"group-{n}")
    provisional_name = factory.Sequence(lambda n: f"Working Group {n}")
    provisional_name_en = factory.LazyAttribute(lambda o: o.provisional_name)
    mandate_reference = "AG/RES. 3004 (LIII-O/23)"
    established_on = datetime.date(2023, 6, 23)
    status = WorkingGroup.Status.ACTIVE


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(WorkingGroupFactory)
    member_state = factory.SubFactory(MemberStateFactory)
    since = datetime.date(2023, 11, 21)


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    group = factory.SubFactory(WorkingGroupFactory)
    member_state = factory.SubFactory(MemberStateFactory)
    role = Officer.Role.CHAIR
    person_name = factory.Faker("name")
    term_start = datetime.date(2024, 1, 1)


class DelegateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegate
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    member_state = factory.SubFactory(MemberStateFactory)
    title = Delegate.Title.ALTERNATE_REPRESENTATIVE
    start_date = datetime.date(2023, 1, 1)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create:
            self.user.groups.add(Group.objects.get(name=DELEGATE))


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    group = factory.SubFactory(WorkingGroupFactory)
    member_state = factory.SubFactory(MemberStateFactory)
    requested_by = factory.SubFactory(UserFactory)


# The TOTP secret of every secretariat user made here (see tests/e2e/conftest.py totp_code).
TOTP_SECRET = "JBSWY3DPEHPK3PXP"


def make_secretariat(email="alice@secretariat.example", *, mfa=True) -> User:
    from allauth.mfa.models import Authenticator

    user = UserFactory(email=email, full_name="Alice Secretariat", is_staff=True)
    user.groups.add(Group.objects.get(name=SECRETARIAT))
    if mfa:
        Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": TOTP_SECRET})
    return user


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The authenticator code an app would show right now for `secret`.

    allauth accepts only the current period's code (no tolerance), so near the end of a
    period wait for the next one rather than type a code about to expire.
    """
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < 5:
        time.sleep(remaining + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
