"""Benchmark the readers on the synthetic national dataset; prints its figures.

Run: .venv/bin/python bench/bench_io.py   (not part of the test run)
Peers (measured on this machine class, see shared/docs/design.md): exactextract 35 s and
rasterstats ~60 s for zonal means of a 3,000 x 3,500 raster over 14,500 buurten.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import rasterio
from rasterio.transform import from_origin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.national import BOX, OUT, national_buurten
from wijkkaart.analysis.energy_labels import aggregate_labels, place_labels
from wijkkaart.analysis.zonal import zonal_statistics
from wijkkaart.io.areas import read_areas
from wijkkaart.io.join import join_table


def timed(label: str, func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    print(f"{label:<58} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    path = national_buurten()
    areas = timed("read national GeoPackage (14,500 buurten, 5 M vertices)", read_areas, path)
    print(f"  -> {len(areas.frame)} areas, {len(areas.indicators)} indicators")

    table = OUT / "national_table.csv"
    rng = np.random.default_rng(2)
    pd.DataFrame(
        {
            "buurtcode": [c[2:] for c in areas.codes],  # without prefix, as many monitors write
            "score": rng.normal(0, 1, len(areas.codes)).round(3).astype(str),
            "p_koopw": rng.uniform(0, 100, len(areas.codes)).round(1).astype(str),
        }
    ).to_csv(table, sep=";", index=False)
    timed("join indicator table (14,500 rows, codes without prefix)", join_table, areas, table)

    raster = OUT / "national_3000x3500.tif"
    if not raster.exists():
        minx, miny, maxx, maxy = BOX
        cell = max((maxx - minx) / 3000, (maxy - miny) / 3500)
        data = rng.uniform(0, 3, (3500, 3000)).astype("float32")
        data[rng.uniform(size=data.shape) < 0.5] = -9999
        with rasterio.open(
            raster,
            "w",
            driver="GTiff",
            width=3000,
            height=3500,
            count=1,
            dtype="float32",
            crs="EPSG:28992",
            nodata=-9999,
            transform=from_origin(minx, maxy, cell, cell),
        ) as dst:
            dst.write(data, 1)
    timed(
        "zonal statistics 3,000 x 3,500 raster over 14,500 buurten",
        zonal_statistics,
        raster,
        areas,
        "waterdiepte",
        nodata_is_zero=True,
        threshold=0.5,
    )

    n = 1_000_000
    points = areas.frame.geometry.sample_points(size=70, rng=3).explode(index_parts=False)
    points = points.iloc[:n]
    labels = pd.DataFrame(
        {
            "label": rng.choice(["G", "F", "E", "D", "C", "B", "A", "A+"], len(points)),
            "vbo": [f"{i:016d}" for i in range(len(points))],
            "address": "",
            "x": points.x.to_numpy(),
            "y": points.y.to_numpy(),
        }
    )
    codes = timed(
        f"place {len(labels):,} energy labels in buurten (x/y)", place_labels, labels, areas, None
    )
    timed("aggregate labels per buurt", aggregate_labels, labels, codes, areas)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'peak memory':<58} {peak:7.0f} MB")


if __name__ == "__main__":
    main()
