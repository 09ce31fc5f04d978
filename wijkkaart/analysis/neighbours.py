"""Buurten next to a focus area: watch them for problems moving next door (the waterbed effect)."""

from __future__ import annotations

import pandas as pd
import shapely

from wijkkaart.analysis.spatial_index import area_index
from wijkkaart.io.dataset import AreaData

INSIDE = 0.5  # a buurt at least half inside belongs to the focus area, not next to it


def neighbouring_buurten(
    areas: AreaData,
    polygon: shapely.Geometry,
    indicators: list[str] | None = None,
    tolerance: float = 1.0,
) -> pd.DataFrame:
    """Buurten that border the area (within ``tolerance`` metres) but lie mostly outside it;
    water buurten are left out (the statistics rows)."""
    index = area_index(areas)  # the one index of these data (spatial_index.py)
    geoms = index.geoms
    touching = index.tree.query(shapely.buffer(polygon, tolerance), predicate="intersects")
    rows = []
    for i in touching.tolist():
        geom = geoms[i]
        inside = shapely.area(shapely.intersection(geom, polygon)) / max(shapely.area(geom), 1e-9)
        if inside < INSIDE:
            rows.append((index.codes[i], inside))
    frame = areas.frame  # the statistics frame's rows and columns, without copying it
    chosen = indicators or [
        c
        for c in (
            "aantal_inwoners",
            "percentage_koopwoningen",
            "perc_huurwoningen_in_bezit_woningcorporaties",
            "leefbaarometer_score",
        )
        if c in frame
    ]
    result = frame.loc[[code for code, _ in rows], ["naam", *chosen]].copy()
    result.insert(1, "aandeel_binnen", [share for _, share in rows])
    return result.sort_index()
