"""Profile of the reminder fan-out (not a benchmark: run with `python -m tests.benchmarks _prof_reminders`).

Prints, per round, where each mail's time goes: wall, this process's CPU (the worker's work),
the SMTP sink's CPU, PostgreSQL's CPU, SQL statements and SMTP round trips; then a
cProfile of the last round. PROF_LARGE=1: 40 states × 50 delegates (2,000 mails) instead of
35 × 5; PROF_ROUNDS (default 3); PROF_CPROFILE=0 skips the profile; PROF_AB=1 sends every
other round as before pipelining (smtplib's exchange, no serialising ahead), to compare in the
same conditions.
"""

import cProfile
import datetime
import os
import pstats
import smtplib
import time

from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings import notifications
from meetings.models import Meeting
from members import services, smtp
from tests.benchmarks import _fixtures as fixtures
from tests.benchmarks._cpu import postgres_cpu
from tests.benchmarks.meeting_reminders import _meeting, _more_delegates
from tests.live_delivery import SmtpSinkProcess


class _CountingWrites:
    """Counts the client's writes: each waits for a reply, so each is one round trip."""

    def __init__(self):
        self.writes = 0
        self.original = smtplib.SMTP.send

    def __enter__(self):
        counter = self

        def send(smtp, data):
            counter.writes += 1
            return counter.original(smtp, data)

        smtplib.SMTP.send = send
        return self

    def __exit__(self, *exc):
        smtplib.SMTP.send = self.original


def run():
    large = os.environ.get("PROF_LARGE", "") not in ("", "0")
    rounds = int(os.environ.get("PROF_ROUNDS", "3"))
    if large:
        group, states = fixtures.organisation(40)
        _more_delegates(states, 50)
        count = 2000
    else:
        group, states = fixtures.organisation(35)
        count = len(fixtures.delegates(states, 5))
    with SmtpSinkProcess() as sink:
        settings.MAILERS = sink.mailers()
        for number in range(1, rounds + 1):
            meeting = _meeting(group, number)
            as_of = meeting.starts_at - datetime.timedelta(days=1) + datetime.timedelta(minutes=1)
            plain = os.environ.get("PROF_AB", "") not in ("", "0") and number % 2 == 0
            if plain:  # as before pipelining: smtplib's exchange, each message serialised when sent
                smtp.PipeliningSMTP.sendmail_start = smtplib.SMTP.sendmail
                services._Sending.split = property(lambda self: False, lambda self, value: None)
            profiled = number == rounds and os.environ.get("PROF_CPROFILE", "1") != "0"
            profiler = cProfile.Profile(time.process_time)  # CPU, not wall: the machine is shared
            sink_cpu, pg_cpu = sink.cpu_seconds(), postgres_cpu(connection)
            connection.queries_log.clear()  # it keeps 9,000 at most: 2,000 mails' worth must fit
            with CaptureQueriesContext(connection) as queries, _CountingWrites() as writes:
                started, cpu = time.perf_counter(), time.process_time()
                if profiled:
                    profiler.enable()
                notifications.send_due_reminders(now=as_of)
                sink.wait_for(count * number, 60)
                profiler.disable()
                wall, cpu = time.perf_counter() - started, time.process_time() - cpu
            sink_cpu = sink.cpu_seconds() - sink_cpu
            pg_cpu = postgres_cpu(connection) - pg_cpu
            per = 1000 / count
            if plain:
                del smtp.PipeliningSMTP.sendmail_start
                del services._Sending.split
            print(
                f"round {number}{' (profiled)' if profiled else ''}{' (no pipelining)' if plain else ''}: {count} mails, {wall:.3f} s wall; "
                f"per mail: wall {wall * per:.2f} ms, worker CPU {cpu * per:.2f} ms, "
                f"sink CPU {sink_cpu * per:.2f} ms, PostgreSQL CPU {pg_cpu * per:.2f} ms, "
                f"{len(queries) / count:.2f} SQL statements, {writes.writes / count:.2f} SMTP round trips"
            )
            Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.CANCELLED)
    if os.environ.get("PROF_CPROFILE", "1") != "0":
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(45)
        stats.sort_stats("tottime").print_stats(25)
    return []
