"""Benchmark the trend of a drawn area over 10 years; prints its figures.

Run: .venv/bin/python bench/bench_trend.py   (not part of the tests)
Target (issue 13): the trend of a drawn area over 10 years under 100 ms.
Two cases: the real Baarn series (21 buurten, 2016–2025) with a drawn polygon over its centre,
and bench/national.py's synthetic 14,500 buurten with 10 years of five indicators (synthetic
values, for timing only) and a drawn polygon of about 20 km across.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import pandas as pd
import pyogrio
import shapely

from bench.national import national_buurten
from wijkkaart.analysis.trend import trend
from wijkkaart.io.areas import read_areas
from wijkkaart.io.series import Series, read_series
from wijkkaart.timeline import codes_inside

ROOT = Path(__file__).resolve().parent.parent
YEARS = list(range(2016, 2026))


def timed(label: str, run, repeat: int = 7) -> None:
    start = time.perf_counter()
    run()  # the first run also builds the series' per-indicator tables
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    took = statistics.median(times) * 1000
    verdict = "OK" if took < 100 else "TOO SLOW"
    print(
        f"{label}: first {first:.0f} ms, then median {took:.1f} ms over {repeat} runs "
        f"({result}; target < 100 ms: {verdict})"
    )


def baarn() -> None:
    series = read_series(ROOT / "tests/data/real/baarn_kerncijfers_buurten_2016_2025.json")
    frame = read_areas(ROOT / "tests/data/real/cbs_buurten_2024.geojson").frame
    drawn = shapely.buffer(shapely.centroid(shapely.union_all(frame.geometry.to_numpy())), 1500)

    def run() -> str:
        codes = codes_inside(frame, drawn)
        line = trend(series, codes, "huishoudens_laag_inkomen", name="getekend")
        return f"{len(codes)} buurten, {len(line.area.known())} years"

    timed("Baarn, drawn area, % low income 2016-2025", run)


def national() -> None:
    frame = pyogrio.read_dataframe(national_buurten(), columns=["buurtcode"])
    frame = frame.set_index("buurtcode")
    rng = np.random.default_rng(11)
    codes = frame.index.to_numpy()
    parts = []
    for indicator in (
        "aantal_inwoners",
        "percentage_koopwoningen",
        "woningvoorraad",
        "gemiddelde_woningwaarde",
        "percentage_eenpersoonshuishoudens",
    ):
        for year in YEARS:
            parts.append(
                pd.DataFrame(
                    {
                        "code": codes,
                        "year": year,
                        "indicator": indicator,
                        "value": rng.uniform(1, 100, len(codes)),
                    }
                )
            )
    series = Series(pd.concat(parts, ignore_index=True), source="synthetic")
    centre = shapely.centroid(shapely.union_all(frame.geometry.to_numpy()[:2000]))
    drawn = shapely.buffer(centre, 10_000)

    def run() -> str:
        inside = codes_inside(frame, drawn)
        line = trend(series, inside, "percentage_koopwoningen", name="getekend")
        return f"{len(inside)} buurten, {len(line.area.known())} years"

    timed(f"national synthetic ({len(series.values):,} values), drawn area", run)


if __name__ == "__main__":
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}, load average {os.getloadavg()[0]:.1f}")
    baarn()
    national()
