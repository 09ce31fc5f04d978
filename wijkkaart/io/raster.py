"""Reading a risk raster (flood depth, heat) for zonal statistics per area.

The vectors are reprojected to the raster's CRS, never the raster, and only the window under the
areas is read. What nodata means is the user's choice: the Klimaateffectatlas writes -9999 for
"dry", which must count as 0 m, not be skipped. NaN cells are always nodata (declared or not);
infinite cells are never counted. The statistics themselves (area-weighted: every cell counts
for the share of its area inside the buurt) are an analysis: :mod:`wijkkaart.analysis.zonal`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

import numpy as np
import pandas as pd
import rasterio
from affine import Affine
from rasterio.errors import RasterioIOError
from rasterio.features import rasterize
from rasterio.windows import Window, from_bounds

from wijkkaart.io.dataset import AreaData
from wijkkaart.io.vector import check_readable
from wijkkaart.messages import WijkkaartError

if TYPE_CHECKING:
    from collections.abc import Iterable

    import geopandas as gpd
    import shapely
    from rasterio.coords import BoundingBox

    from wijkkaart.feedback import Feedback


@dataclass
class ZonalResult:
    values: pd.DataFrame
    reasons: pd.DataFrame
    crs: str
    warnings: list[str] = field(default_factory=list)


@dataclass
class RasterWindow:
    """The part of a raster band under some areas, and those areas in the raster's CRS."""

    data: np.ndarray  # float64
    transform: Affine
    fill: float | None  # the nodata value in force (the user's, else the file's)
    crs: str
    bounds: BoundingBox  # the whole raster's bounds
    zones: gpd.GeoSeries  # the areas in the raster's CRS


class ZoneStatistics(TypedDict):
    """Statistics per label 0..n (label 0: no area), each an array of n + 1 values.

    ``weight`` is the (covered) cell count per area; ``above`` the share above the threshold
    in %, None when no threshold was given.
    """

    weight: np.ndarray
    mean: np.ndarray
    max: np.ndarray
    p90: np.ndarray
    above: np.ndarray | None


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


def _centre_statistics(
    geoms: np.ndarray,
    data: np.ndarray,
    valid: np.ndarray,
    transform: Affine,
    threshold: float | None,
) -> ZoneStatistics:
    """The former cell-centre counting (``weighting="centre"``), per label 0..n.

    Areas are rasterised once and the cells counted per label; areas that catch no cell centre
    are rasterised again with ``all_touched`` so they still get a value.
    """
    n = len(geoms)
    present = [g is not None and not g.is_empty for g in geoms]
    shapes = ((g, i + 1) for i, g in enumerate(geoms) if present[i])
    labels = rasterize(shapes, out_shape=data.shape, transform=transform, fill=0, dtype="int32")
    counts = np.bincount(labels.ravel(), minlength=n + 1)
    lonely = [i for i in range(n) if present[i] and counts[i + 1] == 0]
    stats = _label_stats(labels, data, valid, n)
    above = _label_sums(labels, valid & (data > threshold), n) if threshold is not None else None
    for i in lonely:  # smaller than a cell: use every cell the area touches
        cells = _touched_cells(geoms[i], data, valid, transform)
        if cells.size:
            stats["count"][i + 1] = cells.size
            stats["mean"][i + 1] = cells.mean()
            stats["max"][i + 1] = cells.max()
            stats["p90"][i + 1] = np.percentile(cells, 90)
            if above is not None:
                above[i + 1] = float((cells > threshold).sum())
    share = None
    if above is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(stats["count"] > 0, above / stats["count"] * 100, np.nan)
    return ZoneStatistics(
        weight=stats["count"], mean=stats["mean"], max=stats["max"], p90=stats["p90"], above=share
    )


def nodata_mask(
    data: np.ndarray, fill: float | None, nodata_is_zero: bool
) -> tuple[np.ndarray, np.ndarray, int]:
    """(data, valid cells, number of infinite cells) with nodata applied the same way always.

    NaN is nodata whether the file declares it or not (``NaN == NaN`` is false, so comparing
    with a declared NaN nodata would otherwise miss every cell): with ``nodata_is_zero`` it
    counts as 0 like any other nodata cell, else it is left out. An infinite value that is not
    the declared nodata is no measurement: it is always left out (and reported). ``data`` may
    be changed in place.
    """
    is_fill = np.isnan(data)
    if fill is not None and not math.isnan(fill):
        if math.isinf(fill):
            is_fill |= data == fill
        else:  # np.isclose(data, fill) | (data == fill), by blocks of rows to spare memory
            tolerance = 1e-8 + 1e-5 * abs(fill)
            flat, out = data.reshape(-1), is_fill.reshape(-1)
            for a in range(0, flat.size, 1 << 20):
                gap = np.abs(flat[a : a + (1 << 20)] - fill)
                with np.errstate(invalid="ignore"):
                    out[a : a + (1 << 20)] |= gap <= tolerance
    bad = np.isinf(data)
    bad &= ~is_fill
    if nodata_is_zero:
        valid = ~bad
    else:
        valid = ~is_fill
        valid &= ~bad
    # no NaN/inf reaches a sum, even where it is masked out; nodata is 0 in "counts as 0" mode
    data = np.asarray(data, dtype=np.float64)
    np.putmask(data, is_fill | bad, 0.0)
    del is_fill
    return data, valid, int(bad.sum())


