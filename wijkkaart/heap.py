"""Objects alive when a job starts are kept out of full garbage collections while it runs.

A full collection of the cyclic garbage collector walks every tracked object while it holds the
GIL. With the app's modules, widgets and a national layer that is about 280,000 objects and
0.1-0.3 s on a 2-CPU machine: the window froze in the middle of a background job (the 20-page
atlas stalled the event loop 170-320 ms at such moments). ``gc.freeze()`` moves what is alive
into a permanent generation that collections skip, and costs nothing itself; the new objects a
job makes are still collected as usual. When the last job ends everything is unfrozen again, so
no garbage cycle is kept for good (a full collection may then follow, outside the job).

A job's *own* new objects are not frozen, and a job that builds hundreds of thousands of rows
(a national series: 725,000) set off full collections of those rows every ~70,000 new objects,
each walking all of them: 0.3-0.4 s with the GIL held, growing with the job. So while a job
runs, full collections are also put off (the third threshold raised); the young generations
are still collected, and the cycles that outlive them wait for the job's end, when the old
threshold comes back. That is bounded by what one job makes (measured in bench/bench_jobs.py
and bench/bench_trend_panel.py with the peak memory).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_saved: tuple[int, ...] = ()
JOB_FULL_THRESHOLD = 1_000_000  # young collections between full ones: none within a job


@contextmanager
def frozen() -> Iterator[None]:
    """Around a job's work (jobs may overlap: the last one to end unfreezes)."""
    global _running, _saved
    with _lock:
        _running += 1
        if _running == 1:
            _saved = gc.get_threshold()
            gc.set_threshold(_saved[0], _saved[1], JOB_FULL_THRESHOLD)
        gc.freeze()
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.unfreeze()
                gc.set_threshold(*_saved)
