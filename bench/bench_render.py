"""Benchmark the map window on the synthetic national dataset (14,500 buurten, 5 M vertices).

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_render.py
Targets (issue 3): first frame < 2 s; pan/zoom answer < 16 ms; re-render after a style change
< 250 ms national at 1600x1200 (QGIS 3.22: 4.1 s), < 50 ms at city extent (500 buurten);
natural breaks on 14,000 values < 100 ms; peak memory < 1.5 GB.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication

from bench.national import national_buurten
from wijkkaart.io.areas import read_areas
from wijkkaart.layers.model import AreaLayer, LayerList
from wijkkaart.layers.style import ChoroplethStyle, natural_breaks
from wijkkaart.render.renderer import GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport
from wijkkaart.ui.canvas import MapCanvas


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def main() -> None:
    app = QApplication.instance() or QApplication([])
    path = national_buurten()

    start = time.perf_counter()
    data = read_areas(path)
    layer = AreaLayer(
        name="koop", style=ChoroplethStyle("percentage_koopwoningen"), labels=True
    ).attach(data)
    store = GeometryStore()
    national = Viewport.fit(tuple(data.frame.total_bounds), 1600, 1200)
    render_image(snapshot([layer], store), national)
    first = time.perf_counter() - start
    print(f"{'open national file -> first complete frame (1600x1200)':<60} {ms(first)}  (< 2000)")

    times = []
    for i, method in enumerate(["quantiles", "natural_breaks", "equal_interval", "std_mean"] * 3):
        layer.style = ChoroplethStyle("percentage_koopwoningen", method=method, k=5 + i % 3)
        t = time.perf_counter()
        render_image(snapshot([layer], store), national)
        times.append(time.perf_counter() - t)
    print(
        f"{'re-render after style change, national 1600x1200 (median)':<60} "
        f"{ms(statistics.median(times))}  (< 250; max {ms(max(times)).strip()})"
    )

    centre = data.frame.geometry.iloc[7000].centroid
    city = Viewport(centre.x, centre.y, 46.0, 1600, 1200)  # about 500 buurten in view
    shown = len(snapshot([layer], store)[0].cache.visible(city.bounds))
    render_image(snapshot([layer], store), city)  # build the geometry cache of this zoom level
    times = []
    for k in (4, 5, 6, 7, 4, 5, 6, 7):
        layer.style = ChoroplethStyle("percentage_koopwoningen", k=k)
        t = time.perf_counter()
        render_image(snapshot([layer], store), city)
        times.append(time.perf_counter() - t)
    print(
        f"{f're-render at city extent ({shown} buurten in view, median)':<60} "
        f"{ms(statistics.median(times))}  (< 50)"
    )

    values = data.frame["percentage_koopwoningen"].to_numpy()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        natural_breaks(values, 7)
        times.append(time.perf_counter() - t)
    print(
        f"{'natural breaks, 14,500 values, 7 classes (median)':<60} "
        f"{ms(statistics.median(times))}  (< 100)"
    )

    canvas = MapCanvas()
    canvas.resize(1600, 1200)
    canvas.show()
    canvas.set_layers(LayerList([layer]))
    canvas.set_viewport(national)
    canvas.wait_rendered(30_000)
    times = []
    for step in range(20):
        t = time.perf_counter()
        if step % 2:
            canvas.viewport = canvas.viewport.panned(37, -21)
        else:
            canvas.viewport = canvas.viewport.zoomed(1.25, 400, 300)
        canvas.repaint()
        times.append(time.perf_counter() - t)
    print(
        f"{'pan/zoom: canvas repaint from cached image (median)':<60} "
        f"{ms(statistics.median(times))}  (< 16; max {ms(max(times)).strip()})"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory':<60} {peak:8.0f} MB  (< 1500)")
    del app


if __name__ == "__main__":
    main()
