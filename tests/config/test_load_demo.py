import datetime
import io

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command

from config.management.commands.load_demo import DEMO_PASSWORD, GROUP_SLUG
from groups.models import WorkingGroup
from members.models import Delegate, MemberState, SecretariatUnit, User
from members.permissions import active_delegation, has_mfa, in_secretariat_group

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows in every table, history tables included."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def test_loads_the_35_member_states_in_four_languages_with_iso_codes():
    load_demo()
    assert MemberState.objects.count() == 35
    brazil = MemberState.objects.get(iso2="BR")
    assert (brazil.iso3, brazil.name_en, brazil.name_es, brazil.name_fr, brazil.name_pt) == (
        "BRA",
        "Brazil",
        "Brasil",
        "Brésil",
        "Brasil",
    )
    for state in MemberState.objects.all():
        assert len(state.iso2) == 2 and len(state.iso3) == 3
        assert all([state.name_en, state.name_es, state.name_fr, state.name_pt]), state.iso2
    assert MemberState.objects.values("iso3").distinct().count() == 35


def test_nicaraguas_withdrawal_took_effect_in_november_2023():
    load_demo()
    nicaragua = MemberState.objects.get(iso2="NI")
    assert nicaragua.status == MemberState.Status.WITHDRAWN
    assert nicaragua.status_since == datetime.date(2023, 11, 19)
    assert not nicaragua.is_active_member()


def test_loads_the_four_secretariat_units():
    load_demo()
    names = set(SecretariatUnit.objects.values_list("name_en", flat=True))
    assert names == {
        "Secretariat for Strengthening Democracy",
        "Secretariat for Hemispheric Affairs",
        "Secretariat for Access to Rights and Equity",
        "Secretariat for Integral Development",
    }


def test_loads_the_voluntary_group_with_26_supporting_states():
    load_demo()
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    assert group.memberships.current().count() == 26
    assert WorkingGroup.objects.with_supporter_count().get(pk=group.pk).supporter_count == 26
    assert group.name_is_provisional
    assert group.mandate_reference == "AG/RES. 3004 (LIII-O/23)"
    supporters = set(group.memberships.current().values_list("member_state__iso2", flat=True))
    assert {"US", "BR", "CA"} <= supporters
    assert not supporters & {"NI", "VE", "CU"}, "withdrawn or non-participating states cannot support"


def test_loads_delegates_of_supporting_states_and_of_a_non_supporting_state():
    load_demo()
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    states = {
        d.member_state.iso2: d.member_state for d in Delegate.objects.active().select_related("member_state")
    }
    for iso2 in ("US", "BR", "CA"):
        assert group.supports(states[iso2]), iso2
    assert any(not group.supports(state) for state in states.values())


def test_demo_logins_work_with_verified_emails_and_the_right_roles():
    output = load_demo()
    staff = authenticate(email="secretariat@plenary.test", password=DEMO_PASSWORD)
    assert staff is not None and in_secretariat_group(staff)
    assert not has_mfa(staff), "the secretariat login is asked to set up MFA"
    for email in ("delegate.us@plenary.test", "delegate.br@plenary.test", "delegate.ca@plenary.test"):
        user = authenticate(email=email, password=DEMO_PASSWORD)
        assert user is not None and active_delegation(user) is not None
        assert user.emailaddress_set.get(email=email).verified
        assert email in output
    assert DEMO_PASSWORD in output
    assert "secretariat@plenary.test" in output


def test_a_second_run_writes_nothing():
    load_demo()
    before = row_counts()
    assert before["groups.HistoricalMembership"] == 26, "history is recorded, so re-runs would show"
    users_before = list(User.objects.values_list("pk", "password", "last_login"))

    output = load_demo()

    assert row_counts() == before  # includes every simple_history table: no new history rows
    assert list(User.objects.values_list("pk", "password", "last_login")) == users_before
    assert "(0 records written)" in output
