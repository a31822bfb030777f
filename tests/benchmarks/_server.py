"""Serving the benchmark database over HTTP and loading it with wrk.

gunicorn on loopback (the project's settings plus a minimal view to compare against, see
newsroom_site/), its CPU time read from /proc, and Debian's `wrk` with its latency
distribution parsed.
"""

import glob
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from http.client import HTTPConnection

from django.db import connection

WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
MINIMAL = "/bench/minimal/"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor != "postgresql":
        raise RuntimeError("needs PostgreSQL (run `make bench`): the server processes share the database")
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Server:
    """A gunicorn serving the benchmark database; `cpu_seconds()` is its processes' CPU time so far."""

    def __init__(self, *, cache_seconds: int):
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.benchmarks.newsroom_site.settings",
            "DATABASE_URL": database_url(),
            "DEBUG": "false",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "PLENARY_NEWSROOM_CACHE_SECONDS": str(cache_seconds),
            "PLENARY_PUBLIC_PAGE_CACHE_SECONDS": str(cache_seconds),
            "LOG_LEVEL": "WARNING",
            "SECURE_COOKIES": "false",
            # The API's per-client limit would turn the load into 429s: its work is measured, not its limit.
            "PLENARY_API_RATE": "100000000/min",
            "PYTHONWARNINGS": "ignore:No directory at",  # static files come from the apps here
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind=127.0.0.1:{port}",
                f"--workers={WORKERS}",
                "--worker-class=sync",
                "--log-level=warning",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
        )
        self.base = f"http://127.0.0.1:{port}"
        for _ in range(150):
            try:
                urllib.request.urlopen(f"{self.base}{MINIMAL}", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise RuntimeError("gunicorn did not start")

    def cpu_seconds(self) -> float:
        total = 0
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                with open(stat) as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(stat.split("/")[2]), int(fields[1])
            if self.process.pid in (pid, ppid):
                total += int(fields[11]) + int(fields[12])  # utime + stime
        return total / TICKS

    def drain(self) -> None:
        """Return once the server has answered what is queued: the next run starts on an idle server."""
        urllib.request.urlopen(f"{self.base}{MINIMAL}", timeout=120).read()

    def cpu_ms_per_request(self, path: str, *, cookie: str = "", requests: int = 30) -> float:
        """Server CPU per request, from requests sent one at a time: nothing queued or half-served skews it."""
        self.drain()
        host = self.base.split("//")[1]
        before = self.cpu_seconds()
        for _ in range(requests):
            conn = HTTPConnection(host, timeout=60)
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            conn.getresponse().read()
            conn.close()
        return 1000 * (self.cpu_seconds() - before) / requests

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


@dataclass
class Load:
    rps: float
    p50: float
    p99: float
    requests: int
    cpu_ms: float  # server CPU per request counted by wrk (includes what it sent but did not wait for)


def wrk(server: Server, path: str, *, seconds: float, connections: int, cookie: str = "") -> Load:
    """Drive `connections` keep-alive connections at one URL; any non-2xx answer is an error."""
    seconds = max(1, round(seconds))  # wrk takes whole seconds
    # A 10 s socket timeout, not wrk's 2 s: on a loaded machine a slow answer is measured, not dropped.
    command = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=10s",
        "--latency",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    before = server.cpu_seconds()
    out = subprocess.run(
        [*command, server.base + path], capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    server.drain()  # requests wrk sent but did not wait for are served now, and counted here
    cpu = server.cpu_seconds() - before
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{path}: {errors.group(1)} error responses")

    def percentile(label):
        value, unit = re.search(rf"\n\s+{label}%\s+([\d.]+)(us|ms|s)\b", out).groups()
        return float(value) * UNITS[unit]

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return Load(
        rps=float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        p50=percentile("50"),
        p99=percentile("99"),
        requests=requests,
        cpu_ms=1000 * cpu / max(requests, 1),
    )
