import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings.minutes import printing, tasks
from meetings.minutes import services as minutes_services
from meetings.models import Minutes, MinutesCorrection, PrintedDocument
from tests.conftest import client_for


def later(days=7):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def circulated(minutes, secretariat):
    return minutes_services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)


@pytest.fixture
def approved(circulated, later_meeting):
    return minutes_services.approve_minutes(minutes=circulated, at_meeting=later_meeting)


def url(name, minutes):
    return reverse(name, kwargs={"pk": minutes.meeting_id})


def test_staff_read_draft_minutes_that_delegates_cannot_see(minutes, secretariat_client, delegate_us_client):
    assert secretariat_client.get(url("meetings:minutes", minutes)).status_code == 200
    assert delegate_us_client.get(url("meetings:minutes", minutes)).status_code == 404


def test_delegates_read_circulated_minutes_and_the_public_does_not(circulated, delegate_us_client, client):
    response = delegate_us_client.get(url("meetings:minutes", circulated))
    assert response.status_code == 200
    assert "Ask for a correction" in response.content.decode()
    assert client.get(url("meetings:minutes", circulated)).status_code == 404


def test_published_minutes_are_public(approved, client):
    minutes_services.publish_minutes(minutes=approved)
    response = client.get(url("meetings:minutes", approved))
    assert response.status_code == 200
    assert "Approved at the Second meeting" in response.content.decode()


def test_staff_write_the_minutes(minutes, secretariat_client):
    item = minutes.items.first()
    response = secretariat_client.post(
        url("meetings:minutes_edit", minutes),
        {
            "symbol": "VG/MIN.1/23",
            "chair": "Ana Chair",
            f"summary_{item.pk}": "The chair opened the meeting.",
            "decision_1": "Adopt the agenda.",
            "decision_2": "",
            "next_steps": "Circulate a draft work plan.",
        },
    )
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.symbol == "VG/MIN.1/23"
    assert [d.text for d in minutes.decisions.all()] == ["Adopt the agenda."]


def test_delegates_may_not_edit_minutes(circulated, delegate_us_client):
    assert delegate_us_client.get(url("meetings:minutes_edit", circulated)).status_code == 403
    assert (
        delegate_us_client.post(url("meetings:minutes_edit", circulated), {"symbol": "X"}).status_code == 403
    )


def test_editing_approved_minutes_is_refused_with_a_message(approved, secretariat_client):
    response = secretariat_client.post(
        url("meetings:minutes_edit", approved), {"symbol": "CHANGED"}, follow=True
    )
    assert "Approved minutes cannot be edited" in response.content.decode()
    approved.refresh_from_db()
    assert approved.symbol != "CHANGED"


def test_a_correction_to_approved_minutes_needs_a_reason_and_makes_a_revision(approved, secretariat_client):
    page = url("meetings:minutes_correct", approved)
    response = secretariat_client.post(page, {"symbol": approved.symbol, "decision_1": "Corrected."})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()

    response = secretariat_client.post(
        page, {"symbol": approved.symbol, "decision_1": "Corrected.", "reason": "Asked by Brazil."}
    )
    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.revision == 2
    history = secretariat_client.get(url("meetings:minutes", approved)).content.decode()
    assert "Asked by Brazil." in history


def test_circulating_with_a_past_date_shows_the_error_next_to_the_field(minutes, secretariat_client):
    response = secretariat_client.post(
        url("meetings:minutes_circulate", minutes), {"corrections_until": "2020-01-01"}
    )
    assert response.status_code == 200
    assert "after today" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_approval_at_a_later_meeting(circulated, later_meeting, secretariat_client):
    response = secretariat_client.post(
        url("meetings:minutes_approve", circulated), {"at_meeting": later_meeting.pk}
    )
    assert response.status_code == 302
    circulated.refresh_from_db()
    assert circulated.approved_at_meeting == later_meeting


def test_a_delegate_sends_a_correction_and_sees_only_their_states(
    circulated, delegate_us_client, delegate_br_client
):
    response = delegate_us_client.post(
        url("meetings:minutes_correction", circulated), {"text": "Add our statement."}
    )
    assert response.status_code == 302
    assert MinutesCorrection.objects.get().member_state.iso2 == "US"
    assert (
        "Add our statement."
        not in delegate_br_client.get(url("meetings:minutes", circulated)).content.decode()
    )


def test_an_empty_correction_is_refused_next_to_the_field(circulated, delegate_us_client):
    response = delegate_us_client.post(url("meetings:minutes_correction", circulated), {"text": ""})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not MinutesCorrection.objects.exists()


def test_staff_cannot_send_a_delegation_correction(circulated, secretariat_client):
    assert (
        secretariat_client.post(url("meetings:minutes_correction", circulated), {"text": "x"}).status_code
        == 403
    )


