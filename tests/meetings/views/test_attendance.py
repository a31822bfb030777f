"""Recording attendance, check-in, the CSV export and the attendance list PDF."""

import csv
import io

from django.urls import reverse

from meetings.models import Attendance
from tests.factories import MemberStateFactory
from tests.meetings.factories import (
    AttendanceFactory,
)


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
    secretariat_client.post(url, {"kind": "guest", "name_en": "Inter-American Court"})
    assert [o.label() for o in meeting.observers.all()] == ["Inter-American Court"]


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
