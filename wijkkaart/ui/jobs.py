"""The one job runner of the app: long work off the GUI thread, progress and *Annuleren* shown.

After Orange3's ``ConcurrentWidgetMixin``: a job is a plain function ``work(feedback) -> result``
(Qt-free, testable on its own) plus ``apply(result)``, which runs on the GUI thread and changes
the document, usually by pushing a command that carries the precomputed result. So a job that is
cancelled, or fails, never touched the document: nothing is undone because nothing was done.

- One job per *kind* ("analysis:ranking", "open", "export" …): starting a new one cancels the
  previous one of that kind, whose result is then dropped even if it still arrives.
- A cancel takes effect at once for the user: the bar goes, the result will never be applied. The
  worker stops at its next ``feedback.check()``. Library calls that cannot be interrupted
  (sklearn's Ward, spopt's max-p) run in a child process that the cancel ends
  (:mod:`wijkkaart.child_process`), when they are long enough to be worth one.
- An exception in ``work`` or ``apply`` reaches the user as the Dutch error dialog of
  :mod:`wijkkaart.ui.errors` (unexpected ones are logged with their traceback), never only stderr.

Nothing in the app waits for a job: its outcome is applied by ``apply`` (the done callback)
on the GUI thread, and dialogs show their own busy state meanwhile. Tests wait with
``tests/ui/waiting.py``.

Worker threads are plain Python threads: they share the GIL with the GUI thread, which Python
hands over every few milliseconds, so the window keeps responding (``tests/ui/test_jobs.py``
measures it).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStatusBar,
    QWidget,
)

from wijkkaart.feedback import Cancelled, Feedback
from wijkkaart.heap import frozen
from wijkkaart.messages import WijkkaartError, ui

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 250  # a job quicker than this never shows the bar (no flicker)
_REPORT_EVERY_S = 0.05  # progress reaches the GUI at most 20 times a second


@dataclass(eq=False)
class Job:
    """One run: its feedback (cancel flag, progress) and what to do with its outcome."""

    kind: str
    label: str
    work: Callable[[Feedback], Any]
    apply: Callable[[Any], None]
    on_error: Callable[[BaseException], None] | None = None
    on_cancel: Callable[[], None] | None = None
    path: object = ""  # named in the error dialog when the job is about a file
    feedback: Feedback = field(default_factory=Feedback)
    started: float = field(default_factory=time.monotonic)
    done: threading.Event = field(default_factory=threading.Event)
    state: str = "running"  # running, applied, cancelled, failed
    thread: threading.Thread | None = None  # the worker (it ends at its next check)

    @property
    def cancelled(self) -> bool:
        return self.state == "cancelled"


class _Relay(QObject):
    """Carries a worker's reports to the GUI thread (queued: it lives on the GUI thread)."""

    progressed = Signal(object, float, str)
    finished = Signal(object, object)
    failed = Signal(object, object)


