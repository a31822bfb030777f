"""One-click unsubscribe for delegates and staff: a signed link per group and kind, and per digest."""

import pytest
from django.test import Client
from django.urls import reverse

from members import unsubscribe
from members.subscriptions import Subscription

pytestmark = pytest.mark.django_db


def url(token):
    return reverse("members:unsubscribe", kwargs={"token": token})


def test_one_click_post_without_login_or_csrf_sets_that_group_and_kind_to_never(delegate_us, group):
    token = unsubscribe.user_token(user_id=delegate_us.pk, group_id=group.pk, kind=Subscription.Kind.PAPERS)
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(url(token), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    row = Subscription.objects.get(user=delegate_us, group_id=group.pk, kind=Subscription.Kind.PAPERS)
    assert row.choice == Subscription.Choice.NONE
    assert Subscription.objects.filter(user=delegate_us).count() == 1  # nothing else changed


def test_following_the_link_shows_a_button_then_twice_a_clear_page(client, delegate_us, group):
    token = unsubscribe.user_token(user_id=delegate_us.pk, group_id=group.pk, kind=Subscription.Kind.MINUTES)

    page = client.get(url(token))
    assert page.status_code == 200 and b'method="post"' in page.content
    assert not Subscription.objects.exists()  # a link scanner changes nothing
    assert client.post(url(token)).status_code == 200
    again = client.post(url(token))
    assert again.status_code == 400
    assert b"already been used" in again.content
    assert delegate_us.email.encode() not in again.content
    assert client.get(url(token)).status_code == 400


def test_a_tampered_token_changes_nothing(client, delegate_us, group):
    token = unsubscribe.user_token(user_id=delegate_us.pk, group_id=group.pk, kind=Subscription.Kind.PAPERS)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")

    assert client.post(url(forged)).status_code == 400
    assert not Subscription.objects.exists()


def test_a_digest_link_ends_each_group_and_kind_it_reported(client, secretariat, group):
    token = unsubscribe.digest_token(
        user_id=secretariat.pk,
        pairs=[(group.pk, Subscription.Kind.PRESS), (group.pk, Subscription.Kind.PAPERS)],
    )

    assert client.post(url(token)).status_code == 200

    assert set(Subscription.objects.filter(user=secretariat).values_list("kind", "choice")) == {
        (Subscription.Kind.PRESS, Subscription.Choice.NONE),
        (Subscription.Kind.PAPERS, Subscription.Choice.NONE),
    }
    assert client.post(url(token)).status_code == 400


def test_a_digest_with_nothing_left_to_tell_is_not_sent(
    secretariat, group, django_capture_on_commit_callbacks
):
    from django.core import mail

    from members import digest
    from members import services as outbox

    digest.notify_subscribers(
        users=[secretariat],
        group_id=group.pk,
        topic=Subscription.Kind.PRESS,
        kind="press.published",
        subject_key="pressset:1",
    )
    # The release does not exist: the digest has nothing to say and is not sent.
    digest.send_digests()
    outbox.deliver_pending()
    assert mail.outbox == []


def test_a_link_for_a_deleted_person_gives_the_plain_page(client, delegate_us, group):
    token = unsubscribe.user_token(user_id=delegate_us.pk, group_id=group.pk, kind=Subscription.Kind.PAPERS)
    delegate_us.delete()

    assert client.post(url(token)).status_code == 400
    assert not Subscription.objects.exists()
