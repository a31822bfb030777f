"""Real services to break on purpose: a Redis server of our own, Celery workers in their own
process groups (so SIGKILL takes the whole worker), and an SMTP sink that can be slow or down.

Everything listens on 127.0.0.1 and is stopped when its `with` block ends.
"""

import asyncio
import email
import email.policy
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller
from django.db import connection

from tests.live_delivery import free_port

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, timeout: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return condition()


class RedisServer:
    """redis-server on a free port, without persistence; stop() and start() keep the port."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process = None

    def start(self):
        self._process = subprocess.Popen(
            [shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        if not wait_until(lambda: _pings(client), 10):
            raise RuntimeError("redis-server did not start")
        return self

    def stop(self):
        if self._process and self._process.poll() is None:
            self._process.kill()
            self._process.wait(10)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def _pings(client) -> bool:
    try:
        return client.ping()
    except Exception:
        return False


def database_url() -> str:
    """The test database (committed data of a transactional test) for a worker process."""
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT']}/{s['NAME']}"


class Worker:
    """`celery -A config worker -B` in its own process group, with the test's database."""

    def __init__(
        self, tmp_path, *, redis_url: str, smtp_port: int, env: dict | None = None, name: str = "fault"
    ):
        self.tmp_path = tmp_path
        self.name = name
        self.env = {
            **os.environ,
            "DJANGO_SECRET_KEY": "x",
            "DATABASE_URL": database_url(),
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(smtp_port),
            "SMTP_TIMEOUT": "10",
            "PLENARY_VAR_DIR": str(tmp_path),
            **(env or {}),
        }
        self.process = None
        self.starts = 0

    def start(self):
        self.starts += 1
        log = open(self.tmp_path / f"worker-{self.starts}.log", "w")  # noqa: SIM115 (closed with the process)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "-B", "-s",
             str(self.tmp_path / "beat-schedule"), "--pool=prefork", "--concurrency=2", "-l", "info",
             "-n", f"{self.name}{self.starts}@%h"],
            cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        return self

    def kill(self):
        """SIGKILL to the worker and its pool children at once, as the OOM killer or a lost host would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class FaultySmtp:
    """An SMTP sink on 127.0.0.1 that records Message-IDs; `delay` seconds per message; `down()`
    closes the port (connections refused) until `up()`."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.port = free_port()
        self.messages: list[email.message.EmailMessage] = []
        self._lock = threading.Lock()
        self._controller = None

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)
        return "250 Message accepted for delivery"

    def up(self):
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def down(self):
        if self._controller:
            self._controller.stop()
            self._controller = None

    @property
    def count(self) -> int:
        return len(self.messages)

    def by_recipient(self) -> Counter:
        with self._lock:
            return Counter(str(m["To"]) for m in self.messages)

    def duplicates(self) -> dict[str, list[str]]:
        """Recipients who got more than one message, with the Message-IDs of their copies."""
        with self._lock:
            ids: dict[str, list[str]] = {}
            for m in self.messages:
                ids.setdefault(str(m["To"]), []).append(str(m["Message-ID"]))
        return {to: found for to, found in ids.items() if len(found) > 1}

    def __enter__(self):
        return self.up()

    def __exit__(self, *exc):
        self.down()
