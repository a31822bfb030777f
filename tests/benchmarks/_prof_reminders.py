"""Profile of the reminder fan-out (not a benchmark: run with `python -m tests.benchmarks _prof_reminders`)."""

import cProfile
import datetime
import os
import pstats
import time

from django.conf import settings

from meetings import notifications
from tests.benchmarks import _fixtures as fixtures
from tests.benchmarks.meeting_reminders import _meeting
from tests.live_delivery import SmtpSinkProcess


def run():
    n_states = int(os.environ.get("PROF_STATES", "35"))
    group, states = fixtures.organisation(n_states)
    people = fixtures.delegates(states, 5)
    with SmtpSinkProcess() as sink:
        settings.MAILERS = sink.mailers()
        for number in (1, 2, 3):
            meeting = _meeting(group, number)
            as_of = meeting.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=1)
            profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine is shared
            started, cpu = time.perf_counter(), time.process_time()
            if number == 3:
                profiler.enable()
            notifications.send_due_reminders(now=as_of)
            sink.wait_for(len(people) * number, 60)
            profiler.disable()
            print(
                f"round {number}: {time.perf_counter() - started:.3f} s wall, {time.process_time() - cpu:.3f} s CPU"
            )
            from meetings.models import Meeting

            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    return []
