"""CPU and queries of the search page per role, one request at a time in process (not a benchmark).

    DJANGO_SECRET_KEY=x uv run python -m tests.benchmarks._prof_search
    DJANGO_SECRET_KEY=x .ci/with-services uv run python -m tests.benchmarks._prof_search   # PostgreSQL

Builds the data of `pages` (releases, a meeting, a plan with 1,000 comments) in a throwaway test
database, then prints CPU ms per request, SQL queries and KB of the bench's search pages for a
visitor, a delegate and the secretariat. PROF_REPEAT (default 30) requests each; PROF=1 adds a
cProfile of each page (PROF_CASE=<label prefix> for one); PROF_SAVE=<folder> writes each page's HTML and SQL to compare before/after.
"""

import cProfile
import json
import os
import pstats
import time
import warnings
from pathlib import Path


def main() -> None:
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from tests.benchmarks import pages as bench_pages

    meta = Path("var/prof-search.json").absolute()
    if connection.vendor == "sqlite" and os.environ.get("PROF_KEEP") and meta.exists():
        # PROF_KEEP=1 reuses the SQLite database the last run built (and its sign-in cookies).
        connection.settings_dict["NAME"] = str(Path("var/prof-search.sqlite3").absolute())
        delegate, staff = json.loads(meta.read_text())
    else:
        if connection.vendor == "sqlite":
            connection.settings_dict["TEST"]["NAME"] = str(Path("var/prof-search.sqlite3").absolute())
        connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
        pages, grow = bench_pages.build()
        grow()
        delegate = next(p.cookie for p in pages if p.label == "search (delegate)")
        staff = next(p.cookie for p in pages if p.label == "meeting page (staff)")
        meta.write_text(json.dumps([delegate, staff]))
    setup_test_environment()
    year = bench_pages.YEAR
    path = reverse("search")
    cases = [
        ("visitor", f"{path}?q=working+group", ""),
        ("delegate", f"{path}?q=working+group", delegate),
        ("staff", f"{path}?q=working+group", staff),
        ("visitor, one word by year", f"{path}?q=charter&year={year}", ""),
        ("delegate, kind press", f"{path}?q=working+group&kind=press", delegate),
    ]
    repeat = int(os.environ.get("PROF_REPEAT", "30"))
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    print(f"database: {connection.vendor}")
    with override_settings(STORAGES=plain_static, ALLOWED_HOSTS=["testserver"], DEBUG=False):
        for label, url, cookie in cases:
            if not label.startswith(os.environ.get("PROF_CASE", "")):
                continue
            measure(Client, label, url, cookie, repeat)


def measure(client_class, label: str, url: str, cookie: str, repeat: int) -> None:
    from django.db import connections

    client = client_class()
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    for _ in range(3):
        response = client.get(url)
    assert response.status_code == 200, (label, response.status_code)
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connections["default"].execute_wrapper(count):
        response = client.get(url)
    cpu = time.process_time()
    for _ in range(repeat):
        client.get(url)
    ms = (time.process_time() - cpu) * 1000 / repeat
    print(
        f"search ({label}){'':{30 - len(label)}} {ms:6.1f} ms CPU  {len(queries):2d} q  "
        f"{len(response.content) / 1024:6.1f} KB  {response.content.count(b'<li class="mb-4">')} hits",
        flush=True,
    )
    if folder := os.environ.get("PROF_SAVE"):
        slug = label.replace(" ", "-").replace(",", "")
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{slug}.html").write_bytes(response.content)
        (Path(folder) / f"{slug}.sql").write_text("\n\n".join(queries))
    if os.environ.get("PROF"):
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(repeat):
            client.get(url)
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(int(os.environ.get("PROF_LINES", "50")))
        stats.sort_stats("tottime").print_stats(25)
        by_file = {}
        for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
            area = filename.split("site-packages/")[-1].split("search2/")[-1]
            by_file[area] = by_file.get(area, 0) + tottime
        for area, seconds in sorted(by_file.items(), key=lambda x: -x[1])[:30]:
            print(f"  {1000 * seconds / repeat:6.2f} ms  {area}")


if __name__ == "__main__":
    main()
