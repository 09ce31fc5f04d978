"""Waiting for jobs, for tests and benchmarks only: the app itself never waits for a job.

The app starts a job and goes on; the job's done callback applies the result on the GUI
thread. A test that needs the outcome runs the event loop here until the jobs are over, so
the same callbacks run as in the app.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer


def wait_jobs(runner, kind: str | None = None, timeout: float = 60.0) -> bool:
    """Run the event loop until no job (of ``kind``) runs on ``runner``; False on timeout."""
    end = time.monotonic() + timeout
    loop = QEventLoop()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)

    def finished(_job: object) -> None:
        if not runner.running(kind):
            loop.quit()

    runner.job_finished.connect(finished)
    try:
        while runner.running(kind) and time.monotonic() < end:
            timer.start(max(1, round((end - time.monotonic()) * 1000)))
            if loop.exec() == -1:  # QCoreApplication.exit() was called outside exec()
                raise RuntimeError("no event loop can run: a Quit outlived app.exec()")
    finally:
        timer.stop()
        runner.job_finished.disconnect(finished)
    return not runner.running(kind)


def open_project(window, path: str | Path, timeout: float = 120.0, **options) -> bool:
    """Open ``path`` in ``window`` and wait for it: True when the window shows it now."""
    before = window.document
    if not window.open_project(path, **options):
        return False
    wait_jobs(window.jobs, "open", timeout)
    return window.document is not before


def open_window(qtbot, project: str | Path, size=(1300, 850), rendered: bool = True):
    """A MainWindow of ``size``, shown, with ``project`` opened (and drawn when ``rendered``)."""
    from wijkkaart.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    assert open_project(win, project)
    if rendered:
        assert win.canvas.wait_rendered()
    return win


def open_path(window, path: str | Path, timeout: float = 120.0) -> bool:
    """``window.open_path`` (a project or a data file), waited for."""
    before = window.document
    if not window.open_path(path):
        return False
    wait_jobs(window.jobs, "open", timeout)
    return window.document is not before


def exported(dialog, path: str | Path, atlas: bool = False, timeout: float = 120.0):
    """The export dialog writes ``path``; the path written, or None."""
    dialog.export_to(path, atlas=atlas)
    if dialog.jobs is not None:
        wait_jobs(dialog.jobs, "export", timeout)
    return dialog.written


def preview_drawn(dialog, timeout: float = 60.0) -> bool:
    """Wait until the export dialog's preview job is over (its page is shown)."""
    return dialog.jobs is None or wait_jobs(dialog.jobs, "preview", timeout)


def layer_added(window, path: str | Path, timeout: float = 60.0):
    """Kaartlaag toevoegen with ``path`` (read in a job); the layer added, or None."""
    window.add_layer_file(path)
    wait_jobs(window.jobs, "layer_file", timeout)
    return window.layer_actions.added


def table_read(dialog, timeout: float = 60.0):
    """The table dialog once it has read its table (in a job); the dialog."""
    if dialog is not None and dialog.jobs is not None:
        wait_jobs(dialog.jobs, "table_read", timeout)
    return dialog


def joined(dialog, timeout: float = 60.0):
    """The table dialog joins (once it has read the table); its report, or None."""
    table_read(dialog, timeout)
    dialog.join()
    if dialog.jobs is not None:
        wait_jobs(dialog.jobs, "join", timeout)
    return dialog.report


def role_added(dialog, path: str | Path, replace: bool = False, timeout: float = 120.0):
    """The add-data dialog adds ``path`` in its role; the report, or None."""
    dialog.run(path, replace=replace)
    if dialog.jobs is not None:
        wait_jobs(dialog.jobs, "role", timeout)
    return dialog.report


def accepted(dialog, timeout: float = 120.0):
    """Press OK on a dialog whose OK starts a job (new project, add data), and wait for it."""
    dialog.accept()
    jobs = getattr(dialog, "jobs", None) or getattr(dialog.parent(), "jobs", None)
    if jobs is not None:
        wait_jobs(jobs, timeout=timeout)
    return dialog


def series_opened(window, path: str | Path, timeout: float = 60.0):
    """Kaart → Reeks openen on ``path``, waited for: the opener's outcome (a chart window,
    True when added to the map, None when nothing was done)."""
    window.series_opener.open(path)
    wait_jobs(window.jobs, "series_file", timeout)
    outcome = window.series_opener.outcome
    charts_ready(outcome, timeout)
    return outcome


def charts_ready(charts, timeout: float = 60.0):
    """A chart window once its charts are computed (in a job): its grid (or None)."""
    if getattr(charts, "jobs", None) is None:
        return getattr(charts, "grid", None)
    wait_jobs(charts.jobs, charts.grid_kind, timeout)
    return charts.grid


def charts_written(charts, write, path, timeout: float = 60.0):
    """``write(path)`` of a chart window (print_pdf, export), waited for: the path written."""
    write(path)
    if charts.jobs is not None:
        wait_jobs(charts.jobs, charts.write_kind, timeout)
    return charts.written


def spy_threads(monkeypatch, module, name: str) -> list:
    """Record the thread of each call of ``module.name`` (the real function still runs): tests
    that work stays off the GUI thread assert on it."""
    import threading

    threads: list = []
    real = getattr(module, name)

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return threads
