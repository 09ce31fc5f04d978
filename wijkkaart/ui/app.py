"""Start the desktop app (optionally photograph it: ``--screenshot``), and nothing more.

A small window saying "Bezig met laden…" is shown before the heavy modules (pandas, geopandas,
the main window) are imported, so the user sees the app within a second; the main window takes
its place and opens the project. ``WIJKKAART_STARTUP_LOG=file`` appends the wall-clock time of
each step (``loading_shown``, ``window_shown``, ``first_frame``) for ``bench/bench_startup.py``.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import cast

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from wijkkaart.ui.pyside_imports import speed_up_feature_hook

speed_up_feature_hook()  # before the heavy imports below

from wijkkaart.messages import WijkkaartError, ui  # noqa: E402
from wijkkaart.paths import sample_project  # noqa: E402
from wijkkaart.safe_output import atomic_path  # noqa: E402

log = logging.getLogger(__name__)
_STARTED = time.perf_counter()


def _mark(step: str) -> None:
    """Note how long start-up took to reach ``step`` (log, and the bench's file if asked)."""
    log.info("start-up: %s after %.2f s", step, time.perf_counter() - _STARTED)
    target = os.environ.get("WIJKKAART_STARTUP_LOG")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"{step} {time.time():.6f} {time.process_time():.6f}\n")


DEFAULT_SIZE = (1500, 950)  # without a screen to measure
COLLECTOR_PAUSE_MS = 15_000  # the collector runs again at the latest this long after the window


class _CollectorPause:
    """No cyclic garbage collection from the start until the first frame, then as always.

    Importing pandas, geopandas and Qt creates a million objects, and every full collection on
    the way walks them all: 0.1-0.2 s of CPU before the first frame, for garbage that start-up
    hardly makes (reference counting frees the rest). Afterwards ``gc.freeze`` moves what
    start-up built (modules, classes, the window) out of the collector's sight, so later
    collections stay cheap as well. ``resume`` is safe to call more than once.
    """

    def __init__(self) -> None:
        self.paused = gc.isenabled()
        if self.paused:
            gc.disable()

    def resume(self) -> None:
        if self.paused:
            self.paused = False
            gc.freeze()
            gc.enable()


def _loading_window(size: tuple[int, int]) -> QWidget:
    """The first thing the user sees: the app's name and "Bezig met laden…"."""
    window = QWidget()
    window.setWindowTitle("wijkkaart")
    window.setStyleSheet("background: #f4f4f2;")
    layout = QVBoxLayout(window)
    layout.addStretch(1)
    for text, style in (
        ("wijkkaart", "font-size: 28pt; font-weight: bold; color: #1f4e79;"),
        (ui("startup_loading"), "font-size: 13pt; color: #333333;"),
    ):
        label = QLabel(text)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setStyleSheet(style)
        layout.addWidget(label)
    layout.addStretch(1)
    window.resize(*size)
    window.show()
    return window


def _fitted(app: QApplication, size: tuple[int, int] | None) -> tuple[int, int]:
    """The window's size from the screen's available area (without panels and task bar): all
    of a small screen (a 1366x768 laptop, status bar included), nine tenths of a large one.
    An explicit ``size`` is kept, but never larger than the screen."""
    screen = app.primaryScreen()
    if screen is None:
        return size or DEFAULT_SIZE
    room = screen.availableGeometry()
    if size is None:
        width = room.width() if room.width() <= 1440 else int(room.width() * 0.9)
        height = room.height() if room.height() <= 900 else int(room.height() * 0.9)
        size = (width, height)
    return (min(size[0], room.width()), min(size[1], room.height()))


def run(
    project: Path | None = None,
    screenshot: Path | None = None,
    size: tuple[int, int] | None = None,
    lang: str | None = None,
) -> int:
    """Open ``project`` (the sample by default); with ``screenshot``, save the window and quit."""
    collector = _CollectorPause()
    try:
        return _run(collector, project, screenshot, size, lang)
    finally:
        collector.resume()  # a start that never reached a first frame (error, restore, quit)