class JobBar(QWidget):
    """Message, progress bar and *Annuleren* for the status bar; hidden while nothing runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedWidth(160)
        self.cancel_button = QPushButton(ui("job_cancel"))
        self.cancel_button.setToolTip(ui("job_cancel_tip"))
        self.cancel_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def show_job(self, job: Job | None) -> None:
        if job is None:
            self.hide()
            return
        self.label.setText(job.feedback.message or job.label)
        self.bar.setValue(round(job.feedback.fraction * 1000))
        self.show()


class JobRunner(QObject):
    """Runs jobs off the GUI thread for one window; ``bar`` goes in its status bar."""

    job_started = Signal(object)  # the Job
    job_finished = Signal(object)  # the Job, after it was applied, failed or cancelled

    def __init__(self, parent: QWidget, status_bar: QStatusBar | None = None) -> None:
        super().__init__(parent)
        self.window = parent
        self.status_bar = status_bar
        self.bar = JobBar(parent)
        if status_bar is not None:
            status_bar.addPermanentWidget(self.bar)
        self.bar.cancel_button.clicked.connect(self.cancel_shown)
        self._relay = _Relay()
        self._relay.progressed.connect(self._progressed, Qt.ConnectionType.QueuedConnection)
        self._relay.finished.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._relay.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)
        self._active: dict[str, Job] = {}
        self._threads: set[threading.Thread] = set()
        self.last_error: BaseException | None = None
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    def shutdown(self, timeout: float = 3.0) -> None:
        """Quitting: cancel every job and give the workers ``timeout`` s to stop, so none is
        still painting or reading while the interpreter tears Qt down (that aborts)."""
        self.cancel_all()
        end = time.monotonic() + timeout
        for thread in list(self._threads):
            thread.join(max(0.0, end - time.monotonic()))

    # --- starting and stopping -----------------------------------------------------------------

    def start(
        self,
        kind: str,
        work: Callable[[Feedback], Any],
        apply: Callable[[Any], None],
        *,
        label: str = "",
        on_error: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        path: object = "",
    ) -> Job:
        """Run ``work(feedback)`` on a worker thread, then ``apply(result)`` here.

        A running job of the same ``kind`` is cancelled first.
        """
        self.cancel(kind)
        job = Job(kind, label or ui("job_busy"), work, apply, on_error, on_cancel, path)
        last = [0.0]

        def listener(fraction: float, message: str) -> None:
            now = time.monotonic()
            if message or now - last[0] >= _REPORT_EVERY_S or fraction >= 1.0:
                last[0] = now
                self._relay.progressed.emit(job, fraction, message)

        job.feedback = Feedback(listener)
        self._active[kind] = job
        thread = threading.Thread(target=self._run, args=(job,), name=f"job {kind}", daemon=True)
        self._threads.add(thread)
        job.thread = thread
        thread.start()
        QTimer.singleShot(SHOW_AFTER_MS, self._update_bar)
        self.job_started.emit(job)
        return job

    def _run(self, job: Job) -> None:
        """The worker thread: compute, and hand the outcome to the GUI thread."""
        from wijkkaart import child_process

        # the app runs many analyses: the fork server, when one needs it, loads all the
        # libraries of the calls that run in a child at once
        child_process.preload(*child_process.FOR_LONG_SESSIONS)
        try:
            try:
                with frozen():  # no full garbage collection of the whole app in the job
                    result = job.work(job.feedback)
            except Cancelled:
                self._relay.finished.emit(job, _CANCELLED)
            except BaseException as exc:  # every failure goes to the GUI thread, as a dialog
                self._relay.failed.emit(job, exc)
            else:
                self._relay.finished.emit(job, result)
        except RuntimeError:  # the window (and its relay) is gone: nobody waits for it
            log.debug("job %s ended after its window closed", job.kind)
        finally:
            self._threads.discard(threading.current_thread())

    def cancel(self, kind: str) -> bool:
        """Cancel the running job of ``kind``; True when there was one."""
        job = self._active.pop(kind, None)
        if job is None:
            return False
        self._cancelled(job)
        return True

    def cancel_all(self, keep: str | None = None) -> None:
        """Cancel every running job (but the one of kind ``keep``)."""
        for kind in list(self._active):
            if kind != keep:
                self.cancel(kind)

    def cancel_shown(self) -> None:
        """*Annuleren*: the job the bar shows (the latest started)."""
        job = self.shown_job()
        if job is not None:
            self.cancel(job.kind)
            if self.status_bar is not None:
                self.status_bar.showMessage(ui("cancelled"), 5000)

    def _cancelled(self, job: Job) -> None:
        job.feedback.cancel()
        job.state = "cancelled"
        job.done.set()
        self._update_bar()
        if job.on_cancel is not None:
            job.on_cancel()
        self.job_finished.emit(job)

    # --- what runs -----------------------------------------------------------------------------

    def running(self, kind: str | None = None) -> bool:
        return bool(self._active) if kind is None else kind in self._active

    def job(self, kind: str) -> Job | None:
        return self._active.get(kind)

    def shown_job(self) -> Job | None:
        return max(self._active.values(), key=lambda j: j.started, default=None)

    def say_stale(self, label: str) -> None:
        """A result was computed on an older state of the document: say that it runs again."""
        if self.status_bar is not None:
            self.status_bar.showMessage(ui("job_stale", name=label), 8000)

    def _update_bar(self) -> None:
        """Show the latest job once it has run ``SHOW_AFTER_MS`` (its timer calls this)."""
        job = self.shown_job()
        young = job is not None and time.monotonic() - job.started < SHOW_AFTER_MS / 1000 - 0.02
        if young and self.bar.isHidden():
            return
        self.bar.show_job(job)

    # --- outcomes, on the GUI thread -----------------------------------------------------------

    def _current(self, job: Job) -> bool:
        """True while ``job`` is the live one of its kind (not cancelled, not replaced)."""
        return self._active.get(job.kind) is job

    def _progressed(self, job: Job, _fraction: float, _message: str) -> None:
        if self._current(job) and job is self.shown_job() and self.bar.isVisible():
            self.bar.show_job(job)

    def _finished(self, job: Job, result: object) -> None:
        if not self._current(job):
            return  # cancelled or replaced: its result is thrown away
        del self._active[job.kind]
        if result is _CANCELLED:  # it stopped itself (a check inside saw the flag)
            self._cancelled(job)
            return
        try:
            job.apply(result)
        except Exception as exc:  # applying failed: the command did not go on the stack
            job.state = "failed"
            job.done.set()
            self._update_bar()
            self._report(job, exc)
            self.job_finished.emit(job)
            return
        job.state = "applied"
        job.done.set()
        self._update_bar()
        self.job_finished.emit(job)

    def _failed(self, job: Job, error: BaseException) -> None:
        if not self._current(job):
            return
        del self._active[job.kind]
        job.state = "failed"
        job.done.set()
        self._update_bar()
        self._report(job, error)
        self.job_finished.emit(job)

    def _report(self, job: Job, error: BaseException) -> None:
        if not isinstance(error, WijkkaartError):  # a bug of ours: its traceback in the log
            log.error("job %s failed", job.kind, exc_info=(type(error), error, error.__traceback__))
        if job.on_error is not None:
            job.on_error(error)
            return
        self.show_error(error, job.path)

    def show_error(self, error: BaseException, path: object = "") -> None:
        """The Dutch error dialog, as everywhere in the app (tests record it)."""
        from wijkkaart.ui.errors import error_box

        self.last_error = error
        error_box(self.window, error, path).exec()


_CANCELLED = object()
