"""The staff page of sent mail: kind, recipient, group, event, status; filtered by group and kind."""

import pytest
from django.urls import reverse

from members import services as outbox
from members.models import OutboxMessage
from members.subscriptions import PublicSubscriber
from tests.factories import WorkingGroupFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(group, delegate_us, secretariat):
    other = WorkingGroupFactory(slug="other-group")
    outbox.enqueue(
        kind="press.published", subject_key="pressset:1", recipients=[delegate_us], group_id=group.pk
    )
    outbox.enqueue(
        kind="meetings.paper_posted", subject_key="meeting:9", recipients=[secretariat], group_id=other.pk
    )
    visitor = PublicSubscriber.objects.create(email="reader@example.org", group_id=group.pk, nonce="n")
    outbox.enqueue(
        kind="press.published_public",
        subject_key="pressset:1",
        recipients=[visitor],
        group_id=group.pk,
        field="subscriber",
    )
    OutboxMessage.objects.filter(kind="press.published").update(status=OutboxMessage.Status.SENT)
    return other


def test_staff_see_kind_recipient_group_event_and_status(secretariat_client, rows, delegate_us, group):
    page = secretariat_client.get(reverse("groups:sent_mail")).content.decode()

    for shown in (
        "press.published",
        delegate_us.email,
        "reader@example.org",
        group.name,
        "pressset:1",
        "Sent",
    ):
        assert shown in page


def test_filters_by_group_and_kind(secretariat_client, rows, delegate_us, secretariat, group):
    url = reverse("groups:sent_mail")

    by_group = secretariat_client.get(url, {"group": group.pk}).content.decode()
    by_kind = secretariat_client.get(url, {"kind": "meetings.paper_posted"}).content.decode()

    assert delegate_us.email in by_group and "reader@example.org" in by_group
    assert "meeting:9" not in by_group
    assert "meeting:9" in by_kind and delegate_us.email not in by_kind


def test_filters_out_of_range_are_ignored_not_a_500(secretariat_client, rows):
    response = secretariat_client.get(
        reverse("groups:sent_mail"), {"group": "x'; --", "kind": "<b>", "page": "1"}
    )

    assert response.status_code == 200


def test_a_delegate_may_not_see_who_was_mailed(delegate_us_client, rows):
    assert delegate_us_client.get(reverse("groups:sent_mail")).status_code == 403


def test_the_page_costs_a_fixed_number_of_queries(secretariat_client, rows, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        secretariat_client.get(reverse("groups:sent_mail"))
