"""Profile of the matrix PDF (not a benchmark: `python -m tests.benchmarks _prof_matrix`)."""

import cProfile
import os
import pstats
import resource
import time

from tests.benchmarks import workplans as data


def run():
    from workplans.models import MatrixExport
    from workplans.services import exports as export_services

    comments = int(os.environ.get("PROF_COMMENTS", "1000"))
    _plan, comment_round, _people, staff = data.build_data(comments=comments)
    for n in range(int(os.environ.get("PROF_ROUNDS", "2"))):
        export = MatrixExport.objects.create(round=comment_round, requested_by=staff)
        profiler = cProfile.Profile()
        if n and os.environ.get("PROF"):
            profiler.enable()
        started = time.perf_counter()
        cpu = time.process_time()
        export_services.render_matrix_export(export_id=str(export.pk))
        profiler.disable()
        export.refresh_from_db()
        print(
            f"render {n}: {time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, "
            f"{export.file.size / 1024:.0f} KB, maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB"
        )
        if n and os.environ.get("PROF"):
            stats = pstats.Stats(profiler)
            stats.sort_stats("cumulative").print_stats(40)
            stats.sort_stats("tottime").print_stats(30)
    return []
