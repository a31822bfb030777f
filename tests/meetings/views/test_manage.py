"""Staff pages that create meetings, change them and set the group's meeting settings."""

import datetime

import icalendar
import pytest
from django.urls import reverse

from meetings.models import Meeting


def detail(meeting):
    return reverse("meetings:detail", kwargs={"pk": meeting.pk})


def create_data(**overrides):
    data = {
        "title_en": "Third meeting",
        "format": "in_person",
        "date": "2031-03-10",
        "start_time": "10:00",
        "end_time": "12:00",
        "time_zone": "America/New_York",
        "notice_text_en": "",
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
        title_en="Renamed",
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
        {"date": "2032-01-15", "start_time": "15:00", "end_time": "17:00", "reason_en": "Budget session"},
    )
    assert response.status_code == 302
    draft_meeting.refresh_from_db()
    assert draft_meeting.status == Meeting.Status.POSTPONED
    assert draft_meeting.date_changes.count() == 1
    response = secretariat_client.post(reverse("meetings:cancel", kwargs={"pk": pk}), {"reason_en": "Merged"})
    assert response.status_code == 302
    ics = secretariat_client.get(reverse("meetings:ics", kwargs={"pk": pk})).content
    (event,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert int(event["SEQUENCE"]) == 2


def test_postpone_with_end_before_start_keeps_the_date(secretariat_client, meeting):
    response = secretariat_client.post(
        reverse("meetings:postpone", kwargs={"pk": meeting.pk}),
        {"date": "2032-01-15", "start_time": "15:00", "end_time": "14:00", "reason_en": "x"},
    )
    assert "end_time" in response.context["form"].errors
    assert Meeting.objects.get().status == Meeting.Status.SCHEDULED


def test_cancel_without_reason_is_refused(secretariat_client, meeting):
    response = secretariat_client.post(
        reverse("meetings:cancel", kwargs={"pk": meeting.pk}), {"reason_en": ""}
    )
    assert "reason_en" in response.context["form"].errors
    assert Meeting.objects.get().status == Meeting.Status.SCHEDULED


def test_copy_prepares_a_draft(secretariat_client, meeting, agenda, delegate_us_client):
    url = reverse("meetings:copy", kwargs={"pk": meeting.pk})
    data = {"date": "2032-02-01", "start_time": "10:00", "end_time": "12:00", "title": ""}
    assert delegate_us_client.post(url, data).status_code == 403
    response = secretariat_client.post(url, data)
    copy = Meeting.objects.get(copied_from=meeting)
    assert response["Location"] == copy.get_absolute_url()
    assert copy.agenda_items.count() == 3


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
