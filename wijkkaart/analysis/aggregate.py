"""Aggregates that respect the catalogue: counts are summed, shares weighted by their base.

The owner-occupied share of an area is the dwelling-weighted mean of its buurten, not the mean
of buurt percentages. Missing values are left out of both numerator and weight, and the share of
the weight that had a value is reported as coverage. ``shares`` (0..1 per row) apportions buurten
that lie partly inside an area: their counts and weights count for that share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pandas as pd

from wijkkaart.catalogue import catalogue


@dataclass(frozen=True)
class Aggregate:
    value: float | str | None
    coverage: float  # share of the weight (or of the areas) that had a value, 0..1
    distribution: dict[str, float] = field(default_factory=dict)  # categories: share of weight
    low: float | None = None  # years: earliest and latest
    high: float | None = None
    reason: str | None = None  # why there is no value, e.g. "no_weight"

    @property
    def number(self) -> float:
        """``value`` where the indicator is a number (every kind but a category, whose value is
        its largest category or None): then it is always a float, NaN when there is none."""
        return cast(float, self.value)


def aggregate(frame: pd.DataFrame, indicator: str, shares: pd.Series | None = None) -> Aggregate:
    """The value of ``indicator`` for all rows of ``frame`` together (apportioned by ``shares``)."""
    if indicator not in frame or not len(frame):
        return Aggregate(float("nan"), 0.0)
    share = (
        pd.Series(1.0, index=frame.index)
        if shares is None
        else shares.reindex(frame.index).fillna(0.0).astype(float)
    )
    ind = catalogue().get(indicator)
    raw = frame[indicator]
    if ind is not None and ind.kind == "category" and not pd.api.types.is_numeric_dtype(raw):
        return _categories(frame, raw, share)
    values = pd.to_numeric(raw, errors="coerce")
    present = values.notna() & (share > 0)
    if ind is not None and ind.kind == "year":
        years = values[present]
        coverage = float(share[present].sum() / share.sum()) if share.sum() else 0.0
        if not len(years):
            return Aggregate(float("nan"), coverage)
        return Aggregate(float("nan"), coverage, low=float(years.min()), high=float(years.max()))
    # Sums and weighted means (most of a profile) on plain arrays: the same arithmetic as the
    # pandas form below, without its per-operation overhead (a live profile has ~16 ms).
    v, s = _floats(values), share.to_numpy(dtype=float)
    inside = s > 0
    ok = ~np.isnan(v) & inside
    if ind is not None and ind.aggregation == "sum":
        total = s[inside].sum()
        coverage = float(s[ok].sum() / total) if total else 0.0
        value = float((v[ok] * s[ok]).sum()) if ok.any() else float("nan")
        return Aggregate(value, coverage)
    if ind is not None and ind.aggregation == "weighted_mean":
        assert ind.weight is not None  # the catalogue refuses a weighted mean without weight
        base_weights = _weights(frame, ind.weight)
        if base_weights is None:
            # Without its weight a mean of buurt averages would be a different, wrong number.
            return Aggregate(float("nan"), 0.0, reason="no_weight")
        bw = _floats(base_weights)
        weights = bw * s
        base = ~np.isnan(weights) & (weights > 0)
        usable = ok & base
        total = weights[base].sum()
        if ok.any() and not usable.any():
            # Values, but no buurt with its weight (Ermelo 2021: aantal_inwoners all NULL): say
            # so, as for an absent weight column; an unweighted mean would be another number.
            return Aggregate(float("nan"), 0.0, reason="no_weight")
        if not usable.any() or total <= 0:
            return Aggregate(float("nan"), 0.0)
        value = float(np.average(v[usable], weights=weights[usable]))
        # A buurt whose weight is unknown is left out of the mean, and so out of the coverage:
        # its unknown weight counts as missing by its (area) share, never as 100 % covered.
        area = s[inside].sum()
        known = float(s[~np.isnan(bw) & inside].sum() / area) if area else 0.0
        return Aggregate(value, float(weights[usable].sum() / total) * known)
    if ind is not None and ind.aggregation == "ratio" and ind.numerator and ind.denominator:
        return _ratio_of_sums(frame, values, share, ind.numerator, ind.denominator, ind.scale)
    if ind is not None and ind.aggregation == "ratio" and ind.derived:
        left, right = (part.strip() for part in ind.derived.split("/"))
        num, den = aggregate(frame, left, shares), aggregate(frame, right, shares)
        value = num.number / den.number if den.number else float("nan")
        return Aggregate(value, min(num.coverage, den.coverage))
    total = share[share > 0].sum()
    coverage = float(share[present].sum() / total) if total else 0.0
    if ind is not None and ind.aggregation == "none":
        # A class or a maximum cannot be combined, but one whole buurt is simply its own value.
        whole = present & (share >= 0.999)
        if int(present.sum()) == 1 and whole.any():
            return Aggregate(float(values[whole].iloc[0]), coverage)
        return Aggregate(float("nan"), coverage)
    if not present.any():
        return Aggregate(float("nan"), coverage)
    if custom_is_count(indicator, values):  # a count is summed, never averaged
        return Aggregate(float((values[present] * share[present]).sum()), coverage)
    # Other custom indicators: the area-share weighted mean, said as such (custom_aggregation).
    return Aggregate(float(np.average(values[present], weights=share[present])), coverage)


def custom_is_count(indicator: str, values: pd.Series) -> bool:
    """A column not in the catalogue that is a count: a word of its name is ``aantal`` or
    ``totaal`` (``personenautos_totaal``, ``aantalBedrijven``), and it holds whole numbers only."""
    words = set(re.split(r"[_\W]+", re.sub(r"(?<=[a-z])(?=[A-Z])", "_", indicator).lower()))
    named = bool(words & {"aantal", "totaal", "number", "count"})
    finite = values.dropna()
    whole = bool(len(finite)) and bool(np.all(np.isclose(finite, np.round(finite))))
    return named and whole


def custom_aggregation(indicator: str, frame: pd.DataFrame) -> str:
    """How a custom indicator is aggregated, in words for JSON and the profile."""
    if indicator not in frame:
        return "none"
    values = pd.to_numeric(frame[indicator], errors="coerce")
    return "sum" if custom_is_count(indicator, values) else "unweighted_mean"


def _share_of(share: pd.Series, rows: pd.Series) -> float:
    total = share[share > 0].sum()
    return float(share[rows & (share > 0)].sum() / total) if total else 0.0


def _ratio_of_sums(
    frame: pd.DataFrame,
    ratio: pd.Series,
    share: pd.Series,
    numerator: str,
    denominator: str,
    scale: float,
) -> Aggregate:
    """sum(numerator) / sum(denominator) * scale over the rows, each part apportioned by share.

    Where the denominator is absent (a file without land area), each row's denominator is implied
    by its own published ratio: denominator = numerator * scale / ratio.
    """
    if numerator not in frame:
        return Aggregate(float("nan"), 0.0)
    num = pd.to_numeric(frame[numerator], errors="coerce")
    den = (
        pd.to_numeric(frame[denominator], errors="coerce")
        if denominator in frame
        else pd.Series(np.nan, index=frame.index)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        implied = num * scale / ratio.where(ratio > 0)
    den = den.where(den.notna() & (den > 0), implied)
    usable = num.notna() & den.notna() & (den > 0) & (share > 0)
    if not usable.any():
        return Aggregate(float("nan"), 0.0)
    value = float((num[usable] * share[usable]).sum() / (den[usable] * share[usable]).sum() * scale)
    return Aggregate(value, _share_of(share, usable))


def _floats(column: pd.Series) -> np.ndarray:
    """A numeric column as float64 with NaN for missing (nullable Int64/Float64 included)."""
    return column.to_numpy(dtype=float, na_value=np.nan)


def _weights(frame: pd.DataFrame, weight: str) -> pd.Series | None:
    """The weight column; areas in hectares come from the geometry when the file lacks them."""
    if weight in frame:
        return pd.to_numeric(frame[weight], errors="coerce")
    if weight.startswith("oppervlakte") and "geometry" in frame:
        geometry = frame["geometry"]
        if hasattr(geometry, "area") and geometry.notna().any():
            return pd.Series(geometry.area / 10_000, index=frame.index)  # m² -> ha
    return None


def _categories(frame: pd.DataFrame, raw: pd.Series, share: pd.Series) -> Aggregate:
    """Share of dwellings (else of area) per category; the value is the largest category."""
    weight = share.copy()
    if "woningvoorraad" in frame:
        stock = pd.to_numeric(frame["woningvoorraad"], errors="coerce")
        weight = (stock * share).where(stock.notna(), 0.0)
        if weight.sum() <= 0:
            weight = share.copy()
    present = raw.notna() & (weight > 0)
    total = weight[weight > 0].sum()
    if not present.any() or total <= 0:
        return Aggregate(None, 0.0)
    sums = weight[present].groupby(raw[present].astype(str)).sum()
    distribution = {str(k): float(v / weight[present].sum()) for k, v in sums.items()}
    top = max(distribution, key=lambda k: distribution[k])
    return Aggregate(top, float(weight[present].sum() / total), distribution)
