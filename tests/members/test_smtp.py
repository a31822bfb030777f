"""members.smtp: Django's SMTP backend with repeated headers parsed and folded once."""

import email
import email.policy
import re

import pytest
from django.core.mail import EmailMultiAlternatives

from members import smtp

UNSUBSCRIBE = "https://plenary.example/es/members/unsubscribe/" + "eyJ1IjoxMjMsImciOjQ1fQ" * 4 + ":1abc:XYZ/"


class RecordingConnection:
    def __init__(self):
        self.sent = []

    def sendmail(self, from_email, recipients, data):
        self.sent.append((from_email, recipients, data))


def email_to(number: int, **headers) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject="Recordatorio: Grupo de Trabajo, 3.ª reunión el 3 de diciembre – 10:00 (hora de Nueva York)",
        body=f"Estimada Señora Ñúñez {number}:\n\nLa reunión…\n",
        from_email="Plenary <plenary@example.org>",
        to=[f"person{number}@example.org"],
        headers={
            "Message-ID": f"<outbox-{number}.abc@plenary.example>",
            "Date": "Mon, 30 Nov 2026 06:00:00 -0000",
            "Content-Language": "es",
            **headers,
        },
    )
    message.attach_alternative(f"<p>Señora {number}</p>", "text/html")
    return message


@pytest.fixture(autouse=True)
def smtp_mailer(settings):
    settings.MAILERS = {
        "default": {"BACKEND": "members.smtp.EmailBackend", "OPTIONS": {"host": "127.0.0.1", "port": 2525}}
    }


def sent_bytes(messages) -> list[tuple]:
    from django.core.mail import mailers

    backend = mailers.default
    assert isinstance(backend, smtp.EmailBackend)
    backend.connection = RecordingConnection()
    for message in messages:
        assert backend._send(message)
    return backend.connection.sent


def without_boundaries(data: bytes) -> bytes:
    return re.sub(rb"=+\d+==", b"BOUNDARY", data)


def test_sends_the_bytes_djangos_backend_sends_however_often_a_header_repeats():
    for number in range(3):  # the second and third find the shared headers in the cache
        (from_email, recipients, data) = sent_bytes([email_to(number)])[0]
        expected = email_to(number).message(policy=email.policy.SMTP).as_bytes()
        assert without_boundaries(data) == without_boundaries(expected)
        assert (from_email, recipients) == ("plenary@example.org", [f"person{number}@example.org"])


def test_the_unsubscribe_link_goes_on_one_line_as_itself_not_as_encoded_words():
    (_from, _to, data) = sent_bytes([email_to(1, **{"List-Unsubscribe": f"<{UNSUBSCRIBE}>"})])[0]

    assert f"\r\nList-Unsubscribe: <{UNSUBSCRIBE}>\r\n".encode() in data
    assert b"=?utf-8?q?=3Chttps" not in data
    parsed = email.message_from_bytes(data, policy=email.policy.default)
    assert parsed["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>"
    assert "Ñúñez 1" in parsed.get_body(("plain",)).get_content()


@pytest.mark.parametrize("header", ["Subject", "List-Unsubscribe"])
def test_a_header_with_a_line_break_is_refused_as_by_django(header):
    message = email_to(1, **{header: "<https://a.example/>\r\nBcc: victim@example.org"})

    with pytest.raises(ValueError):
        sent_bytes([message])
