"""CPU seconds of other processes (Linux /proc): the SMTP sink's and PostgreSQL's share of a benchmark.

On a shared two-core machine the wall time of a fan-out is the worker's, the sink's and the
database server's CPU plus the waits between them; these say which one a change moved.
"""

import os

TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float | None:
    """User + system CPU seconds of process `pid`, or None when /proc cannot tell."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime (fields 14, 15)


def _parent(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return int(stat.read().rsplit(")", 1)[1].split()[1])
    except OSError:
        return None


def postgres_cpu(connection) -> float | None:
    """CPU seconds of every process of the PostgreSQL server `connection` talks to (same machine),
    or None when it is not PostgreSQL or not local."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    postmaster = _parent(backend)
    if postmaster is None:
        return None
    total = process_cpu(postmaster) or 0.0
    for name in os.listdir("/proc"):
        if name.isdigit() and _parent(int(name)) == postmaster:
            total += process_cpu(int(name)) or 0.0
    return total
