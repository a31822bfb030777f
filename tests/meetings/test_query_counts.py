"""Hot meeting pages run a fixed, small number of SQL queries, whatever the number of states.

Counted with the test client (SQLite sessions in the database): the session, the user and the
user's roles with the second factor are the first three queries of every signed-in page.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance
from tests.meetings.views.test_meeting import _grow


def test_attendance_screen_runs_seven_queries_for_two_states_or_thirty_five(
    secretariat_client, meeting, django_assert_num_queries
):
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    _grow(meeting, 2, 0)
    # session, user with roles and MFA, meeting, states with their support and their records,
    # observers, units, and the history of every row (one query, whatever the number of states)
    with django_assert_num_queries(7):
        assert secretariat_client.get(url).status_code == 200
    _grow(meeting, 33, 2)
    assert Attendance.objects.filter(meeting=meeting).count() == 35
    with django_assert_num_queries(7):
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


def test_meeting_page_for_staff_runs_the_same_queries_for_two_states_or_thirty_five(
    secretariat_client, held_meeting, django_assert_num_queries
):
    # session, user with roles and MFA, the meeting (with whether it has papers, presentations,
    # postponements and minutes approved at it), papers with their language files, agenda,
    # presentations, attendance counts, adopted work plans, change history: nine. Empty lists
    # cost no query.
    url = reverse("meetings:detail", kwargs={"pk": held_meeting.pk})
    _grow(held_meeting, 2, 0)
    with django_assert_num_queries(9):
        assert secretariat_client.get(url).status_code == 200
    _grow(held_meeting, 33, 2)
    with django_assert_num_queries(9):
        response = secretariat_client.get(url)
    assert 'data-testid="countries-present">35<' in response.content.decode()


def test_meeting_page_without_papers_or_presentations_spends_no_query_on_them(
    secretariat_client, held_meeting, django_assert_num_queries
):
    url = reverse("meetings:detail", kwargs={"pk": held_meeting.pk})
    with django_assert_num_queries(7):
        assert secretariat_client.get(url).status_code == 200


def test_papers_read_with_their_language_files_equal_the_prefetched_ones(meeting):
    from meetings.models import Document
    from tests.meetings.factories import DocumentFactory, DocumentFileFactory

    translated = DocumentFactory(meeting=meeting, language="es")
    DocumentFileFactory(document=translated, language="en")
    DocumentFileFactory(document=translated, language="pt")
    DocumentFactory(meeting=meeting, original_file=None)  # a paper without any file yet
    DocumentFactory(meeting=meeting)

    def files(document):
        return [
            (
                f.pk,
                f.document_id,
                f.language,
                f.file.name,
                f.size,
                f.original_name,
                f.content_type,
                f.uploaded_at,
            )
            for f in document.language_files()
        ]

    prefetched = list(Document.objects.filter(meeting=meeting).prefetch_related("files").order_by("number"))
    with CaptureQueriesContext(connection) as queries:
        joined = list(Document.objects.filter(meeting=meeting).with_language_files().order_by("number"))
        read = [files(document) for document in joined]
        chosen = [document.file_for("pt") for document in joined]
    assert len(queries) == 1
    assert [d.pk for d in joined] == [d.pk for d in prefetched]
    assert read == [files(document) for document in prefetched]
    assert [f and f.pk for f in chosen] == [f and f.pk for f in (d.file_for("pt") for d in prefetched)]
    assert [len(r) for r in read] == [3, 0, 1]
    assert (
        joined[0].language_files()[0].get_absolute_url()
        == prefetched[0].language_files()[0].get_absolute_url()
    )


@pytest.fixture
def meeting_with_every_list(group, us, secretariat, held_meeting):
    """Papers (one in two languages), a presentation, two postponements, decisions in two
    languages, minutes of an earlier meeting approved at it, and a work plan adopted at it."""
    from meetings.models import Decision, Meeting, MeetingDateChange, Minutes, Presentation
    from tests.factories import SecretariatUnitFactory
    from tests.meetings.factories import (
        AgendaItemFactory,
        DocumentFactory,
        DocumentFileFactory,
        MeetingFactory,
    )
    from tests.workplans.conftest import make_plan
    from workplans.models import WorkPlan

    meeting = held_meeting
    item = AgendaItemFactory(meeting=meeting, position=1, title="Opening")
    paper = DocumentFactory(meeting=meeting, agenda_item=item, title="Draft work plan")
    DocumentFileFactory(document=paper, language="es")
    DocumentFactory(meeting=meeting, title="Note by the secretariat")
    Presentation.objects.create(
        meeting=meeting,
        agenda_item=item,
        presenter_kind="secretariat",
        unit=SecretariatUnitFactory(),
        title="The secretariat's report",
        slides=paper,
    )
    for days, reason in ((14, "The room was taken."), (7, "A holiday.")):
        MeetingDateChange.objects.create(
            meeting=meeting,
            old_starts_at=meeting.starts_at - datetime.timedelta(days=days),
            old_ends_at=meeting.ends_at - datetime.timedelta(days=days),
            new_starts_at=meeting.starts_at,
            new_ends_at=meeting.ends_at,
            reason=reason,
            reason_es=f"ES {reason}",
            changed_at=meeting.starts_at - datetime.timedelta(days=30 + days),
        )
    earlier = MeetingFactory(
        group=group,
        number=2,
        starts_at=meeting.starts_at - datetime.timedelta(days=60),
        ends_at=meeting.ends_at - datetime.timedelta(days=60),
        status=Meeting.Status.HELD,
    )
    Minutes.objects.create(
        meeting=earlier, status=Minutes.Status.PUBLISHED, approved_at_meeting=meeting, symbol="VG/MIN.2"
    )
    minutes = Minutes.objects.create(
        meeting=meeting, status=Minutes.Status.PUBLISHED, approved_at_meeting=meeting
    )
    for number in (2, 1):
        Decision.objects.create(
            minutes=minutes, number=number, text=f"Agreed point {number}.", text_es=f"Punto {number}."
        )
    plan = make_plan(group, us, secretariat)
    WorkPlan.objects.filter(pk=plan.pk).update(
        status=WorkPlan.Status.ADOPTED, adopted_version=plan.versions.get(), adopted_at=meeting
    )
    return meeting


def test_meeting_page_with_every_list_runs_eight_queries_for_a_visitor(
    client, meeting_with_every_list, django_assert_num_queries
):
    # the meeting (with whether each rare list has rows), papers with their language files, agenda,
    # presentations, decisions and postponements (one query), minutes approved at it, attendance
    # counts, adopted work plans
    url = reverse("meetings:detail", kwargs={"pk": meeting_with_every_list.pk})
    with django_assert_num_queries(8):
        response = client.get(url)
    html = response.content.decode()
    for shown in ("Draft work plan", "Note by the secretariat", "The secretariat&#x27;s report", "VG/MIN.2"):
        assert shown in html
    # the paper of the agenda item is listed under it and among all papers: 2 + 2 + 1 language links
    assert html.count('class="paper-language"') == 5
    assert html.index("Agreed point 1.") < html.index("Agreed point 2.")
    assert html.index("The room was taken.") < html.index("A holiday.")
    assert "Work plan of the Voluntary Group, 2024" in html


def test_meeting_page_with_every_list_for_staff_adds_only_the_session_user_and_history(
    secretariat_client, meeting_with_every_list, django_assert_num_queries
):
    # session, user with roles and MFA, the visitor's eight, the change history: eleven (the
    # roles ride along with the user's row; the history is staff's own)
    url = reverse("meetings:detail", kwargs={"pk": meeting_with_every_list.pk})
    with django_assert_num_queries(11):
        assert secretariat_client.get(url).status_code == 200


def test_decisions_and_postponements_read_together_equal_the_stored_ones(meeting_with_every_list):
    from meetings.models import Decision
    from meetings.views.meeting import decisions_and_date_changes

    meeting = meeting_with_every_list
    minutes = meeting.minutes
    for with_minutes, with_changes in ((True, True), (True, False), (False, True), (False, False)):
        decisions, changes = decisions_and_date_changes(
            meeting, minutes if with_minutes else None, with_changes=with_changes
        )
        stored = list(Decision.objects.filter(minutes=minutes).order_by("number")) if with_minutes else []
        assert [(d.pk, d.number, d.text, d.text_es, d.text_in("es")) for d in decisions] == [
            (d.pk, d.number, d.text, d.text_es, d.text_in("es")) for d in stored
        ]
        stored_changes = list(meeting.date_changes.order_by("changed_at")) if with_changes else []
        columns = ("pk", "old_starts_at", "new_starts_at", "reason_en", "reason_es", "original_language")
        assert [[getattr(c, name) for name in columns] for c in changes] == [
            [getattr(c, name) for name in columns] for c in stored_changes
        ]


def test_meeting_page_in_spanish_shows_the_spanish_decisions_and_reasons(client, meeting_with_every_list):
    url = reverse("meetings:detail", kwargs={"pk": meeting_with_every_list.pk})
    html = client.get("/es" + url[3:]).content.decode()
    assert "Punto 1." in html and "ES The room was taken." in html
