"""Minutes PDF render time and peak memory: 35 states, 20 agenda items, in a worker-like process.

This process writes the data; the renders run in a fresh child process that imports what a
Celery worker imports (Django and every task module) and nothing the benchmark harness needs
(factories, data set-up), so its peak RSS is the rendering worker's, not the harness's.
"""

import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time

from tests.benchmarks import QUICK, Result

# Models and the fixtures are imported inside the functions: the child process runs this
# module as __main__ and must set Django up before anything touches a model.
REPEAT = 2 if QUICK else 7


def _minutes(meeting):
    from meetings.models import Decision, Minutes, MinutesItem
    from tests.benchmarks import _fixtures as fixtures

    # Written directly, not through the services, so no render task is queued for a worker.
    minutes = Minutes.objects.create(
        meeting=meeting, symbol="VG-IDC/MIN.1/23", chair="Ana Chair", next_steps=fixtures.PARAGRAPH
    )
    MinutesItem.objects.bulk_create(
        MinutesItem(
            minutes=minutes, agenda_item=item, position=item.position, title=item.title, summary=item.outcome
        )
        for item in meeting.agenda_items.all()
    )
    Decision.objects.bulk_create(
        Decision(minutes=minutes, number=n, text=f"Decision {n}: {fixtures.PARAGRAPH[:160]}")
        for n in range(1, 11)
    )
    return minutes


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def render_in_worker(minutes_id: int) -> dict:
    """The child's side: load like a worker, render REPEAT + 1 times, report figures."""
    os.environ.setdefault(
        "CELERY_SKIP_CHECKS", "1"
    )  # as the render worker runs (README "Running on PostgreSQL, Redis and SMTP")
    from config.celery import app

    app.loader.import_default_modules()  # every task module, as `celery worker` does at start
    from meetings.minutes import printing
    from meetings.models import Minutes

    before_mib = _rss_mib()
    minutes = Minutes.objects.select_related(
        "meeting__group", "meeting__room", "meeting__convening_unit", "next_meeting", "approved_at_meeting"
    ).get(pk=minutes_id)
    printing.render_minutes(minutes, "en")  # warm-up: fonts, stylesheet, templates
    timings, cpu = [], []
    for _ in range(REPEAT):
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = printing.render_minutes(minutes, "en")
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    peak_mib = _rss_mib()
    from pypdf import PdfReader  # only now: it is heavy, and the worker never loads it

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return {"timings": timings, "cpu": cpu, "before": before_mib, "peak": peak_mib, "pages": pages}


def run() -> list[Result]:
    from tests.benchmarks import _fixtures as fixtures

    group, states = fixtures.organisation(35)
    minutes = _minutes(fixtures.held_meeting(group, states, items=20))
    child = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.minutes_pdf", str(minutes.pk)],
        env=os.environ,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    timings, cpu = figures["timings"], figures["cpu"]
    return [
        Result(
            f"minutes PDF render, median of {REPEAT} (warm)",
            statistics.median(timings),
            "s",
            target=0.6,
            detail=(
                f"min {min(timings):.3f} s, max {max(timings):.3f} s, CPU median {statistics.median(cpu):.3f} s, "
                f"{figures['pages']} pages"
            ),
        ),
        Result(
            "peak RSS of the rendering worker process",
            figures["peak"],
            "MiB",
            target=150,
            detail=f"{figures['before']:.0f} MiB with Django and every task module loaded, before the first render",
        ),
    ]


if __name__ == "__main__":
    import warnings

    warnings.filterwarnings("ignore", message="No directory at")
    from tests.benchmarks.__main__ import DATABASE_ENV, _setup_django

    _setup_django()
    from django.db import connection

    connection.settings_dict["NAME"] = os.environ[DATABASE_ENV]
    print(json.dumps(render_in_worker(int(sys.argv[1]))))
