"""Wijk and gemeente outlines made from the buurten themselves, for a file without a wijk layer.

Each buurt code names its wijk and gemeente, so dissolving the buurten on those codes gives the
boundaries a planner expects over the fill. The outlines are for drawing only: they are built
from buurt shapes simplified by 2 m (CBS wijk and buurt boundaries are accurate to 10-50 m),
which makes a national file of 14,500 buurten dissolve in well under a second instead of 5 s.
Figures always come from the buurten, never from these shapes. Qt-free.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from shapely.errors import GEOSException

from wijkkaart.gemeenten import gemeente_of, wijk_of
from wijkkaart.io.area_names import name_columns, outline_names
from wijkkaart.io.dataset import RD_NEW, AreaData

log = logging.getLogger(__name__)

DISPLAY_TOLERANCE = 2.0  # metres


def area_names(path: str | Path, layer: str | None = None) -> dict[str, dict[str, str]]:
    """Wijk and gemeente names by code, as far as the buurt file has them (code columns only).

    Reads the file; :attr:`AreaData.outline_names` has them already when the areas were read.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            fields = [str(f) for f in pyogrio.read_info(path, layer=layer)["fields"]]
    except Exception as exc:  # a table or an unreadable file: no names, the outlines stay
        log.info("no area names from %s: %s", path, exc)
        return {"wijk": {}, "gemeente": {}}
    wanted = name_columns(fields)
    if not wanted:
        return {"wijk": {}, "gemeente": {}}
    columns = sorted({c for pair in wanted.values() for c in pair})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        table = pyogrio.read_dataframe(path, layer=layer, columns=columns, read_geometry=False)
    return outline_names(table)


class DisplayShapes:
    """The buurt shapes an outline is dissolved from, simplified once for every level.

    Simplifying 14,500 national buurten takes 0.15 s; the wijk and the gemeente outlines of a
    new project share it instead of each doing it again.
    """

    def __init__(self, areas: AreaData) -> None:
        frame = areas.frame
        present = frame.geometry.notna().to_numpy() & ~frame.geometry.is_empty.to_numpy()
        self.codes = frame.index[present]
        self.original = frame.geometry.to_numpy()[present]
        self.simple = shapely.simplify(self.original, DISPLAY_TOLERANCE, preserve_topology=False)


def dissolve_outline(
    areas: AreaData,
    by: str,
    names: dict[str, str] | None = None,
    shapes: DisplayShapes | None = None,
) -> gpd.GeoDataFrame:
    """One outline per wijk or gemeente (``by``) of ``areas``, with its name where known.

    ``shapes`` (made from the same ``areas``) saves simplifying them again for a second level.
    """
    shapes = shapes or DisplayShapes(areas)
    codes, original, simple = shapes.codes, shapes.original, shapes.simple
    keys = wijk_of(codes) if by == "wijk" else gemeente_of(codes)
    if areas.level == by:
        keys = pd.Index(codes)
    out_codes, out_geoms = [], []
    for key, index in pd.Series(range(len(keys)), index=keys).groupby(level=0).indices.items():
        out_codes.append(key)
        out_geoms.append(_union(simple[index], original[index]))
    names = names or {}
    index = pd.Index(out_codes, name="code")
    # The geometry gets the same index: a GeoSeries on a default index would be aligned to the
    # codes and come out all empty.
    return gpd.GeoDataFrame(
        {"naam": [names.get(c, "") for c in out_codes]},
        geometry=gpd.GeoSeries(out_geoms, crs=RD_NEW, index=index),
        index=index,
    )


def _union(simple: np.ndarray, original: np.ndarray) -> shapely.Geometry:
    """Coverage union (fast, for shapes that share their edges), else a plain union."""
    if len(simple) == 1:
        return original[0]
    for repaired in (False, True):  # make_valid only when the shapes as they are fail
        parts = shapely.make_valid(simple) if repaired else simple
        try:
            merged = shapely.coverage_union_all(parts)
            if not merged.is_empty and merged.is_valid:
                return _without_slivers(merged)
        except GEOSException:
            pass
    try:
        return _without_slivers(shapely.union_all(shapely.make_valid(simple)))
    except GEOSException:
        return shapely.union_all(shapely.make_valid(original))


def _without_slivers(merged: shapely.Geometry) -> shapely.Geometry:
    """Drop the hair-thin holes that simplifying neighbours apart leaves along shared edges.

    Zaanstad's gemeente outline had 29 such rings (under 4 m wide, up to hundreds of metres
    long): drawn, they were stray black lines along inner buurt edges. A hole of real width
    (an enclave outside the file) stays: area / perimeter of a sliver w wide is about w / 2.
    """
    if not shapely.get_num_interior_rings(shapely.get_parts(merged)).any():
        return merged
    polygons = []
    for polygon in shapely.get_parts(merged):
        if not isinstance(polygon, shapely.Polygon):
            return merged
        holes = [
            ring
            for ring in polygon.interiors
            if shapely.Polygon(ring).area >= DISPLAY_TOLERANCE * ring.length
        ]
        polygons.append(shapely.Polygon(polygon.exterior, holes))
    out = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
    return out if out.is_valid else merged


def outline_code_levels(level: str) -> list[str]:
    """Which outlines a file of ``level`` gets: buurten both, wijken the gemeenten, else none."""
    return {"buurt": ["wijk", "gemeente"], "wijk": ["gemeente"]}.get(level, [])
