"""Visitors subscribe to a group's press releases by email: double opt-in, one-click unsubscribe."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from members.models import OutboxMessage
from members.subscriptions import PublicSubscriber
from press import notifications, public_subscriptions
from tests.emails import CALLER, LANGUAGES, assert_reads_in
from tests.press.helpers import published_release

pytestmark = pytest.mark.django_db

ADDRESS = "reader@example.org"
# The form: the group and the session; the request: the subscriber, the outbox row, its sending.
GET_QUERIES = 2
POST_QUERIES = 21
LINK = re.compile(r"https?://\S+/(?:subscriptions/confirm|unsubscribe)/[^/\s]+/")


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def subscribe(client, group, address=ADDRESS, language="en"):
    return client.post(
        reverse("press:subscribe", kwargs={"slug": group.slug}), {"email": address, "language": language}
    )


def link_in(email, kind):
    return next(url for url in LINK.findall(email.body) if f"/{kind}/" in url)


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def confirmed(client, group, address=ADDRESS, language="en"):
    subscribe(client, group, address, language)
    url = link_in(emails_to(address)[-1], "confirm")
    client.post(path_of(url))
    return PublicSubscriber.objects.get(email=address)


def test_the_form_sends_only_a_confirmation_and_nothing_until_it_is_followed(client, group):
    response = subscribe(client, group)

    assert response.status_code == 302
    [email] = emails_to(ADDRESS)
    assert "Confirm" in email.subject
    subscriber = PublicSubscriber.objects.get(email=ADDRESS)
    assert subscriber.confirmed_at is None
    published_release(group)
    assert not OutboxMessage.objects.filter(kind=notifications.PUBLISHED_PUBLIC).exists()


def test_the_confirmation_link_shows_a_button_and_the_post_confirms_once(client, group):
    subscribe(client, group)
    path = path_of(link_in(emails_to(ADDRESS)[0], "confirm"))

    page = client.get(path)
    assert page.status_code == 200 and b"<form" in page.content
    assert PublicSubscriber.objects.get().confirmed_at is None  # a link scanner confirms nothing
    assert client.post(path).status_code == 200
    assert PublicSubscriber.objects.get().is_active
    again = client.post(path)
    assert again.status_code == 400
    assert b"already been used" in again.content


def test_a_forged_confirmation_or_unsubscribe_token_gives_a_plain_page(client):
    for name in ("members:confirm_subscription", "members:unsubscribe"):
        for token in ("forged", "eyJ1IjoxfQ:1abc:xyz", "x" * 300):
            response = client.post(reverse(name, kwargs={"token": token}))
            assert response.status_code == 400
            assert client.get(reverse(name, kwargs={"token": token})).status_code == 400


def test_subscribing_an_address_again_says_the_same_and_sends_nothing_once_confirmed(client, group):
    confirmed(client, group)
    mail.outbox.clear()

    response = subscribe(client, group)
    page = client.get(response.url)

    assert emails_to(ADDRESS) == []
    assert "If this address is not subscribed yet" in page.content.decode()
    fresh = subscribe(client, group, "someone.else@example.org")
    assert fresh.status_code == response.status_code == 302


def test_asking_twice_within_the_hour_sends_one_confirmation(client, group):
    subscribe(client, group)
    subscribe(client, group)

    assert len(emails_to(ADDRESS)) == 1


def test_the_form_is_rate_limited_per_visitor(client, group, settings):
    for number in range(public_subscriptions.REQUESTS_PER_HOUR):
        assert subscribe(client, group, f"r{number}@example.org").status_code == 302

    response = subscribe(client, group, "one.more@example.org")

    assert response.status_code == 429
    assert not PublicSubscriber.objects.filter(email="one.more@example.org").exists()


def test_a_bad_address_is_refused_with_a_message(client, group):
    response = subscribe(client, group, "not an address")

    assert response.status_code == 400
    assert not PublicSubscriber.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_published_release_reaches_confirmed_subscribers_once_in_their_language(
    language, client, group, django_capture_on_commit_callbacks
):
    subscriber = confirmed(client, group, language=language)
    mail.outbox.clear()

    with translation.override(CALLER[language]), django_capture_on_commit_callbacks(execute=True):
        first = published_release(group, language=language, title=f"Release in {language}")
    with django_capture_on_commit_callbacks(execute=True):
        published_release(group, language="fr" if language != "fr" else "es", source=first)

    [email] = emails_to(ADDRESS)
    assert_reads_in(email, language, name=None, date=None)
    assert OutboxMessage.objects.get(kind=notifications.PUBLISHED_PUBLIC).subscriber == subscriber
    headers = email.message()
    unsubscribe = headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and f"/{language}/unsubscribe/" in unsubscribe
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_confirmation_email_reads_in_the_chosen_language(language, client, group):
    with translation.override(CALLER[language]):
        subscribe(client, group, language=language)

    [email] = emails_to(ADDRESS)
    assert_reads_in(email, language, name=None, date=None)
    assert "List-Unsubscribe" not in email.message()


def test_one_click_unsubscribe_works_without_login_or_csrf_and_only_once(
    group, django_capture_on_commit_callbacks
):
    from django.test import Client

    browser = Client()
    confirmed(browser, group)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published_release(group)
    header = emails_to(ADDRESS)[0].message()["List-Unsubscribe"].strip("<>")

    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(path_of(header), {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert not PublicSubscriber.objects.get().is_active
    assert mail_client.post(path_of(header)).status_code == 400
    assert mail_client.get(path_of(header)).status_code == 400
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        published_release(group, title="Another")
    assert emails_to(ADDRESS) == []


def test_the_subscribe_form_runs_a_fixed_number_of_queries_however_many_subscribe(
    client, group, django_assert_num_queries
):
    from django.utils.timezone import now

    url = reverse("press:subscribe", kwargs={"slug": group.slug})

    def measure(address):
        client.get(url)  # shows (and so clears) the last answer's message
        with django_assert_num_queries(GET_QUERIES):
            assert client.get(url).status_code == 200
        with django_assert_num_queries(POST_QUERIES):  # a new address: its confirmation, sent at once
            assert subscribe(client, group, address).status_code == 302
        assert len(emails_to(address)) == 1

    subscribe(client, group, "warm-up@example.org")  # the visitor's session exists from now on
    measure("first@example.org")
    PublicSubscriber.objects.bulk_create(
        PublicSubscriber(email=f"reader{n}@example.org", group_id=group.pk, nonce=f"n{n}", confirmed_at=now())
        for n in range(20)
    )
    measure("late@example.org")
