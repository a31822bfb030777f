"""A published press release reaches the group's subscribers once, in their language."""

import pytest
from django.core import mail
from django.utils import translation

from members.models import OutboxMessage
from members.subscriptions import Subscription
from press import notifications
from tests.emails import CALLER, LANGUAGES, assert_reads_in, the_only_email_to
from tests.press.helpers import published_release

pytestmark = pytest.mark.django_db


def published(group, language, capture):
    with capture(execute=True):
        return published_release(group, language=language, title=f"Release in {language}")


def public_release(group, language, capture):
    """Caused and read in every language by test_public_subscriptions (a confirmed visitor)."""


def confirmation(group, language, capture):
    """Caused and read in every language by test_public_subscriptions (the double opt-in form)."""


CAUSE = {
    notifications.PUBLISHED: published,
    notifications.PUBLISHED_PUBLIC: public_release,
    notifications.CONFIRM: confirmation,
}


@pytest.fixture
def wants_press_at_once(group, delegate_us):
    # A delegate hears of press releases only if they ask (the default is never).
    return Subscription.objects.create(
        user=delegate_us,
        group_id=group.pk,
        kind=Subscription.Kind.PRESS,
        choice=Subscription.Choice.IMMEDIATE,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_published_release_email_reads_in_the_recipients_language(
    language, group, delegate_us, wants_press_at_once, django_capture_on_commit_callbacks
):
    delegate_us.preferred_language = language
    delegate_us.save()

    with translation.override(CALLER[language]):
        CAUSE[notifications.PUBLISHED](group, language, django_capture_on_commit_callbacks)

    email = the_only_email_to(delegate_us)
    assert_reads_in(email, language, name="Bob Delegate", date=None)
    assert f"Release in {language}" in email.subject


def test_a_second_language_version_does_not_email_the_subscriber_again(
    group, delegate_us, wants_press_at_once, django_capture_on_commit_callbacks
):
    english = published(group, "en", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        published_release(group, language="es", source=english)

    assert len([m for m in mail.outbox if m.to == [delegate_us.email]]) == 1
    assert OutboxMessage.objects.filter(kind=notifications.PUBLISHED, recipient=delegate_us).count() == 1


def test_a_delegate_who_chose_nothing_is_not_emailed_and_staff_get_it_in_the_digest(
    group, delegate_us, secretariat, django_capture_on_commit_callbacks
):
    release = published(group, "en", django_capture_on_commit_callbacks)

    assert [m for m in mail.outbox if m.to == [delegate_us.email]] == []
    assert [m for m in mail.outbox if m.to == [secretariat.email]] == []
    assert secretariat.digest_items.get().subject_key == notifications.subject_key(release.release_set_id)
    assert not delegate_us.digest_items.exists()
