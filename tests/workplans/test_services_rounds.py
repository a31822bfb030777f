import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.workplans.conftest import comment_on, make_round
from workplans.models import RoundNotice, WorkPlan
from workplans.services import rounds as round_services


def test_opening_a_round_puts_plan_in_consultation(comment_round, draft_plan):
    draft_plan.refresh_from_db()
    assert draft_plan.status == WorkPlan.Status.CONSULTATION
    assert comment_round.is_open()
    assert comment_round.reminder_days == [7, 2]


def test_round_open_and_closed_from_the_clock(comment_round):
    now = timezone.now()
    assert comment_round.is_open(now)
    assert not comment_round.is_open(comment_round.closes_at)
    assert comment_round.is_closed(comment_round.closes_at + datetime.timedelta(seconds=1))
    assert not comment_round.is_open(comment_round.opens_at - datetime.timedelta(seconds=1))


def test_extend_reopens_and_tells_everyone(
    comment_round, secretariat, delegate_us, delegate_br, django_capture_on_commit_callbacks
):
    new_deadline = comment_round.closes_at + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        round_services.extend_round(comment_round=comment_round, closes_at=new_deadline, by=secretariat)
    comment_round.refresh_from_db()
    assert comment_round.closes_at == new_deadline
    notice = RoundNotice.objects.get(kind=RoundNotice.Kind.EXTENDED)
    assert notice.recipient_count == 2
    assert {m.to[0] for m in mail.outbox if "extended" in m.subject} == {delegate_us.email, delegate_br.email}


def test_extend_to_an_earlier_time_is_refused(comment_round, secretariat):
    with pytest.raises(ValidationError):
        round_services.extend_round(
            comment_round=comment_round, closes_at=comment_round.closes_at, by=secretariat
        )


def test_close_early_stops_comments(comment_round, secretariat, delegate_us):
    round_services.close_round_early(comment_round=comment_round, by=secretariat)
    comment_round.refresh_from_db()
    assert not comment_round.is_open()
    with pytest.raises(ValidationError):
        comment_on(comment_round, delegate_us)


def test_reminders_go_only_to_states_not_yet_heard_from(
    version, secretariat, delegate_us, delegate_br, paragraph, django_capture_on_commit_callbacks
):
    now = timezone.now()
    comment_round = make_round(
        version, secretariat, opens=now - datetime.timedelta(days=10), closes=now + datetime.timedelta(days=5)
    )
    comment_on(comment_round, delegate_br, paragraph)
    mail.outbox.clear()
    from workplans.tasks.rounds import send_due_round_reminders

    with django_capture_on_commit_callbacks(execute=True):
        send_due_round_reminders.apply()
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to for m in reminders] == [[delegate_us.email]]
    keys = set(RoundNotice.objects.values_list("key", flat=True))
    assert "opened" in keys and any(k.startswith("before-7d") for k in keys)
    # A second scan sends nothing more.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_due_round_reminders.apply()
    assert mail.outbox == []
