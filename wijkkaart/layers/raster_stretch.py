"""The values a raster layer's colours stretch over: the layer's own limits, else its 2nd and
98th percentile, read once per file state and kept.

Qt-free: the legend (``layers/legend.py``, also for the HTML map) and the renderer, which
colours the raster with the same stretch, both ask here, so legend and map never disagree.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from wijkkaart.io.raster_band import file_stamp, read_band
from wijkkaart.lru import LruCache

_RANGES: LruCache[tuple[float, float]] = LruCache(64)


def finite_or_none(value: object) -> float | None:
    """A colour limit from a project file: a finite number, or None (then it is computed)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def raster_range(path: Path, vmin: float | None, vmax: float | None) -> tuple[float, float]:
    """The values a raster's colours stretch over: given, or its 2nd and 98th percentile.

    Only finite values count, so one NaN or inf cell cannot stretch or break the ramp.
    """
    vmin, vmax = finite_or_none(vmin), finite_or_none(vmax)
    key = (str(path), file_stamp(Path(path)), vmin, vmax)
    hit = _RANGES.get(key)
    if hit is None:
        lo, hi = vmin, vmax
        if lo is None or hi is None:
            data, _ = read_band(Path(path), 1024, "nearest")
            values = data[np.isfinite(data)]
            if lo is None:
                lo = float(np.percentile(values, 2)) if values.size else 0.0
            if hi is None:
                hi = float(np.percentile(values, 98)) if values.size else lo + 1.0
        if hi < lo:
            lo, hi = hi, lo
        hit = _RANGES.put(key, (lo, hi))
    return hit


def known_raster_range(
    path: Path, vmin: float | None, vmax: float | None
) -> tuple[float, float] | None:
    """The stretch when it needs no reading (both ends given) or was read already; else None.

    For the GUI thread (the legend panel): it never opens the raster."""
    lo, hi = finite_or_none(vmin), finite_or_none(vmax)
    if lo is not None and hi is not None:
        return (min(lo, hi), max(lo, hi))
    return _RANGES.get((str(path), file_stamp(Path(path)), lo, hi))
