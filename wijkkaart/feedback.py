"""Progress and cancelling of long work, without Qt (after QGIS's ``QgsFeedback``).

Every long function (reading areas, joining a table, EP-Online, zonal statistics, clustering,
regions, ranking, exports) takes one optional ``Feedback``. It reports ``progress(fraction,
message)`` and checks ``cancelled`` at points where stopping leaves nothing half done: a
cancelled job raises :class:`Cancelled` out of ``check()`` (and out of ``progress()``, so every
report is a cancel point too). A step of a larger job gets ``feedback.part(start, end)``, which
reports into its own part of the bar and shares the cancel flag.

The app's job runner (``wijkkaart/ui/jobs.py``) turns the reports into a progress bar and its
*Annuleren* button into ``cancel()``; the CLI and tests pass nothing, or a plain callback.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

Listener = Callable[[float, str], None]

__all__ = ["Cancelled", "Feedback", "Listener", "ensure"]


class Cancelled(BaseException):
    """The user stopped the job; nothing of it is applied.

    A ``BaseException`` (as ``asyncio.CancelledError``): an ``except Exception`` that turns read
    errors into messages must not swallow a cancel and carry on with half the work.
    """


class Feedback:
    """Progress fraction and message of a job, and its cancelled flag (thread-safe).

    ``listener(fraction, message)`` is called on the thread that reports; the fraction is of the
    whole job (0..1), already mapped through the parts.
    """

    def __init__(self, listener: Listener | None = None) -> None:
        self._listener = listener
        self._cancel = threading.Event()
        self._parent: Feedback | None = None
        self._start, self._end = 0.0, 1.0
        self.fraction = 0.0
        self.message = ""

    # --- cancelling ----------------------------------------------------------------------------

    def cancel(self) -> None:
        """Ask the job to stop at its next check (any thread)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` when the job was cancelled; call it between steps."""
        if self._cancel.is_set():
            raise Cancelled

    # --- progress ------------------------------------------------------------------------------

    def progress(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` (0..1) of this (part of the) job done; also a cancel point."""
        self.check()
        fraction = min(1.0, max(0.0, float(fraction)))
        overall = self._start + (self._end - self._start) * fraction
        if self._parent is not None:
            self._parent.progress(overall, message)
            return
        self.fraction = overall
        if message:
            self.message = message
        if self._listener is not None:
            self._listener(overall, message)

    def part(self, start: float, end: float) -> Feedback:
        """A feedback for the step that fills ``start``..``end`` of this one's bar."""
        child = Feedback()
        child._cancel = self._cancel  # one flag for the whole job
        child._parent = self
        child._start, child._end = start, end
        return child


def ensure(feedback: Feedback | None) -> Feedback:
    """``feedback`` or a silent one, so long functions need no ``if feedback`` everywhere."""
    return feedback if feedback is not None else Feedback()
