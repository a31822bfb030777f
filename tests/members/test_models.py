import datetime

import pytest
from django.db import IntegrityError
from django.utils import translation

from members.models import Delegate, MemberState, User
from tests.factories import DelegateFactory, MemberStateFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_email_is_the_login_and_is_stored_lowercase():
    user = User.objects.create_user(email="Ana.Ruiz@Mission.EXAMPLE", password="a-long-password-1")
    assert user.email == "ana.ruiz@mission.example"
    assert User.USERNAME_FIELD == "email"
    assert not hasattr(user, "username")
    assert user.check_password("a-long-password-1")


def test_a_user_needs_an_email():
    with pytest.raises(ValueError, match="email"):
        User.objects.create_user(email="", password="x")


def test_preferred_language_defaults_to_english_and_offers_the_four_languages():
    user = UserFactory()
    assert user.preferred_language == "en"
    field = User._meta.get_field("preferred_language")
    assert [code for code, _ in field.choices] == ["en", "es", "fr", "pt"]


def test_each_user_gets_a_distinct_calendar_token():
    assert UserFactory().calendar_token != UserFactory().calendar_token


def test_user_display_name_falls_back_to_email():
    assert str(UserFactory(full_name="", email="x@example.org")) == "x@example.org"
    assert UserFactory(full_name="Ana Ruiz").get_short_name() == "Ana"


def test_member_state_name_follows_the_active_language():
    state = MemberStateFactory(
        iso2="BR", iso3="BRA", name_en="Brazil", name_es="Brasil", name_fr="Brésil", name_pt="Brasil"
    )
    with translation.override("fr"):
        assert MemberState.objects.get(pk=state.pk).name == "Brésil"
    with translation.override("en"):
        assert str(MemberState.objects.get(pk=state.pk)) == "Brazil"


def test_member_state_name_falls_back_to_english_when_a_translation_is_missing():
    state = MemberStateFactory(iso2="GY", iso3="GUY", name_en="Guyana")
    with translation.override("pt"):
        assert MemberState.objects.get(pk=state.pk).name == "Guyana"


def test_iso_codes_must_be_upper_case_letters():
    with pytest.raises(IntegrityError):
        MemberStateFactory(iso2="b1", iso3="BRA")


def test_withdrawn_state_is_not_an_active_member():
    withdrawn = MemberStateFactory(
        iso2="NI", iso3="NIC", status=MemberState.Status.WITHDRAWN, status_since=datetime.date(2023, 11, 19)
    )
    active = MemberStateFactory(iso2="CL", iso3="CHL")
    assert not withdrawn.is_active_member()
    assert active.is_active_member()
    assert list(MemberState.objects.active()) == [active]


def test_delegate_is_active_between_its_dates(us):
    delegate = DelegateFactory(
        member_state=us, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2024, 12, 31)
    )
    assert delegate.is_active(datetime.date(2024, 6, 1))
    assert not delegate.is_active(datetime.date(2023, 12, 31))
    assert not delegate.is_active(datetime.date(2025, 1, 1))
    assert list(Delegate.objects.active(datetime.date(2024, 6, 1))) == [delegate]
    assert not Delegate.objects.active(datetime.date(2025, 1, 1)).exists()


def test_a_person_has_only_one_open_appointment(us, br):
    user = UserFactory()
    DelegateFactory(user=user, member_state=us)
    with pytest.raises(IntegrityError):
        DelegateFactory(user=user, member_state=br)


def test_an_appointment_cannot_end_before_it_starts(us):
    with pytest.raises(IntegrityError):
        DelegateFactory(
            member_state=us, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2023, 1, 1)
        )


def test_delegate_changes_are_kept_in_history(us):
    delegate = DelegateFactory(member_state=us)
    delegate.end_date = datetime.date(2030, 1, 1)
    delegate.save()
    assert delegate.history.count() == 2
