import datetime
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from meetings import services
from meetings.models import AgendaItem, Attendance, Document, Meeting, MeetingDateChange
from tests.factories import MemberStateFactory, UserFactory
from tests.meetings.factories import PDF_BYTES, AgendaItemFactory, MeetingFactory, docx_bytes, odt_bytes


def times(days=20, hours=2):
    start = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    return start, start + datetime.timedelta(hours=hours)


# Scheduling


def test_create_meeting_numbers_it_and_takes_the_group_time_zone(group, room):
    group.time_zone = "America/Bogota"
    group.save()
    starts_at, ends_at = times()
    meeting = services.create_meeting(
        group=group, title="Kick-off", starts_at=starts_at, ends_at=ends_at, room=room
    )
    assert meeting.number == 1
    assert meeting.time_zone == "America/Bogota"
    assert meeting.status == Meeting.Status.DRAFT
    assert services.create_meeting(group=group, starts_at=starts_at, ends_at=ends_at).number == 2


def test_end_before_start_is_refused_and_nothing_saved(group):
    starts_at, _ = times()
    with pytest.raises(ValidationError) as error:
        services.create_meeting(
            group=group, starts_at=starts_at, ends_at=starts_at - datetime.timedelta(hours=1)
        )
    assert "ends_at" in error.value.error_dict
    assert not Meeting.objects.exists()


def test_a_room_cannot_hold_two_meetings_at_once(group, meeting, room):
    with pytest.raises(ValidationError) as error:
        services.create_meeting(
            group=group,
            starts_at=meeting.starts_at + datetime.timedelta(hours=1),
            ends_at=meeting.ends_at + datetime.timedelta(hours=1),
            room=room,
        )
    assert "room" in error.value.error_dict
    assert Meeting.objects.count() == 1


def test_back_to_back_meetings_share_a_room(group, meeting, room):
    later = services.create_meeting(
        group=group,
        starts_at=meeting.ends_at,
        ends_at=meeting.ends_at + datetime.timedelta(hours=1),
        room=room,
    )
    assert later.pk


def test_a_cancelled_meeting_frees_its_room(group, meeting, room):
    services.cancel_meeting(meeting=meeting, reason="Moved online")
    assert services.create_meeting(
        group=group, starts_at=meeting.starts_at, ends_at=meeting.ends_at, room=room
    ).pk


def test_schedule_only_drafts(draft_meeting, meeting):
    assert services.schedule_meeting(meeting=draft_meeting).status == Meeting.Status.SCHEDULED
    with pytest.raises(ValidationError):
        services.schedule_meeting(meeting=meeting)


def test_announced_meeting_changes_date_only_by_postponing(meeting):
    with pytest.raises(ValidationError):
        services.update_meeting(meeting=meeting, starts_at=meeting.starts_at + datetime.timedelta(days=1))


def test_editing_an_announced_meeting_raises_its_calendar_revision(meeting):
    updated = services.update_meeting(meeting=meeting, notice_text="Bring the draft work plan.")
    assert updated.ics_sequence == meeting.ics_sequence + 1


def test_postpone_keeps_history_and_raises_sequence(meeting, secretariat):
    old_start, old_end = meeting.starts_at, meeting.ends_at
    new_start, new_end = old_start + datetime.timedelta(days=7), old_end + datetime.timedelta(days=7)
    postponed = services.postpone_meeting(
        meeting=meeting,
        starts_at=new_start,
        ends_at=new_end,
        reason="Clash with the Permanent Council",
        changed_by=secretariat,
    )
    assert postponed.status == Meeting.Status.POSTPONED
    assert postponed.starts_at == new_start
    assert postponed.ics_sequence == 1
    change = MeetingDateChange.objects.get(meeting=meeting)
    assert (change.old_starts_at, change.new_starts_at, change.changed_by) == (
        old_start,
        new_start,
        secretariat,
    )
    again = services.postpone_meeting(
        meeting=postponed,
        starts_at=new_start + datetime.timedelta(days=1),
        ends_at=new_end + datetime.timedelta(days=1),
        reason="Once more",
        changed_by=secretariat,
    )
    assert again.ics_sequence == 2
    assert meeting.date_changes.count() == 2