def test_the_pdf_view_serves_the_stored_file_without_rendering(circulated, delegate_us_client, monkeypatch):
    printing.print_minutes(minutes_id=circulated.pk)

    def refuse(*args, **kwargs):
        raise AssertionError("rendered in the request")

    monkeypatch.setattr(printing, "render_minutes", refuse)
    monkeypatch.setattr(tasks.render_minutes_pdf, "delay", refuse)
    response = delegate_us_client.get(url("meetings:minutes_pdf", circulated))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    unchanged = delegate_us_client.get(
        url("meetings:minutes_pdf", circulated), headers={"If-None-Match": response["ETag"]}
    )
    assert unchanged.status_code == 304 and unchanged["ETag"] == response["ETag"]


def test_without_a_stored_pdf_the_view_queues_the_render_and_says_so(
    circulated, delegate_us_client, monkeypatch
):
    queued = []
    monkeypatch.setattr(tasks.render_minutes_pdf, "delay", lambda *args: queued.append(args))
    response = delegate_us_client.get(url("meetings:minutes_pdf", circulated))
    assert response.status_code == 202
    assert response["Retry-After"]
    assert queued == [(circulated.pk, "en")]


def test_the_public_cannot_download_unpublished_minutes(circulated, client):
    assert client.get(url("meetings:minutes_pdf", circulated)).status_code == 404


def test_attendance_pdf_for_delegations_and_staff_only(
    minuted_meeting, delegate_us_client, client, no_role_user
):
    response = delegate_us_client.get(reverse("meetings:attendance_pdf", kwargs={"pk": minuted_meeting.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert PrintedDocument.objects.filter(kind="attendance").exists()
    forbidden = client_for(no_role_user).get(
        reverse("meetings:attendance_pdf", kwargs={"pk": minuted_meeting.pk})
    )
    assert forbidden.status_code == 403


def test_meeting_page_links_the_minutes_once_visible(circulated, delegate_us_client, client):
    page = reverse("meetings:detail", kwargs={"pk": circulated.meeting_id})
    assert url("meetings:minutes", circulated) in delegate_us_client.get(page).content.decode()
    assert url("meetings:minutes", circulated) not in client.get(page).content.decode()


def test_staff_start_minutes_from_the_meeting_page(minuted_meeting, secretariat_client, delegate_us_client):
    start = reverse("meetings:minutes_start", kwargs={"pk": minuted_meeting.pk})
    assert delegate_us_client.post(start).status_code == 403
    response = secretariat_client.post(start)
    assert response.status_code == 302
    assert Minutes.objects.filter(meeting=minuted_meeting).exists()


def test_minutes_page_runs_the_same_queries_whatever_the_number_of_items_and_states(
    minuted_meeting, secretariat, delegate_us_client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from meetings.models import AgendaItem, Attendance
    from tests.factories import MembershipFactory, MemberStateFactory

    minutes = minutes_services.start_minutes(meeting=minuted_meeting)
    minutes_services.update_minutes(minutes=minutes, decisions=["One.", "Two."])
    minutes_services.circulate_minutes(minutes=minutes, corrections_until=later(), by=secretariat)
    page = url("meetings:minutes", minutes)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert delegate_us_client.get(page).status_code == 200
        return len(captured)

    before = queries()
    for n in range(10):
        state = MemberStateFactory()
        MembershipFactory(group=minuted_meeting.group, member_state=state)
        Attendance.objects.create(meeting=minuted_meeting, member_state=state, status="present_online")
        item = AgendaItem.objects.create(meeting=minuted_meeting, position=10 + n, title=f"Item {n}")
        minutes.items.create(agenda_item=item, position=10 + n, title=item.title, summary="Discussed.")
        minutes.decisions.create(number=3 + n, text=f"Decision {n}.")
    assert queries() == before


def test_approval_at_a_meeting_not_yet_held_is_refused_on_the_form(circulated, group, secretariat_client):
    from meetings.models import Meeting
    from tests.meetings.delivery_fixtures import make_meeting

    future = make_meeting(
        group,
        number=9,
        starts_at=timezone.now() + datetime.timedelta(days=30),
        status=Meeting.Status.SCHEDULED,
    )
    form_page = secretariat_client.get(url("meetings:minutes_approve", circulated))
    assert future not in form_page.context["form"].fields["at_meeting"].queryset

    response = secretariat_client.post(url("meetings:minutes_approve", circulated), {"at_meeting": future.pk})

    assert response.status_code == 200
    assert "has been held or is in progress" in response.content.decode()
    assert "at_meeting" in response.context["form"].errors
    circulated.refresh_from_db()
    assert circulated.status == Minutes.Status.CIRCULATED and circulated.approved_at_meeting is None


def test_the_approving_meeting_page_lists_the_minutes_approved_there(
    approved, later_meeting, delegate_us_client, client
):
    page = reverse("meetings:detail", kwargs={"pk": later_meeting.pk})
    content = delegate_us_client.get(page).content.decode()
    assert "Minutes approved at this meeting" in content
    assert url("meetings:minutes", approved) in content
    # The public sees only published minutes.
    assert url("meetings:minutes", approved) not in client.get(page).content.decode()
    minutes_services.publish_minutes(minutes=approved)
    assert url("meetings:minutes", approved) in client.get(page).content.decode()
