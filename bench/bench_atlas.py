"""The atlas and print pages: time, CPU, file size, and how long the window waits meanwhile.

Run: PYTHONPATH=. .venv/bin/python bench/bench_atlas.py [--no-window]
Rows: the 20-page atlas (A4, 300 dpi, a 4 km circle per page on the synthetic national layer,
as in bench_render) with its wall and CPU time, PDF size and the longest ``QPdfWriter.newPage``
(it holds the GIL while it compresses and writes a page); the Utrecht sample as an A3 PDF; then,
in the main window (offscreen), the longest event-loop wait of a 10 ms QTimer while the same
atlas, and the sample's atlas per wijk, run as a background job. Targets (issue 11): atlas
<= 10 s; no event-loop wait above 100 ms while a job runs.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import header


def focus_pages(document, pages: int = 20) -> None:
    """A 4 km circle around every 700th buurt: pages spread over the country."""
    import shapely

    from wijkkaart.layers.focus import FocusArea

    frame = document.areas.frame
    for i in range(pages):
        centre = frame.geometry.iloc[i * 700].centroid
        document.focus_areas.append(
            FocusArea(f"Pagina {i}", shapely.Point(centre.x, centre.y).buffer(4000))
        )


def page_writes() -> list[float]:
    """Seconds of every newPage from now on (the print module's page step, timed)."""
    from wijkkaart.export import printing

    seconds: list[float] = []
    original = printing._Pages.new_page

    def timed_new_page(self) -> None:
        start = time.perf_counter()
        original(self)
        seconds.append(time.perf_counter() - start)

    printing._Pages.new_page = timed_new_page
    return seconds


def prints(out: Path) -> None:
    from bench.bench_export import national_project
    from wijkkaart.export.layout import PageOptions
    from wijkkaart.export.printing import export_atlas, export_map
    from wijkkaart.layers.document import MapDocument
    from wijkkaart.paths import sample_project

    national = MapDocument.open(national_project())
    focus_pages(national)
    writes = page_writes()
    wall, cpu = time.perf_counter(), time.process_time()
    atlas = export_atlas(national, out / "atlas.pdf", per="focusgebied", dpi=300)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"20-page atlas (A4, 300 dpi, national): {wall:.2f} s wall, {cpu:.2f} s CPU, "
        f"{atlas.stat().st_size / 1e6:.2f} MB; newPage longest {max(writes) * 1000:.0f} ms, "
        f"mean {sum(writes) / len(writes) * 1000:.0f} ms   (target <= 10 s)"
    )
    utrecht = MapDocument.open(sample_project())
    wall, cpu = time.perf_counter(), time.process_time()
    a3 = export_map(utrecht, out / "utrecht_a3.pdf", PageOptions(paper="A3"), dpi=300)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"A3 PDF, Utrecht sample: {wall:.2f} s wall, {cpu:.2f} s CPU, "
        f"{a3.stat().st_size / 1e3:.0f} KB"
    )


def in_window(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from bench.bench_export import national_project
    from bench.loop_delay import LoopDelay
    from wijkkaart.export.printing import export_atlas
    from wijkkaart.layers.document import MapDocument
    from wijkkaart.paths import sample_project
    from wijkkaart.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow()
    window.resize(1366, 768)
    window.show()

    def idle(seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end or window.jobs.running():
            app.processEvents()
            time.sleep(0.001)

    delay = LoopDelay()

    def longest_wait(per: str) -> tuple[float, float]:
        target = out / f"window_{per}.pdf"

        def start() -> None:
            window.jobs.start(
                "export",
                lambda feedback: export_atlas(
                    window.document, target, per=per, dpi=300, feedback=feedback
                ),
                lambda _result: None,
            )

        wall = delay.measure(start, lambda: not window.jobs.running(), settle=False)
        return wall, delay.worst()

    window.open_project(sample_project())
    idle(0.5)
    wall, worst = longest_wait("wijk")
    print(
        f"in the window: sample atlas per wijk (300 dpi): {wall:.2f} s, longest event-loop "
        f"wait {worst * 1000:.0f} ms   (target < 100 ms)"
    )
    national = MapDocument.open(national_project())
    focus_pages(national)
    window.set_document(national)
    window.canvas.wait_rendered(60_000)
    idle(1.0)
    wall, worst = longest_wait("focusgebied")
    print(
        f"in the window: 20-page national atlas: {wall:.2f} s, longest event-loop wait "
        f"{worst * 1000:.0f} ms   (target < 100 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-window", action="store_true", help="skip the event-loop rows")
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    print(header("bench_atlas: atlas and A3 print, time, size, event-loop wait"))
    out = Path(tempfile.mkdtemp())
    prints(out)
    if not args.no_window:
        in_window(out)
    del app


if __name__ == "__main__":
    main()