_nodata_mask = nodata_mask  # the former private name


def _touched_cells(
    geom: shapely.Geometry, data: np.ndarray, valid: np.ndarray, transform: Affine
) -> np.ndarray:
    """Valid values of all cells a (small) geometry touches, looked up in its own little window."""
    inverse = ~transform
    minx, miny, maxx, maxy = geom.bounds
    c0, r0 = inverse @ (minx, maxy)
    c1, r1 = inverse @ (maxx, miny)
    col0, row0 = max(math.floor(min(c0, c1)), 0), max(math.floor(min(r0, r1)), 0)
    col1 = min(math.ceil(max(c0, c1)), data.shape[1])
    row1 = min(math.ceil(max(r0, r1)), data.shape[0])
    if col1 <= col0 or row1 <= row0:
        return np.empty(0)
    sub = transform @ Affine.translation(col0, row0)
    mask = rasterize(
        [(geom, 1)],
        out_shape=(row1 - row0, col1 - col0),
        transform=sub,
        fill=0,
        dtype="uint8",
        all_touched=True,
    ).astype(bool)
    mask &= valid[row0:row1, col0:col1]
    return data[row0:row1, col0:col1][mask]


def _whole_cells(window: Window) -> Window:
    """Grow a fractional window to whole cells (floor the offsets, ceil the far edges)."""
    col, row = math.floor(window.col_off), math.floor(window.row_off)
    right = math.ceil(window.col_off + window.width)
    bottom = math.ceil(window.row_off + window.height)
    return Window(col, row, max(right - col, 1), max(bottom - row, 1))


def _label_sums(labels: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(labels[mask].ravel(), minlength=n + 1).astype(float)


def _label_stats(
    labels: np.ndarray, data: np.ndarray, valid: np.ndarray, n: int
) -> dict[str, np.ndarray]:
    """count, mean, max and 90th percentile (linear, as numpy) per label 0..n."""
    lab = labels[valid].ravel()
    val = data[valid].ravel()
    count = np.bincount(lab, minlength=n + 1).astype(float)
    total = np.bincount(lab, weights=val, minlength=n + 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
    order = np.lexsort((val, lab))
    lab_sorted, val_sorted = lab[order], val[order]
    starts = np.searchsorted(lab_sorted, np.arange(n + 1), side="left")
    ends = np.searchsorted(lab_sorted, np.arange(n + 1), side="right")
    maxima = np.full(n + 1, np.nan)
    p90 = np.full(n + 1, np.nan)
    has = ends > starts
    maxima[has] = val_sorted[ends[has] - 1]
    pos = starts[has] + 0.9 * (ends[has] - starts[has] - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, ends[has] - 1)
    p90[has] = val_sorted[lo] + (val_sorted[hi] - val_sorted[lo]) * (pos - lo)
    return {"count": count, "mean": mean, "max": maxima, "p90": p90}


def _within(bounds: tuple[float, float, float, float], rb: BoundingBox) -> bool:
    minx, miny, maxx, maxy = bounds
    return minx >= rb.left and maxx <= rb.right and miny >= rb.bottom and maxy <= rb.top


def _fmt_bounds(b: Iterable[float]) -> str:
    return "(" + ", ".join(f"{v:.0f}" for v in list(b)) + ")"


def add_raster_statistics(
    areas: AreaData,
    raster_path: str | Path,
    prefix: str,
    illustrative: bool = False,
    nodata: float | None = None,
    nodata_is_zero: bool = False,
    threshold: float | None = None,
    band: int = 1,
    feedback: Feedback | None = None,
    weighting: str = "area",
) -> AreaData:
    """``areas`` with the zonal statistics of a raster added as indicators.

    The keyword arguments after ``illustrative`` are those of
    :func:`wijkkaart.analysis.zonal.zonal_statistics`.
    """
    # Computed by the analysis (area-weighted; see there): this reader only reads the window.
    from wijkkaart.analysis.zonal import zonal_statistics

    result = zonal_statistics(
        raster_path,
        areas,
        prefix,
        nodata=nodata,
        nodata_is_zero=nodata_is_zero,
        threshold=threshold,
        band=band,
        feedback=feedback,
        weighting=weighting,
    )
    return areas.add_columns(
        result.values,
        result.reasons,
        source=str(raster_path),
        illustrative=illustrative,
        warnings=result.warnings,
    )
