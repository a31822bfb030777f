"""Notices and reminders of meetings, delivered through the outbox (in-memory mailbox)."""

import datetime

import pytest
from django.core import mail
from django.utils import formats, timezone

from meetings import notifications, services
from meetings.models import Meeting
from members.models import OutboxMessage
from members.zones import format_instant
from tests.factories import DelegateFactory, UserFactory
from tests.meetings.delivery_fixtures import make_meeting

DAY = datetime.timedelta(days=1)


@pytest.fixture
def people(group, delegate_us, delegate_br, delegate_of_non_member, secretariat):
    delegate_br.preferred_language = "pt"
    delegate_br.save()
    former = DelegateFactory(
        user=UserFactory(email="former@us-mission.example"),
        member_state=delegate_us.delegations.get().member_state,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2021, 1, 1),
    ).user
    return {
        "us": delegate_us,
        "br": delegate_br,
        "hn": delegate_of_non_member,
        "staff": secretariat,
        "former": former,
    }


def ics_text(content) -> str:
    # Django decodes text/* attachments to str when it can.
    return content.decode() if isinstance(content, bytes) else content


def to(address):
    return [m for m in mail.outbox if m.to == [address]]


def scheduled_notice(meeting, capture):
    with capture(execute=True):
        services.schedule_meeting(meeting=meeting)


def test_scheduling_sends_one_notice_with_a_calendar_file_to_delegates_and_staff(
    group, room, people, django_capture_on_commit_callbacks
):
    meeting = make_meeting(
        group, status=Meeting.Status.DRAFT, room=room, video_link="https://video.example/x"
    )

    scheduled_notice(meeting, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["us"].email, people["br"].email, people["staff"].email]
    )
    notice = to(people["us"].email)[0]
    assert notice.subject.startswith("Notice:")
    assert "Time in UTC:" in notice.body and "Simón Bolívar" in notice.body
    assert "https://video.example/x" in notice.body
    assert f"/meetings/{meeting.pk}/" in notice.body
    name, content, mimetype = notice.attachments[0]
    assert (name, mimetype) == ("meeting.ics", "text/calendar")
    assert "BEGIN:VEVENT" in ics_text(content)


def test_each_person_gets_the_notice_in_their_language(group, people, django_capture_on_commit_callbacks):
    meeting = make_meeting(
        group, status=Meeting.Status.DRAFT, starts_at=datetime.datetime(2031, 3, 4, 15, tzinfo=datetime.UTC)
    )
    scheduled_notice(meeting, django_capture_on_commit_callbacks)

    assert "março" in to(people["br"].email)[0].body.lower()
    assert "march" in to(people["us"].email)[0].body.lower()


def test_scheduling_is_rolled_back_with_its_notice(group, people, django_capture_on_commit_callbacks):
    meeting = make_meeting(group, status=Meeting.Status.SCHEDULED)
    with pytest.raises(Exception), django_capture_on_commit_callbacks(execute=True):
        services.schedule_meeting(meeting=meeting)  # not a draft: refused
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_cancellation_notice_reaches_people_who_turned_reminders_off(
    group, people, django_capture_on_commit_callbacks
):
    people["us"].receives_reminders = False
    people["us"].save()
    meeting = make_meeting(group)

    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, reason="The hall is closed for repairs.")

    cancelled = to(people["us"].email)
    assert len(cancelled) == 1
    assert cancelled[0].subject.startswith("Cancelled:")
    assert "closed for repairs" in cancelled[0].body
    assert "STATUS:CANCELLED" in ics_text(cancelled[0].attachments[0][1])


