"""Benchmark one step of the year slider's core: the next year's figures on the map, redrawn.

Run: QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_year_step.py   (not in the tests)
Targets (issue 13): a step to a redrawn map under 100 ms for one gemeente, under 300 ms for the
national layer. What is timed: attach the year's column, restyle with the pooled breaks (one
colour means the same every year), and render the map image (1400x1000) with the renderer the
canvas uses. There is no slider widget in the app yet: this measures the work behind one.
Baarn: the real 2016–2025 series; national: bench/national.py's synthetic 14,500 buurten with 10
synthetic years (for timing only).
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

import numpy as np
import pandas as pd
from PySide6.QtGui import QGuiApplication

from bench.national import national_buurten
from wijkkaart.analysis.trend import pooled_breaks
from wijkkaart.io.areas import read_areas
from wijkkaart.io.series import Series, read_series
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import ChoroplethStyle
from wijkkaart.render.renderer import GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport

ROOT = Path(__file__).resolve().parent.parent


def steps(label: str, areas, series: Series, indicator: str, target_ms: float) -> None:
    codes = list(areas.frame.index)
    table = series.table(indicator).reindex(index=codes)
    breaks = tuple(pooled_breaks(table, k=5))
    columns = {y: pd.DataFrame({"jaar_waarde": table[y]}) for y in table.columns}
    layer = AreaLayer(name="jaar", style=ChoroplethStyle("jaar_waarde", fixed_breaks=breaks))
    minx, miny, maxx, maxy = (float(v) for v in areas.frame.total_bounds)
    viewport = Viewport.fit((minx, miny, maxx, maxy), 1400, 1000)
    store = GeometryStore()
    empty = pd.DataFrame(index=areas.frame.index)
    layer.attach(areas.add_columns(columns[table.columns[0]], empty, "bench"))
    render_image(snapshot([layer], store), viewport)  # first draw fills the geometry cache
    times = []
    for year in list(table.columns) * 2:
        start = time.perf_counter()
        layer.attach(areas.add_columns(columns[year], empty, "bench"))
        render_image(snapshot([layer], store), viewport)
        times.append((time.perf_counter() - start) * 1000)
    took = statistics.median(times)
    verdict = "OK" if took < target_ms else "TOO SLOW"
    print(
        f"{label}: median {took:.0f} ms per year step, max {max(times):.0f} ms "
        f"({len(times)} steps; target < {target_ms:.0f} ms: {verdict})"
    )


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 (fonts need it)
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}, load average {os.getloadavg()[0]:.1f}")
    baarn = read_areas(ROOT / "tests/data/real/cbs_buurten_2024.geojson")
    series = read_series(ROOT / "tests/data/real/baarn_kerncijfers_buurten_2016_2025.json")
    steps("Baarn (21 buurten), % low income", baarn, series, "huishoudens_laag_inkomen", 100)
    national = read_areas(national_buurten())
    codes = national.frame.index.to_numpy()
    rng = np.random.default_rng(5)
    rows = [
        pd.DataFrame(
            {
                "code": codes,
                "year": y,
                "indicator": "percentage_koopwoningen",
                "value": rng.uniform(5, 95, len(codes)),
            }
        )
        for y in range(2016, 2026)
    ]
    synthetic = Series(pd.concat(rows, ignore_index=True), source="synthetic")
    steps(
        "national synthetic (14,500 buurten)", national, synthetic, "percentage_koopwoningen", 300
    )


if __name__ == "__main__":
    main()
