"""Which values of which buurten cannot be right, cell by cell (Qt-free).

The readers warn once per file (``wijkkaart.io.columns.plausibility_warnings``); the information
panel and prints need to know per buurt and indicator, so a planner sees the doubt where the
figure is shown. The values themselves are never changed.
"""

from __future__ import annotations

import pandas as pd

from wijkkaart.catalogue import catalogue

TENURE = (
    "percentage_koopwoningen",
    "percentage_huurwoningen",
    "percentage_woningen_met_eigendom_onbekend",
)
TENURE_TOLERANCE = 5.0


def implausible(frame: pd.DataFrame) -> dict[str, pd.Series]:
    """Indicator -> boolean mask of the rows whose value is implausible (only indicators with one).

    Checked: a mean WOZ value of 0, a percentage outside 0-100, a negative count, koop + huur +
    onbekend more than 5 points from 100, and 0 dwellings where people live.
    """
    cat = catalogue()
    flags: dict[str, pd.Series] = {}

    def flag(column: str, mask: pd.Series) -> None:
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            flags[column] = flags.get(column, pd.Series(False, index=frame.index)) | mask

    def numbers(column: str) -> pd.Series:
        return pd.to_numeric(frame[column], errors="coerce")

    for column in frame.columns:
        entry = cat.get(column)
        if entry is None or entry.kind != "number":
            continue
        values = numbers(column)
        if entry.unit == "%":
            flag(column, (values < 0) | (values > 100))
        elif entry.aggregation == "sum" or entry.unit == "aantal":
            flag(column, values < 0)
    if "gemiddelde_woningwaarde" in frame:
        flag("gemiddelde_woningwaarde", numbers("gemiddelde_woningwaarde").eq(0))
    if all(c in frame for c in TENURE):
        parts = frame[list(TENURE)].apply(pd.to_numeric, errors="coerce")
        off = parts.notna().all(axis=1) & ((parts.sum(axis=1) - 100).abs() > TENURE_TOLERANCE)
        for column in TENURE:
            flag(column, off)
    if "aantal_inwoners" in frame and "woningvoorraad" in frame:
        flag("woningvoorraad", numbers("aantal_inwoners").gt(0) & numbers("woningvoorraad").eq(0))
    return flags


def implausible_in(frame: pd.DataFrame, indicator: str) -> list[str]:
    """The codes whose value of ``indicator`` is implausible."""
    mask = implausible(frame).get(indicator)
    return [] if mask is None else list(frame.index[mask])
