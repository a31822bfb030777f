"""Run the benchmarks in a throwaway database and print their figures.

    python -m tests.benchmarks              # all of them
    python -m tests.benchmarks minutes_pdf  # one of them

Every module here not starting with "_" is a benchmark: a `run() -> list[Result]` function.
This process creates the database (migrations are memory-hungry, a worker never runs them);
each benchmark then runs in its own process against it, so one benchmark's memory and
threads do not skew another's figures.

Needs DJANGO_SECRET_KEY (or DEBUG=true); uses DATABASE_URL and REDIS_URL when set
(`make bench` starts throwaway PostgreSQL and Redis servers on loopback).
"""

import importlib
import os
import pkgutil
import subprocess
import sys
import tempfile
import time

DATABASE_ENV = "PLENARY_BENCH_DATABASE"


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


def main(argv: list[str]) -> int:
    names = argv or discover()
    _setup_django()
    from django.db import connection

    if connection.vendor == "sqlite":
        # A file, not the in-memory default, so the benchmark processes share it.
        connection.settings_dict["TEST"]["NAME"] = os.path.join(tempfile.mkdtemp(), "bench.sqlite3")
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    connection.close()
    try:
        env = {**os.environ, DATABASE_ENV: str(test_name)}
        statuses = [
            subprocess.run(
                [sys.executable, "-m", "tests.benchmarks.__main__", "--one", name], env=env
            ).returncode
            for name in names
        ]
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    return max(statuses, default=0)


def run_one(name: str) -> int:
    _setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    connection.settings_dict["NAME"] = os.environ[DATABASE_ENV]
    setup_test_environment()
    module = importlib.import_module(f"tests.benchmarks.{name}")
    summary = (module.__doc__ or "").strip().splitlines()[0]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"\n## {name}: {summary}")
    print(f"on {connection.vendor}, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, load average {load}", flush=True)
    failures = 0
    for result in module.run():
        print(result.line(), flush=True)
        failures += result.ok is False
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        sys.exit(run_one(sys.argv[2]))
    sys.exit(main(sys.argv[1:]))