def test_postpone_needs_a_reason_and_a_free_room(group, meeting, room, secretariat):
    other = MeetingFactory(group=group, room=room, starts_at=meeting.starts_at + datetime.timedelta(days=3))
    with pytest.raises(ValidationError) as error:
        services.postpone_meeting(
            meeting=meeting,
            starts_at=other.starts_at,
            ends_at=other.ends_at,
            reason=" ",
            changed_by=secretariat,
        )
    assert "reason" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        services.postpone_meeting(
            meeting=meeting,
            starts_at=other.starts_at,
            ends_at=other.ends_at,
            reason="Move",
            changed_by=secretariat,
        )
    assert "room" in error.value.error_dict
    assert not MeetingDateChange.objects.exists()


def test_cancel_records_reason_and_raises_sequence(meeting):
    cancelled = services.cancel_meeting(meeting=meeting, reason="No quorum expected")
    assert cancelled.status == Meeting.Status.CANCELLED
    assert cancelled.cancellation_reason == "No quorum expected"
    assert cancelled.ics_sequence == 1
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting=cancelled, reason="Twice")


def test_cancel_needs_a_reason(meeting):
    with pytest.raises(ValidationError):
        services.cancel_meeting(meeting=meeting, reason="")
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.SCHEDULED


def test_copy_prepares_the_next_meeting_with_the_agenda_but_not_outcomes(meeting, agenda):
    agenda[0].outcome = "Agreed"
    agenda[0].save()
    starts_at, ends_at = times(days=40)
    copy = services.copy_meeting(meeting=meeting, starts_at=starts_at, ends_at=ends_at)
    assert copy.number == meeting.number + 1
    assert copy.status == Meeting.Status.DRAFT
    assert copy.copied_from == meeting
    assert (copy.room, copy.video_link, copy.format) == (meeting.room, meeting.video_link, meeting.format)
    assert [i.title for i in copy.agenda_items.all()] == [i.title for i in agenda]
    assert not copy.agenda_items.exclude(outcome="").exists()
    assert copy.uid != meeting.uid


def test_mark_held_only_after_the_start(meeting, ongoing_meeting):
    with pytest.raises(ValidationError):
        services.mark_held(meeting=meeting)
    assert services.mark_held(meeting=ongoing_meeting).status == Meeting.Status.HELD


# Agenda


def titles(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


def test_add_agenda_item_goes_last(meeting, agenda):
    item = services.add_agenda_item(meeting=meeting, title="Other business", minutes_allotted=10)
    assert item.position == 4


def test_move_up_and_down(meeting, agenda):
    services.move_agenda_item(item=agenda[2], direction="up")
    assert titles(meeting) == ["Item 1", "Item 3", "Item 2"]
    services.move_agenda_item(item=agenda[0], direction="down")
    assert titles(meeting) == ["Item 3", "Item 1", "Item 2"]
    services.move_agenda_item(item=agenda[2], direction="up")  # already first: stays
    assert titles(meeting) == ["Item 3", "Item 1", "Item 2"]


def test_reorder_takes_the_whole_order_and_refuses_a_stale_one(meeting, agenda):
    services.reorder_agenda(meeting=meeting, item_ids=[agenda[2].pk, agenda[0].pk, agenda[1].pk])
    assert titles(meeting) == ["Item 3", "Item 1", "Item 2"]
    with pytest.raises(ValidationError):
        services.reorder_agenda(meeting=meeting, item_ids=[agenda[0].pk, agenda[1].pk])
    stranger = AgendaItemFactory()
    with pytest.raises(ValidationError):
        services.reorder_agenda(meeting=meeting, item_ids=[agenda[0].pk, agenda[1].pk, stranger.pk])
    assert titles(meeting) == ["Item 3", "Item 1", "Item 2"]


def test_delete_renumbers(meeting, agenda):
    services.delete_agenda_item(item=agenda[0])
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1, 2]


