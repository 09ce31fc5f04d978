"""Reading the window of a risk raster (flood depth, heat) that lies under some areas.

The vectors are reprojected to the raster's CRS, never the raster, and only the window under the
areas is read, with the nodata value in force (the user's, else the file's). What nodata means
when counting (the Klimaateffectatlas writes -9999 for "dry", which must count as 0 m) and the
statistics themselves are an analysis: :mod:`wijkkaart.analysis.zonal`. This reader only reads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import rasterio
from affine import Affine
from rasterio.errors import RasterioIOError
from rasterio.windows import Window, from_bounds

from wijkkaart.io.dataset import AreaData
from wijkkaart.io.vector import check_readable
from wijkkaart.messages import WijkkaartError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd
    from rasterio.coords import BoundingBox


@dataclass
class RasterWindow:
    """The part of a raster band under some areas, and those areas in the raster's CRS."""

    data: np.ndarray  # float64
    transform: Affine
    fill: float | None  # the nodata value in force (the user's, else the file's)
    crs: str
    bounds: BoundingBox  # the whole raster's bounds
    zones: gpd.GeoSeries  # the areas in the raster's CRS


def read_window(
    path: Path, geometries: gpd.GeoSeries | AreaData, band: int = 1, nodata: float | None = None
) -> RasterWindow:
    """Read the window of ``path`` that ``geometries`` (GeoSeries or AreaData) overlap.

    The vectors are reprojected to the raster's CRS, never the raster. Dutch errors for an
    unreadable file, a raster without CRS and a raster that overlaps no area.
    """
    check_readable(path)
    try:
        src = rasterio.open(path)
    except RasterioIOError as exc:
        raise WijkkaartError("raster_unreadable", path=path, detail=str(exc)[:200]) from None
    with src:
        if src.crs is None:
            raise WijkkaartError("raster_no_crs", path=path)
        crs = src.crs.to_string()
        if isinstance(geometries, AreaData):
            geometries = geometries.frame.geometry
        same = geometries.crs is not None and geometries.crs == src.crs
        zones = geometries if same else geometries.to_crs(src.crs)  # no copy when it matches
        present = zones.notna() & ~zones.is_empty
        rb = src.bounds
        zb = zones[present].total_bounds
        overlap = bool(present.any()) and not (
            zb[2] <= rb.left or zb[0] >= rb.right or zb[3] <= rb.bottom or zb[1] >= rb.top
        )
        if not overlap:
            raise WijkkaartError(
                "raster_no_overlap",
                path=path,
                crs=crs,
                raster=_fmt_bounds((rb.left, rb.bottom, rb.right, rb.top)),
                areas=_fmt_bounds(zb),
            )
        window = from_bounds(
            max(zb[0], rb.left),
            max(zb[1], rb.bottom),
            min(zb[2], rb.right),
            min(zb[3], rb.top),
            transform=src.transform,
        )
        window = _whole_cells(window).intersection(Window(0, 0, src.width, src.height))
        data = src.read(band, window=window, out_dtype="float64")
        transform = src.window_transform(window)
        fill = src.nodata if nodata is None else nodata
    return RasterWindow(data, transform, fill, crs, rb, zones)


def _whole_cells(window: Window) -> Window:
    """Grow a fractional window to whole cells (floor the offsets, ceil the far edges)."""
    col, row = math.floor(window.col_off), math.floor(window.row_off)
    right = math.ceil(window.col_off + window.width)
    bottom = math.ceil(window.row_off + window.height)
    return Window(col, row, max(right - col, 1), max(bottom - row, 1))


def _fmt_bounds(b: Iterable[float]) -> str:
    return "(" + ", ".join(f"{v:.0f}" for v in list(b)) + ")"
