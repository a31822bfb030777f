"""Django's SMTP backend, with the headers a fan-out repeats parsed and folded once.

Serialising an email with the standard library's modern policy parses every header into a
syntax tree and folds it back for each message; for a reminder to 2,000 people that was most
of the worker's CPU, and all but four headers (To, Date, Message-ID, List-Unsubscribe) are the
same in every message of a language: Subject, From, Content-Type, Content-Language...
The parse and the fold depend on nothing but the header's name and text, so equal headers
are done once and remembered (a bounded cache: a long-lived worker does not grow). The same
goes for the envelope addresses. The bytes sent are those Django's backend would send, but
for List-Unsubscribe, which it mangled (see UNFOLDED).

When the server advertises PIPELINING (RFC 2920; Postfix, Exim and the like do), a message's
MAIL FROM, RCPT TO and DATA go in one write and their replies are read together: two round
trips per message instead of four (PipeliningSMTP). Without it, smtplib's own sendmail runs.
"""

import email.policy
import re
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


# smtplib.quoteaddr parses the address again for every command: remembered like the headers.
_quoted = lru_cache(maxsize=CACHED)(smtplib.quoteaddr)
_LEADING_DOT = re.compile(rb"(?m)^\.")


class _Pipelining:
    """smtplib.SMTP's sendmail, which pipelines the envelope (RFC 2920) when the server allows it.

    Same arguments, return value, exceptions and bytes on the wire as smtplib's sendmail, in
    fewer round trips: MAIL FROM, every RCPT TO and DATA in one write, then every reply checked
    (RFC 2920 3.1: a DATA accepted although no recipient was gets a lone "." so that nothing is
    delivered), then the content. A server without PIPELINING gets smtplib's exchange.
    """

    # Set by sendmail_start while the reply to a message's final "." is still to be read.
    awaiting_reply = False

    def sendmail(self, from_addr, to_addrs, msg, mail_options=(), rcpt_options=()):
        refused = self.sendmail_start(from_addr, to_addrs, msg, mail_options, rcpt_options)
        self.sendmail_finish()
        return refused

    def sendmail_start(self, from_addr, to_addrs, msg, mail_options=(), rcpt_options=()):
        """sendmail up to the content and its final "." written, the server's verdict not yet
        read: the caller may prepare the next message meanwhile, then calls sendmail_finish()
        (before anything else on this connection)."""
        self.ehlo_or_helo_if_needed()
        if not (self.does_esmtp and self.has_extn("pipelining")):
            return super().sendmail(from_addr, to_addrs, msg, mail_options, rcpt_options)
        if isinstance(msg, str):
            msg = smtplib._fix_eols(msg).encode("ascii")
        if isinstance(to_addrs, str):
            to_addrs = [to_addrs]
        options = [f"size={len(msg)}"] if self.has_extn("size") else []
        options += list(mail_options)
        if any(option.lower() == "smtputf8" for option in options):
            if not self.has_extn("smtputf8"):
                raise smtplib.SMTPNotSupportedError("SMTPUTF8 not supported by server")
            self.command_encoding = "utf-8"
        mail_tail = "".join(f" {option}" for option in options)
        rcpt_tail = "".join(f" {option}" for option in rcpt_options)
        commands = [
            f"mail from:{_quoted(from_addr)}{mail_tail}",
            *(f"rcpt to:{_quoted(address)}{rcpt_tail}" for address in to_addrs),
            "data",
        ]
        for command in commands:  # as smtplib.putcmd: no command smuggled in an address
            if "\r" in command or "\n" in command:
                shown = command.replace("\n", "\\n").replace("\r", "\\r")
                raise ValueError(f"command and arguments contain prohibited newline characters: {shown}")
        self.send("".join(f"{command}\r\n" for command in commands))
        mail_code, mail_reply = self.getreply()
        if mail_code == 421:  # the server is closing: no more replies will come
            self.close()
            raise smtplib.SMTPSenderRefused(mail_code, mail_reply, from_addr)
        refused = {}
        for address in to_addrs:
            code, reply = self.getreply()
            if code not in (250, 251):
                refused[address] = (code, reply)
            if code == 421:  # the server is closing: no more replies will come
                self.close()
                raise smtplib.SMTPRecipientsRefused(refused)
        data_code, data_reply = self.getreply()
        if mail_code != 250 or len(refused) == len(to_addrs) or data_code != 354:
            if data_code == 354:  # accepted regardless: an empty message, which has no recipient
                self.send(".\r\n")
                self.getreply()
            if 421 in (mail_code, data_code):
                self.close()
            else:
                self._rset()
            if mail_code != 250:
                raise smtplib.SMTPSenderRefused(mail_code, mail_reply, from_addr)
            if len(refused) == len(to_addrs):
                raise smtplib.SMTPRecipientsRefused(refused)
            raise smtplib.SMTPDataError(data_code, data_reply)
        content = _LEADING_DOT.sub(b"..", msg)  # as smtplib.data
        if content[-2:] != b"\r\n":
            content += b"\r\n"
        self.send(content + b".\r\n")
        self.awaiting_reply = True
        return refused

    def sendmail_finish(self) -> None:
        """Read the verdict on the message sendmail_start sent; SMTPDataError if it was refused."""
        if not self.awaiting_reply:
            return  # sent by smtplib's own exchange, verdict read already
        self.awaiting_reply = False
        code, reply = self.getreply()
        if code != 250:
            if code == 421:
                self.close()
            else:
                self._rset()
            raise smtplib.SMTPDataError(code, reply)


class PipeliningSMTP(_Pipelining, smtplib.SMTP):
    pass


class PipeliningSMTP_SSL(_Pipelining, smtplib.SMTP_SSL):  # noqa: N801 (as smtplib names it)
    pass


class EmailBackend(DjangoSmtpBackend):
    """Sends what Django's SMTP backend sends, serialised with SMTP_POLICY, envelopes pipelined."""

    @property
    def connection_class(self):
        return PipeliningSMTP_SSL if self.use_ssl else PipeliningSMTP

    def _send(self, email_message):
        if not email_message.recipients():
            return False
        try:
            self.connection.sendmail(*self.envelope_and_bytes(email_message))
        except smtplib.SMTPException:
            if not self.fail_silently:
                raise
            return False
        return True

    def envelope_and_bytes(self, email_message) -> tuple[str, list[str], bytes]:
        """Sender, recipients and the bytes of the message, as _send sends them; ValueError for a
        bad address or header."""
        from_email = self.prep_address(email_message.from_email)
        recipients = [self.prep_address(address) for address in email_message.recipients()]
        return from_email, recipients, email_message.message(policy=SMTP_POLICY).as_bytes()

    # A fan-out (the outbox) sends one message at a time and serialises the next one while the
    # server reads the last; it calls these inside `with backend:` (fail_silently is not used).
    def start(self, prepared: tuple[str, list[str], bytes]) -> None:
        """Send a message from envelope_and_bytes() without waiting for the server's verdict."""
        self.connection.sendmail_start(*prepared)

    def finish(self) -> None:
        """The verdict on the message start() sent: SMTPDataError if refused, nothing if accepted."""
        self.connection.sendmail_finish()

    def prep_address(self, address, force_ascii=True):
        return _address(str(address), force_ascii)
