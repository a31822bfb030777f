"""A real SMTP sink and a real Celery worker, for delivery tests and benchmarks.

Both run in threads of the current process and are stopped when the `with` block ends.
"""

import contextlib
import email
import email.policy
import socket
import threading
import time

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _with_pipelining(responses: list[str]) -> list[str]:
    """EHLO lines with PIPELINING (RFC 2920) added, as Postfix and Exim advertise it: aiosmtpd
    reads commands line by line from a buffer, so pipelined commands are handled in order."""
    return [*responses[:-1], "250-PIPELINING", responses[-1]]


class SmtpSink:
    """Accepts every message over SMTP on 127.0.0.1 and keeps it in memory.

    `pipelining`: whether EHLO advertises PIPELINING; `refuse`: addresses whose RCPT TO gets 550;
    `reject_content`: {address: reply} for messages to refuse after their content (not kept).
    """

    def __init__(self, *, pipelining: bool = True, refuse=(), reject_content=None):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.contents: list[bytes] = []  # each message as received, byte for byte
        self.pipelining = pipelining
        self.refuse = set(refuse)
        self.reject_content = dict(reject_content or {})
        self.connections = 0
        self._changed = threading.Condition()
        self.port = free_port()
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with self._changed:
            self.connections += 1
        session.host_name = hostname
        return _with_pipelining(responses) if self.pipelining else responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if address in self.reject_content:
                return self.reject_content[address]
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._changed:
            self.contents.append(envelope.original_content)
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self._changed.notify_all()
        return "250 Message accepted for delivery"

    def mailers(self) -> dict:
        return {
            "default": {
                "BACKEND": "members.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": self.port, "timeout": 10},
            }
        }

    def wait_for(self, count: int, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        with self._changed:
            while len(self.messages) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def recipients(self) -> list[str]:
        return [address for _sender, rcpts in self.envelopes for address in rcpts]

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()


@contextlib.contextmanager
def real_worker(app):
    """A Celery worker thread consuming from the configured broker (Redis in CI)."""
    from celery.contrib.testing.worker import start_worker

    saved = {key: app.conf[key] for key in ("task_always_eager",)}
    app.conf.task_always_eager = False
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
        ):
            yield
    finally:
        app.conf.update(saved)


class _CountingHandler:
    def __init__(self, counter):
        self.counter = counter

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        return _with_pipelining(responses)

    async def handle_DATA(self, server, session, envelope):
        with self.counter.get_lock():
            self.counter.value += 1
        return "250 Message accepted for delivery"


def _serve_counting_sink(port, counter, ready, stop):
    controller = Controller(_CountingHandler(counter), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()


class SmtpSinkProcess:
    """An SMTP sink in its own process, as a real mail server would be; it only counts messages.

    Benchmarks use it so the sink does not compete with the worker for this process's GIL.
    """

    def __init__(self):
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self.port = free_port()
        self.counter = context.Value("i", 0)
        self._ready, self._stop = context.Event(), context.Event()
        self._process = context.Process(
            target=_serve_counting_sink, args=(self.port, self.counter, self._ready, self._stop), daemon=True
        )

    mailers = SmtpSink.mailers

    @property
    def count(self) -> int:
        return self.counter.value

    def cpu_seconds(self) -> float | None:
        """CPU the sink process has used so far (Linux), to tell its share of a benchmark's time."""
        from tests.benchmarks._cpu import process_cpu

        return process_cpu(self._process.pid)

    def wait_for(self, count: int, timeout: float = 30.0) -> bool:
        deadline = time.monotonic() + timeout
        while self.counter.value < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.002)
        return True

    def __enter__(self):
        self._process.start()
        if not self._ready.wait(20):
            self._process.kill()
            raise RuntimeError("The SMTP sink did not start")
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
