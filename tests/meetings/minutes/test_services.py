import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from meetings.minutes import services
from meetings.minutes.models import print_languages
from meetings.models import Meeting, Minutes, MinutesRevision
from tests.meetings.delivery_fixtures import make_meeting


def later(days=7):
    return timezone.localdate() + datetime.timedelta(days=days)


def test_start_minutes_copies_the_agenda_and_names_the_chair(minuted_meeting):
    minutes = services.start_minutes(meeting=minuted_meeting)

    assert minutes.status == Minutes.Status.DRAFT
    assert [item.title for item in minutes.items.all()] == [
        "Opening remarks",
        "Presentations by the secretariats",
        "Work plan",
    ]
    assert minutes.items.first().summary == "Outcome of Opening remarks."
    assert minutes.chair == "Ana Chair (United States)"
    assert minutes.symbol == f"{minuted_meeting.group.symbol_acronym()}/MIN.1/23"


def test_start_minutes_twice_returns_the_same_minutes(minuted_meeting):
    assert services.start_minutes(meeting=minuted_meeting) == services.start_minutes(meeting=minuted_meeting)


def test_minutes_wait_until_the_meeting_is_held(group):
    meeting = make_meeting(group, status=Meeting.Status.SCHEDULED)
    with pytest.raises(ValidationError, match="held"):
        services.start_minutes(meeting=meeting)


def test_update_minutes_sets_summaries_and_numbers_decisions(minutes, django_capture_on_commit_callbacks):
    first = minutes.items.first()
    with django_capture_on_commit_callbacks() as callbacks:
        services.update_minutes(
            minutes=minutes,
            items={first.pk: "The chair opened the meeting."},
            decisions=["Adopt the agenda.", "  ", "Prepare a work plan."],
            next_steps="Staff circulate a draft work plan.",
        )

    first.refresh_from_db()
    assert first.summary == "The chair opened the meeting."
    assert [(d.number, d.text) for d in minutes.decisions.all()] == [
        (1, "Adopt the agenda."),
        (2, "Prepare a work plan."),
    ]
    # The PDF is re-rendered after commit, one task per language it is printed in.
    assert len(callbacks) == len(print_languages())


def test_next_meeting_must_be_later_and_of_the_same_group(minutes, minuted_meeting):
    with pytest.raises(ValidationError) as error:
        services.update_minutes(minutes=minutes, next_meeting=minuted_meeting)
    assert "next_meeting" in error.value.message_dict


def test_circulate_opens_corrections_until_a_future_date(minutes, secretariat):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.accepts_corrections()
    assert MinutesRevision.objects.get(minutes=minutes).content["items"][0]["title"] == "Opening remarks"


def test_circulate_refuses_a_correction_deadline_in_the_past(minutes, secretariat):
    with pytest.raises(ValidationError) as error:
        services.circulate_minutes(minutes=minutes, corrections_until=timezone.localdate(), by=secretariat)
    assert "corrections_until" in error.value.message_dict
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_a_delegate_sends_a_correction_for_their_state(minutes, secretariat, delegate_us, us):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)

    correction = services.submit_correction(minutes=minutes, user=delegate_us, text="Add our statement.")

    assert correction.member_state == us
    assert correction.revision == 1


def test_corrections_are_refused_after_the_deadline(minutes, secretariat, delegate_us):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    Minutes.objects.filter(pk=minutes.pk).update(
        corrections_until=timezone.localdate() - datetime.timedelta(days=1)
    )

    with pytest.raises(ValidationError, match="not open"):
        services.submit_correction(minutes=minutes, user=delegate_us, text="Too late.")


def test_only_delegates_send_corrections(minutes, secretariat, no_role_user):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    with pytest.raises(ValidationError, match="Only delegates"):
        services.submit_correction(minutes=minutes, user=no_role_user, text="Hello")


def test_minutes_are_approved_at_a_later_meeting_and_then_published(minutes, secretariat, later_meeting):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    services.approve_minutes(minutes=minutes, at_meeting=later_meeting)
    services.publish_minutes(minutes=minutes)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.PUBLISHED
    assert minutes.approved_at_meeting == later_meeting
    assert minutes.published_at is not None