def test_agenda_of_a_cancelled_meeting_is_frozen(meeting, agenda):
    services.cancel_meeting(meeting=meeting, reason="Cancelled")
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        services.add_agenda_item(meeting=meeting, title="Late item")
    assert AgendaItem.objects.count() == 3


# Attendance


def test_record_attendance_saves_and_corrects(meeting, us, secretariat):
    services.record_attendance(
        meeting=meeting, member_state=us, status="present_online", recorded_by=secretariat
    )
    record = services.record_attendance(
        meeting=meeting, member_state=us, status="excused", note="Travel", recorded_by=secretariat
    )
    assert Attendance.objects.get() == record
    assert (record.status, record.note, record.confirmed_by) == ("excused", "Travel", secretariat)


def test_attendance_for_a_state_outside_the_organisation_is_refused(meeting, secretariat):
    withdrawn = MemberStateFactory(iso2="NI", iso3="NIC", name="Nicaragua", status="withdrawn")
    with pytest.raises(ValidationError) as error:
        services.record_attendance(
            meeting=meeting, member_state=withdrawn, status="present_in_person", recorded_by=secretariat
        )
    assert "member_state" in error.value.error_dict
    assert not Attendance.objects.exists()


def test_attendance_is_not_taken_for_drafts(draft_meeting, us, secretariat):
    with pytest.raises(ValidationError):
        services.record_attendance(
            meeting=draft_meeting, member_state=us, status="absent", recorded_by=secretariat
        )


def test_unknown_attendance_status_is_refused(meeting, us, secretariat):
    with pytest.raises(ValidationError):
        services.record_attendance(meeting=meeting, member_state=us, status="asleep", recorded_by=secretariat)


def test_delegate_checks_in_own_state_during_the_meeting(ongoing_meeting, delegate_us, us, secretariat):
    record = services.delegate_check_in(
        meeting=ongoing_meeting, user=delegate_us, status="present_online", delegation_members="Bob"
    )
    assert (record.member_state, record.checked_in_by_delegate, record.confirmed_by) == (us, True, None)
    assert record.awaits_confirmation()
    confirmed = services.confirm_check_in(attendance=record, confirmed_by=secretariat)
    assert confirmed.confirmed_by == secretariat
    assert not confirmed.awaits_confirmation()


def test_check_in_outside_the_meeting_window_is_refused(meeting, delegate_us):
    with pytest.raises(ValidationError):
        services.delegate_check_in(meeting=meeting, user=delegate_us, status="present_in_person")
    assert not Attendance.objects.exists()


def test_check_in_cannot_overwrite_the_secretariat_record(ongoing_meeting, delegate_us, us, secretariat):
    services.record_attendance(
        meeting=ongoing_meeting, member_state=us, status="absent", recorded_by=secretariat
    )
    with pytest.raises(ValidationError):
        services.delegate_check_in(meeting=ongoing_meeting, user=delegate_us, status="present_in_person")
    assert Attendance.objects.get().status == "absent"


def test_only_delegates_check_in(ongoing_meeting, no_role_user):
    with pytest.raises(ValidationError):
        services.delegate_check_in(meeting=ongoing_meeting, user=no_role_user, status="present_in_person")


# Documents


def upload(content: bytes, name="file.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (PDF_BYTES, "agenda.pdf", "application/pdf"),
        (
            docx_bytes(),
            "notes.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (odt_bytes(), "notes.odt", "application/vnd.oasis.opendocument.text"),
        # The name does not matter; the content does.
        (PDF_BYTES, "misnamed.docx", "application/pdf"),
    ],
)
def test_allowed_types_are_recognised_by_content(meeting, secretariat, content, name, expected):
    document = services.attach_document(
        meeting=meeting,
        upload=upload(content, name),
        title="Paper",
        language="en",
        is_public=True,
        uploaded_by=secretariat,
    )
    stored = document.files.get()
    assert (stored.language, stored.content_type, stored.size) == ("en", expected, len(content))
    assert stored.file.read() == content


