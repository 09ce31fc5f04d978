"""Benchmark drawing a point layer (BAG verblijfsobjecten, facilities); prints its figures.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_points.py   (not part of the tests)
Target (issue "Start from your own gemeente"): 100,000 points in a 1400x1000 view well under 1 s.
Synthetic random points in RD New: for timing only.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import numpy as np
import shapely
from PySide6.QtGui import QGuiApplication

from wijkkaart.layers.model import PointLayer
from wijkkaart.render.renderer import GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need it)
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}, load average {os.getloadavg()[0]:.1f}")
    rng = np.random.default_rng(7)
    for n in (10_000, 100_000, 500_000):
        xy = np.c_[rng.uniform(120_000, 140_000, n), rng.uniform(480_000, 495_000, n)]
        frame = gpd.GeoDataFrame(
            {"naam": [f"punt {i}" for i in range(n)]}, geometry=shapely.points(xy), crs="EPSG:28992"
        )
        layer = PointLayer(name="punten", label_field="naam").attach(frame)
        viewport = Viewport.fit(frame.total_bounds, 1400, 1000)
        store = GeometryStore()
        start = time.perf_counter()
        render_image(snapshot([layer], store), viewport)
        first = time.perf_counter() - start
        times = []
        for _ in range(5):
            start = time.perf_counter()
            render_image(snapshot([layer], store), viewport)
            times.append(time.perf_counter() - start)
        print(f"{n:>7,} points: first {first:.3f} s, then median {statistics.median(times):.3f} s")


if __name__ == "__main__":
    main()
