import csv
import datetime
import io

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from meetings.models import Attendance, Document, Meeting, Presentation
from tests.factories import MembershipFactory, MemberStateFactory, SecretariatUnitFactory
from tests.meetings.factories import (
    PDF_BYTES,
    AgendaItemFactory,
    AttendanceFactory,
    DocumentFactory,
    MeetingFactory,
)


def detail(meeting):
    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


# Meeting page


def test_public_page_shows_agenda_and_public_documents_only(
    client, meeting, agenda, public_document, restricted_document
):
    response = client.get(detail(meeting))
    assert response.status_code == 200
    html = response.content.decode()
    assert all(item.title in html for item in agenda)
    assert public_document.symbol in html
    assert restricted_document.symbol not in html
    assert meeting.video_link not in html
    assert "Simón Bolívar room" in html
    assert "UTC" in html


def test_delegate_page_adds_restricted_documents_and_video_link(
    delegate_us_client, meeting, public_document, restricted_document
):
    html = delegate_us_client.get(detail(meeting)).content.decode()
    assert restricted_document.symbol in html
    assert meeting.video_link in html


def test_draft_meeting_is_404_for_delegates_and_shown_to_staff(
    delegate_us_client, secretariat_client, draft_meeting
):
    assert delegate_us_client.get(detail(draft_meeting)).status_code == 404
    assert secretariat_client.get(detail(draft_meeting)).status_code == 200


def test_unknown_meeting_is_404(client, db):
    assert client.get(reverse("meetings:detail", kwargs={"pk": 999})).status_code == 404


def test_held_meeting_shows_the_attendance_summary(client, held_meeting, us, br):
    AttendanceFactory(meeting=held_meeting, member_state=us)
    AttendanceFactory(meeting=held_meeting, member_state=br, status=Attendance.Status.PRESENT_ONLINE)
    html = client.get(detail(held_meeting)).content.decode()
    assert 'data-testid="countries-present">2<' in html
    assert "Met (2 needed)" in html


def _grow(meeting, count, offset):
    codes = [f"{chr(88 + i // 26)}{chr(65 + i % 26)}" for i in range(offset, offset + count)]
    states = [MemberStateFactory(iso2=code, iso3=f"{code}X") for code in codes]
    for index, state in enumerate(states):
        MembershipFactory(group=meeting.group, member_state=state)
        AttendanceFactory(meeting=meeting, member_state=state)
        item = AgendaItemFactory(meeting=meeting, position=100 + offset + index)
        document = DocumentFactory(meeting=meeting, agenda_item=item, is_public=index % 2 == 0)
        Presentation.objects.create(
            meeting=meeting,
            agenda_item=item,
            presenter_kind="secretariat",
            unit=SecretariatUnitFactory(),
            title=f"Talk {index}",
            slides=document,
        )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["anonymous", "delegate"])
def test_meeting_page_runs_a_constant_number_of_queries(
    client, delegate_us_client, held_meeting, role, django_assert_num_queries
):
    web = client if role == "anonymous" else delegate_us_client
    url = detail(held_meeting)
    _grow(held_meeting, 2, 0)
    small = _count(web, url)
    _grow(held_meeting, 33, 2)
    with django_assert_num_queries(small):
        web.get(url)


def test_attendance_screen_runs_a_constant_number_of_queries(
    secretariat_client, meeting, django_assert_num_queries
):
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    _grow(meeting, 2, 0)
    small = _count(secretariat_client, url)
    _grow(meeting, 33, 2)
    assert Attendance.objects.filter(meeting=meeting).count() == 35
    with django_assert_num_queries(small):
        response = secretariat_client.get(url)
    assert response.content.decode().count('class="attendance-row') >= 35


# Staff: creating and changing meetings


def create_data(**overrides):
    data = {
        "title": "Third meeting",
        "format": "in_person",
        "date": "2031-03-10",
        "start_time": "10:00",
        "end_time": "12:00",
        "time_zone": "America/New_York",
        "notice_text": "",
        "is_public": "on",
    }
    return data | overrides