def test_approval_at_the_same_or_an_earlier_meeting_is_refused(minutes, secretariat, minuted_meeting):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    with pytest.raises(ValidationError) as error:
        services.approve_minutes(minutes=minutes, at_meeting=minuted_meeting)
    assert "at_meeting" in error.value.message_dict


def test_draft_minutes_cannot_be_approved_or_published(minutes, later_meeting):
    with pytest.raises(ValidationError):
        services.approve_minutes(minutes=minutes, at_meeting=later_meeting)
    with pytest.raises(ValidationError):
        services.publish_minutes(minutes=minutes)


@pytest.fixture
def approved(minutes, secretariat, later_meeting):
    services.update_minutes(minutes=minutes, decisions=["Adopt the agenda."])
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    return services.approve_minutes(minutes=minutes, at_meeting=later_meeting)


def test_editing_approved_minutes_is_refused(approved):
    with pytest.raises(ValidationError, match="cannot be edited"):
        services.update_minutes(minutes=approved, next_steps="Changed quietly.")
    approved.refresh_from_db()
    assert approved.next_steps == ""


def test_a_correction_to_approved_minutes_is_a_new_revision_and_keeps_the_old_text(approved, secretariat):
    services.correct_approved_minutes(
        minutes=approved,
        by=secretariat,
        reason="Brazil asked to record its statement.",
        decisions=["Adopt the agenda as amended."],
    )

    approved.refresh_from_db()
    assert approved.revision == 2
    assert approved.status == Minutes.Status.APPROVED
    assert approved.decisions.get().text == "Adopt the agenda as amended."
    old = approved.revisions.filter(number=1).last()
    assert old.content["decisions"] == [{"number": 1, "text": "Adopt the agenda."}]
    assert approved.revisions.get(number=2).reason == "Brazil asked to record its statement."


def test_a_correction_needs_a_reason(approved, secretariat):
    with pytest.raises(ValidationError):
        services.correct_approved_minutes(minutes=approved, by=secretariat, reason=" ", next_steps="x")
    approved.refresh_from_db()
    assert approved.revision == 1


def _meeting_in(group, state: str) -> Meeting:
    """A later meeting of the group in one of the calendar states that forbid approving at it."""
    soon = timezone.now() + datetime.timedelta(days=20)
    status = {
        "scheduled in the future": Meeting.Status.SCHEDULED,
        "postponed": Meeting.Status.POSTPONED,
        "cancelled": Meeting.Status.CANCELLED,
        "draft": Meeting.Status.DRAFT,
    }[state]
    return make_meeting(group, number=9, starts_at=soon, status=status)


@pytest.mark.parametrize("state", ["scheduled in the future", "postponed", "cancelled", "draft"])
def test_approval_at_a_meeting_not_yet_held_is_refused_and_nothing_changes(
    minutes, secretariat, group, state
):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    not_held = _meeting_in(group, state)

    with pytest.raises(ValidationError) as error:
        services.approve_minutes(minutes=minutes, at_meeting=not_held)

    assert "has not been held" in " ".join(error.value.message_dict["at_meeting"])
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.approved_at_meeting is None


def test_approval_at_a_meeting_in_progress_is_recorded(minutes, secretariat, group):
    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    sitting = make_meeting(
        group,
        number=9,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        status=Meeting.Status.SCHEDULED,
    )
    assert sitting.is_held_or_in_progress()

    services.approve_minutes(minutes=minutes, at_meeting=sitting)

    minutes.refresh_from_db()
    assert minutes.approved_at_meeting == sitting


def test_a_meeting_in_progress_that_approved_minutes_cannot_then_be_cancelled_or_postponed(
    minutes, secretariat, group
):
    from meetings import services as meeting_services

    services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    sitting = make_meeting(
        group,
        number=9,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        status=Meeting.Status.SCHEDULED,
    )
    services.approve_minutes(minutes=minutes, at_meeting=sitting)

    with pytest.raises(ValidationError, match="record it as held"):
        meeting_services.cancel_meeting(meeting=sitting, reason="Storm")
    starts = timezone.now() + datetime.timedelta(days=7)
    with pytest.raises(ValidationError, match="record it as held"):
        meeting_services.postpone_meeting(
            meeting=sitting,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            reason="Storm",
            changed_by=secretariat,
        )
    sitting.refresh_from_db()
    assert sitting.status == Meeting.Status.SCHEDULED
