"""Benchmark the crosswalk between two national vintages of ~14,500 buurten; prints its figures.

Run: .venv/bin/python bench/bench_crosswalk.py   (not part of the tests)
Target (issue 13): a crosswalk between two national vintages of 14,500 buurten under 10 s.
The first vintage is bench/national.py's synthetic layer (5 M vertices); the second is derived
from it: every 10th buurt cut in two, every 15th merged with a neighbour. One million random
dwellings for the BAG weighting. Synthetic: for timing only.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely

from bench.machine import header, load
from bench.national import BOX, national_buurten
from wijkkaart.analysis.crosswalk import build_crosswalk


def later_vintage(old: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """A derived later vintage: some buurten split in two, some merged with a neighbour."""
    geoms = old.geometry.to_numpy()
    codes = old.index.to_numpy()
    tree = shapely.STRtree(geoms)
    used = np.zeros(len(geoms), dtype=bool)
    rows: list[tuple[str, shapely.Geometry]] = []
    for i in range(0, len(geoms), 15):
        if used[i]:
            continue
        touching = [j for j in tree.query(geoms[i], predicate="touches") if not used[j]]
        if touching:
            j = touching[0]
            used[[i, j]] = True
            rows.append((codes[i], shapely.union(geoms[i], geoms[j])))
    for i in range(len(geoms)):
        if used[i]:
            continue
        if i % 10 == 3:
            minx, miny, _, maxy = geoms[i].bounds
            cx = shapely.centroid(geoms[i]).x
            west = shapely.intersection(geoms[i], shapely.box(minx - 1, miny - 1, cx, maxy + 1))
            rows.append((codes[i] + "W", west))
            rows.append((codes[i] + "E", shapely.difference(geoms[i], west)))
        else:
            rows.append((codes[i], geoms[i]))
    index = pd.Index([r[0] for r in rows], name="code")
    return gpd.GeoDataFrame(geometry=[r[1] for r in rows], index=index, crs=old.crs)


def main() -> None:
    print(header("crosswalk between two national vintages (issue 13)"))
    path = national_buurten()
    start = time.perf_counter()
    frame = pyogrio.read_dataframe(path, columns=["buurtcode"])
    old = frame.set_index("buurtcode")
    old.index.name = "code"
    print(
        f"read {len(old):,} buurten ({shapely.get_num_coordinates(old.geometry.to_numpy()).sum():,}"
        f" vertices): {time.perf_counter() - start:.2f} s"
    )
    start = time.perf_counter()
    new = later_vintage(old)
    print(f"derived a second vintage of {len(new):,} buurten: {time.perf_counter() - start:.2f} s")
    rng = np.random.default_rng(3)
    n = 1_000_000
    minx, miny, maxx, maxy = BOX
    bag = gpd.GeoDataFrame(
        {"woonfunctie": rng.random(n) < 0.9},
        geometry=shapely.points(rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)),
        crs=old.crs,
    )
    for label, points in (("by area", None), (f"by {n:,} BAG dwellings", bag)):
        start, cpu = time.perf_counter(), time.process_time()
        walk = build_crosswalk(old, new, points, 2024, 2025)
        took = time.perf_counter() - start
        cpu = time.process_time() - cpu
        pieces = int((walk.matrix["naar"] != "").sum())
        verdict = "OK" if took < 10 else "TOO SLOW"
        print(
            f"crosswalk {label}: {took:.2f} s wall, CPU {cpu:.2f} s, {pieces:,} pieces "
            f"(target < 10 s wall: {verdict}; load now {load()[0]:.2f})"
        )
        kinds = pd.Series([d.kind for d in walk.derivations.values()]).value_counts()
        print("  derivations: " + ", ".join(f"{k} {v}" for k, v in kinds.items()))
    print("# wall > CPU means the process waited for a CPU: the machine was busy with others")


if __name__ == "__main__":
    main()
