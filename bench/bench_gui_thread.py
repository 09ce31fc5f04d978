"""Work moved off the GUI thread (issue 11): the event loop's longest wait, before and after.

A 10 ms QTimer on the GUI thread (bench/loop_delay.py) records the longest wait of the event loop
while the main window, offscreen on the sample project (real Utrecht buurten), does each step:

- ``profile``: choosing the focus area Overvecht. Before: the card (shares, profile, raster
  figures) was computed in the focus-area handler, as the old code did; after: a ``profile`` job.
- ``join dialog``: Tabel koppelen on the real Utrecht kerncijfers (969 rows). Before: the
  dialog's constructor read the table and filled its rows; after: the dialog opens and reads
  it in a job (filling the rows, one indicator choice per column, stays on the GUI thread).
- ``layer file``: Kaartlaag toevoegen with Zaanstad's real 2017 buurten. Before: read in the
  click handler; after: a ``layer_file`` job (each round is undone).
- ``restore``: restoring the sample's recovery file after a crash. Before: MapDocument.open on
  the GUI thread at start; after: the window's ``open`` job.

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
    return f"{name:<42} median {statistics.median(ms):6.1f} ms   worst {ms[-1]:6.1f} ms"


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


def join_step(window) -> tuple[list[float], list[float]]:
    from bench.loop_delay import LoopDelay
    from wijkkaart.ui.table_dialog import TableJoinDialog

    table = Path("/work/shared/data/utrecht/kerncijfers_buurten_provincie_utrecht_ca2020.csv")
    before, after = [], []
    opened: list = []
    delay = LoopDelay()

    def old() -> None:  # the old constructor: read, recognise and fill, all here
        dialog = TableJoinDialog(window.document, table, window)  # no runner: reads at once
        dialog.read()
        dialog.show()
        opened.append(dialog)

    for _ in range(ROUNDS):
        delay.measure(old, lambda: True)
        before.append(delay.worst())
        opened[-1].reject()
        delay.measure(
            lambda: opened.append(window.join_table(table)), lambda: not window.jobs.running()
        )
        after.append(delay.worst())
        opened[-1].reject()
    return before, after


def layer_step(window) -> tuple[list[float], list[float]]:
    from bench.loop_delay import LoopDelay
    from wijkkaart.commands import InsertItem

    path = Path("/work/shared/data/zaanstad/cbs_buurten_2017.geojson")
    document = window.document
    before, after = [], []
    delay = LoopDelay()
    for _ in range(ROUNDS):

        def old() -> None:  # what add_layer_file did in the click handler
            window.apply(InsertItem(document.layers, document.layer_for_file(path)))

        delay.measure(old, lambda: True)
        before.append(delay.worst())
        window.stack.undo()
        delay.measure(lambda: window.add_layer_file(path), lambda: not window.jobs.running())
        after.append(delay.worst())
        window.stack.undo()
    return before, after


def restore_step(window) -> tuple[list[float], list[float]]:
    import tempfile

    from bench.loop_delay import LoopDelay
    from wijkkaart.ui import recovery

    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp()  # never the user's own recovery files
    window.add_focus_area([(136_500.0, 458_500.0), (138_500.0, 458_500.0), (138_500.0, 460_500.0)])
    window.autosaver.autosave()
    found = recovery.pending()[0]
    recovery.ask_restore = lambda _parent: found  # the start's question, answered Herstellen
    before, after = [], []
    delay = LoopDelay()
    for _ in range(ROUNDS):
        delay.measure(lambda: recovery.restore(found), lambda: True)  # the old call
        before.append(delay.worst())
        delay.measure(lambda: recovery.offer_restore(window), lambda: not window.jobs.running())
        after.append(delay.worst())
        window.canvas.wait_rendered()
    return before, after


def main() -> None:
    print(header("bench_gui_thread: event-loop wait while work runs (sample project)"))
    _app, window = _window()
    for name, step in (
        ("profile", profile_step),
        ("join dialog", join_step),
        ("layer file", layer_step),
        ("restore", restore_step),
    ):
        before, after = step(window)
        print(_figures(f"{name}, on the GUI thread (before)", before))
        print(_figures(f"{name}, in a job (after)", after))
    window.close()


if __name__ == "__main__":
    main()
