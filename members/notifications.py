"""Email rendered in each recipient's own language."""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import translation


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language`."""
    with translation.override(language):
        full_context = {"site_url": settings.SITE_URL, **context}
        subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
        body = render_to_string(f"{template}_body.txt", full_context)
    return subject, body


def build_email(*, user, template: str, context: dict, attachments: Iterable = ()) -> EmailMultiAlternatives:
    subject, body = render_email(
        template=template, context={"recipient": user, **context}, language=user.preferred_language
    )
    message = EmailMultiAlternatives(subject=subject, body=body, to=[user.email])
    for attachment in attachments:
        message.attach(*attachment)
    return message


def send_to_users(*, users: Iterable, template: str, context: dict) -> int:
    messages = [build_email(user=user, template=template, context=context) for user in users]
    if not messages:
        return 0
    # One connection for the whole batch: opening one per message is several times slower.
    with mailers.default as connection:
        return connection.send_messages(messages)
