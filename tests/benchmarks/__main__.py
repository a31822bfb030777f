"""Run the benchmarks in a throwaway database and print their figures.

    python -m tests.benchmarks              # all of them
    python -m tests.benchmarks minutes_pdf  # some of them

Needs DJANGO_SECRET_KEY (or DEBUG=true); uses DATABASE_URL and REDIS_URL when set
(`make bench` starts throwaway PostgreSQL and Redis servers on loopback).
"""

import importlib
import os
import pkgutil
import sys
import time


def discover() -> list[str]:
    here = os.path.dirname(__file__)
    return sorted(
        name for _finder, name, ispkg in pkgutil.iter_modules([here]) if not ispkg and name != "__main__"
    )


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # WeasyPrint logs every layout step at INFO
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    names = argv or discover()
    modules = [importlib.import_module(f"tests.benchmarks.{name}") for name in names]
    modules = [module for module in modules if hasattr(module, "run")]
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    failures = 0
    try:
        print(f"Benchmarks on {connection.vendor}, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
        for module in modules:
            print(
                f"\n## {module.__name__.rsplit('.', 1)[1]}: {(module.__doc__ or '').strip().splitlines()[0]}"
            )
            sys.stdout.flush()
            for result in module.run():
                print(result.line())
                failures += result.ok is False
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