def _run(
    collector: _CollectorPause,
    project: Path | None,
    screenshot: Path | None,
    size: tuple[int, int] | None,
    lang: str | None,
) -> int:
    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    app.setApplicationName("wijkkaart")
    QApplication.setDesktopFileName("wijkkaart")  # the window matches wijkkaart.desktop
    from wijkkaart.ui.language import start_language

    # --lang or WIJKKAART_LANG for this run, else the user's last choice (Instellingen → Taal)
    start_language(lang or os.environ.get("WIJKKAART_LANG"))
    size = _fitted(app, size)
    loading = _loading_window(size)
    app.processEvents()  # painted now; the imports below take a second or more
    _mark("loading_shown")

    from wijkkaart.ui.about_dialog import app_icon
    from wijkkaart.ui.main_window import MainWindow

    QApplication.setWindowIcon(app_icon())
    window = MainWindow()
    window.resize(*size)
    if loading.isVisible():
        window.move(loading.pos())
    window.show()
    window.fit_screen()  # title bar and borders included
    loading.close()
    window.statusBar().showMessage(ui("startup_loading"))
    app.processEvents()
    _mark("window_shown")
    first: list[bool] = []

    def first_frame() -> None:
        if not first:
            first.append(True)
            _mark("first_frame")
            collector.resume()
            if window.statusBar().currentMessage() == ui("startup_rendering"):
                window.statusBar().clearMessage()

    window.canvas.rendered.connect(first_frame)
    window.canvas.render_failed.connect(lambda *_: collector.resume())
    QTimer.singleShot(COLLECTOR_PAUSE_MS, collector.resume)  # whatever keeps the frame away
    from wijkkaart.ui import recovery

    recovery.install_excepthook(lambda: window)
    # after a crash or kill: offer the work that was not saved (read in the open job)
    if screenshot is None and recovery.offer_restore(window):
        collector.resume()  # the user works from here on
        return app.exec()
    # a data file opens as a new unsaved project; a failure is a dialog and the window stays.
    # It is read in a job: the event loop below runs meanwhile, and the job's end says what next.
    canvas = window.canvas

    def photograph() -> None:  # --screenshot: once the opened project is drawn
        assert screenshot is not None
        if not canvas.is_drawn() and time.monotonic() < deadline[0]:
            QTimer.singleShot(20, photograph)
            return
        first_frame()
        inputs = [p for p in (project,) if p]  # never over the project or a file it reads
        if window.document is not None:
            inputs += window.document.project.input_paths()
        try:  # and never half a PNG
            with atomic_path(screenshot, inputs=inputs) as part:
                if not window.grab().save(str(part), "PNG"):
                    raise WijkkaartError("screenshot_failed", path=screenshot)
        except WijkkaartError as exc:
            print(exc, file=sys.stderr)
            app.exit(2)
            return
        app.exit(0)  # the window is closed after the loop: a close inside it would post a
        # Quit event that outlives this loop and stops every later event loop of the process

    deadline = [0.0]

    def open_done(job) -> None:
        if job.kind != "open" or window.jobs.running("open"):
            return  # another job, or the open restarted with an answer (files outside)
        window.jobs.job_finished.disconnect(open_done)
        opened = window.document is not None
        if not opened:
            collector.resume()  # no map to wait for: the window is what the user works in
        if opened and not first:
            window.statusBar().showMessage(ui("startup_rendering"))
        if screenshot is not None:
            if not opened:
                app.exit(2)
                return
            deadline[0] = time.monotonic() + 10.0
            photograph()

    window.jobs.job_finished.connect(open_done)
    if project is not None:
        window.open_path(project)
    else:
        window.open_project(sample_project())
    code = app.exec()
    if screenshot is not None:
        window.close()
    return code
