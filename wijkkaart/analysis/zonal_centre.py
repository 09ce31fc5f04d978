"""The former cell-centre counting of zonal statistics (``weighting="centre"``), for comparison.

A cell counts wholly for the area its centre lies in; an area too small to hold a cell centre
takes every cell it touches. The default, area-weighted method is :mod:`wijkkaart.analysis.zonal`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
from affine import Affine
from rasterio.features import rasterize

from wijkkaart.analysis.zone_statistics import ZoneStatistics

if TYPE_CHECKING:
    import shapely


def centre_statistics(
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
