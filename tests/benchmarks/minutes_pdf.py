"""Minutes PDF render time and peak memory: 35 states, 20 agenda items, warm process."""

import io
import resource
import statistics
import time

from meetings.minutes import printing
from meetings.models import Decision, Minutes, MinutesItem
from tests.benchmarks import QUICK, Result
from tests.benchmarks import _fixtures as fixtures

REPEAT = 2 if QUICK else 7


def _minutes(meeting) -> Minutes:
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
    return Minutes.objects.select_related("meeting__group", "meeting__room").get(pk=minutes.pk)


def run() -> list[Result]:
    group, states = fixtures.organisation(35)
    minutes = _minutes(fixtures.held_meeting(group, states, items=20))
    before_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    printing.render_minutes(minutes, "en")  # warm-up: fonts, stylesheet, templates
    timings, cpu = [], []
    for _ in range(REPEAT):
        started, started_cpu = time.perf_counter(), time.process_time()
        pdf = printing.render_minutes(minutes, "en")
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    from pypdf import PdfReader  # only now: it is heavy, and the worker never loads it

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    return [
        Result(
            f"minutes PDF render, median of {REPEAT} (warm)",
            statistics.median(timings),
            "s",
            target=1.5,
            detail=(
                f"min {min(timings):.3f} s, max {max(timings):.3f} s, CPU median {statistics.median(cpu):.3f} s, "
                f"{pages} pages"
            ),
        ),
        Result(
            "peak RSS of the rendering process",
            peak_mib,
            "MiB",
            target=150,
            detail=f"{before_mib:.0f} MiB before the first render (Django, data, imports)",
        ),
    ]
