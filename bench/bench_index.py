"""A profile, its neighbouring buurten and its buurten for the trend, on the synthetic national
layer (bench/national.py, 14,500 buurten): the sequence that choosing a drawn area runs, with one
spatial index per data set (analysis/spatial_index.py) or, on code from before it, three.

First on a new data version (the index or indexes built), then the median over ten other drawn
areas on the same data. Run it on this tree and on an older one to compare, e.g.::

    git archive b3a9b28 wijkkaart resources | tar -x -C /tmp/before
    PYTHONPATH=/tmp/before:. python bench/bench_index.py
    PYTHONPATH=. python bench/bench_index.py

``--layer PATH`` reads the synthetic layer from PATH (default: built under bench/out on first use).
Synthetic data: for timing only.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import statistics
import sys
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent.parent))  # after PYTHONPATH: see above

import numpy as np
import shapely

from bench.machine import header, peak_memory
from bench.national import national_buurten
from wijkkaart.analysis.neighbours import neighbouring_buurten
from wijkkaart.analysis.profile import profile, shares_for_polygon
from wijkkaart.io.areas import read_areas
from wijkkaart.timeline import codes_inside

SHARED = importlib.util.find_spec("wijkkaart.analysis.spatial_index") is not None
CARD = [
    "aantal_inwoners",
    "woningvoorraad",
    "percentage_koopwoningen",
    "perc_huurwoningen_in_bezit_woningcorporaties",
    "gemiddeld_gasverbruik_totaal",
    "percentage_meergezinswoning",
]
VERSIONS = 8  # new data versions, each followed by ten other drawn areas
RADIUS = 3000.0  # a drawn area of ~28 km², city scale (as bench_analysis.py)


def sequence(data, polygon, times: dict[str, list[float]] | None = None) -> tuple[int, ...]:
    """What choosing a drawn area computes: its card, its neighbours, its buurten (the trend);
    each step's seconds appended to ``times``."""
    start = time.perf_counter()
    card = profile(data, shares_for_polygon(data, polygon), CARD)
    took_profile = time.perf_counter()
    neighbours = neighbouring_buurten(data, polygon)
    took_neighbours = time.perf_counter()
    # before the shared index the callers passed the statistics frame, indexed per call
    inside = codes_inside(data if SHARED else data.statistics_frame(), polygon)
    end = time.perf_counter()
    if times is not None:
        times["profile"].append(took_profile - start)
        times["neighbours"].append(took_neighbours - took_profile)
        times["codes_inside"].append(end - took_neighbours)
        times["sequence"].append(end - start)
    return len(card.shares), len(neighbours), len(inside)


def medians(times: dict[str, list[float]]) -> str:
    return ", ".join(f"{k} {statistics.median(v) * 1000:.1f}" for k, v in times.items())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--layer", type=Path, default=None)
    args = parser.parse_args()
    print(header("one spatial index per area data set: profile + neighbours + codes_inside"))
    import wijkkaart

    print(f"# wijkkaart from {Path(wijkkaart.__file__).parent}; shared index: {SHARED}")
    base = read_areas(args.layer or national_buurten())
    geoms = base.frame.geometry.to_numpy()
    rng = np.random.default_rng(7)
    centres = shapely.point_on_surface(geoms[rng.choice(len(geoms), 11, replace=False)])
    drawn = [shapely.buffer(c, RADIUS) for c in centres]

    sequence(base, drawn[0])  # imports and the file-wide caches of the profile, once
    steps = ("profile", "neighbours", "codes_inside", "sequence")
    firsts: dict[str, list[float]] = {k: [] for k in steps}
    warms: dict[str, list[float]] = {k: [] for k in steps}
    for _ in range(VERSIONS):
        data = dataclasses.replace(base)  # a new data version (a join, an analysis): no index
        counts = sequence(data, drawn[0], firsts)
        for polygon in drawn[1:]:
            sequence(data, polygon, warms)
    print(
        f"{len(base.frame):,} buurten; drawn area of radius {RADIUS:.0f} m: "
        f"{counts[0]} buurten in the card, {counts[1]} neighbours, {counts[2]} for the trend"
    )
    print(f"first on new data (index built), median ms of {VERSIONS}: {medians(firsts)}")
    print(f"then other drawn areas, median ms of {len(warms['sequence'])}: {medians(warms)}")
    if SHARED:
        from wijkkaart.analysis.spatial_index import INDEXES

        print(f"indexes built: {INDEXES.builds} for {VERSIONS + 1} data versions")
    print(f"# {peak_memory()}")


if __name__ == "__main__":
    main()
