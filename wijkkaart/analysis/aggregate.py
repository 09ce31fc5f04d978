"""Averages that respect the catalogue: counts are summed, shares weighted by their base.

The owner-occupied share of a gemeente is the dwelling-weighted mean of its buurten, not the mean
of buurt percentages. Missing values are left out of both numerator and weight.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkkaart.catalogue import catalogue


@dataclass(frozen=True)
class Aggregate:
    value: float
    coverage: float  # share of the weight (or of the areas) that had a value, 0..1


def aggregate(frame: pd.DataFrame, indicator: str) -> Aggregate:
    """The value of ``indicator`` for all rows of ``frame`` together."""
    cat = catalogue()
    values = pd.to_numeric(frame[indicator], errors="coerce") if indicator in frame else None
    if values is None or not len(values):
        return Aggregate(float("nan"), 0.0)
    ind = cat.get(indicator, None)
    present = values.notna()
    if ind is not None and ind.aggregation == "sum":
        return Aggregate(
            float(values[present].sum()) if present.any() else float("nan"), float(present.mean())
        )
    if ind is not None and ind.aggregation == "weighted_mean" and ind.weight in frame:
        weights = pd.to_numeric(frame[ind.weight], errors="coerce")
        usable = present & weights.notna() & (weights > 0)
        total = weights[weights.notna() & (weights > 0)].sum()
        if not usable.any() or total <= 0:
            return Aggregate(float("nan"), 0.0)
        value = float(np.average(values[usable], weights=weights[usable]))
        return Aggregate(value, float(weights[usable].sum() / total))
    if ind is not None and ind.aggregation == "ratio" and ind.derived:
        left, right = (part.strip() for part in ind.derived.split("/"))
        num, den = aggregate(frame, left), aggregate(frame, right)
        value = num.value / den.value if den.value else float("nan")
        return Aggregate(value, min(num.coverage, den.coverage))
    if ind is not None and ind.aggregation == "none":
        return Aggregate(float("nan"), float(present.mean()))
    # Custom indicators: plain mean, said as such by the caller.
    return Aggregate(
        float(values[present].mean()) if present.any() else float("nan"), float(present.mean())
    )
