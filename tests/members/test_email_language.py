"""Every email says which language it is written in (Content-Language): our emails are plain text."""

import pytest
from django.core import mail

from members import accreditation_mail
from members.notifications import build_email, mark_language

pytestmark = pytest.mark.django_db


def test_a_notification_carries_the_recipients_language(delegate_br):
    delegate_br.preferred_language = "pt"
    message = build_email(user=delegate_br, template="members/email/digest", context={"entries": []})
    assert message.extra_headers["Content-Language"] == "pt"
    assert message.message()["Content-Language"] == "pt"


def test_a_header_already_set_is_kept():
    message = mail.EmailMessage(
        subject="x", body="y", to=["a@example.org"], headers={"Content-Language": "fr"}
    )
    assert mark_language(message, "es").extra_headers["Content-Language"] == "fr"


def test_account_emails_carry_the_language_they_are_written_in(client, delegate_us, mailoutbox):
    delegate_us.preferred_language = "es"
    delegate_us.save(update_fields=["preferred_language"])
    client.post("/en/accounts/password/reset/", {"email": delegate_us.email})
    assert mailoutbox, "no password-reset email"
    assert mailoutbox[-1].extra_headers["Content-Language"] == "es"


def test_accreditation_mail_marks_its_language(mailoutbox, monkeypatch):
    monkeypatch.setattr(accreditation_mail, "render_parts", lambda **kwargs: ("Invitation", "Bonjour", None))
    accreditation_mail._send(
        to="someone@example.org",
        language="fr",
        template="members/email/invitation",
        context={"invitation": None},
    )
    assert mailoutbox[-1].extra_headers["Content-Language"] == "fr"
