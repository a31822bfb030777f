"""Account emails (allauth) read in the recipient's language, links included.

allauth builds its links in the language of the page that caused the email; the adapter
gives them, and the text, the language of the person who receives it.
"""

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from members.models import User
from tests.emails import CALLER, LANGUAGES, assert_reads_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-pass-phrase-9"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def post_in(client, language, url_name, data):
    with translation.override(language):
        url = reverse(url_name)
    return client.post(url, data)


def signup(client, language):
    """A newcomer signs up on the pages of `language`: that is the language they read."""
    post_in(
        client,
        language,
        "account_signup",
        {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert User.objects.get(email="new@example.org").preferred_language == language
    return "new@example.org"


def password_reset(client, language):
    UserFactory(email="ana@example.org", preferred_language=language)
    post_in(client, CALLER[language], "account_reset_password", {"email": "ana@example.org"})
    return "ana@example.org"


def account_already_exists(client, language):
    UserFactory(email="ana@example.org", preferred_language=language)
    post_in(
        client,
        CALLER[language],
        "account_signup",
        {"email": "ana@example.org", "password1": PASSWORD, "password2": PASSWORD},
    )
    return "ana@example.org"


def unknown_account(client, language):
    """Nobody has this address: the only language known is the page's."""
    post_in(client, language, "account_reset_password", {"email": "nobody@example.org"})
    return "nobody@example.org"


def email_confirmation(client, language):
    user = UserFactory(email="ana@example.org", preferred_language=language)
    client.force_login(user)
    post_in(client, CALLER[language], "account_email", {"action_add": "", "email": "ana@second.example"})
    return "ana@second.example"


# allauth's template of each account email the product sends, and how it is caused.
CAUSE = {
    "account/email/email_confirmation_signup": signup,
    "account/email/password_reset_key": password_reset,
    "account/email/account_already_exists": account_already_exists,
    "account/email/unknown_account": unknown_account,
    "account/email/email_confirmation": email_confirmation,
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", CAUSE)
def test_account_email_reads_in_the_recipients_language(template, language, client, monkeypatch):
    from members.adapters import AccountAdapter

    sent = []
    original = AccountAdapter.render_mail

    def render_mail(self, template_prefix, email, context, headers=None):
        sent.append(template_prefix)
        return original(self, template_prefix, email, context, headers)

    monkeypatch.setattr(AccountAdapter, "render_mail", render_mail)

    address = CAUSE[template](client, language)

    assert sent == [template]
    (email,) = [message for message in mail.outbox if message.to == [address]]
    assert_reads_in(email, language, name=None, date=None)
    with translation.override(language):
        greeting = translation.gettext("Hello from %(site_name)s!") % {"site_name": ""}
    with translation.override("en"):
        english = translation.gettext("Hello from %(site_name)s!") % {"site_name": ""}
    assert greeting.split()[0] in email.body
    assert (greeting != english) == (language != "en")
