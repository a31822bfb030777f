"""Newsroom under load: list and release page vs a minimal Django view, cached and uncached.

Two gunicorn servers on loopback share the benchmark database and cache: one with the
newsroom page cache, one with it turned off. wrk (Debian package `wrk`; a small bounded
Python load generator when it is absent) drives 20 connections against each URL in turn,
interleaved over several rounds, so the minimal view is measured under the same conditions.
"""

import datetime
import glob
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
    from groups.models import WorkingGroup
    from press.models import PressRelease, PressReleaseSet
    from press.text import format_reference, reference_slug, render_body

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
TICKS = os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(server: subprocess.Popen) -> float:
    """CPU time used so far by the gunicorn master and its workers (from /proc)."""
    total = 0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(stat) as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(stat.split("/")[2]), int(fields[1])
        if server.pid in (pid, ppid):
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICKS


def load_with_wrk(url: str, seconds: float) -> tuple[float, float, int]:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    value, unit = re.search(r"\n\s+99%\s+([\d.]+)(us|ms|s)\b", out).groups()
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} error responses")
    return rps, float(value) * UNITS[unit], requests


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
    return len(latencies) / seconds, latencies[int(len(latencies) * 0.99) - 1], len(latencies)


def run() -> list[Result]:
    list_path, release_path = build_data()
    load = load_with_wrk if shutil.which("wrk") else load_with_python
    tool = "wrk" if load is load_with_wrk else "python load generator"
    servers = {
        mode: start_server(cache_seconds=seconds) for mode, seconds in (("cached", 600), ("uncached", 0))
    }
    pages = {"list": list_path, "release": release_path}
    # Per round and mode: minimal, list, minimal, release, minimal. Each page is compared with
    # the minimal view measured just before and after it, which cancels slow drifts in load.
    rps: dict = {}
    p99: dict = {}
    cpu: dict = {}
    share: dict = {}

    def measure(mode, name, path):
        server, base = servers[mode]
        before = server_cpu_seconds(server)
        result_rps, result_p99, requests = load(f"{base}{path}", DURATION)
        cpu.setdefault((mode, name), []).append(
            1000 * (server_cpu_seconds(server) - before) / max(requests, 1)
        )
        rps.setdefault((mode, name), []).append(result_rps)
        p99.setdefault((mode, name), []).append(result_p99)
        return result_rps

    try:
        for mode, (_server, base) in servers.items():  # warm up workers, templates and cache entries
            for path in ("/bench/minimal/", *pages.values()):
                load(f"{base}{path}", 1)
        for _round in range(ROUNDS):
            for mode in servers:
                minimal_before = measure(mode, "minimal", "/bench/minimal/")
                for name, path in pages.items():
                    page_rps = measure(mode, name, path)
                    minimal_after = measure(mode, "minimal", "/bench/minimal/")
                    share.setdefault((mode, name), []).append(
                        200 * page_rps / (minimal_before + minimal_after)
                    )
                    minimal_before = minimal_after
    finally:
        for server, _base in servers.values():
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)

    median = statistics.median
    results = []
    for mode, least in (("cached", 40), ("uncached", 4)):
        results.append(
            Result(
                f"minimal view ({mode} server), {CONNECTIONS} connections",
                median(rps[(mode, "minimal")]),
                "rps",
                detail=f"p99 {median(p99[(mode, 'minimal')]):.1f} ms, {median(cpu[(mode, 'minimal')]):.2f} ms CPU"
                f"/request; {tool}, {WORKERS} gunicorn workers, {ROUNDS} rounds of {DURATION:g} s",
            )
        )
        for name, label in (("list", "newsroom list (20 rows)"), ("release", "release page")):
            ratio = median(share[(mode, name)])
            cpu_ratio = 100 * median(cpu[(mode, "minimal")]) / median(cpu[(mode, name)])
            verdict = "OK" if ratio >= least else "BELOW TARGET"
            results.append(
                Result(
                    f"{label}, {mode}: throughput, % of minimal view",
                    ratio,
                    "%",
                    detail=f"target ≥ {least} % {verdict}; {median(rps[(mode, name)]):.0f} rps; "
                    f"by server CPU per request {cpu_ratio:.1f} % ({median(cpu[(mode, name)]):.2f} ms)",
                )
            )
            # The same target as a ceiling, so the runner counts a miss as a failure.
            results.append(
                Result(f"{label}, {mode}: slowdown vs minimal view", 100 / ratio, "×", target=100 / least)
            )
            if mode == "cached":
                results.append(
                    Result(
                        f"{label}, {mode}: p99 latency (median of rounds)",
                        median(p99[(mode, name)]),
                        "ms",
                        target=50,
                    )
                )
    return results
