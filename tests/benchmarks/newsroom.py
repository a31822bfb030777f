"""Newsroom under load: list and release page vs a minimal Django view, cached and uncached.

Two gunicorn servers on loopback share the benchmark database and cache: one with the
newsroom page cache, one with it turned off. wrk (Debian package `wrk`; a small bounded
Python load generator when it is absent) drives 20 connections against each URL in turn,
interleaved over several rounds, so the minimal view is measured under the same conditions.
"""

import datetime
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.client import HTTPConnection

from django.db import connection
from django.utils import timezone

from tests.benchmarks import Result

CONNECTIONS = 20
DURATION = float(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
RELEASES = 60


def build_data() -> tuple[str, str]:
    from groups.models import PressRelease, PressReleaseSet, WorkingGroup
    from groups.press import format_reference, reference_slug, render_body

    body = render_body(
        "The group met to discuss its work plan.\n\n## Agreed\n\n- a coordinator\n- a second meeting\n\n"
        + "Delegations exchanged views on procedure and next steps. " * 20
    )
    groups = [
        WorkingGroup.objects.create(
            slug=f"bench-group-{n}",
            provisional_name=f"Bench working group {n}",
            provisional_name_en=f"Bench working group {n}",
            mandate_reference="AG/RES. 3004 (LIII-O/23)",
            established_on=datetime.date(2023, 6, 23),
        )
        for n in range(3)
    ]
    start = timezone.now() - datetime.timedelta(days=RELEASES)
    releases = []
    for n in range(RELEASES):
        release_set = PressReleaseSet.objects.create(group=groups[n % 3])
        for language in ("en", "es"):
            reference = format_reference(language=language, number=n + 1, year=start.year)
            releases.append(
                PressRelease(
                    release_set=release_set,
                    language=language,
                    status=PressRelease.Status.PUBLISHED,
                    title=f"Working group meeting number {n + 1} agrees next steps",
                    place="Washington, D.C.",
                    summary="Delegations agreed the group's next steps and a date for the next meeting.",
                    body=body,
                    body_html=body,
                    reference=reference,
                    slug=reference_slug(reference),
                    published_at=start + datetime.timedelta(days=n),
                    changed_at=start + datetime.timedelta(days=n),
                )
            )
    PressRelease.objects.bulk_create(releases)
    newest = PressRelease.objects.filter(language="en").order_by("-published_at").first()
    return "/en/newsroom/", newest.get_absolute_url()


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


def start_server(*, cache_seconds: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.benchmarks.newsroom_site.settings",
        "DATABASE_URL": database_url(),
        "DEBUG": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "PLENARY_NEWSROOM_CACHE_SECONDS": str(cache_seconds),
        "LOG_LEVEL": "WARNING",
        "SECURE_COOKIES": "false",
    }
    server = subprocess.Popen(
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
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{base}/bench/minimal/", timeout=1).read()
            return server, base
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("gunicorn did not start")


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def load_with_wrk(url: str, seconds: float) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\n\s+99%\s+([\d.]+)(us|ms|s)\b", out).groups()
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    return rps, float(value) * UNITS[unit]


def load_with_python(url: str, seconds: float) -> tuple[float, float]:
    """Fallback: CONNECTIONS keep-alive connections in threads, for a bounded time."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    latencies: list[float] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        conn = HTTPConnection(host, int(port), timeout=10)
        mine = []
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"{url}: HTTP {response.status}")
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return len(latencies) / seconds, latencies[int(len(latencies) * 0.99) - 1]


def run() -> list[Result]:
    list_path, release_path = build_data()
    load = load_with_wrk if shutil.which("wrk") else load_with_python
    tool = "wrk" if load is load_with_wrk else "python load generator"
    servers = {
        mode: start_server(cache_seconds=seconds) for mode, seconds in (("cached", 600), ("uncached", 0))
    }
    targets = [
        (mode, name, f"{base}{path}")
        for mode, (_server, base) in servers.items()
        for name, path in (("minimal", "/bench/minimal/"), ("list", list_path), ("release", release_path))
    ]
    samples: dict[tuple[str, str], list[tuple[float, float]]] = {(m, n): [] for m, n, _url in targets}
    try:
        for _mode, _name, url in targets:  # warm up every worker, template and cache entry
            load(url, 1)
        for _round in range(ROUNDS):
            for mode, name, url in targets:
                samples[(mode, name)].append(load(url, DURATION))
    finally:
        for server, _base in servers.values():
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    def rps(mode, name):
        return statistics.median(s[0] for s in samples[(mode, name)])

    def p99(mode, name):
        return max(s[1] for s in samples[(mode, name)])

    results = []
    for mode, least in (("cached", 40), ("uncached", 4)):
        minimal = rps(mode, "minimal")
        results.append(
            Result(
                f"minimal view ({mode} server), {CONNECTIONS} connections",
                minimal,
                "rps",
                detail=f"p99 {p99(mode, 'minimal'):.1f} ms, {tool}, {WORKERS} gunicorn workers",
            )
        )
        for name, label in (("list", "newsroom list (20 rows)"), ("release", "release page")):
            share = 100 * rps(mode, name) / minimal
            verdict = "OK" if share >= least else "BELOW TARGET"
            results.append(
                Result(
                    f"{label}, {mode}: share of minimal view",
                    share,
                    "%",
                    detail=f"target ≥ {least} % {verdict}; {rps(mode, name):.0f} rps",
                )
            )
            # The same target as a ceiling, so the runner counts a miss as a failure.
            results.append(
                Result(f"{label}, {mode}: slowdown vs minimal", 100 / share, "×", target=100 / least)
            )
            if mode == "cached":
                results.append(Result(f"{label}, {mode}: p99 latency", p99(mode, name), "ms", target=50))
    return results
