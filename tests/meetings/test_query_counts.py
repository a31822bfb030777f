"""Hot meeting pages run a fixed, small number of SQL queries, whatever the number of states.

Counted with the test client (SQLite sessions in the database): the session, the user and the
user's roles with the second factor are the first three queries of every signed-in page.
"""

from django.urls import reverse

from meetings.models import Attendance
from tests.meetings.views.test_meeting import _grow


def test_attendance_screen_runs_eight_queries_for_two_states_or_thirty_five(
    secretariat_client, meeting, django_assert_num_queries
):
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    _grow(meeting, 2, 0)
    # session, user, roles and MFA, meeting, records, states with their support, observers, units
    with django_assert_num_queries(8):
        assert secretariat_client.get(url).status_code == 200
    _grow(meeting, 33, 2)
    assert Attendance.objects.filter(meeting=meeting).count() == 35
    with django_assert_num_queries(8):
        response = secretariat_client.get(url)
    assert response.content.decode().count('class="attendance-row') >= 35


def test_counts_from_loaded_records_equal_the_counted_summary(meeting, us, br):
    from meetings.models import AttendanceSummary
    from tests.meetings.factories import AttendanceFactory

    _grow(meeting, 4, 0)
    AttendanceFactory(meeting=meeting, member_state=us, status=Attendance.Status.PRESENT_ONLINE)
    AttendanceFactory(meeting=meeting, member_state=br, status=Attendance.Status.EXCUSED)
    counted = meeting.attendance_summary()
    loaded = AttendanceSummary.from_records(
        meeting, list(meeting.attendances.all()), meeting.supporting_state_ids()
    )
    assert vars(loaded) == vars(counted)


def test_meeting_page_for_staff_runs_eight_queries_for_two_states_or_thirty_five(
    secretariat_client, held_meeting, django_assert_num_queries
):
    # session, user, roles and MFA, the meeting with its documents, agenda and date changes (JSON),
    # presentations, attendance counts, adopted work plans, change history.
    url = reverse("meetings:detail", kwargs={"pk": held_meeting.pk})
    _grow(held_meeting, 2, 0)
    with django_assert_num_queries(8):
        assert secretariat_client.get(url).status_code == 200
    _grow(held_meeting, 33, 2)
    with django_assert_num_queries(8):
        response = secretariat_client.get(url)
    assert 'data-testid="countries-present">35<' in response.content.decode()


def test_meeting_page_for_staff_stays_at_eight_with_many_items_documents_and_postponements(
    secretariat_client, held_meeting, secretariat, django_assert_num_queries
):
    import datetime

    from meetings.models import MeetingDateChange
    from tests.meetings.factories import AgendaItemFactory, DocumentFactory

    url = reverse("meetings:detail", kwargs={"pk": held_meeting.pk})
    _grow(held_meeting, 2, 0)  # with presentations
    with django_assert_num_queries(8):
        secretariat_client.get(url)
    items = [
        AgendaItemFactory(meeting=held_meeting, position=50 + n, title=f"Extra item {n}") for n in range(12)
    ]
    for n in range(12):
        DocumentFactory(
            meeting=held_meeting, agenda_item=items[n % 3] if n % 2 else None, title=f"Extra doc {n}"
        )
    start = held_meeting.starts_at
    for n in range(3):
        MeetingDateChange.objects.create(
            meeting=held_meeting,
            old_starts_at=start - datetime.timedelta(days=n + 1),
            old_ends_at=start - datetime.timedelta(days=n + 1) + datetime.timedelta(hours=2),
            new_starts_at=start,
            new_ends_at=start + datetime.timedelta(hours=2),
            reason=f"Reason number {n}",
            changed_by=secretariat,
        )
    with django_assert_num_queries(8):
        response = secretariat_client.get(url)
    page = response.content.decode()
    assert all(f"Extra item {n}" in page and f"Extra doc {n}" in page for n in range(12))
    assert all(f"Reason number {n}" in page for n in range(3))
    # the agenda in position order, as before
    assert [page.index(f"Extra item {n}") for n in range(12)] == sorted(
        page.index(f"Extra item {n}") for n in range(12)
    )


def test_meeting_page_for_visitors_runs_four_queries_for_two_states_or_thirty_five(
    client, held_meeting, django_assert_num_queries
):
    # the meeting with its public documents, agenda and date changes, presentations, attendance counts,
    # adopted work plans: no session for an anonymous visitor.
    url = reverse("meetings:detail", kwargs={"pk": held_meeting.pk})
    _grow(held_meeting, 2, 0)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    _grow(held_meeting, 33, 2)
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
