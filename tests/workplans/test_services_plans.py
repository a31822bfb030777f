import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.workplans.conftest import PLAN_MARKDOWN
from workplans.models import WorkPlan
from workplans.services import plans as plan_services


def test_markdown_import_makes_numbered_sections_paragraphs_and_activities(version):
    sections = list(version.sections.order_by("number"))
    assert [s.heading for s in sections] == ["Objectives", "Working methods"]
    assert list(version.paragraphs.values_list("number", flat=True)) == [1, 2, 3]
    assert version.paragraphs.get(number=3).section == sections[1]
    activities = list(version.activities.values_list("objective", "activity", "responsible", "timeline"))
    assert activities[0] == ("Dialogue", "Hold a regular meeting", "Chair", "Twice a year")
    assert len(activities) == 2


def test_reimport_keeps_identity_of_similar_paragraphs(draft_plan, version, secretariat):
    edited = PLAN_MARKDOWN.replace("at least twice a year", "at least three times a year")
    edited = edited.replace(
        "# Working methods", "# Working methods\n\nA brand new paragraph about reporting."
    )
    second = plan_services.import_version(
        plan=draft_plan, author=secretariat, markdown=edited, change_note="Edits"
    )
    old = {p.number: p.key for p in version.paragraphs.all()}
    new = list(second.paragraphs.order_by("number"))
    assert second.number == 2
    assert new[0].key == old[1] and new[1].key == old[2]
    assert new[2].key not in old.values()  # the new paragraph
    assert new[3].key == old[3]  # edited but similar


def test_start_revision_copies_body_with_same_keys(draft_plan, version, secretariat):
    revised = plan_services.start_revision(plan=draft_plan, author=secretariat)
    assert revised.number == 2 and revised.based_on == version
    assert set(revised.paragraphs.values_list("key", flat=True)) == set(
        version.paragraphs.values_list("key", flat=True)
    )
    assert revised.activities.count() == 2


def test_save_version_body_keeps_keys_and_renumbers(version):
    p1, p2, p3 = version.paragraphs.order_by("number")
    s1, s2 = version.sections.order_by("number")
    plan_services.save_version_body(
        version=version,
        sections=[
            plan_services.SectionInput(
                heading="Aims", key=s1.key, paragraphs=[(p2.key, p2.text), (None, "Added text.")]
            ),
            plan_services.SectionInput(heading=s2.heading, key=s2.key, paragraphs=[(p3.key, "Changed.")]),
        ],
        activities=[("O", "A", "R", "T")],
    )
    paragraphs = list(version.paragraphs.order_by("number"))
    assert [p.text for p in paragraphs] == [p2.text, "Added text.", "Changed."]
    assert paragraphs[0].key == p2.key and paragraphs[2].key == p3.key
    assert not version.paragraphs.filter(key=p1.key).exists()
    assert version.sections.get(key=s1.key).heading == "Aims"


def test_version_with_a_round_cannot_be_edited(version, comment_round):
    with pytest.raises(ValidationError):
        plan_services.save_version_body(version=version, sections=[], activities=[])


def test_adoption_freezes_version_and_makes_plan_public(draft_plan, version, secretariat, second_meeting):
    plan = plan_services.adopt_plan(
        plan=draft_plan,
        version=version,
        meeting=second_meeting,
        decision_text="Adopted.",
        by=secretariat,
    )
    version.refresh_from_db()
    assert plan.status == WorkPlan.Status.ADOPTED and version.frozen
    assert plan.adopted_at == second_meeting and plan.adopted_on == datetime.date(2023, 12, 11)
    assert WorkPlan.objects.visible_to(AnonymousUser()).filter(pk=plan.pk).exists()
    with pytest.raises(ValidationError):
        plan_services.save_version_body(version=version, sections=[], activities=[])
    with pytest.raises(ValidationError):
        plan_services.start_revision(plan=plan, author=secretariat)


def test_adoption_refused_while_a_round_is_open(
    draft_plan, version, comment_round, secretariat, second_meeting
):
    with pytest.raises(ValidationError):
        plan_services.adopt_plan(
            plan=draft_plan,
            version=version,
            meeting=second_meeting,
            decision_text="x",
            by=secretariat,
        )


def test_adoption_needs_a_held_or_scheduled_meeting_of_the_group(
    draft_plan, version, secretariat, second_meeting
):
    from meetings.models import Meeting
    from tests.meetings.factories import MeetingFactory

    other_group_meeting = MeetingFactory(number=7)
    with pytest.raises(ValidationError):
        plan_services.adopt_plan(
            plan=draft_plan, version=version, meeting=other_group_meeting, decision_text="x", by=secretariat
        )
    Meeting.objects.filter(pk=second_meeting.pk).update(status=Meeting.Status.CANCELLED)
    second_meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        plan_services.adopt_plan(
            plan=draft_plan, version=version, meeting=second_meeting, decision_text="x", by=secretariat
        )


def test_demo_has_the_us_draft_with_a_round_closing_before_the_second_meeting(db):
    import io

    from django.core.management import call_command

    from meetings.models import Meeting

    call_command("load_demo", stdout=io.StringIO())
    plan = WorkPlan.objects.get(title__startswith="Work plan of the Voluntary Group")
    assert plan.proposer_state.iso2 == "US"
    comment_round = plan.versions.get(number=1).rounds.get()
    second = Meeting.objects.get(group=plan.group, number=2)
    assert comment_round.closes_at < second.starts_at
    local_close = timezone.localtime(comment_round.closes_at, comment_round.group_zone())
    assert local_close.date() == datetime.date(2023, 12, 8)
    assert {c.member_state.iso2 for c in comment_round.comments.all()} == {"BR", "CA"}
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "(0 records written)" in out.getvalue()


@pytest.mark.parametrize("status", ["scheduled", "postponed", "cancelled", "draft"])
def test_adoption_at_a_meeting_not_yet_held_is_refused_and_nothing_changes(
    draft_plan, version, secretariat, group, status
):
    from tests.meetings.factories import MeetingFactory

    starts = timezone.now() + datetime.timedelta(days=20)
    not_held = MeetingFactory(
        group=group, number=8, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3), status=status
    )

    with pytest.raises(ValidationError) as error:
        plan_services.adopt_plan(
            plan=draft_plan, version=version, meeting=not_held, decision_text="Adopted.", by=secretariat
        )

    assert "has not been held" in " ".join(error.value.message_dict["meeting"])
    draft_plan.refresh_from_db()
    version.refresh_from_db()
    assert draft_plan.status == WorkPlan.Status.DRAFT and draft_plan.adopted_at is None
    assert not version.frozen


def test_adoption_at_a_meeting_in_progress_is_recorded(draft_plan, version, secretariat, group):
    from tests.meetings.factories import MeetingFactory

    starts = timezone.now() - datetime.timedelta(hours=1)
    sitting = MeetingFactory(
        group=group,
        number=8,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        status="scheduled",
    )
    plan = plan_services.adopt_plan(
        plan=draft_plan, version=version, meeting=sitting, decision_text="Adopted.", by=secretariat
    )
    assert plan.adopted_at == sitting
