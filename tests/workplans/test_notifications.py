"""Every comment-round email, in each of the four languages, reads wholly in its recipient's language."""

import datetime

import pytest
from django.core import mail
from django.utils import translation

from tests.emails import CALLER, DATE, LANGUAGES, assert_reads_in, the_only_email_to
from tests.workplans.conftest import make_round
from workplans import notifications
from workplans.services import rounds as round_services
from workplans.tasks import rounds as round_tasks

TENTH = datetime.datetime(2099, 12, 10, 15, tzinfo=datetime.UTC)  # 10 a.m. in New York


def opened(version, secretariat, capture):
    with capture(execute=True):
        make_round(version, secretariat, closes=TENTH)


def extended(version, secretariat, capture):
    with capture(execute=True):
        comment_round = make_round(version, secretariat, closes=TENTH - datetime.timedelta(days=7))
    mail.outbox.clear()
    with capture(execute=True):
        round_services.extend_round(comment_round=comment_round, closes_at=TENTH, by=secretariat)


def reminder(version, secretariat, capture):
    with capture(execute=True):
        make_round(version, secretariat, closes=TENTH, reminder_days=[2])
    mail.outbox.clear()
    with capture(execute=True):
        round_services.queue_due_notices(
            now=TENTH - datetime.timedelta(days=2) + datetime.timedelta(minutes=1)
        )
    round_tasks.send_due_round_reminders.apply().get()


def plan_adopted(version, secretariat, capture):
    from tests.meetings.delivery_fixtures import make_meeting
    from workplans.services import plans as plan_services

    meeting = make_meeting(version.plan.group, number=7, starts_at=TENTH, status="held")
    with capture(execute=True):
        plan_services.adopt_plan(
            plan=version.plan, version=version, meeting=meeting, decision_text="Adopted.", by=secretariat
        )


def closed(version, secretariat, capture):
    from unittest import mock

    with capture(execute=True):
        make_round(version, secretariat, closes=TENTH)
    mail.outbox.clear()
    # The minute scan after the deadline tells the subscribers; the clock is moved past it.
    after = TENTH + datetime.timedelta(minutes=1)
    with mock.patch("django.utils.timezone.now", return_value=after), capture(execute=True):
        round_tasks.send_due_round_reminders.apply().get()


CAUSE = {
    notifications.CLOSED: closed,
    notifications.OPENED: opened,
    notifications.EXTENDED: extended,
    notifications.REMINDER: reminder,
    notifications.PLAN_ADOPTED: plan_adopted,
}


def test_every_kind_of_round_email_is_covered():
    assert set(CAUSE) == set(notifications.KINDS) == set(notifications.TEMPLATES)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", notifications.KINDS)
def test_round_email_reads_in_the_recipients_language(
    kind, language, version, secretariat, delegate_us, django_capture_on_commit_callbacks
):
    delegate_us.preferred_language = language
    delegate_us.save()

    with translation.override(CALLER[language]):
        CAUSE[kind](version, secretariat, django_capture_on_commit_callbacks)

    email = the_only_email_to(delegate_us)
    zone = None if kind == notifications.PLAN_ADOPTED else "(America/New_York, EST)"
    assert_reads_in(email, language, name="Bob Delegate", date=DATE, zone=zone)
    if kind in notifications.BY_CHOICE:
        sent = email.message()
        assert f"/{language}/unsubscribe/" in sent["List-Unsubscribe"]
        assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
