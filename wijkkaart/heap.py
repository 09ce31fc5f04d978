"""Objects alive when a job starts are kept out of full garbage collections while it runs.

A full collection of the cyclic garbage collector walks every tracked object while it holds the
GIL. With the app's modules, widgets and a national layer that is about 280,000 objects and
0.1-0.3 s on a 2-CPU machine: the window froze in the middle of a background job (the 20-page
atlas stalled the event loop 170-320 ms at such moments). ``gc.freeze()`` moves what is alive
into a permanent generation that collections skip, and costs nothing itself; the new objects a
job makes are still collected as usual. When the last job ends everything is unfrozen again, so
no garbage cycle is kept for good (a full collection may then follow, outside the job).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0


@contextmanager
def frozen() -> Iterator[None]:
    """Around a job's work (jobs may overlap: the last one to end unfreezes)."""
    global _running
    with _lock:
        _running += 1
        gc.freeze()
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.unfreeze()
