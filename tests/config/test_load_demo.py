import datetime
import io
import zoneinfo

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.utils import timezone

from config.management.commands.load_demo import DEMO_PASSWORD, GROUP_SLUG
from groups.models import WorkingGroup
from meetings.models import Meeting, Minutes
from members.demo.states import SECOND_MEETING_IN_PERSON, SECOND_MEETING_ONLINE, SUPPORTING_STATES
from members.models import Delegate, MemberState, PermanentMission, SecretariatUnit, User
from members.permissions import active_delegation, has_mfa, in_secretariat_group
from workplans.models import CommentRound, WorkPlan
from workplans.permissions import can_comment

pytestmark = pytest.mark.django_db
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


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


def test_the_revised_work_plans_round_is_open_now_and_closes_in_about_ten_days_before_the_next_meeting():
    load_demo()
    now = timezone.now()
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    plan = WorkPlan.objects.get(group=group)
    (open_round,) = CommentRound.objects.filter(version__plan=plan).open_at(now)
    next_meeting = Meeting.objects.get(group=group, number=3)

    assert open_round.version.number == 2
    assert open_round.is_open(now)
    assert datetime.timedelta(days=9) < open_round.deadline - now < datetime.timedelta(days=13)
    assert open_round.deadline.astimezone(NEW_YORK).weekday() < 5, "a weekday deadline"
    assert open_round.deadline < next_meeting.starts_at
    assert next_meeting.status == Meeting.Status.SCHEDULED
    assert next_meeting.starts_at > now and next_meeting.local_starts_at.weekday() < 5
    (first_round,) = CommentRound.objects.filter(version__number=1, version__plan=plan)
    assert first_round.deadline.astimezone(NEW_YORK).date() == datetime.date(2023, 12, 8)
    assert first_round.is_closed(now)
    assert first_round.comments.exclude(disposition="").count() == first_round.comments.count() == 4


def test_every_supporting_state_has_a_mission_and_an_active_delegate_who_can_comment():
    output = load_demo()
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    open_round = CommentRound.objects.open_at(timezone.now()).get()
    for iso2 in SUPPORTING_STATES:
        state = MemberState.objects.get(iso2=iso2)
        assert PermanentMission.objects.filter(member_state=state).exists(), iso2
        email = f"delegate.{iso2.lower()}@plenary.test"
        user = authenticate(email=email, password=DEMO_PASSWORD)
        assert user is not None, email
        assert active_delegation(user).member_state == state
        assert group.supports(state)
        assert can_comment(user, open_round), iso2
    assert "delegate.<iso2>@plenary.test" in output
    assert len([line for line in output.splitlines() if "@plenary.test " in line]) <= 8, "a short list"


def test_the_second_meeting_was_held_with_its_attendance_and_approved_the_first_minutes():
    load_demo()
    first, second = Meeting.objects.filter(group__slug=GROUP_SLUG, number__in=[1, 2]).order_by("number")

    assert second.status == Meeting.Status.HELD
    assert second.local_starts_at.date() == datetime.date(2023, 12, 11)
    summary = second.attendance_summary()
    assert summary.countries_present == len(SECOND_MEETING_IN_PERSON) + len(SECOND_MEETING_ONLINE)
    assert summary.quorum_met
    assert first.minutes.approved_at_meeting == second
    assert first.minutes.status == Minutes.Status.PUBLISHED
    assert "approve the minutes of the first meeting" in second.minutes.decisions.first().text
    assert first.attendance_summary().countries_present == 15


def test_document_symbols_use_the_groups_acronym():
    load_demo()
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    assert group.symbol_acronym() == "GV-CDI"
    symbols = list(Minutes.objects.order_by("meeting__number").values_list("symbol", flat=True))
    assert symbols == ["GV-CDI/MIN.1/23", "GV-CDI/MIN.2/23"]


def test_loading_again_on_a_later_day_moves_todays_part_without_duplicating_it(monkeypatch):
    load_demo()
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    meeting_before = Meeting.objects.get(group=group, number=3).starts_at
    round_before = CommentRound.objects.get(version__plan__group=group, version__number=2).closes_at
    later = timezone.localdate(timezone=NEW_YORK) + datetime.timedelta(days=28)  # same weekday, 4 weeks on
    monkeypatch.setattr("meetings.demo.today_in", lambda zone: later)
    monkeypatch.setattr("workplans.demo.today_in", lambda zone: later)

    output = load_demo()

    assert Meeting.objects.filter(group=group).count() == 3
    assert CommentRound.objects.filter(version__plan__group=group).count() == 2
    assert Meeting.objects.get(group=group, number=3).starts_at - meeting_before == datetime.timedelta(
        days=28
    )
    moved = CommentRound.objects.get(version__plan__group=group, version__number=2)
    assert moved.closes_at - round_before == datetime.timedelta(days=28)
    assert moved.deadline < Meeting.objects.get(group=group, number=3).starts_at
    assert "(0 records written)" not in output


def test_the_demo_shows_one_outdated_translation_the_groups_spanish_aims():
    from config import translations
    from members.translation_status import Status

    load_demo()
    load_demo()  # still one stamp, still outdated
    outdated = [entry for entry in translations.entries() if entry.status.status == Status.OUTDATED]
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    assert [(e.model_label, e.object_id, e.field, e.status.language) for e in outdated] == [
        ("groups.workinggroup", group.pk, "aims", "es")
    ]


def test_a_paper_of_the_first_meeting_is_in_three_languages_under_one_symbol():
    from meetings.models import Document

    load_demo()
    paper = Document.objects.get(meeting__number=1, meeting__group__slug=GROUP_SLUG)
    assert sorted(paper.files.values_list("language", flat=True)) == ["en", "es", "fr"]
    assert all(row.file.read().startswith(b"%PDF-") for row in paper.files.all())
    load_demo()
    assert Document.objects.count() == 1 and paper.files.count() == 3


def test_the_draft_work_plan_reads_in_all_four_languages():
    from workplans.models import ParagraphTranslation, SectionTranslation

    load_demo()
    version = WorkPlan.objects.get().versions.order_by("-number").first()
    for language in ("es", "fr", "pt"):
        assert SectionTranslation.objects.filter(section__version=version, language=language).count() == (
            version.sections.count()
        )
        assert ParagraphTranslation.objects.filter(paragraph__version=version, language=language).count() == (
            version.paragraphs.count()
        )


def test_the_group_has_confirmed_public_subscribers_at_example_org_kept_as_they_are_on_a_second_run():
    from members.subscriptions import PublicSubscriber
    from press.public_subscriptions import confirmed_subscribers

    load_demo()
    group = WorkingGroup.objects.get(slug=GROUP_SLUG)
    subscribers = list(confirmed_subscribers(group.pk).values_list("email", "language", "nonce"))
    assert [(email, language) for email, language, _ in subscribers] == [
        ("newsdesk@example.org", "en"),
        ("redaccion@example.org", "es"),
    ]
    assert all(nonce for _, _, nonce in subscribers)  # their emailed links work

    output = load_demo()

    assert "(0 records written)" in output
    assert (
        list(PublicSubscriber.objects.order_by("pk").values_list("email", "language", "nonce")) == subscribers
    )
