"""Meeting notices follow each person's choice for the group's meetings: at once, digest or never."""

import datetime

import pytest
from django.core import mail

from meetings import services
from meetings.models import Meeting
from members import digest
from members import services as outbox
from members.subscriptions import Subscription
from tests.meetings.delivery_fixtures import make_meeting

pytestmark = pytest.mark.django_db
SOON = datetime.timedelta(days=20)


def choose(user, group, choice):
    Subscription.objects.create(user=user, group_id=group.pk, kind=Subscription.Kind.MEETINGS, choice=choice)


def to(user):
    return [message for message in mail.outbox if message.to == [user.email]]


def test_never_means_no_notice_and_no_cancellation(
    group, delegate_us, delegate_br, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    choose(delegate_us, group, Subscription.Choice.NONE)
    meeting = make_meeting(group, starts_at=timezone.now() + SOON, status=Meeting.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_meeting(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, reason="The hall is closed.")

    assert to(delegate_us) == []
    assert len(to(delegate_br)) == 2  # the default for meetings is at once


def test_digest_means_the_notice_comes_in_the_daily_digest(
    group, delegate_us, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    choose(delegate_us, group, Subscription.Choice.DIGEST)
    meeting = make_meeting(group, number=4, starts_at=timezone.now() + SOON, status=Meeting.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.schedule_meeting(meeting=meeting)
    assert to(delegate_us) == []

    digest.send_digests(now=timezone.now() + datetime.timedelta(minutes=1))
    outbox.deliver_pending()

    [email] = to(delegate_us)
    assert "Meeting convened: the fourth meeting of the" in email.body
    assert f"/en/meetings/{meeting.pk}/" in email.body
    assert "/en/unsubscribe/" in email.message()["List-Unsubscribe"]


def test_minutes_larger_than_the_limit_are_linked_not_attached(
    group, secretariat, delegate_us, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from meetings.minutes import services as minutes_services

    settings.PLENARY_EMAIL_ATTACHMENT_MAX_BYTES = 100  # any real PDF is larger
    meeting = make_meeting(group, number=5, starts_at=timezone.now() - SOON, status="held")
    minutes = minutes_services.start_minutes(meeting=meeting)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.circulate_minutes(
            minutes=minutes, corrections_until=timezone.localdate() + SOON, by=secretariat
        )

    [email] = to(delegate_us)
    assert email.attachments == []
    assert f"/en/meetings/{meeting.pk}/minutes.pdf" in email.body
