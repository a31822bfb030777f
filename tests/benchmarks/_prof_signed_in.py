"""CPU, queries and size of the signed-in pages, one request at a time in process (not a benchmark).

    DJANGO_SECRET_KEY=x uv run python -m tests.benchmarks._prof_signed_in [label prefix]

Builds the data of `pages` (1,000 comments) once into var/prof.sqlite3 (delete
var/prof-pages.json to rebuild), then prints CPU ms per request (test client, without the
test runner's template instrumentation), SQL queries and KB per page. PROF=1 adds a cProfile
of each page shown, PROF_CALLERS=<regex> its callers, PROF_SAVE=<folder> each page's HTML and SQL.
"""

import cProfile
import json
import os
import pstats
import statistics
import sys
import time
import warnings
from pathlib import Path

DB = Path("var/prof.sqlite3").absolute()
META = Path("var/prof-pages.json").absolute()


def setup() -> list[dict]:
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    if META.exists():
        connection.settings_dict["NAME"] = str(DB)
        return json.loads(META.read_text())
    DB.unlink(missing_ok=True)
    connection.settings_dict["TEST"]["NAME"] = str(DB)
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    from tests.benchmarks import pages as bench_pages

    setup_test_environment()
    pages, grow = bench_pages.build()
    grow()
    found = [{"label": p.label, "kind": p.kind, "path": p.path, "cookie": p.cookie} for p in pages]
    META.write_text(json.dumps(found))
    return found


def measure(page: dict, repeat: int) -> None:
    from django.db import connections
    from django.test import Client

    client = Client()
    name, value = page["cookie"].split("=", 1)
    client.cookies[name] = value
    for _ in range(3):
        response = client.get(page["path"])
    assert response.status_code == 200, (page["label"], response.status_code)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(count):
        response = client.get(page["path"])
    times = []
    for _ in range(repeat):
        cpu = time.process_time()
        client.get(page["path"])
        times.append(time.process_time() - cpu)
    ms = sum(times) * 1000 / repeat
    # The median resists the other processes sharing the machine better than the mean.
    median = statistics.median(times) * 1000
    kb = len(response.content) / 1024
    print(
        f"{page['label']:40s} {ms:6.1f} ms CPU (median {median:5.1f})  {len(queries):2d} q  {kb:6.1f} KB",
        flush=True,
    )
    if folder := os.environ.get("PROF_SAVE"):
        slug = page["label"].split(" (")[0].replace(" ", "-")
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{slug}.html").write_bytes(response.content)
        (Path(folder) / f"{slug}.sql").write_text("\n\n".join(queries))
    if os.environ.get("PROF"):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(page["path"])
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROF_LINES", "70")))
        stats.sort_stats("tottime").print_stats(30)
        if callers := os.environ.get("PROF_CALLERS"):
            stats.print_callers(callers)


def main(argv: list[str]) -> None:
    pages = setup()
    from django.conf import settings
    from django.test import override_settings

    wanted = argv[0] if argv else ""
    repeat = int(os.environ.get("PROF_REPEAT", "20"))
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=plain_static, ALLOWED_HOSTS=["testserver"]):
        for page in pages:
            if page["kind"] == "signed-in" and page["label"].startswith(wanted):
                measure(page, repeat)


if __name__ == "__main__":
    main(sys.argv[1:])
