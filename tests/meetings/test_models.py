import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django.utils import timezone, translation

from groups.models import WorkingGroup
from meetings.models import Attendance, Document, Meeting
from tests.factories import MembershipFactory, MemberStateFactory, UserFactory
from tests.meetings.factories import AttendanceFactory, DocumentFactory, MeetingFactory


def test_staff_see_drafts_delegates_and_public_do_not(meeting, draft_meeting, secretariat, delegate_us):
    assert set(Meeting.objects.visible_to(secretariat)) == {meeting, draft_meeting}
    assert set(Meeting.objects.visible_to(delegate_us)) == {meeting}
    assert set(Meeting.objects.visible_to(UserFactory())) == {meeting}


def test_non_public_meeting_is_hidden_from_visitors_but_not_delegates(group, delegate_us):
    closed = MeetingFactory(group=group, is_public=False)
    assert closed not in Meeting.objects.visible_to(UserFactory())
    assert closed in Meeting.objects.visible_to(delegate_us)


def test_restricted_documents_reach_only_delegates_and_staff(
    public_document, restricted_document, delegate_us, secretariat, no_role_user
):
    assert set(Document.objects.visible_to(no_role_user)) == {public_document}
    assert set(Document.objects.visible_to(delegate_us)) == {public_document, restricted_document}
    assert set(Document.objects.visible_to(secretariat)) == {public_document, restricted_document}


def test_documents_of_a_draft_meeting_are_hidden_from_delegates(draft_meeting, delegate_us):
    DocumentFactory(meeting=draft_meeting, is_public=True)
    assert not Document.objects.visible_to(delegate_us).exists()


def test_a_meeting_cannot_end_before_it_starts_in_the_database(group):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        MeetingFactory(group=group, starts_at=now, ends_at=now - datetime.timedelta(hours=1))


@pytest.mark.parametrize(
    ("language", "title", "mid_sentence"),
    [
        ("en", "Third meeting", "third meeting"),
        ("es", "Tercera reunión", "tercera reunión"),
        ("fr", "Troisième réunion", "troisième réunion"),
        ("pt", "Terceira reunião", "terceira reunião"),
    ],
)
def test_ordinal_name_takes_a_small_letter_mid_sentence(group, language, title, mid_sentence):
    meeting = MeetingFactory.build(group=group, number=3)
    with translation.override(language):
        assert str(meeting.ordinal_name()) == title
        assert meeting.ordinal_name_in_sentence() == mid_sentence


def test_numbered_meeting_takes_a_small_letter_mid_sentence(group):
    with translation.override("es"):
        assert MeetingFactory.build(group=group, number=40).ordinal_name_in_sentence() == "reunión 40"


def test_ordinal_name_reads_like_the_press_release(group):
    assert MeetingFactory.build(group=group, number=1).ordinal_name() == "First meeting"
    assert MeetingFactory.build(group=group, number=40).ordinal_name() == "Meeting 40"


def test_local_times_are_in_the_venue_zone(group):
    start = datetime.datetime(2023, 11, 21, 15, 0, tzinfo=datetime.UTC)
    meeting = MeetingFactory.build(group=group, starts_at=start, time_zone="America/New_York")
    assert meeting.local_starts_at.hour == 10


def test_attendance_summary_counts_countries_supporting_states_and_quorum(meeting, us, br, hn):
    AttendanceFactory(meeting=meeting, member_state=us, status=Attendance.Status.PRESENT_IN_PERSON)
    AttendanceFactory(meeting=meeting, member_state=hn, status=Attendance.Status.PRESENT_ONLINE)
    AttendanceFactory(meeting=meeting, member_state=br, status=Attendance.Status.EXCUSED)
    summary = meeting.attendance_summary()
    assert summary.countries_present == 2
    assert summary.supporting_present == 1  # Honduras attends but does not support the group
    assert summary.supporting_total == 2
    assert summary.quorum == 2  # a majority of two
    assert not summary.quorum_met


def test_majority_quorum_is_met_with_more_than_half(meeting, us, br):
    for state in (us, br):
        AttendanceFactory(meeting=meeting, member_state=state)
    assert meeting.attendance_summary().quorum_met


@pytest.mark.parametrize(
    ("rule", "number", "fraction", "supporting", "expected"),
    [
        (WorkingGroup.QuorumRule.MAJORITY, None, None, 26, 14),
        (WorkingGroup.QuorumRule.MAJORITY, None, None, 25, 13),
        (WorkingGroup.QuorumRule.NUMBER, 10, None, 26, 10),
        (WorkingGroup.QuorumRule.FRACTION, None, Decimal("0.667"), 26, 18),
    ],
)
def test_quorum_follows_the_group_rule(rule, number, fraction, supporting, expected):
    group = WorkingGroup(quorum_rule=rule, quorum_number=number, quorum_fraction=fraction)
    assert group.quorum_for(supporting) == expected


def test_supporting_states_are_counted_on_the_meeting_date(group, meeting):
    late = MemberStateFactory(iso2="CA", iso3="CAN", name="Canada")
    MembershipFactory(group=group, member_state=late, since=meeting.local_date() + datetime.timedelta(days=1))
    assert meeting.attendance_summary().supporting_total == 2


def test_check_in_opens_an_hour_before_and_closes_at_the_end(meeting):
    assert not meeting.check_in_is_open(meeting.starts_at - datetime.timedelta(hours=2))
    assert meeting.check_in_is_open(meeting.starts_at - datetime.timedelta(minutes=30))
    assert meeting.check_in_is_open(meeting.ends_at)
    assert not meeting.check_in_is_open(meeting.ends_at + datetime.timedelta(minutes=1))


def test_one_attendance_record_per_state_and_meeting(meeting, us):
    AttendanceFactory(meeting=meeting, member_state=us)
    with pytest.raises(IntegrityError):
        AttendanceFactory(meeting=meeting, member_state=us)


def test_upcoming_and_past(group, meeting, held_meeting):
    cancelled = MeetingFactory(group=group, status=Meeting.Status.CANCELLED)
    assert list(Meeting.objects.upcoming()) == [meeting]
    assert set(Meeting.objects.past()) == {held_meeting, cancelled}
