"""Benchmark "start from your own gemeente" on the synthetic national file (14,500 buurten).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_new_project.py
Targets: one gemeente picked -> first rendered frame < 1.5 s; the whole country < 3 s.
"Document ready" is new_project() returning (areas read and filtered, outlines dissolved, first
style, view); the first frame is then rendered the way the canvas does (wijkkaart.render).
The app's own path is timed too (``app:``): a MainWindow, Bestand -> Nieuw project on the
file, every gemeente ticked, OK, until the canvas has drawn its first frame (jobs on their
thread, set_document, the analysis panel, the render), with wall and CPU time. This is what
the new-user walk (scripts/walk/walk_app.py) measures; new_project() alone leaves out the rest.
Synthetic data: for timing only.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench.national import national_buurten
from tests.ui.waiting import accepted, wait_jobs
from wijkkaart.new_project import VIEW_SIZE, list_gemeenten, new_project
from wijkkaart.render.renderer import GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport

SIZE = (1600, 1200)


def first_frame(document) -> None:
    """Render the project's first view (fitted to VIEW_SIZE) at 1600 x 1200, as the canvas would."""
    view, (width, height) = document.view, VIEW_SIZE
    half_w, half_h = view["resolution"] * width / 2, view["resolution"] * height / 2
    bounds = (view["cx"] - half_w, view["cy"] - half_h, view["cx"] + half_w, view["cy"] + half_h)
    viewport = Viewport.fit(bounds, *SIZE, margin=0.0)
    render_image(snapshot(list(document.layers), GeometryStore()), viewport)


def timed(label: str, gemeenten: list[str] | None, path: Path, target: float) -> None:
    start, cpu = time.perf_counter(), time.process_time()
    document = new_project(path, gemeenten)
    ready, ready_cpu = time.perf_counter() - start, time.process_time() - cpu
    first_frame(document)
    frame, frame_cpu = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<44} ready {ready * 1000:7.0f} ms   first frame {frame * 1000:7.0f} ms"
        f"   (< {target * 1000:.0f})   {len(document.areas.frame)} buurten"
        f"   [cpu {ready_cpu * 1000:.0f} / {frame_cpu * 1000:.0f} ms]"
    )


def app_path(path: Path, one: bool) -> None:
    """The window's own path: dialog, tick (one or every gemeente), OK, first frame drawn."""
    from PySide6.QtTest import QTest

    from wijkkaart.ui.main_window import MainWindow

    win = MainWindow()
    win.resize(1366, 700)
    win.show()
    QTest.qWaitForWindowExposed(win)
    dialog = win.files.new_project(path, show=True)
    codes = dialog.visible_codes()
    dialog.choose(codes[206:207] if one else codes)  # before the 350 ms preview starts
    start, cpu = time.perf_counter(), time.process_time()
    accepted(dialog)
    assert wait_jobs(win.jobs, timeout=300) and win.canvas.wait_rendered(60_000)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    n = len(win.identify_layer().data.frame)
    label = "app: OK -> first frame, " + ("one gemeente" if one else "every gemeente ticked")
    print(
        f"{label:<44} wall {wall * 1000:7.0f} ms   cpu {cpu * 1000:7.0f} ms"
        f"   (< {1500 if one else 3000})   {n} buurten"
    )
    win.close()
    win.deleteLater()


def main() -> None:
    from bench.machine import header

    app = QApplication.instance() or QApplication([])
    path = national_buurten()
    print(header("new project on the synthetic national file"), path.name)
    new_project(path, ["GM0001"])  # warm the imports and the file cache once
    start = time.perf_counter()
    found = list_gemeenten(path)
    print(
        f"{'list_gemeenten (national file)':<44} {(time.perf_counter() - start) * 1000:7.0f} ms"
        f"   {len(found)} gemeenten"
    )
    timed("new project, one gemeente (GM0207)", ["GM0207"], path, 1.5)
    timed("new project, the whole country", None, path, 3.0)
    # The dialog passes every ticked gemeente, not None: the app's own path to the country.
    timed("new project, every gemeente ticked", [g.code for g in found], path, 3.0)
    app_path(path, one=True)
    app_path(path, one=False)
    del app


if __name__ == "__main__":
    main()
