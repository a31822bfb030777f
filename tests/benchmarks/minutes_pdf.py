"""Minutes PDF render time and peak memory: 35 states, 20 agenda items, warm process."""

import io
import resource
import statistics
import time

from pypdf import PdfReader

from meetings import minutes_services, printing
from tests.benchmarks import Result, fixtures

REPEAT = 7


def run() -> list[Result]:
    group, states = fixtures.organisation(35)
    meeting = fixtures.held_meeting(group, states, items=20)
    minutes = minutes_services.start_minutes(meeting=meeting)
    minutes_services.update_minutes(
        minutes=minutes,
        decisions=[f"Decision {n}: {fixtures.PARAGRAPH[:160]}" for n in range(1, 11)],
        next_steps=fixtures.PARAGRAPH,
    )
    minutes.refresh_from_db()
    before_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    printing.render_minutes(minutes)  # warm-up: fonts, stylesheet, templates
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        pdf = printing.render_minutes(minutes)
        timings.append(time.perf_counter() - started)
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return [
        Result(
            "minutes PDF render, median of 7 (warm)",
            statistics.median(timings),
            "s",
            target=1.5,
            detail=f"min {min(timings):.3f} s, max {max(timings):.3f} s, {len(PdfReader(io.BytesIO(pdf)).pages)} pages",
        ),
        Result(
            "peak RSS of the rendering process",
            peak_mib,
            "MiB",
            target=150,
            detail=f"{before_mib:.0f} MiB before the first render (Django, data, imports)",
        ),
    ]