def test_staff_create_a_meeting_in_the_venue_zone(secretariat_client, group, room):
    response = secretariat_client.post(
        reverse("meetings:create", kwargs={"slug": group.slug}), create_data(room=room.pk)
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert meeting.starts_at == datetime.datetime(2031, 3, 10, 14, 0, tzinfo=datetime.UTC)  # EDT is UTC-4
    assert meeting.status == Meeting.Status.DRAFT


def test_delegate_cannot_create_a_meeting(delegate_us_client, group):
    response = delegate_us_client.post(reverse("meetings:create", kwargs={"slug": group.slug}), create_data())
    assert response.status_code == 403
    assert not Meeting.objects.exists()


def test_end_before_start_shows_message_next_to_the_field(secretariat_client, group):
    response = secretariat_client.post(
        reverse("meetings:create", kwargs={"slug": group.slug}), create_data(end_time="09:00")
    )
    assert response.status_code == 200
    assert "end after it starts" in str(response.context["form"].errors["end_time"])
    assert not Meeting.objects.exists()


def test_double_booked_room_shows_message_next_to_the_field(secretariat_client, group, room, meeting):
    local = meeting.local_starts_at
    response = secretariat_client.post(
        reverse("meetings:create", kwargs={"slug": group.slug}),
        create_data(
            room=room.pk,
            date=local.date().isoformat(),
            start_time=local.strftime("%H:%M"),
            end_time=(local + datetime.timedelta(hours=1)).strftime("%H:%M"),
        ),
    )
    assert "already booked" in str(response.context["form"].errors["room"])
    assert Meeting.objects.count() == 1


def test_unknown_time_zone_is_refused(secretariat_client, group):
    response = secretariat_client.post(
        reverse("meetings:create", kwargs={"slug": group.slug}), create_data(time_zone="Mars/Olympus")
    )
    assert "time_zone" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_edit_meeting(secretariat_client, meeting, delegate_us_client):
    url = reverse("meetings:edit", kwargs={"pk": meeting.pk})
    local = meeting.local_starts_at
    data = create_data(
        title="Renamed",
        date=local.date().isoformat(),
        start_time=local.strftime("%H:%M"),
        end_time=meeting.local_ends_at.strftime("%H:%M"),
        room=meeting.room_id,
    )
    assert delegate_us_client.post(url, data).status_code == 403
    assert secretariat_client.post(url, data).status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Renamed"
    assert meeting.ics_sequence == 1


def test_schedule_postpone_cancel_through_the_pages(secretariat_client, draft_meeting):
    pk = draft_meeting.pk
    assert secretariat_client.post(reverse("meetings:schedule", kwargs={"pk": pk})).status_code == 302
    response = secretariat_client.post(
        reverse("meetings:postpone", kwargs={"pk": pk}),
        {"date": "2032-01-15", "start_time": "15:00", "end_time": "17:00", "reason": "Budget session"},
    )
    assert response.status_code == 302
    draft_meeting.refresh_from_db()
    assert draft_meeting.status == Meeting.Status.POSTPONED
    assert draft_meeting.date_changes.count() == 1
    response = secretariat_client.post(reverse("meetings:cancel", kwargs={"pk": pk}), {"reason": "Merged"})
    assert response.status_code == 302
    ics = secretariat_client.get(reverse("meetings:ics", kwargs={"pk": pk})).content
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_postpone_with_end_before_start_keeps_the_date(secretariat_client, meeting):
    response = secretariat_client.post(
        reverse("meetings:postpone", kwargs={"pk": meeting.pk}),
        {"date": "2032-01-15", "start_time": "15:00", "end_time": "14:00", "reason": "x"},
    )
    assert "end_time" in response.context["form"].errors
    assert Meeting.objects.get().status == Meeting.Status.SCHEDULED


def test_cancel_without_reason_is_refused(secretariat_client, meeting):
    response = secretariat_client.post(reverse("meetings:cancel", kwargs={"pk": meeting.pk}), {"reason": ""})
    assert "reason" in response.context["form"].errors
    assert Meeting.objects.get().status == Meeting.Status.SCHEDULED


def test_copy_prepares_a_draft(secretariat_client, meeting, agenda, delegate_us_client):
    url = reverse("meetings:copy", kwargs={"pk": meeting.pk})
    data = {"date": "2032-02-01", "start_time": "10:00", "end_time": "12:00", "title": ""}
    assert delegate_us_client.post(url, data).status_code == 403
    response = secretariat_client.post(url, data)
    copy = Meeting.objects.get(copied_from=meeting)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.agenda_items.count() == 3


# Agenda


def test_move_by_htmx_returns_the_list_with_focus_kept(secretariat_client, meeting, agenda):
    response = secretariat_client.post(
        reverse("meetings:agenda_item_move", kwargs={"pk": agenda[0].pk}),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.strip().startswith('<ol id="agenda-list"')
    assert html.index("Item 2") < html.index("Item 1")
    assert "autofocus" in html
    assert list(meeting.agenda_items.values_list("title", flat=True).order_by("position")) == [
        "Item 2",
        "Item 1",
        "Item 3",
    ]


def test_reorder_by_drag_saves_the_order(secretariat_client, meeting, agenda):
    order = [agenda[2].pk, agenda[1].pk, agenda[0].pk]
    secretariat_client.post(
        reverse("meetings:agenda_reorder", kwargs={"pk": meeting.pk}), {"item": order}, HTTP_HX_REQUEST="true"
    )
    assert list(meeting.agenda_items.order_by("position").values_list("pk", flat=True)) == order


def test_reorder_with_garbage_changes_nothing(secretariat_client, meeting, agenda):
    response = secretariat_client.post(
        reverse("meetings:agenda_reorder", kwargs={"pk": meeting.pk}), {"item": ["x"]}
    )
    assert response.status_code == 302
    assert list(meeting.agenda_items.order_by("position")) == agenda


def test_delegate_cannot_move_agenda_items(delegate_us_client, agenda):
    response = delegate_us_client.post(
        reverse("meetings:agenda_item_move", kwargs={"pk": agenda[0].pk}), {"direction": "down"}
    )
    assert response.status_code == 403


def test_add_agenda_item_without_title_shows_error(secretariat_client, meeting):
    response = secretariat_client.post(
        reverse("meetings:agenda_add", kwargs={"pk": meeting.pk}), {"title": ""}
    )
    assert "title" in response.context["form"].errors


# Documents


def test_upload_and_download_with_the_right_type(secretariat_client, meeting, delegate_us_client, client):
    response = secretariat_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", PDF_BYTES), "title": "Paper", "language": "es"},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert not document.is_public
    url = reverse("meetings:document_download", kwargs={"pk": document.pk})
    assert client.get(url).status_code == 404
    download = delegate_us_client.get(url)
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_wrong_file_type_shows_message_next_to_the_field(secretariat_client, meeting):
    response = secretariat_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", b"MZ not a pdf at all"), "title": "Paper", "language": "en"},
    )
    assert response.status_code == 200
    assert "not a PDF" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_oversize_file_shows_message_next_to_the_field(secretariat_client, meeting, settings):
    settings.PLENARY_UPLOAD_MAX_BYTES = 10
    response = secretariat_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", PDF_BYTES), "title": "Paper", "language": "en"},
    )
    assert "limit" in str(response.context["form"].errors["file"])
    assert not Document.objects.exists()


