"""CBS missing-value codes.

CBS writes missing values as numbers (``-99999999`` up to 2021; ``-99997``, ``-99995`` and
``-99991`` from 2022) or as ``.`` in its CSV/Excel tables. Any value <= -99990 is missing. We turn
them into NaN and keep *why* it is missing, so the app can say "geheim" rather than show a number.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

SENTINEL_REASONS = {
    -99997.0: "secret",
    -99995.0: "later",
    -99991.0: "discontinued",
    -99999999.0: "unknown",
}
MISSING_THRESHOLD = -99990.0

_DECIMAL_COMMA = re.compile(r"^-?\d{1,3}(\.\d{3})*,\d+$|^-?\d+,\d+$")


def _to_number(text: str) -> float | None:
    """Parse one cell, accepting a Dutch decimal comma; None when it is not a number."""
    t = text.strip().replace("\u00a0", "")
    if _DECIMAL_COMMA.match(t):
        t = t.replace(".", "").replace(",", ".")
    try:
        return float(t)
    except ValueError:
        return None


def clean_numeric(values: pd.Series) -> tuple[pd.Series, pd.Series, str | None]:
    """(numbers, reasons, first non-numeric example).

    ``numbers`` is float with NaN for every missing value; ``reasons`` holds a reason key where a
    value is missing (``secret``, ``later``, ``discontinued``, ``unknown``, ``empty``,
    ``not_numeric``) and None elsewhere. The input is not changed.
    """
    reasons = pd.Series([None] * len(values), index=values.index, dtype=object)
    example: str | None = None
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        numbers = values.astype(float)
    else:
        parsed = []
        for i, raw in enumerate(values.tolist()):
            if raw is None or (isinstance(raw, float) and np.isnan(raw)):
                parsed.append(np.nan)
                continue
            if isinstance(raw, (int, float, np.number)):
                parsed.append(float(raw))
                continue
            text = str(raw).strip()
            if text in ("", "NA", "NaN", "nan", "None"):
                parsed.append(np.nan)
            elif text == ".":
                parsed.append(np.nan)
                reasons.iat[i] = "unknown"
            else:
                number = _to_number(text)
                if number is None:
                    parsed.append(np.nan)
                    reasons.iat[i] = "not_numeric"
                    example = example or text
                else:
                    parsed.append(number)
        numbers = pd.Series(parsed, index=values.index, dtype=float)
    sentinel = numbers <= MISSING_THRESHOLD
    for pos in np.flatnonzero(sentinel.to_numpy()):
        reasons.iat[pos] = SENTINEL_REASONS.get(float(numbers.iat[pos]), "unknown")
    numbers = numbers.mask(sentinel)
    empty = numbers.isna() & reasons.isna()
    reasons[empty] = "empty"
    return numbers, reasons, example


def looks_numeric(values: pd.Series, min_share: float = 0.8) -> bool:
    """True when most non-empty cells are numbers or CBS missing codes (an indicator column)."""
    if pd.api.types.is_bool_dtype(values):
        return False
    if pd.api.types.is_numeric_dtype(values):
        return True
    non_empty = [
        str(v).strip() for v in values.dropna().tolist() if str(v).strip() not in ("", ".")
    ]
    if not non_empty:
        return False
    ok = sum(_to_number(v) is not None for v in non_empty)
    return ok / len(non_empty) >= min_share
