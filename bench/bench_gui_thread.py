"""Work moved off the GUI thread (issue 11): the event loop's longest wait, before and after.

A 10 ms QTimer on the GUI thread (bench/loop_delay.py) records the longest wait of the event loop
while the main window, offscreen on the sample project (real Utrecht buurten), does each step:

- ``profile``: choosing the focus area Overvecht. Before: the card (shares, profile, raster
  figures) was computed in the focus-area handler, as the old code did; after: a ``profile`` job.

Each step runs ``ROUNDS`` times; the figures are the median and worst of the rounds.

    PYTHONPATH=. python bench/bench_gui_thread.py
"""

from __future__ import annotations

import os
import statistics
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import header

ROUNDS = 7
SAMPLE = Path(__file__).resolve().parent.parent / "resources" / "sample" / "utrecht.wijkkaart"


def _window():
    from PySide6.QtWidgets import QApplication

    from tests.ui.waiting import open_project
    from wijkkaart.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1300, 850)
    window.show()
    assert open_project(window, SAMPLE)
    window.canvas.wait_rendered()
    return app, window


def _figures(name: str, waits: list[float]) -> str:
    ms = sorted(1000 * w for w in waits)
    return f"{name:<34} median {statistics.median(ms):6.1f} ms   worst {ms[-1]:6.1f} ms"


def profile_step(window) -> tuple[list[float], list[float]]:
    """Choosing Overvecht: the old direct card vs the profile job (each round from no choice)."""
    from bench.loop_delay import LoopDelay

    area = next(iter(window.document.focus_areas))
    workspace = window.workspace
    document = window.document
    before, after = [], []
    delay = LoopDelay()
    for _ in range(ROUNDS):
        window.focus_panel.select(None)
        window.jobs.cancel("profile")

        def old() -> None:  # what ProfileDisplay.show_polygon did on the GUI thread
            result = workspace.polygon_profile(area.geometry, document.project.raster_entries())
            window.profile_panel.show_profile(area.name, result, document.areas)

        delay.measure(old, lambda: True)
        before.append(delay.worst())
        window.focus_panel.select(None)
        delay.measure(lambda: window.focus_panel.select(area), lambda: not window.jobs.running())
        after.append(delay.worst())
    return before, after


def main() -> None:
    print(header("bench_gui_thread: event-loop wait while work runs (sample project)"))
    _app, window = _window()
    before, after = profile_step(window)
    print(_figures("profile, on the GUI thread (before)", before))
    print(_figures("profile, in a job (after)", after))
    window.close()


if __name__ == "__main__":
    main()