def test_delegate_cannot_upload(delegate_us_client, meeting):
    response = delegate_us_client.post(
        reverse("meetings:documents", kwargs={"pk": meeting.pk}),
        {"file": SimpleUploadedFile("paper.pdf", PDF_BYTES), "title": "Paper", "language": "en"},
    )
    assert response.status_code == 403
    assert not Document.objects.exists()


# Attendance


def record_url(meeting, state):
    return reverse("meetings:attendance_record", kwargs={"pk": meeting.pk, "state_pk": state.pk})


def test_htmx_record_returns_the_row_and_out_of_band_totals(secretariat_client, meeting, us):
    response = secretariat_client.post(
        record_url(meeting, us), {"status": "present_online"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="attendance-{us.pk}"' in html
    assert 'id="attendance-totals"' in html and 'hx-swap-oob="true"' in html
    assert 'data-testid="countries-present">1<' in html
    assert Attendance.objects.get().status == "present_online"


def test_no_js_record_redirects_back(secretariat_client, meeting, us):
    response = secretariat_client.post(record_url(meeting, us), {"status": "absent"})
    assert response.status_code == 302
    assert Attendance.objects.get().status == "absent"


def test_state_outside_the_organisation_is_refused_in_the_row(secretariat_client, meeting):
    withdrawn = MemberStateFactory(iso2="VE", iso3="VEN", name="Venezuela", status="withdrawn")
    response = secretariat_client.post(
        record_url(meeting, withdrawn), {"status": "present_in_person"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200  # htmx swaps only 2xx responses
    assert "not an active member state" in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_screen_is_staff_only(delegate_us_client, secretariat_client, meeting):
    url = reverse("meetings:attendance", kwargs={"pk": meeting.pk})
    assert delegate_us_client.get(url).status_code == 403
    assert secretariat_client.get(url).status_code == 200


def test_delegate_checks_in_and_staff_confirm(delegate_us_client, secretariat_client, ongoing_meeting, us):
    response = delegate_us_client.post(
        reverse("meetings:check_in", kwargs={"pk": ongoing_meeting.pk}), {"status": "present_in_person"}
    )
    assert response.status_code == 302
    record = Attendance.objects.get(member_state=us)
    assert record.awaits_confirmation()
    secretariat_client.post(reverse("meetings:attendance_confirm", kwargs={"pk": record.pk}))
    record.refresh_from_db()
    assert record.confirmed_by is not None


def test_check_in_outside_the_window_is_forbidden(delegate_us_client, meeting):
    response = delegate_us_client.post(
        reverse("meetings:check_in", kwargs={"pk": meeting.pk}), {"status": "present_in_person"}
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_csv_has_a_presence_column_and_neutralises_formulas(
    delegate_us_client, client, held_meeting, us, br, hn
):
    AttendanceFactory(meeting=held_meeting, member_state=us, delegation_members='=HYPERLINK("http://x")')
    AttendanceFactory(meeting=held_meeting, member_state=br, status=Attendance.Status.EXCUSED, note="@note")
    url = reverse("meetings:attendance_csv", kwargs={"pk": held_meeting.pk})
    assert client.get(url).status_code == 403
    response = delegate_us_client.get(url)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_state = {row["Member state"]: row for row in rows}
    assert by_state["United States"]["Presence"] == "Present"
    assert by_state["Brazil"]["Presence"] == "Not present"
    assert by_state["Brazil"]["Attendance"] == "Excused"
    assert by_state["United States"]["Delegation members present"].startswith("'=")
    assert by_state["Brazil"]["Note"] == "'@note"
    assert by_state["Honduras"]["Attendance"] == "Not recorded"


def test_add_observer_and_refuse_a_supporting_state(secretariat_client, meeting, us):
    url = reverse("meetings:observer_add", kwargs={"pk": meeting.pk})
    secretariat_client.post(url, {"kind": "state", "member_state": us.pk})
    secretariat_client.post(url, {"kind": "guest", "name": "Inter-American Court"})
    assert [o.label() for o in meeting.observers.all()] == ["Inter-American Court"]


# Lists, group page and calendars


def test_list_filters_by_group_year_and_status(client, group, meeting, held_meeting):
    other = MeetingFactory(
        number=9, starts_at=meeting.starts_at.replace(year=2030), ends_at=meeting.ends_at.replace(year=2030)
    )
    url = reverse("meetings:list")
    assert set(client.get(url).context["meetings"]) == {meeting, held_meeting, other}
    assert set(client.get(url, {"group": group.pk}).context["meetings"]) == {meeting, held_meeting}
    assert set(client.get(url, {"status": "held"}).context["meetings"]) == {held_meeting}
    assert set(client.get(url, {"year": 2030}).context["meetings"]) == {other}


def test_list_with_bad_filters_does_not_fail(client, meeting):
    response = client.get(reverse("meetings:list"), {"year": "abc", "status": "nope", "group": "999"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_group_page_lists_upcoming_and_past_meetings(client, group, meeting, held_meeting, draft_meeting):
    response = client.get(group.get_absolute_url())
    assert response.context["upcoming_meetings"] == [meeting]
    assert response.context["past_meetings"] == [held_meeting]


def test_private_feed_works_until_the_address_is_replaced(client, delegate_us, delegate_us_client, meeting):
    url = reverse("meetings:personal_feed", kwargs={"token": delegate_us.calendar_token})
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    assert meeting.video_link in str(calendar.walk("VEVENT")[0]["DESCRIPTION"])
    delegate_us_client.post(reverse("meetings:regenerate_calendar_token"))
    assert client.get(url).status_code == 404


def test_group_feed_hides_drafts_from_visitors(client, group, meeting, draft_meeting):
    content = client.get(reverse("meetings:group_feed", kwargs={"slug": group.slug})).content
    assert len(icalendar.Calendar.from_ical(content).walk("VEVENT")) == 1


def test_attendance_pdf_has_a_presence_column_and_is_tagged(delegate_us_client, client, held_meeting, us, br):
    from pypdf import PdfReader

    AttendanceFactory(meeting=held_meeting, member_state=us, delegation_members="Bob Delegate")
    AttendanceFactory(meeting=held_meeting, member_state=br, status=Attendance.Status.ABSENT)
    url = reverse("meetings:attendance_pdf", kwargs={"pk": held_meeting.pk})
    assert client.get(url).status_code == 403
    response = delegate_us_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    # The stored file is served, rendered by the worker (in process here).
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Presence" in text
    assert "Bob Delegate" in text
    assert "Absent" in text
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_staff_set_quorum_symbol_pattern_and_reminders(secretariat_client, delegate_us_client, group):
    url = reverse("meetings:settings", kwargs={"slug": group.slug})
    data = {
        "quorum_rule": "fraction",
        "quorum_fraction": "0.667",
        "document_symbol_pattern": "{acronym}/INF.{number}/{yy}",
        "reminder_offsets": "2h, 7d, 1d",
    }
    assert delegate_us_client.post(url, data).status_code == 403
    assert secretariat_client.post(url, data).status_code == 302
    group.refresh_from_db()
    assert group.reminder_offsets == [7 * 24 * 60, 24 * 60, 120]
    assert group.quorum_for(26) == 18


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reminder_offsets", "7 days"),
        ("document_symbol_pattern", "{acronym}/doc/{yy}"),
        ("document_symbol_pattern", "{oops}/{number}"),
        ("quorum_fraction", ""),
    ],
)
def test_bad_meeting_settings_are_refused_next_to_the_field(secretariat_client, group, field, value):
    data = {
        "quorum_rule": "fraction",
        "quorum_fraction": "0.5",
        "document_symbol_pattern": "{acronym}/doc.{number}/{yy}",
        "reminder_offsets": "7d",
    }
    response = secretariat_client.post(
        reverse("meetings:settings", kwargs={"slug": group.slug}), data | {field: value}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    group.refresh_from_db()
    assert group.quorum_rule == "majority"


def test_attendance_pdf_follows_each_change(delegate_us_client, secretariat, held_meeting, us):
    from pypdf import PdfReader

    from meetings import services

    url = reverse("meetings:attendance_pdf", kwargs={"pk": held_meeting.pk})

    def text():
        response = delegate_us_client.get(url)  # the stored file, streamed
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        return " ".join(" ".join(page.extract_text() for page in reader.pages).split())

    assert "Ada Lovelace" not in text()
    services.record_attendance(
        meeting=held_meeting,
        member_state=us,
        status="present_online",
        delegation_members="Ada Lovelace",
        recorded_by=secretariat,
    )
    assert "Ada Lovelace" in text()
