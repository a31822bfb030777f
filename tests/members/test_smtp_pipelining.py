"""members.smtp.PipeliningSMTP: the envelope in one write when the server offers PIPELINING
(RFC 2920), with every reply checked, and the same bytes as smtplib's own exchange."""

import smtplib
import socket
import threading

import pytest
from django.core.mail import EmailMessage, mailers

from members import smtp
from tests.live_delivery import SmtpSink, free_port


def email_to(*addresses: str, number: int = 1) -> EmailMessage:
    return EmailMessage(
        subject=f"Recordatorio {number}: reunión",
        body=f"Estimada Señora Ñúñez {number}:\n.a line starting with a dot\n\nLa reunión…\n",
        from_email="Plenary <plenary@example.org>",
        to=list(addresses),
        headers={
            "Message-ID": f"<outbox-{number}.abc@plenary.example>",
            "Date": "Mon, 30 Nov 2026 06:00 -0000",
        },
    )


class RecordedWrites:
    """What the client writes, one entry per write (a pipelined envelope is one write)."""

    def __init__(self, monkeypatch):
        self.writes: list[bytes] = []
        original = smtplib.SMTP.send

        def send(connection, data):
            self.writes.append(data.encode("ascii") if isinstance(data, str) else data)
            return original(connection, data)

        monkeypatch.setattr(smtplib.SMTP, "send", send)


@pytest.fixture
def writes(monkeypatch):
    return RecordedWrites(monkeypatch)


@pytest.fixture
def deliver(settings):
    def deliver(sink, messages) -> list:
        """Send `messages` on one connection of the project's backend, each on its own; what happened."""
        settings.MAILERS = sink.mailers()
        return _deliver(messages)

    return deliver


def _deliver(messages) -> list:
    outcomes = []
    backend = mailers.default
    assert isinstance(backend, smtp.EmailBackend)
    with backend:
        assert isinstance(backend.connection, smtp.PipeliningSMTP)
        for message in messages:
            try:
                outcomes.append(backend.send_messages([message]))
            except smtplib.SMTPException as error:
                outcomes.append(type(error).__name__)
    return outcomes


def test_with_pipelining_the_envelope_is_one_write_and_the_bytes_are_smtplibs(writes, deliver):
    messages = [email_to(f"person{n}@example.org", number=n) for n in range(3)]
    with SmtpSink(pipelining=False) as plain:
        assert deliver(plain, messages) == [1, 1, 1]
    plain_writes = list(writes.writes)
    writes.writes.clear()
    with SmtpSink(pipelining=True) as pipelined:
        assert pipelined.wait_for(0) and deliver(pipelined, messages) == [1, 1, 1]

    assert pipelined.contents == plain.contents  # byte for byte, dot-stuffed line included
    assert b"\r\n.a line starting with a dot" in plain.contents[0]
    assert pipelined.envelopes == plain.envelopes
    size = len(messages[0].message(policy=smtp.SMTP_POLICY).as_bytes())
    envelope = f"mail from:<plenary@example.org> size={size}\r\nrcpt to:<person0@example.org>\r\ndata\r\n"
    assert writes.writes[1] == envelope.encode()  # after EHLO: MAIL, RCPT and DATA together
    assert b"".join(writes.writes) == b"".join(plain_writes)  # the same commands, in fewer writes
    assert len(writes.writes) == 1 + 2 * 3 + 1  # EHLO, two per message, QUIT
    assert len(plain_writes) == 1 + 4 * 3 + 1


def test_a_refused_recipient_in_the_middle_leaves_the_others_and_the_next_message(deliver):
    with SmtpSink(refuse={"gone@example.org"}) as sink:
        outcomes = deliver(
            sink,
            [
                email_to("a@example.org", "gone@example.org", "b@example.org", number=1),
                email_to("gone@example.org", number=2),  # nobody left: refused, nothing delivered
                email_to("c@example.org", number=3),
            ],
        )

    assert outcomes == [1, "SMTPRecipientsRefused", 1]
    assert sink.envelopes == [
        ("plenary@example.org", ["a@example.org", "b@example.org"]),
        ("plenary@example.org", ["c@example.org"]),
    ]
    assert [m["Message-ID"] for m in sink.messages] == [
        "<outbox-1.abc@plenary.example>",
        "<outbox-3.abc@plenary.example>",
    ]


def test_the_refused_recipients_are_returned_as_smtplib_returns_them():
    with SmtpSink(refuse={"gone@example.org"}) as sink, smtp.PipeliningSMTP("127.0.0.1", sink.port) as client:
        data = email_to("a@example.org").message(policy=smtp.SMTP_POLICY).as_bytes()
        refused = client.sendmail("plenary@example.org", ["a@example.org", "gone@example.org"], data)

    assert refused == {"gone@example.org": (550, b"5.1.1 No such user here")}


class ScriptedServer:
    """A server offering PIPELINING that refuses every RCPT yet answers DATA with 354 (RFC 2920 3.1
    says a client must not count on DATA being refused); records what it reads."""

    def __init__(self):
        self.port = free_port()
        self.received = b""
        self.listener = socket.create_server(("127.0.0.1", self.port))
        self.thread = threading.Thread(target=self.serve, daemon=True)

    def serve(self):
        conn, _ = self.listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 scripted\r\n")
            in_data = False
            for line in lines:
                self.received += line
                command = line[:4].upper()
                if in_data:
                    if line == b".\r\n":
                        in_data = False
                        conn.sendall(b"554 5.5.1 No valid recipients\r\n")
                elif command == b"EHLO":
                    conn.sendall(b"250-scripted\r\n250 PIPELINING\r\n")
                elif command == b"RCPT":
                    conn.sendall(b"550 5.1.1 No such user\r\n")
                elif command == b"DATA":
                    in_data = True
                    conn.sendall(b"354 go ahead\r\n")
                elif command == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:  # MAIL, RSET
                    conn.sendall(b"250 OK\r\n")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.listener.close()
        self.thread.join(5)


def test_a_data_accepted_without_recipients_gets_a_lone_dot_and_no_content():
    with (
        ScriptedServer() as server,
        smtp.PipeliningSMTP("127.0.0.1", server.port, local_hostname="client.example") as client,
        pytest.raises(smtplib.SMTPRecipientsRefused),
    ):
        client.sendmail("plenary@example.org", ["gone@example.org"], b"Subject: secret\r\n\r\nbody\r\n")

    assert b"secret" not in server.received
    assert server.received.endswith(b"data\r\n.\r\nrset\r\nQUIT\r\n")


def test_without_pipelining_smtplibs_exchange_refuses_as_before(writes, deliver):
    with SmtpSink(pipelining=False, refuse={"gone@example.org"}) as sink:
        assert deliver(sink, [email_to("gone@example.org"), email_to("a@example.org", number=2)]) == [
            "SMTPRecipientsRefused",
            1,
        ]
    assert not any(b"\r\ndata\r\n" in write for write in writes.writes)  # never pipelined
