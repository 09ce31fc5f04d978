"""Benchmark area-weighted zonal statistics against exactextract on the synthetic national set.

Run: .venv/bin/python bench/bench_zonal.py   (not part of the test run; synthetic data, timing only)

14,500 synthetic buurten (bench/national.py, 5 M vertices) over a 3,000 x 3,500 float32 raster
(half of it -9999 "dry", built as in bench/bench_io.py) and a 1,500 x 1,750 one (a quarter of the
cells) to see how the cost grows. Each run is a fresh process, so its peak memory (ru_maxrss) is
its own; reading the GeoPackage is not timed, reading the raster is. The peer is exactextract's
fastest strategy, ``raster-sequential``, asked for the same mean; the share above 0.5 m is checked
against exactextract's coverage-weighted mean of a 0/1 raster (the same cells above 0.5 m).

Measured 2026-12-01 23:36, load average 1.99 (2 shared cores), seconds / peak MB (the peak includes
the 421 MB of the loaded buurten):
  3,000 x 3,500: area 6.09 / 573 (alone at 23:41, load 1.89: 4.13 and 4.35 / 572),
                 centre (former) 11.84 / 1268, exactextract raster-sequential 22.27 / 624
  1,500 x 1,750: area 2.04 / 492, centre 3.88 / 1142, exactextract 16.38 / 533
  area vs exactextract: mean 0.0000 % and share 0.0000 pp apart at most (both sizes);
  centre vs exactextract: 13.5 % / 5.4 pp (3,000) and 38.1 % / 8.3 pp (1,500).
  Speed-up 3.66 x (5.1-5.4 x alone); 4 x the cells cost 2.99 x.
"""

from __future__ import annotations

import datetime
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import rasterio
from rasterio.transform import from_origin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.national import BOX, OUT, national_buurten  # noqa: E402


def raster(width: int, height: int, indicator: bool = False) -> Path:
    """The benchmark raster (as bench_io builds it), or its 0/1 'above 0.5 m' twin."""
    path = OUT / f"national_{width}x{height}{'_boven' if indicator else ''}.tif"
    if path.exists():
        return path
    minx, miny, maxx, maxy = BOX
    cell = max((maxx - minx) / width, (maxy - miny) / height)
    rng = np.random.default_rng(2)
    data = rng.uniform(0, 3, (height, width)).astype("float32")
    data[rng.uniform(size=data.shape) < 0.5] = -9999
    if indicator:  # nodata counts as 0 (dry), so its cells are 0 here, never left out
        data = (data > 0.5).astype("float32")
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:28992",
        "nodata": None if indicator else -9999,
        "transform": from_origin(minx, maxy, cell, cell),
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data, 1)
    return path


def run(kind: str, width: int, height: int) -> dict:
    """One measurement in this process: seconds, peak MB and the per-buurt values."""
    from wijkkaart.io.areas import read_areas

    areas = read_areas(national_buurten())
    path = raster(width, height)
    if kind == "exactextract":
        from exactextract import exact_extract

        frame = areas.frame[["geometry"]].reset_index()
        dry = OUT / f"national_{width}x{height}_droog0.tif"  # nodata as 0 m, as nodata_is_zero
        if not dry.exists():
            with rasterio.open(path) as src:
                profile, data = src.profile, src.read(1)
            profile["nodata"] = None
            with rasterio.open(dry, "w", **profile) as dst:
                dst.write(np.where(data == -9999, 0, data).astype("float32"), 1)
        start = time.perf_counter()
        out = exact_extract(
            str(dry), frame, ["mean"], output="pandas", strategy="raster-sequential"
        )
        seconds = time.perf_counter() - start
        mean = out["mean"].to_numpy()
        above = exact_extract(
            str(raster(width, height, indicator=True)),
            frame,
            ["mean"],
            output="pandas",
            strategy="raster-sequential",
        )["mean"].to_numpy()
        share = above * 100
    else:
        from wijkkaart.analysis.zonal import zonal_statistics

        start = time.perf_counter()
        result = zonal_statistics(
            path, areas, "w", nodata_is_zero=True, threshold=0.5, weighting=kind
        )
        seconds = time.perf_counter() - start
        mean = result.values["w_gemiddeld"].to_numpy()
        share = result.values["w_aandeel_boven_drempel"].to_numpy()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    np.save(OUT / f"zonal_{kind}_{width}.npy", np.vstack([mean, share]))
    return {"seconds": seconds, "peak_mb": peak}


def main() -> None:
    national_buurten()
    print(f"{datetime.datetime.now():%Y-%m-%d %H:%M}  load average {os.getloadavg()}")
    print(f"{'run':<44} {'seconds':>8} {'peak MB':>8}")
    results = {}
    for width, height in ((1500, 1750), (3000, 3500)):
        raster(width, height)
        raster(width, height, indicator=True)
        for kind in ("area", "centre", "exactextract"):
            cmd = [sys.executable, __file__, "--run", kind, str(width), str(height)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
            got = json.loads(out.stdout.strip().splitlines()[-1])
            results[kind, width] = got
            label = f"{kind} {width:,} x {height:,} x 14,500 buurten"
            print(f"{label:<44} {got['seconds']:8.2f} {got['peak_mb']:8.0f}")
        ours = np.load(OUT / f"zonal_area_{width}.npy")
        centre = np.load(OUT / f"zonal_centre_{width}.npy")
        peer = np.load(OUT / f"zonal_exactextract_{width}.npy")
        both = np.isfinite(ours).all(axis=0) & np.isfinite(peer).all(axis=0)
        for name, mine in (("area", ours), ("centre", centre)):
            rel = np.abs(mine[0, both] / peer[0, both] - 1).max() * 100
            pp = np.abs(mine[1, both] - peer[1, both]).max()
            print(f"  {name} vs exactextract: mean max {rel:.4f} % rel, share max {pp:.4f} pp")
    a, e = results["area", 3000], results["exactextract", 3000]
    print(f"speed-up over exactextract raster-sequential: {e['seconds'] / a['seconds']:.2f} x")
    small, big = results["area", 1500]["seconds"], results["area", 3000]["seconds"]
    print(f"area: 4 x the cells (about 2 x the boundary cells) costs {big / small:.2f} x")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--run":
        print(json.dumps(run(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    else:
        main()