def test_cancelling_a_draft_tells_nobody(group, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(
            meeting=make_meeting(group, status=Meeting.Status.DRAFT), reason="Not needed."
        )
    assert mail.outbox == []


def test_postponement_notice_gives_the_new_date_and_reason(
    group, people, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(group, starts_at=datetime.datetime(2031, 3, 4, 15, tzinfo=datetime.UTC))
    new_start = datetime.datetime(2031, 3, 18, 15, tzinfo=datetime.UTC)

    with django_capture_on_commit_callbacks(execute=True):
        services.postpone_meeting(
            meeting=meeting,
            starts_at=new_start,
            ends_at=new_start + 2 * datetime.timedelta(hours=1),
            reason="To allow more states to attend.",
            changed_by=secretariat,
        )

    notice = to(people["us"].email)[0]
    assert notice.subject.startswith("Postponed:")
    assert "Date: March 18, 2031\n" in notice.body  # the new date, in English's own long format
    assert "To allow more states to attend." in notice.body


# Reminders


def test_a_due_reminder_is_sent_once_with_date_times_place_video_and_agenda(group, room, people):
    meeting = make_meeting(
        group, room=room, starts_at=timezone.now() + 6 * DAY, video_link="https://video.example/v"
    )

    notifications.send_due_reminders()
    notifications.send_due_reminders()

    reminders = to(people["us"].email)
    assert len(reminders) == 1
    body = reminders[0].body
    assert reminders[0].subject.startswith("Reminder:")
    local_start = format_instant(meeting.starts_at, meeting.zone, "TIME_FORMAT", with_zone=False)
    local_end = format_instant(meeting.ends_at, meeting.zone, "TIME_FORMAT")
    assert f"Time: {local_start}–{local_end}\n" in body and "(America/New_York, E" in local_end
    utc_start = format_instant(meeting.starts_at, "UTC", with_zone=False)
    utc_end = format_instant(meeting.ends_at, "UTC", "TIME_FORMAT")
    assert f"Time in UTC: {utc_start}–{utc_end}\n" in body and utc_end.endswith(" (UTC)")
    assert "Simón Bolívar" in body
    assert "https://video.example/v" in body
    assert f"/meetings/{meeting.pk}/" in body
    assert not to(people["hn"].email) and not to(people["former"].email)


def test_no_reminder_for_people_who_turned_reminders_off(group, people):
    people["br"].receives_reminders = False
    people["br"].save()
    make_meeting(group, starts_at=timezone.now() + 6 * DAY)

    notifications.send_due_reminders()

    assert not to(people["br"].email)
    assert to(people["us"].email)


def test_each_offset_is_sent_once_and_in_turn(group, people):
    meeting = make_meeting(group, starts_at=timezone.now() + 6 * DAY)
    notifications.send_due_reminders()
    notifications.send_due_reminders(now=meeting.starts_at - 2 * DAY)  # nothing new due
    notifications.send_due_reminders(now=meeting.starts_at - DAY + datetime.timedelta(minutes=1))
    notifications.send_due_reminders(now=meeting.starts_at - datetime.timedelta(hours=2))

    keys = sorted(
        OutboxMessage.objects.filter(kind=notifications.REMINDER, recipient=people["us"]).values_list(
            "dedupe_key", flat=True
        )
    )
    assert [key.split("m@")[0] for key in keys] == ["10080", "1440"]
    assert len(to(people["us"].email)) == 2


def test_after_an_outage_only_the_latest_due_reminder_is_sent(group, people):
    make_meeting(group, starts_at=timezone.now() + datetime.timedelta(hours=12))

    notifications.send_due_reminders()

    assert OutboxMessage.objects.get(
        recipient=people["us"], kind=notifications.REMINDER
    ).dedupe_key.startswith("1440m@")


def test_a_reminder_whose_moment_passed_before_the_notice_is_not_sent(
    group, people, django_capture_on_commit_callbacks
):
    meeting = make_meeting(group, status=Meeting.Status.DRAFT, starts_at=timezone.now() + 3 * DAY)
    scheduled_notice(meeting, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    notifications.send_due_reminders()

    assert mail.outbox == []  # the notice was the 7-day reminder
    notifications.send_due_reminders(now=meeting.starts_at - DAY)
    assert len(to(people["us"].email)) == 1


def test_no_reminder_is_ever_sent_for_the_old_date_of_a_postponed_meeting(
    group, people, secretariat, django_capture_on_commit_callbacks
):
    meeting = make_meeting(group, starts_at=timezone.now() + 6 * DAY)
    notifications.enqueue_due_reminders()  # recorded, not yet delivered
    new_start = timezone.now() + 30 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        services.postpone_meeting(
            meeting=meeting,
            starts_at=new_start,
            ends_at=new_start + DAY / 12,
            reason="Clash.",
            changed_by=secretariat,
        )

    notifications.send_due_reminders()

    assert [m.subject.split(":")[0] for m in to(people["us"].email)] == ["Postponed"]
    old = OutboxMessage.objects.get(recipient=people["us"], kind=notifications.REMINDER)
    assert old.status == OutboxMessage.Status.SKIPPED

    notifications.send_due_reminders(now=new_start - 7 * DAY + datetime.timedelta(minutes=1))
    new = (
        OutboxMessage.objects.filter(recipient=people["us"], kind=notifications.REMINDER)
        .exclude(pk=old.pk)
        .get()
    )
    assert new.status == OutboxMessage.Status.SENT
    assert new.dedupe_key == notifications.reminder_key(7 * 24 * 60, new_start)


def test_no_reminders_for_a_cancelled_meeting(group, people, django_capture_on_commit_callbacks):
    meeting = make_meeting(group, starts_at=timezone.now() + 6 * DAY)
    notifications.enqueue_due_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, reason="No quorum expected.")

    notifications.send_due_reminders()
    notifications.send_due_reminders(now=meeting.starts_at - datetime.timedelta(hours=1))

    assert [m.subject.split(":")[0] for m in to(people["us"].email)] == ["Cancelled"]
    assert not OutboxMessage.objects.filter(
        kind=notifications.REMINDER, status=OutboxMessage.Status.SENT
    ).exists()


def test_no_reminders_for_draft_or_past_meetings(group, people):
    make_meeting(group, status=Meeting.Status.DRAFT, starts_at=timezone.now() + DAY / 2)
    make_meeting(group, number=2, starts_at=timezone.now() - DAY)
    notifications.send_due_reminders()
    assert mail.outbox == []


def test_the_group_sets_the_offsets(group, people):
    group.reminder_offsets = [30]
    group.save()
    meeting = make_meeting(group, starts_at=timezone.now() + DAY / 2)

    notifications.send_due_reminders()
    assert mail.outbox == []
    notifications.send_due_reminders(now=meeting.starts_at - datetime.timedelta(minutes=29))
    assert len(to(people["us"].email)) == 1


def test_circulating_minutes_tells_the_delegations_until_when_they_may_correct(
    people, minutes, secretariat, django_capture_on_commit_callbacks
):
    from meetings.minutes import services as minutes_services

    until = timezone.localdate() + 5 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.circulate_minutes(minutes=minutes, corrections_until=until, by=secretariat)

    notice = to(people["us"].email)
    assert len(notice) == 1
    assert notice[0].subject.startswith("Draft minutes for your corrections")
    assert f"/meetings/{minutes.meeting_id}/minutes/" in notice[0].body
    assert f"corrections until {formats.date_format(until, 'DATE_FORMAT')}, on" in notice[0].body
    # Issue 12: the draft minutes travel with the notice, as a PDF in the reader's language.
    [(name, content, mimetype)] = notice[0].attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF") and name.endswith(".pdf")
    assert not to(people["hn"].email)
