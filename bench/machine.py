"""The date and the machine's load, printed above every benchmark: figures mean little without.

On a shared machine the wall-clock time grows with the load; the benchmarks also print CPU
time where it matters, which the load changes much less.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys


def load() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:  # not on every platform
        return (float("nan"),) * 3


def cpus() -> int:
    return os.cpu_count() or 1


def header(title: str) -> str:
    """'# title' and a line with the date (UTC), CPUs, load averages and Python."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    one, five, fifteen = load()
    return (
        f"# {title}\n"
        f"# {now}; {cpus()} CPUs; load {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min); "
        f"Python {platform.python_version()} ({sys.base_prefix}) on {platform.machine()}"
    )


def peak_memory() -> str:
    """'peak memory N MB': the process's largest resident size so far (Linux: ru_maxrss in kB)."""
    import resource

    return f"peak memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
