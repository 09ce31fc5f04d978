"""The legend panel on the synthetic national layer (14,500 buurten): what the GUI thread pays.

Measures, offscreen, with the main window's legend panel and job runner on bench/national.py's
layer (synthetic values, for timing only):
(1) a repaint of the panel when the classification is known (the GUI thread's whole cost);
(2) a style change: the longest event-loop wait (10 ms QTimer) until the new legend is painted,
    with the classification (natural breaks, 7 classes) made by the legend job;
(3) for comparison, the same classification on the GUI thread, as the panel did before.
Target (issue 11): no wait above 100 ms.

    PYTHONPATH=. python bench/bench_legend.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import header


def main() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication([])
    from bench.bench_export import national_project
    from bench.loop_delay import LoopDelay
    from tests.ui.waiting import wait_jobs
    from wijkkaart.layers.document import MapDocument
    from wijkkaart.layers.model import AreaLayer, symbology_for
    from wijkkaart.layers.style import ChoroplethStyle
    from wijkkaart.ui.jobs import JobRunner
    from wijkkaart.ui.legend_widget import LegendWidget

    print(header("bench_legend: the legend panel on the national layer"))
    document = MapDocument.open(national_project())
    layer = next(x for x in document.layers if isinstance(x, AreaLayer))
    window = QMainWindow()
    legend = LegendWidget()
    legend.jobs = JobRunner(window, window.statusBar())
    window.setCentralWidget(legend)
    window.resize(300, 600)
    window.show()
    legend.set_layers(document.layers)
    legend.repaint()
    wait_jobs(legend.jobs)
    app.processEvents()

    times = []
    for _ in range(20):
        start = time.perf_counter()
        legend.repaint()
        times.append(time.perf_counter() - start)
    print(
        f"repaint with the classes known: median {statistics.median(times) * 1000:.1f} ms, "
        f"worst {max(times) * 1000:.1f} ms over 20"
    )

    style = ChoroplethStyle("percentage_koopwoningen", method="natural_breaks", k=7)
    delay = LoopDelay()

    def change_style() -> None:
        layer.style = style

    wall = delay.measure(
        change_style,
        lambda: bool(legend.shown and len(legend.shown[0].entries) >= 7),
        settle=False,
    )
    worst = delay.worst()
    ok = "OK" if worst < 0.1 else "TOO SLOW"
    print(
        f"style change to natural breaks (7 classes): new legend after {wall * 1000:.0f} ms; "
        f"longest event-loop wait {worst * 1000:.0f} ms (target < 100 ms: {ok})"
    )

    other = ChoroplethStyle("percentage_koopwoningen", method="natural_breaks", k=6)
    start = time.perf_counter()
    assert layer.data is not None
    symbology_for(layer.data, other)
    before = time.perf_counter() - start
    print(f"the same classification on the GUI thread (as before): froze {before * 1000:.0f} ms")


if __name__ == "__main__":
    main()
