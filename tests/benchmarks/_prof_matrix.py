"""Profile of the matrix PDF (not a benchmark: `python -m tests.benchmarks _prof_matrix`).

PROF_COMMENTS (1000), PROF_ROUNDS (2), PROF=1 for a cProfile of the second render,
PROF_PART_SIZE: comments per part (config.pdf.PART_SIZE), PROF_GC=1: leave the cyclic collector on.
Peak RSS (ru_maxrss) is the process's: run one size per process to read a render's peak.
"""

import cProfile
import os
import pstats
import resource
import time

from tests.benchmarks import workplans as data


def run():
    import contextlib

    from config import pdf

    if os.environ.get("PROF_PART_SIZE"):
        pdf.PART_SIZE = int(os.environ["PROF_PART_SIZE"])
    if os.environ.get("PROF_GC"):
        pdf._no_cyclic_collection = contextlib.nullcontext
    from workplans.models import MatrixExport
    from workplans.services import exports as export_services

    comments = int(os.environ.get("PROF_COMMENTS", "1000"))
    _plan, comment_round, _people, staff = data.build_data(comments=comments)
    print(f"before rendering: maxrss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
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


def _rss_mib() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def compare():
    """PROF_CONFIGS="500,250,1000,500:gc,500:trim": one render of PROF_COMMENTS each, in a forked
    child of one warm process, printing its peak RSS over the RSS at the fork and the RSS after
    each part and after the page furniture."""
    import contextlib
    import ctypes
    import gc

    from django.utils import translation

    from config import pdf, pdf_parts
    from workplans.matrix_formats import matrix_comments, matrix_pdf

    comments = int(os.environ.get("PROF_COMMENTS", "5000"))
    _plan, comment_round, _people, staff = data.build_data(comments=comments)
    with translation.override("en"):
        rows = list(matrix_comments(comment_round, staff))
        matrix_pdf(comment_round, rows[:20], language="en")
    gc.collect()
    libc = ctypes.CDLL("libc.so.6")
    original_add, original_furniture = pdf_parts.PartsWriter.add, pdf_parts.PartsWriter.add_furniture

    def add(self, document, pages):
        original_add(self, document, pages)
        print(f"  part drawn ({self.page_count} pages): RSS {_rss_mib():.0f} MiB", flush=True)

    def add_furniture(self, document):
        print(f"  furniture laid out: RSS {_rss_mib():.0f} MiB", flush=True)
        original_furniture(self, document)

    pdf_parts.PartsWriter.add, pdf_parts.PartsWriter.add_furniture = add, add_furniture

    def timed_collect(generation=2, collect=gc.collect):
        started = time.process_time()
        found = collect(generation)
        print(
            f"  gc.collect({generation}): {found} found, {time.process_time() - started:.3f} s CPU",
            flush=True,
        )
        return found

    pdf_parts.gc = type("gc", (), {"collect": staticmethod(timed_collect)})
    for config in os.environ.get("PROF_CONFIGS", "500").split(","):
        size, *flags = config.split(":")
        at_fork = _rss_mib()
        pid = os.fork()
        if pid:
            os.waitpid(pid, 0)
            continue
        if size == "native":  # one WeasyPrint document written by WeasyPrint, as before the parts
            from workplans import matrix_formats

            def native(*, part_context, count, furniture_template, part_size, **kwargs):
                kwargs["context"] = {**kwargs["context"], **part_context(0, count)}
                return pdf.render_pdf(**kwargs)

            matrix_formats.render_pdf_in_parts, size = native, "0"
        if "gc" in flags:
            pdf._no_cyclic_collection = contextlib.nullcontext
        if "trim" in flags:
            collect = gc.collect
            pdf_parts.gc = type(
                "gc",
                (),
                {"collect": staticmethod(lambda generation=2: (collect(generation), libc.malloc_trim(0)))},
            )
        started, cpu = time.perf_counter(), time.process_time()
        with translation.override("en"):
            content = matrix_pdf(comment_round, rows, language="en", part_size=int(size))
        print(
            f"{config}: {time.perf_counter() - started:.2f} s wall, {time.process_time() - cpu:.2f} s CPU, "
            f"{len(content) / 1024:.0f} KB; RSS at fork {at_fork:.0f} MiB, peak "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB",
            flush=True,
        )
        os._exit(0)
    return []
