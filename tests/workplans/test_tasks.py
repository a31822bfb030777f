import datetime

from django.core import mail
from django.utils import timezone

from members.models import OutboxMessage
from tests.factories import DelegateFactory
from tests.workplans.conftest import comment_on, make_round
from workplans import notifications
from workplans.models import CommentRound, MatrixExport, RoundNotice
from workplans.services import rounds as round_services
from workplans.tasks import exports as export_tasks
from workplans.tasks import rounds as round_tasks


def run_scan(capture, now=None):
    with capture(execute=True):
        round_services.queue_due_notices(now=now)
        return round_tasks.send_due_round_reminders.apply().get()


def test_round_opened_notice_goes_to_every_delegate_of_the_group(
    version, secretariat, delegate_us, delegate_br, delegate_of_non_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_round(version, secretariat)
    opened = [m for m in mail.outbox if "Comments invited" in m.subject]
    assert sorted(m.to[0] for m in opened) == sorted([delegate_us.email, delegate_br.email])
    assert "America/New_York" in opened[0].body


def test_future_round_is_announced_when_it_opens(
    version, secretariat, delegate_us, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        comment_round = make_round(
            version,
            secretariat,
            opens=now + datetime.timedelta(hours=1),
            closes=now + datetime.timedelta(days=20),
        )
    run_scan(django_capture_on_commit_callbacks)
    assert mail.outbox == []
    # The opening time comes.
    CommentRound.objects.filter(pk=comment_round.pk).update(opens_at=now - datetime.timedelta(minutes=1))
    run_scan(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox if "Comments invited" in m.subject] == [[delegate_us.email]]


def test_reminder_at_two_days_only_to_states_not_heard_from(
    version, secretariat, delegate_us, delegate_br, paragraph, django_capture_on_commit_callbacks
):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        comment_round = make_round(
            version,
            secretariat,
            opens=now - datetime.timedelta(days=10),
            closes=now + datetime.timedelta(days=1),
        )
    comment_on(comment_round, delegate_us, paragraph)
    mail.outbox.clear()
    run_scan(django_capture_on_commit_callbacks)
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminders] == [[delegate_br.email]]
    # Only the nearest due reminder goes out, not the stale 7-day one as well.
    assert RoundNotice.objects.filter(kind=RoundNotice.Kind.REMINDER).count() == 1
    assert RoundNotice.objects.get(kind=RoundNotice.Kind.REMINDER).key.startswith("before-2d")


def test_reminder_respects_preference(
    version, secretariat, delegate_br, br, django_capture_on_commit_callbacks
):
    quiet = DelegateFactory(member_state=br).user
    quiet.receives_reminders = False
    quiet.save()
    now = timezone.now()
    make_round(
        version, secretariat, opens=now - datetime.timedelta(days=10), closes=now + datetime.timedelta(days=1)
    )
    mail.outbox.clear()
    run_scan(django_capture_on_commit_callbacks)
    reminded = {m.to[0] for m in mail.outbox if "Reminder" in m.subject}
    assert delegate_br.email in reminded and quiet.email not in reminded


def test_scan_is_idempotent(version, secretariat, delegate_us, django_capture_on_commit_callbacks):
    now = timezone.now()
    make_round(
        version, secretariat, opens=now - datetime.timedelta(days=10), closes=now + datetime.timedelta(days=5)
    )
    run_scan(django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    assert sent > 0
    run_scan(django_capture_on_commit_callbacks)
    run_scan(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == sent


def test_each_notice_is_delivered_once_however_often_delivery_runs(
    version, secretariat, delegate_us, django_capture_on_commit_callbacks
):
    make_round(version, secretariat)  # its opening notice waits in the outbox (no commit callbacks here)
    assert OutboxMessage.objects.filter(kind="workplans.opened").count() == 1
    round_tasks.deliver_round_mail.apply()
    round_tasks.deliver_round_mail.apply()
    round_tasks.send_due_round_reminders.apply()
    assert [m.to for m in mail.outbox] == [[delegate_us.email]]
    assert OutboxMessage.objects.get(kind="workplans.opened").status == OutboxMessage.Status.SENT


def test_reminder_dropped_when_the_state_comments_before_delivery(
    version, secretariat, delegate_us, paragraph
):
    now = timezone.now()
    comment_round = make_round(
        version, secretariat, opens=now - datetime.timedelta(days=10), closes=now + datetime.timedelta(days=1)
    )
    round_services.queue_due_notices()
    assert OutboxMessage.objects.filter(kind="workplans.reminder").count() == 1
    comment_on(comment_round, delegate_us, paragraph)
    mail.outbox.clear()
    round_tasks.deliver_round_mail.apply()
    assert not [m for m in mail.outbox if "Reminder" in m.subject]
    assert OutboxMessage.objects.get(kind="workplans.reminder").status == OutboxMessage.Status.SKIPPED


def test_superseded_extension_notice_is_not_sent(comment_round, secretariat, delegate_us):
    first = comment_round.closes_at + datetime.timedelta(days=1)
    round_services.extend_round(comment_round=comment_round, closes_at=first, by=secretariat)
    round_services.extend_round(
        comment_round=comment_round, closes_at=first + datetime.timedelta(days=1), by=secretariat
    )
    mail.outbox.clear()
    round_tasks.deliver_round_mail.apply()
    extended = [m for m in mail.outbox if "extended" in m.subject]
    assert len(extended) == 1


def test_closed_round_sends_no_reminders(
    version, secretariat, delegate_us, django_capture_on_commit_callbacks
):
    now = timezone.now()
    comment_round = make_round(
        version,
        secretariat,
        opens=now - datetime.timedelta(days=10),
        closes=now + datetime.timedelta(hours=1),
    )
    type(comment_round).objects.filter(pk=comment_round.pk).update(
        closes_at=now - datetime.timedelta(hours=1)
    )
    RoundNotice.objects.all().delete()
    mail.outbox.clear()
    run_scan(django_capture_on_commit_callbacks)
    # No reminder nor opening notice; the only email is the closing told to subscribers (issue 12).
    assert not OutboxMessage.objects.filter(kind=notifications.REMINDER).exists()
    assert {m.subject for m in mail.outbox} == {f"Comment round closed: {version.plan.title}"}
    assert not RoundNotice.objects.exists()


def test_matrix_pdf_task_renders_landscape_tagged_pdf(comment_round, paragraph, delegate_us, secretariat):
    import io

    from pypdf import PdfReader

    comment_on(comment_round, delegate_us, paragraph, kind="amendment", proposed_text="A better text")
    export = MatrixExport.objects.create(round=comment_round, requested_by=secretariat)
    assert export_tasks.render_matrix_pdf.apply(args=[str(export.pk)]).get() == "ready"
    export.refresh_from_db()
    reader = PdfReader(io.BytesIO(export.file.read()))
    box = reader.pages[0].mediabox
    assert box.width > box.height  # landscape
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)
    assert "A better text" in reader.pages[0].extract_text() or "better" in reader.pages[0].extract_text()
    # Running it again does nothing.
    assert export_tasks.render_matrix_pdf.apply(args=[str(export.pk)]).get() == "skipped"


def test_the_beat_scan_renders_an_export_whose_task_was_lost_and_gives_up_after_an_hour(
    comment_round, secretariat
):
    now = timezone.now()
    fresh = MatrixExport.objects.create(round=comment_round, requested_by=secretariat)
    lost = MatrixExport.objects.create(
        round=comment_round, requested_by=secretariat, created_at=now - datetime.timedelta(minutes=3)
    )
    hopeless = MatrixExport.objects.create(
        round=comment_round, requested_by=secretariat, created_at=now - datetime.timedelta(hours=2)
    )

    assert export_tasks.render_stalled_exports.apply().get() == 1

    statuses = {e.pk: e.status for e in MatrixExport.objects.all()}
    assert statuses == {fresh.pk: "pending", lost.pk: "ready", hopeless.pk: "failed"}


def test_the_scan_leaves_an_export_a_live_worker_renders_and_takes_up_a_dead_worker_s(
    comment_round, secretariat
):
    from workplans.services import exports as export_services

    now = timezone.now()
    old = now - datetime.timedelta(minutes=5)
    live = MatrixExport.objects.create(
        round=comment_round, requested_by=secretariat, created_at=old, started_at=now
    )
    dead = MatrixExport.objects.create(
        round=comment_round,
        requested_by=secretariat,
        created_at=old,
        started_at=now - datetime.timedelta(minutes=3),
    )

    assert export_tasks.render_stalled_exports.apply().get() == 1

    statuses = {e.pk: e.status for e in MatrixExport.objects.all()}
    assert statuses == {live.pk: "pending", dead.pk: "ready"}
    assert (
        export_tasks.render_matrix_pdf.apply(args=[str(live.pk)]).get() == "skipped"
    )  # a redelivered task too
    assert export_services.claim(live.pk, now=now + datetime.timedelta(minutes=3)) is True
    assert export_services.claim(live.pk, now=now + datetime.timedelta(minutes=3)) is False  # one of two wins
