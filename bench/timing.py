"""Median wall and CPU time of repeated calls: standard library only.

bench_render.py (the venv) and qgis_render.py (Debian's /usr/bin/python3 with python3-qgis,
which cannot import wijkkaart or PySide6) time their renders with this same function.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def timed(func: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Median wall and median CPU seconds of ``repeat`` calls."""
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)
