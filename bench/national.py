"""A synthetic national dataset for benchmarks: ~14,500 buurten covering the Netherlands' extent.

Voronoi cells of random points in RD New, densified to about as many vertices as the real CBS
layer (5 M), with CBS 2022+ column names and the CBS missing codes. Written once to
``bench/out/`` and reused. Synthetic: for timing only, never shown as real data.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

OUT = Path(__file__).resolve().parent / "out"
N_BUURTEN = 14_500
BOX = (13_000.0, 306_000.0, 278_000.0, 619_000.0)  # roughly the Dutch extent in RD New


def national_buurten(path: Path | None = None, n: int = N_BUURTEN, seed: int = 1) -> Path:
    """Path of the synthetic national GeoPackage (built on first use)."""
    path = path or OUT / f"synthetic_buurten_{n}.gpkg"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = BOX
    points = shapely.points(rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n))
    extent = shapely.box(*BOX)
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(points), extend_to=extent)
    )
    cells = shapely.intersection(cells, extent)
    order = shapely.STRtree(cells).query(points, predicate="within")  # cell i contains point j
    cells = cells[order[0][np.argsort(order[1])]]
    perimeter = shapely.length(cells)
    cells = shapely.segmentize(cells, np.maximum(perimeter / 340.0, 1.0))
    gm = np.arange(n) // 35
    wk = (np.arange(n) // 7) % 5
    bu = np.arange(n) % 7
    codes = [f"BU{g:04d}{w:02d}{b:02d}" for g, w, b in zip(gm, wk, bu, strict=True)]
    stock = rng.integers(20, 4000, n).astype(float)
    koop = rng.uniform(5, 95, n).round()
    corp = ((100 - koop) * rng.uniform(0.1, 0.9, n)).round()
    frame = gpd.GeoDataFrame(
        {
            "buurtcode": codes,
            "buurtnaam": [f"Buurt {i}" for i in range(n)],
            "wijkcode": [c[:8].replace("BU", "WK") for c in codes],
            "gemeentecode": [f"GM{g:04d}" for g in gm],
            "water": "NEE",
            "aantal_inwoners": (stock * rng.uniform(1.5, 2.8, n)).round(),
            "woningvoorraad": stock,
            "percentage_koopwoningen": koop,
            "percentage_huurwoningen": 100 - koop,
            "perc_huurwoningen_in_bezit_woningcorporaties": corp,
            "perc_huurwoningen_in_bezit_overige_verhuurders": 100 - koop - corp,
            "gemiddeld_gasverbruik_totaal": rng.normal(1100, 300, n).round(-1),
            "percentage_meergezinswoning": rng.uniform(0, 100, n).round(),
        },
        geometry=cells,
        crs="EPSG:28992",
    )
    secret = rng.uniform(size=n) < 0.03
    frame.loc[secret, "percentage_koopwoningen"] = -99997
    frame.to_file(path, layer="buurten", driver="GPKG")
    return path


if __name__ == "__main__":
    built = national_buurten()
    frame = gpd.read_file(built)
    print(
        built,
        len(frame),
        "buurten,",
        int(shapely.get_num_coordinates(frame.geometry).sum()),
        "vertices",
    )
