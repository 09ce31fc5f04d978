"""CBS missing-value codes, and turning a column of cells into numbers with a reason per gap.

CBS writes missing values as numbers (``-99999999`` up to 2021; ``-99997``, ``-99995`` and
``-99991`` from 2022) or as ``.`` in its CSV/Excel tables. Any *integer* from -99999999 to -99990
is such a code; any other number (-99995.5, -150000) is a figure, as :func:`code_reason`
says. We turn the codes into NaN and keep *why* it is missing, so the app can say "geheim"
rather than show a number. A non-finite or absurd value (``-inf``, ``1e309``, ``-1e20``) is not a
code but "not a number", and is counted so the reader can warn about it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkkaart.io.numbers import (
    AMB_COMMA,
    AMB_DOT,
    EMPTY,
    EN_ONLY,
    INT,
    MAX_MAGNITUDE,
    NL_ONLY,
    NON_FINITE,
    SECRET,
    TEXT,
    UNKNOWN,
    ColumnFormat,
    classify,
    column_formats,
    normalise_text,
    parse_cell,
)
from wijkkaart.messages import WijkkaartError

SENTINEL_REASONS = {
    -99997.0: "secret",
    -99995.0: "later",
    -99991.0: "discontinued",
    -99999999.0: "unknown",
}
MISSING_THRESHOLD = -99990.0
LOWEST_CODE = -99999999.0
_NUMERIC_KINDS = {INT, NL_ONLY, EN_ONLY, AMB_DOT, AMB_COMMA, NON_FINITE}


def code_reason(value: float) -> str | None:
    """The missing reason of a CBS code (an integer from -99999999 to -99990), else None."""
    if LOWEST_CODE <= value <= MISSING_THRESHOLD and float(value).is_integer():
        return SENTINEL_REASONS.get(float(value), "unknown")
    return None


@dataclass
class ParsedNumbers:
    """A column as floats (NaN where missing) with a reason key per missing cell."""

    numbers: pd.Series
    reasons: pd.Series
    example: str | None = None  # the first text cell, for a warning
    non_finite: int = 0  # cells such as inf, nan, 1e309 or -1e20, marked "not_numeric"
    grouped: bool = False  # thousands separators were read (1.855 = 1855)


def _plain_number(raw: object) -> bool:
    return isinstance(raw, (int, float, np.number)) and not isinstance(raw, (bool, np.bool_))


def parse_numbers(values: pd.Series, fmt: ColumnFormat | None = None) -> ParsedNumbers:
    """Numbers and missing reasons of one column; the input is not changed.

    Reasons: ``secret``, ``later``, ``discontinued``, ``unknown``, ``empty``, ``not_numeric``.
    ``fmt`` says how the column writes its numbers (see :func:`column_formats`); without it the
    column decides alone, and an ambiguous column raises a :class:`WijkkaartError`.
    """
    reasons: list[str | None] = [None] * len(values)
    example: str | None = None
    non_finite = 0
    if pd.api.types.is_bool_dtype(values) or pd.api.types.is_numeric_dtype(values):
        floats = values.astype(float).to_numpy(copy=True)
        parsed = floats.tolist()
        for i, number in enumerate(parsed):
            if math.isinf(number):
                parsed[i], reasons[i] = math.nan, "not_numeric"
                non_finite += 1
    else:
        if fmt is None:
            name = str(values.name) if values.name is not None else "?"
            fmt = column_formats(values.to_frame(name=name))[name]
            if fmt.ambiguous:
                raise WijkkaartError(fmt.ambiguous, columns=name, column_names=[name])
        cache: dict[str, tuple[float | None, str]] = {}
        parsed = []
        for i, raw in enumerate(values.tolist()):
            if raw is None or (isinstance(raw, float) and math.isnan(raw)):
                parsed.append(math.nan)
                continue
            if _plain_number(raw):
                number = float(raw)
                if not math.isfinite(number):
                    parsed.append(math.nan)
                    reasons[i] = "not_numeric"
                    non_finite += 1
                else:
                    parsed.append(number)
                continue
            text = str(raw)
            if text not in cache:
                cache[text] = parse_cell(text, fmt.decimal)
            number, kind = cache[text]
            if number is not None:
                parsed.append(number)
                continue
            parsed.append(math.nan)
            if kind == UNKNOWN:
                reasons[i] = "unknown"
            elif kind == SECRET:
                reasons[i] = "secret"
            elif kind != EMPTY:
                reasons[i] = "not_numeric"
                if kind == NON_FINITE:
                    non_finite += 1
                elif kind == TEXT and example is None:
                    example = normalise_text(text)
    numbers = np.asarray(parsed, dtype=float)
    for i, number in enumerate(numbers):
        if math.isnan(number):
            if reasons[i] is None:
                reasons[i] = "empty"
            continue
        why = code_reason(number)
        if why is not None:
            reasons[i] = why
        elif abs(number) > MAX_MAGNITUDE:
            reasons[i] = "not_numeric"  # -1e20: not a CBS code and not a figure
            non_finite += 1
        else:
            continue
        numbers[i] = math.nan
    return ParsedNumbers(
        numbers=pd.Series(numbers, index=values.index, dtype=float),
        reasons=pd.Series(reasons, index=values.index, dtype=object),
        example=example,
        non_finite=non_finite,
        grouped=bool(fmt and fmt.grouped),
    )


def clean_numeric(
    values: pd.Series, decimal: str | None = None
) -> tuple[pd.Series, pd.Series, str | None]:
    """(numbers, reasons, first non-numeric example); see :func:`parse_numbers`.

    ``decimal`` ("," or ".") fixes the column's decimal mark; without it the column decides.
    """
    fmt = ColumnFormat(decimal=decimal) if decimal else None
    parsed = parse_numbers(values, fmt)
    return parsed.numbers, parsed.reasons, parsed.example


def looks_numeric(values: pd.Series, min_share: float = 0.8) -> bool:
    """True when most non-empty cells are numbers or CBS missing codes (an indicator column)."""
    if pd.api.types.is_bool_dtype(values):
        return False
    if pd.api.types.is_numeric_dtype(values):
        return True
    kinds = []
    for raw in values.dropna().tolist():
        if _plain_number(raw):
            kinds.append(INT)
            continue
        kind = classify(normalise_text(raw))
        if kind not in (EMPTY, UNKNOWN, SECRET):
            kinds.append(kind)
    if not kinds:
        return False
    ok = sum(kind in _NUMERIC_KINDS for kind in kinds)
    return ok / len(kinds) >= min_share
