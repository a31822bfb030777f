"""A renderer for the outbox tests: kind `tests.members.greeting` is rendered here."""

from django.core.mail import EmailMessage

KIND = "tests.members.greeting"
SKIP_EMAILS: set[str] = set()


def render_outbox(messages):
    return [
        None
        if message.recipient.email in SKIP_EMAILS
        else EmailMessage(subject=f"Hello {message.subject_key}", body="Hi", to=[message.recipient.email])
        for message in messages
    ]
