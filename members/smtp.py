"""Django's SMTP backend, with the headers a fan-out repeats parsed and folded once.

Serialising an email with the standard library's modern policy parses every header into a
syntax tree and folds it back for each message; for a reminder to 2,000 people that was most
of the worker's CPU, and all but four headers (To, Date, Message-ID, List-Unsubscribe) are the
same in every message of a language: Subject, From, Content-Type, Content-Language...
The parse and the fold depend on nothing but the header's name and text, so equal headers
are done once and remembered (a bounded cache: a long-lived worker does not grow). The same
goes for the envelope addresses. The bytes sent are those Django's backend would send, but
for List-Unsubscribe, which it mangled (see UNFOLDED).
"""

import email.policy
import smtplib
from email.headerregistry import HeaderRegistry
from functools import lru_cache

from django.core.mail.backends.smtp import EmailBackend as DjangoSmtpBackend

CACHED = 2048
# Headers holding one long token (a URL) that the standard library, finding no space to fold
# at, would turn into RFC 2047 encoded words ("=?utf-8?q?=3Chttps=3A//...?="): a mail client
# then finds no link and shows no unsubscribe button. Sent on one line instead, which
# RFC 5322 allows up to 998 characters.
UNFOLDED = {"list-unsubscribe"}
MAX_LINE = 998


class _HeaderClasses(HeaderRegistry):
    """The standard registry builds a new class for every header it makes; one per name here."""

    def __init__(self):
        super().__init__()
        self._classes = {}

    def __getitem__(self, name):
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]


class _RepeatingHeadersPolicy(email.policy.EmailPolicy):
    """email.policy.SMTP whose header parsing and folding remember their results."""

    def header_store_parse(self, name, value):
        if type(value) is str:
            return _parsed(name, value)
        return super().header_store_parse(name, value)

    def fold_binary(self, name, value):
        text = str(value)
        if name.lower() in UNFOLDED and text.isascii() and len(name) + len(text) + 2 <= MAX_LINE:
            if "\r" in text or "\n" in text:
                raise ValueError("Header values may not contain linefeed or carriage return characters")
            return f"{name}: {text}\r\n".encode("ascii")
        if not hasattr(value, "fold"):  # not a header object of the registry
            return super().fold_binary(name, value)
        # Header objects are immutable: name, class and text decide the folding.
        key = (name, type(value), str(value))
        folded = _FOLDED.get(key)
        if folded is None:
            if len(_FOLDED) >= CACHED:
                _FOLDED.clear()
            folded = _FOLDED[key] = super().fold_binary(name, value)
        return folded


_FOLDED: dict = {}
SMTP_POLICY = _RepeatingHeadersPolicy(linesep="\r\n", header_factory=_HeaderClasses())  # as policy.SMTP


@lru_cache(maxsize=CACHED)
def _parsed(name, value):
    return email.policy.EmailPolicy.header_store_parse(SMTP_POLICY, name, value)


@lru_cache(maxsize=CACHED)
def _address(address, force_ascii):
    return DjangoSmtpBackend.prep_address(None, address, force_ascii)


class EmailBackend(DjangoSmtpBackend):
    """Sends what Django's SMTP backend sends, serialised with SMTP_POLICY."""

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        from_email = self.prep_address(email_message.from_email)
        recipients = [self.prep_address(address) for address in email_message.recipients()]
        message = email_message.message(policy=SMTP_POLICY)
        try:
            self.connection.sendmail(from_email, recipients, message.as_bytes())
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    def prep_address(self, address, force_ascii=True):
        return _address(str(address), force_ascii)
