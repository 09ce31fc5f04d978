"""What both ways of counting raster cells per area share: the nodata rule and the record.

:func:`nodata_mask` applies what nodata means (the user's choice, else the file's) the same way
for every method; :class:`ZoneStatistics` is what :mod:`wijkkaart.analysis.zonal` (area-weighted)
and :mod:`wijkkaart.analysis.zonal_centre` (cell centres) return per label.
"""

from __future__ import annotations

import math
from typing import TypedDict

import numpy as np


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
