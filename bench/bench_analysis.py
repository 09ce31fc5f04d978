"""Benchmark the analyses on the synthetic national dataset (14,500 buurten); prints figures.

Run: .venv/bin/python bench/bench_analysis.py   (not part of the test run)
Targets (issue 4): profile of a drawn area < 16 ms at city scale, < 100 ms national; rules
typology over 14,000 buurten < 200 ms; k-means 14,000 x 8 indicators < 2 s; contiguous
regionalisation of a gemeente of 500 buurten < 10 s.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import shapely

from bench.national import national_buurten
from wijkkaart.analysis.profile import profile, shares_for_polygon
from wijkkaart.analysis.typology import DEFAULT_HOUSING_RULES, apply_rules, cluster, parse_rules
from wijkkaart.io.areas import read_areas
from wijkkaart.io.dataset import AreaData


def timed(func, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    data = read_areas(national_buurten())
    rng = np.random.default_rng(4)
    n = len(data.frame)
    frame = data.frame.copy()
    for name in (
        "percentage_energielabel_e_tot_g",
        "leefbaarometer_score",
        "percentage_bouwjaarklasse_vanaf_2000",
        "gemiddelde_woningwaarde",
    ):
        frame[name] = rng.uniform(0, 100, n)
    data = AreaData(
        frame=frame,
        level="buurt",
        schema=data.schema,
        source=data.source,
        indicators=[
            *data.indicators,
            "percentage_energielabel_e_tot_g",
            "leefbaarometer_score",
            "percentage_bouwjaarklasse_vanaf_2000",
            "gemiddelde_woningwaarde",
        ],
        reasons=data.reasons,
    )
    centre = frame.geometry.iloc[7000].centroid
    city = shapely.Point(centre.x, centre.y).buffer(3000)  # a drawn area of ~28 km²
    card = [
        "aantal_inwoners",
        "woningvoorraad",
        "percentage_koopwoningen",
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "perc_huurwoningen_in_bezit_overige_verhuurders",
        "gemiddeld_gasverbruik_totaal",
        "percentage_meergezinswoning",
        "percentage_energielabel_e_tot_g",
        "leefbaarometer_score",
    ]
    shares_for_polygon(data, city)  # warm up
    t = timed(lambda: profile(data, shares_for_polygon(data, city), card), 20)
    print(
        f"{'profile of a drawn area (city scale, card indicators)':<58} {t * 1000:8.1f} ms (< 16)"
    )
    big = shapely.box(*frame.total_bounds).buffer(-20_000)
    t = timed(lambda: profile(data, shares_for_polygon(data, big), card), 5)
    print(
        f"{'profile of a drawn area covering most of the country':<58} {t * 1000:8.1f} ms (< 100)"
    )
    rules = parse_rules(DEFAULT_HOUSING_RULES)
    t = timed(lambda: apply_rules(data, rules), 5)
    print(f"{'rules typology over 14,500 buurten':<58} {t * 1000:8.1f} ms (< 200)")
    eight = [
        "percentage_koopwoningen",
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "gemiddeld_gasverbruik_totaal",
        "percentage_meergezinswoning",
        "percentage_energielabel_e_tot_g",
        "leefbaarometer_score",
        "percentage_bouwjaarklasse_vanaf_2000",
        "gemiddelde_woningwaarde",
    ]
    cluster(data, eight[:2], 3)  # import scikit-learn once
    t = timed(lambda: cluster(data, eight, 8, seed=1), 3)
    print(f"{'k-means, 14,500 buurten x 8 indicators, k=8':<58} {t * 1000:8.1f} ms (< 2000)")
    near = frame.geometry.centroid.distance(frame.geometry.iloc[7000].centroid)
    gemeente = frame.loc[near.nsmallest(500).index]  # a compact "gemeente" of 500 buurten
    part = AreaData(
        frame=gemeente, level="buurt", schema="s", source="s", indicators=data.indicators
    )
    t = timed(lambda: cluster(part, eight[:4], 12, contiguous=True, min_inhabitants=20_000), 3)
    print(
        f"{'contiguous regionalisation, 500 buurten, min 20,000 inh.':<58} "
        f"{t * 1000:8.1f} ms (< 10000)"
    )


if __name__ == "__main__":
    main()
