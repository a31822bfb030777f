"""Email backends for delivery tests: count connections and refuse chosen recipients."""

import smtplib

from django.core.mail.backends.locmem import EmailBackend


class CountingBackend(EmailBackend):
    opened = 0
    refuse: set[str] = set()
    drop_connection_after: int | None = None
    sent_in_connection = 0
    # Called with each message before it is accepted: tests use it to act "during" delivery.
    before_send = None

    def open(self):
        CountingBackend.opened += 1
        CountingBackend.sent_in_connection = 0
        return True

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refuse:
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"No such user")})
            limit = CountingBackend.drop_connection_after
            if limit is not None and CountingBackend.sent_in_connection >= limit:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            if CountingBackend.before_send:
                CountingBackend.before_send(message)
            CountingBackend.sent_in_connection += 1
        return super().send_messages(messages)

    @classmethod
    def reset(cls):
        cls.opened = 0
        cls.refuse = set()
        cls.drop_connection_after = None
        cls.sent_in_connection = 0
        cls.before_send = None
