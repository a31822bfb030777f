"""Staff's undelivered-mail page and its resend action."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members import services
from members.models import OutboxMessage
from tests.factories import UserFactory
from tests.members import notifications as greeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def owed(db):
    people = [UserFactory(email=f"owed{n}@example.org") for n in range(3)]
    services.enqueue(kind=greeting.KIND, subject_key="meeting:1", recipients=people)
    failed, retrying, sent = OutboxMessage.objects.order_by("pk")
    OutboxMessage.objects.filter(pk=failed.pk).update(
        status="failed", attempts=40, last_error="SMTPConnectError(421)"
    )
    OutboxMessage.objects.filter(pk=retrying.pk).update(
        attempts=2, next_attempt_at=timezone.now() + datetime.timedelta(minutes=2), last_error="refused"
    )
    OutboxMessage.objects.filter(pk=sent.pk).update(status="sent", attempts=1)
    return failed, retrying, sent


def test_staff_see_failed_and_retrying_mail_with_its_error(
    secretariat_client, owed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        response = secretariat_client.get(reverse("members:undelivered_mail"))
    content = response.content.decode()
    assert "owed0@example.org" in content and "owed1@example.org" in content
    assert "owed2@example.org" not in content
    assert "SMTPConnectError(421)" in content


def test_a_delegate_may_not_see_undelivered_mail(delegate_us_client, owed):
    assert delegate_us_client.get(reverse("members:undelivered_mail")).status_code == 403


def test_resend_puts_the_chosen_messages_back_in_the_queue(
    secretariat_client, owed, django_capture_on_commit_callbacks
):
    failed, retrying, _sent = owed
    with django_capture_on_commit_callbacks():
        response = secretariat_client.post(reverse("members:resend_mail"), {"messages_chosen": [failed.pk]})

    assert response.status_code == 302
    failed.refresh_from_db()
    retrying.refresh_from_db()
    assert (failed.status, failed.next_attempt_at) == ("pending", None)
    assert retrying.next_attempt_at is not None  # not chosen, left to its own retry


def test_resend_with_nothing_chosen_says_so_and_changes_nothing(secretariat_client, owed):
    response = secretariat_client.post(reverse("members:resend_mail"), {}, follow=True)

    assert "Choose at least one message to send again." in response.content.decode()
    assert OutboxMessage.objects.filter(status="failed").count() == 1


def test_a_delegate_may_not_resend_mail(delegate_us_client, owed):
    response = delegate_us_client.post(reverse("members:resend_mail"), {"everything": "on"})

    assert response.status_code == 403
    assert OutboxMessage.objects.filter(status="failed").count() == 1
