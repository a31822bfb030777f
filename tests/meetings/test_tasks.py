import datetime

import pytest
from django.core import mail
from django.utils import timezone

from meetings import tasks
from members.models import OutboxMessage
from tests.meetings.delivery_fixtures import make_delegations, make_meeting


def test_send_due_reminders_task_is_safe_to_run_twice(group):
    make_delegations(group, states=3, per_state=2)
    meeting = make_meeting(group, starts_at=timezone.now() + datetime.timedelta(days=3))

    assert tasks.send_due_reminders.apply().get() == 6
    assert tasks.send_due_reminders.apply().get() == 0
    as_of = (meeting.starts_at - datetime.timedelta(hours=20)).isoformat()
    assert tasks.send_due_reminders.apply(kwargs={"as_of": as_of}).get() == 6
    assert tasks.send_due_reminders.apply(kwargs={"as_of": as_of}).get() == 0
    assert len(mail.outbox) == 12


def test_deliver_meeting_mail_resends_nothing(group):
    make_delegations(group, states=1, per_state=2)
    make_meeting(group, starts_at=timezone.now() + datetime.timedelta(days=3))
    tasks.send_due_reminders.apply()

    assert tasks.deliver_meeting_mail.apply().get() == 0
    assert OutboxMessage.objects.filter(status=OutboxMessage.Status.SENT).count() == 2


def test_render_minutes_pdf_task_stores_the_pdf(minutes):
    tasks.render_minutes_pdf.apply(args=[minutes.pk, "es"])
    printed = minutes.meeting.printed.get()
    assert printed.language == "es"
    assert printed.file.read().startswith(b"%PDF")


def test_render_minutes_pdf_task_without_a_language_renders_every_language(minutes):
    tasks.render_minutes_pdf.apply(args=[minutes.pk])
    assert sorted(minutes.meeting.printed.values_list("language", flat=True)) == ["en", "es", "fr", "pt"]


def test_render_tasks_ignore_unknown_ids(db):
    tasks.render_minutes_pdf.apply(args=[999999])
    tasks.render_attendance_pdf.apply(args=[999999])


@pytest.fixture
def live_delivery(settings):
    from config.celery import app
    from tests.live_delivery import SmtpSink, real_worker

    with SmtpSink() as sink, real_worker(app):
        settings.MAILERS = sink.mailers()
        yield sink


@pytest.mark.needs("redis")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_real_worker_and_smtp_every_delegate_gets_one_notice_and_one_of_each_reminder(
    group, secretariat, live_delivery
):
    from meetings import services
    from meetings.models import Meeting

    sink = live_delivery
    delegates = make_delegations(group, states=5, per_state=3)
    expected = sorted([user.email for user in delegates] + [secretariat.email])
    meeting = make_meeting(
        group, status=Meeting.Status.DRAFT, starts_at=timezone.now() + datetime.timedelta(days=10)
    )

    services.schedule_meeting(meeting=meeting)  # notice delivered by the worker after commit
    assert sink.wait_for(len(expected), timeout=30)
    assert sorted(sink.recipients()) == expected
    assert all(m["Subject"].startswith("Notice:") for m in sink.messages)
    assert all(
        part.get_content_type() == "text/calendar" for m in sink.messages for part in m.iter_attachments()
    )

    for offset in (datetime.timedelta(days=7), datetime.timedelta(days=1)):
        as_of = (meeting.starts_at - offset + datetime.timedelta(minutes=1)).isoformat()
        before = len(sink.messages)
        tasks.send_due_reminders.delay(as_of=as_of)
        tasks.send_due_reminders.delay(as_of=as_of)  # the scan runs twice
        assert sink.wait_for(before + len(expected), timeout=30)
        assert not sink.wait_for(before + len(expected) + 1, timeout=2)
        assert sorted(sink.recipients()[before:]) == expected

    tasks.send_due_reminders.delay()
    assert not sink.wait_for(3 * len(expected) + 1, timeout=2)
    subjects = [m["Subject"].split(":")[0] for m in sink.messages]
    assert subjects.count("Notice") == subjects.count("Reminder") / 2 == len(expected)
    assert sink.connections <= 5  # one SMTP connection per batch, not per message
    assert len({m["Message-ID"] for m in sink.messages}) == len(sink.messages)


def test_delivery_queries_do_not_grow_with_each_recipient(group):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def scan_queries(number, delegates_per_state) -> int:
        make_delegations(group, states=2, per_state=delegates_per_state)
        meeting = make_meeting(group, number=number, starts_at=timezone.now() + datetime.timedelta(days=3))
        with CaptureQueriesContext(connection) as captured:
            sent = tasks.send_due_reminders.apply().get()
        meeting.status = "cancelled"
        meeting.save()
        return len(captured), sent

    few, few_sent = scan_queries(1, 2)
    many, many_sent = scan_queries(2, 8)  # four times the recipients (the first meeting's too)
    # Each mail costs exactly one statement, which marks the mail just accepted sent and checks
    # and renews the claim of the next before it is sent (so a crash can repeat at most one
    # mail); rendering does not grow per recipient.
    assert many_sent > few_sent
    assert many - few == many_sent - few_sent
