"""Run the benchmarks in a throwaway database, print one table of their figures, save it as JSON.

    python -m tests.benchmarks              # all of them
    python -m tests.benchmarks pages        # one of them
    BENCH_QUICK=1 python -m tests.benchmarks  # every case briefly; figures not judged
    BENCH_LARGE=1 python -m tests.benchmarks pages  # the pages again on `manage.py load_large`

Every module here not starting with "_" is a benchmark: a `run() -> list[Result | Row]` function.
This process creates the database (migrations are memory-hungry, a worker never runs them);
each benchmark then runs in its own process against it, so one benchmark's memory and
threads do not skew another's figures. The table is written to var/bench/ as JSON; the exit
status is 1 when a target was missed (never in quick mode).

Needs DJANGO_SECRET_KEY (or DEBUG=true); uses DATABASE_URL and REDIS_URL when set
(`make bench` starts throwaway PostgreSQL and Redis servers on loopback).
"""

import dataclasses
import importlib
import json
import os
import pkgutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

DATABASE_ENV = "PLENARY_BENCH_DATABASE"
OUTPUT_ENV = "PLENARY_BENCH_OUTPUT"
COLUMNS = ["rps", "p50 ms", "p99 ms", "p99 large ms", "CPU ms/req", "SQL q", "KB", "% minimal", "value"]


def discover() -> list[str]:
    here = os.path.dirname(__file__)
    return sorted(
        name for _f, name, ispkg in pkgutil.iter_modules([here]) if not ispkg and not name.startswith("_")
    )


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # WeasyPrint logs every layout step at INFO
    import django

    django.setup()


def _cell(value) -> str:
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def table(rows: list[dict]) -> str:
    columns = [c for c in COLUMNS if any(c in row["figures"] for row in rows)]
    header = ["case", *columns, "targets"]
    lines = [
        [
            row["case"],
            *(_cell(row["figures"].get(c, "")) for c in columns),
            "; ".join(f"{d} {'ok' if met else 'MISSED'}" for d, met in row["targets"])
            + (f"  {row['detail']}" if row["detail"] else ""),
        ]
        for row in rows
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(header, *lines, strict=True)]
    widths[-1] = 0  # the last column runs free
    out = []
    for n, line in enumerate([header, *lines]):
        out.append(
            "  ".join(
                str(cell).ljust(w) if i == 0 or i == len(line) - 1 else str(cell).rjust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            ).rstrip()
        )
        if n == 0:
            out.append("-" * len(out[0]))
    return "\n".join(out)


def main(argv: list[str]) -> int:
    from tests.benchmarks import QUICK

    names = argv or discover()
    _setup_django()
    from django.db import connection

    if connection.vendor == "sqlite":
        # A file, not the in-memory default, so the benchmark processes share it.
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.close()
    rows, statuses = [], []
    started = time.strftime("%Y-%m-%dT%H-%M-%S")
    try:
        for name in names:
            with tempfile.NamedTemporaryFile(suffix=".json") as output:
                env = {**os.environ, DATABASE_ENV: str(test_name), OUTPUT_ENV: output.name}
                status = subprocess.run(
                    [sys.executable, "-m", "tests.benchmarks.__main__", "--one", name], env=env
                ).returncode
                statuses.append(status)
                text = Path(output.name).read_text()
                rows += (
                    json.loads(text)
                    if text
                    else [
                        {
                            "case": f"{name}: failed (status {status})",
                            "figures": {},
                            "targets": [],
                            "detail": "",
                        }
                    ]
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n# Benchmarks{' (quick: figures not judged)' if QUICK else ''}; load average now {load}\n")
    print(table(rows))
    missed = [f"{row['case']}: {d}" for row in rows for d, met in row["targets"] if not met]
    folder = Path("var/bench")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"bench-{started}{'-quick' if QUICK else ''}.json"
    path.write_text(json.dumps({"started": started, "quick": QUICK, "rows": rows}, indent=1))
    print(f"\nwritten to {path}; {len(missed)} target(s) missed")
    for line in missed:
        print(f"  MISSED {line}")
    if QUICK:
        return 1 if any(statuses) else 0
    return 1 if missed or any(statuses) else 0


def run_one(name: str) -> int:
    # The load-test settings serve static files from the apps; the missing STATIC_ROOT is expected.
    warnings.filterwarnings("ignore", message="No directory at")
    _setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from tests.benchmarks import QUICK, Result

    connection.settings_dict["NAME"] = os.environ[DATABASE_ENV]
    setup_test_environment()
    module = importlib.import_module(f"tests.benchmarks.{name}")
    summary = (module.__doc__ or "").strip().splitlines()[0]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"## {name}: {summary}")
    print(f"on {connection.vendor}, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, load average {load}", flush=True)
    rows = [r.row() if isinstance(r, Result) else r for r in module.run()]
    for row in rows:
        row.case = f"{name}: {row.case}"
        if QUICK:
            row.targets = []  # figures only
    Path(os.environ[OUTPUT_ENV]).write_text(json.dumps([dataclasses.asdict(row) for row in rows]))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        sys.exit(run_one(sys.argv[2]))
    sys.exit(main(sys.argv[1:]))