def other_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00\x03 this is a Windows program",
        b"<html><script>alert(1)</script></html>",
        other_zip(),
        b"PK\x03\x04 not really a zip",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
    ],
)
def test_wrong_type_by_content_is_refused_and_nothing_saved(meeting, secretariat, content, tmp_path):
    with pytest.raises(ValidationError) as error:
        services.attach_document(
            meeting=meeting,
            upload=upload(content, "report.pdf"),
            title="X",
            language="en",
            is_public=True,
            uploaded_by=secretariat,
        )
    assert "file" in error.value.error_dict
    assert not Document.objects.exists()
    assert not any(path.is_file() for path in tmp_path.rglob("*"))


def test_oversize_file_is_refused(meeting, secretariat, settings):
    settings.PLENARY_UPLOAD_MAX_BYTES = 20
    with pytest.raises(ValidationError) as error:
        services.attach_document(
            meeting=meeting,
            upload=upload(PDF_BYTES),
            title="Big",
            language="en",
            is_public=True,
            uploaded_by=secretariat,
        )
    assert "limit" in error.value.error_dict["file"][0].message
    assert not Document.objects.exists()


def test_symbols_follow_the_group_pattern_and_count_per_year(meeting, secretariat, group):
    group.acronym = "GVCDI"
    group.save()
    now = datetime.datetime(2023, 11, 20, 12, tzinfo=datetime.UTC)
    first = services.attach_document(
        meeting=meeting,
        upload=upload(PDF_BYTES),
        title="A",
        language="en",
        is_public=True,
        uploaded_by=secretariat,
        now=now,
    )
    second = services.attach_document(
        meeting=meeting,
        upload=upload(PDF_BYTES),
        title="B",
        language="es",
        is_public=False,
        uploaded_by=secretariat,
        now=now,
    )
    assert (first.symbol, second.symbol) == ("GVCDI/doc.1/23", "GVCDI/doc.2/23")
    group.document_symbol_pattern = "{acronym}/INF.{number}/{yyyy}"
    group.save()
    next_year = services.attach_document(
        meeting=meeting,
        upload=upload(PDF_BYTES),
        title="C",
        language="en",
        is_public=True,
        uploaded_by=secretariat,
        now=now.replace(year=2024),
    )
    assert next_year.symbol == "GVCDI/INF.1/2024"


def test_document_for_another_meetings_agenda_item_is_refused(meeting, secretariat):
    stranger = AgendaItemFactory()
    with pytest.raises(ValidationError):
        services.attach_document(
            meeting=meeting,
            upload=upload(PDF_BYTES),
            title="A",
            language="en",
            is_public=True,
            uploaded_by=secretariat,
            agenda_item=stranger,
        )


def test_observer_state_must_not_be_a_supporting_state(meeting, us, hn):
    with pytest.raises(ValidationError):
        services.add_observer(meeting=meeting, kind="state", member_state=us)
    assert services.add_observer(meeting=meeting, kind="state", member_state=hn).label() == "Honduras"


def test_presentation_needs_its_presenter(meeting):
    with pytest.raises(ValidationError) as error:
        services.add_presentation(meeting=meeting, presenter_kind="secretariat", title="Update")
    assert "unit" in error.value.error_dict


def test_regenerating_the_calendar_token_replaces_it(db):
    user = UserFactory()
    old = user.calendar_token
    assert services.regenerate_calendar_token(user=user) != old


def test_postponing_into_the_past_is_refused(meeting, secretariat):
    past = timezone.now() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.postpone_meeting(
            meeting=meeting,
            starts_at=past,
            ends_at=past + datetime.timedelta(hours=1),
            reason="Oops",
            changed_by=secretariat,
        )
    assert "starts_at" in error.value.error_dict
    assert not MeetingDateChange.objects.exists()
