"""Email rendered in each recipient's own language, from the subject to the last link.

Everything a person reads is produced inside `translation.override(recipient.preferred_language)`:
the subject, the text body (and an HTML part when the kind has one), the dates and the links.
So a caller never passes a finished path: links are written in the templates
(`{{ site_url }}{% url 'meetings:detail' meeting.pk %}`, `{{ site_url }}{{ meeting.get_absolute_url }}`)
or passed as callables / lazy objects, which the template evaluates while the recipient's
language is active. A `reverse()` run by the caller would carry the language of whoever
caused the email (`/es/...` for a French delegate).
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template import Context, TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation
from django.utils.html import escape
from django.utils.module_loading import import_string

from .translated import language_of

# Members' own emails (accreditation), sent by accreditation_mail.py.
INVITATION = "invitation"
ACCREDITATION_CONFIRMED = "accreditation_confirmed"
ACCREDITATION_DECISION = "accreditation_decision"
# The daily digest of subscriptions (members.digest), delivered through the outbox.
DIGEST = "members.digest"
KINDS = (INVITATION, ACCREDITATION_CONFIRMED, ACCREDITATION_DECISION, DIGEST)
TEMPLATES = {kind: f"members/email/{kind.removeprefix('members.')}" for kind in KINDS}
# The line under every subscription email, in text and HTML.
UNSUBSCRIBE_FOOTER = "members/email/parts/unsubscribe"


def render_parts(*, template: str, context: dict, language: str) -> tuple[str, str, str | None]:
    """Subject, text body and, if `<template>_body.html` exists, the HTML body, all in `language`."""
    with translation.override(language):
        full_context = {"site_url": settings.SITE_URL, "language": language, **context}
        subject = " ".join(_render_text(f"{template}_subject.txt", full_context).split())
        body = _render_text(f"{template}_body.txt", full_context)
        try:
            html_template = get_template(f"{template}_body.html")
        except TemplateDoesNotExist:
            html = None
        else:
            html = html_template.render(full_context)
    return subject, body, html


def _render_text(name: str, context: dict) -> str:
    """A plain-text part: nothing HTML-escaped ("Plan & calendrier", not "Plan &amp; calendrier")."""
    return get_template(name).template.render(Context(context, autoescape=False))


def mark_language(message, language: str | None):
    """Give `message` a Content-Language header of the language it is written in, unless it has one.

    The header is the only place a text part tells a mail client (and its screen reader) its
    language; the HTML parts (the emails that quote content) also say it in `<html lang>` and
    mark each passage in another language with its own `lang` (members/email/parts/base.html).
    """
    message.extra_headers.setdefault("Content-Language", language_of(language))
    return message


# Stand-ins for what differs between the recipients of one template rendered once for many
# (private-use characters: no template text or translation contains them).
NAME_MARK = "\ue000name\ue000"
UNSUBSCRIBE_MARK = "\ue000unsubscribe\ue000"
# Looked up on any object by the template engine; not a use of the recipient.
_ENGINE_PROBES = {"do_not_call_in_templates", "alters_data"}


class _AnyRecipient:
    """The recipient while a template is rendered once for all who share a language: the
    template may use only `recipient.get_full_name`; anything else is noted and the rendering
    is then done per recipient, as without sharing."""

    def __init__(self):
        self.unknown = set()

    def get_full_name(self):
        return NAME_MARK

    def __str__(self):  # {{ recipient }}: not the name alone, so not shareable
        self.unknown.add("__str__")
        return ""

    def __getattr__(self, name):
        if not name.startswith("_") and name not in _ENGINE_PROBES:
            self.unknown.add(name)
        raise AttributeError(name)


def _shared_parts(*, template: str, context: dict, language: str, shared: dict, key) -> tuple | None:
    """Subject and text body of `template` in `language` with the recipient's parts as marks,
    rendered once per `key` into `shared`; None when the template cannot be shared (it reads
    more of the recipient than the name, or has an HTML part, which would need escaping)."""
    key = (template, language, key)
    if key not in shared:
        stand_in = _AnyRecipient()
        subject, body, html = render_parts(
            template=template,
            context={**context, "recipient": stand_in, "unsubscribe_url": UNSUBSCRIBE_MARK},
            language=language,
        )
        usable = not stand_in.unknown and html is None and NAME_MARK not in subject
        shared[key] = (subject, body) if usable else None
    return shared[key]


def build_email(
    *,
    user,
    template: str,
    context: dict,
    attachments: Iterable = (),
    unsubscribe: str | None = None,
    shared: dict | None = None,
    shared_key=None,
) -> EmailMultiAlternatives:
    """The email of `template` for `user`, wholly in the user's preferred language.

    `unsubscribe` is a signed token (members.unsubscribe) for emails sent because the person
    subscribed: the email then carries the one-click link in its body and in the
    List-Unsubscribe headers (RFC 8058), in the person's language.

    A fan-out passes the same `shared` dict for every recipient and a `shared_key` saying what,
    besides the recipient, the context depends on: the template is then rendered once per
    language and key, and only the name and the unsubscribe link are filled in per person.
    """
    from . import unsubscribe as links

    language = user.preferred_language
    url = unsubscribe and links.absolute_url("members:unsubscribe", unsubscribe, language)
    parts = (
        _shared_parts(template=template, context=context, language=language, shared=shared, key=shared_key)
        if shared is not None
        else None
    )
    if parts is not None:
        subject = parts[0]
        body = parts[1].replace(NAME_MARK, user.get_full_name()).replace(UNSUBSCRIBE_MARK, url or "")
        html = None
    else:
        subject, body, html = render_parts(
            template=template,
            context={"recipient": user, "unsubscribe_url": url, **context},
            language=language,
        )
    headers = {}
    if url:
        footer, footer_html = _unsubscribe_footer(language, url, shared)
        body = f"{body.rstrip()}\n\n{footer}\n"
        html = html and html.replace("</body>", f"<p>{footer_html.strip()}</p></body>")
        headers = links.headers(unsubscribe, language, url=url)
    message = mark_language(
        EmailMultiAlternatives(subject=subject, body=body, to=[user.email], headers=headers), language
    )
    if html is not None:
        message.attach_alternative(html, "text/html")
    for attachment in attachments:
        message.attach(*attachment)
    return message


def _unsubscribe_footer(language: str, url: str, shared: dict | None) -> tuple[str, str]:
    """The unsubscribe line in text and HTML; rendered once per language in a fan-out."""
    key = (UNSUBSCRIBE_FOOTER, language)
    if shared is not None and key in shared:
        text, html = shared[key]
    else:
        with translation.override(language):
            text = _render_text(
                f"{UNSUBSCRIBE_FOOTER}_body.txt", {"unsubscribe_url": UNSUBSCRIBE_MARK}
            ).strip()
            html = get_template(f"{UNSUBSCRIBE_FOOTER}_body.html").render(
                {"unsubscribe_url": UNSUBSCRIBE_MARK}
            )
        if shared is not None:
            shared[key] = (text, html)
    return text.replace(UNSUBSCRIBE_MARK, url), html.replace(UNSUBSCRIBE_MARK, escape(url))


def unsubscribe_token(message, topic: str) -> str | None:
    """The one-click token of an outbox row sent for a subscription (its group and `topic`)."""
    from .unsubscribe import subscriber_token, user_token

    if message.subscriber_id:
        return subscriber_token(message.subscriber)
    if message.group_id is None:
        return None
    return user_token(user_id=message.recipient_id, group_id=message.group_id, kind=topic)


def send_to_users(*, users: Iterable, template: str, context: dict) -> int:
    messages = [build_email(user=user, template=template, context=context) for user in users]
    if not messages:
        return 0
    # One connection for the whole batch: opening one per message is several times slower.
    with mailers.default as connection:
        return connection.send_messages(messages)


# The digest (rendered by members.services.deliver_pending) --------------------------------


def digest_entries(items: Sequence, language: str) -> list[dict]:
    """Each item as {"text", "path"} in `language`, by its app's `notifications.digest_lines`.

    The app is found by the kind's prefix, as the outbox finds renderers: members imports no higher app.
    An item whose subject is gone (a withdrawn release) gives None and is left out.
    """
    by_app: dict[str, list] = defaultdict(list)
    for item in items:
        by_app[item.kind.rsplit(".", 1)[0]].append(item)
    entries = []
    with translation.override(language):
        for app, app_items in sorted(by_app.items()):
            lines = import_string(f"{app}.notifications.digest_lines")(app_items)
            entries += [line for line in lines if line is not None]
    return entries


def render_outbox(messages: Sequence) -> list:
    """The digest rows: one email listing the person's items; None when nothing is left to tell."""
    from .subscriptions import DigestItem
    from .unsubscribe import digest_token

    items = defaultdict(list)
    for item in DigestItem.objects.filter(digest__in=messages).order_by("created_at", "pk"):
        items[item.digest_id].append(item)
    emails = []
    for message in messages:
        user = message.recipient
        entries = digest_entries(items[message.pk], user.preferred_language) if user.is_active else []
        pairs = [(item.group_id, item.topic) for item in items[message.pk] if item.group_id and item.topic]
        emails.append(
            build_email(
                user=user,
                template=TEMPLATES[DIGEST],
                context={"entries": entries},
                unsubscribe=digest_token(user_id=user.pk, pairs=pairs) if pairs else None,
            )
            if entries
            else None
        )
    return emails
