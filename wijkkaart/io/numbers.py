"""Read numbers as people write them: Dutch or English notation, decided per column.

``1.855`` is one thousand eight hundred and fifty-five in a table from Dutch Excel, and one point
eight five five in an English one. A single cell cannot tell; a column can, from all its values,
and a file can, from its other columns. Where neither can, the column is *ambiguous* and we do
not guess. Non-finite and absurdly large values (``inf``, ``nan``, ``1e309``) are never numbers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd

NL, EN = ",", "."  # the decimal mark of each convention
MAX_MAGNITUDE = 1e15  # beyond this no neighbourhood figure is real (and floats lose integers)
_MAX_CELL = 64

# Cell kinds: which readings a cell allows.
INT, NL_ONLY, EN_ONLY, AMB_DOT, AMB_COMMA = "int", "nl", "en", "amb_dot", "amb_comma"
EMPTY, UNKNOWN, SECRET, NON_FINITE, TEXT = "empty", "unknown", "secret", "non_finite", "text"

_SPACES = "\u00a0\u202f\u2009 "
_MINUS = str.maketrans({"\u2212": "-", "\u2012": "-", "\u2013": "-", "\ufe63": "-", "\uff0d": "-"})
_EMPTY_WORDS = {"", "na", "n/a", "none", "null", "#n/b", "#n/a"}
_NON_FINITE = re.compile(r"^[+-]?(inf|infinity|nan|1\.#inf|1\.#ind|1\.#qnan)$", re.I)
_SPACE_GROUPS = re.compile(
    r"^[+-]?[1-9][0-9]{0,2}(?:[ \u00a0\u202f\u2009][0-9]{3})+(?:[.,][0-9]+)?$"
)
_EXP = re.compile(r"^(?P<m>[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+))[eE](?P<e>[+-]?[0-9]{1,60})$")
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^[+-]?[0-9]+$"), INT),
    (re.compile(r"^[+-]?[1-9][0-9]{0,2}\.[0-9]{3}$"), AMB_DOT),
    (re.compile(r"^[+-]?[1-9][0-9]{0,2},[0-9]{3}$"), AMB_COMMA),
    (re.compile(r"^[+-]?[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?$"), NL_ONLY),
    (re.compile(r"^[+-]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?$"), EN_ONLY),
    (re.compile(r"^[+-]?[0-9]*,[0-9]+$"), NL_ONLY),
    (re.compile(r"^[+-]?[0-9]*\.[0-9]+$"), EN_ONLY),
)


def normalise_text(raw: object) -> str:
    """Cell text without padding, with the Unicode minus signs as '-'."""
    return str(raw).strip(_SPACES + "\t\r\n").translate(_MINUS)


def classify(text: str) -> str:
    """The kind of one (normalised) cell; see the constants above."""
    lowered = text.lower()
    if lowered in _EMPTY_WORDS:
        return EMPTY
    if text == ".":
        return UNKNOWN
    if lowered == "x":
        return SECRET  # StatLine "CSV met statistische symbolen": x = geheim
    if len(text) > _MAX_CELL:
        return TEXT
    if _NON_FINITE.match(text):
        return NON_FINITE
    if _SPACE_GROUPS.match(text):
        text = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    for pattern, kind in _PATTERNS:
        if pattern.match(text):
            return kind
    match = _EXP.match(text)
    if match:
        mantissa = match.group("m")
        if "," in mantissa:
            return NL_ONLY
        return EN_ONLY if "." in mantissa else INT
    return TEXT


def _decimal_for(kind: str, decimal: str | None) -> str | None:
    """The decimal mark to read a cell of ``kind`` with, or None when it cannot be told."""
    if kind == NL_ONLY:
        return NL
    if kind == EN_ONLY:
        return EN
    if kind == INT:
        return EN
    return decimal  # AMB_DOT / AMB_COMMA need the column's convention


def parse_cell(raw: object, decimal: str | None = None) -> tuple[float | None, str]:
    """(value, kind) of one cell; value is a finite float or None.

    ``decimal`` is the column's decimal mark ("," or "."), needed only for cells such as
    ``1.855`` that read two ways; without it such a cell gives (None, AMB_DOT/AMB_COMMA).
    """
    text = normalise_text(raw)
    kind = classify(text)
    if kind in (EMPTY, UNKNOWN, SECRET, NON_FINITE, TEXT):
        return None, kind
    mark = _decimal_for(kind, decimal)
    if mark is None:
        return None, kind
    text = re.sub(r"[ \u00a0\u202f\u2009]", "", text)
    grouping = "." if mark == NL else ","
    text = text.replace(grouping, "").replace(mark, ".")
    try:
        value = float(text)
    except ValueError:  # pragma: no cover - the patterns only let floats through
        return None, TEXT
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return None, NON_FINITE
    if value == 0.0 and re.search(r"[1-9]", text.split("e")[0].split("E")[0]):
        return None, NON_FINITE  # 1e-999: underflows to zero, not the value written
    return value, kind


@dataclass(frozen=True)
class ColumnFormat:
    """How a column's numbers are written.

    ``decimal`` is "," (Dutch: 1.855,5) or "." (English: 1,855.5), or None when no cell needs it.
    ``ambiguous`` is None, or the message key that explains why the column cannot be read.
    """

    decimal: str | None = None
    ambiguous: str | None = None
    grouped: bool = False  # some cell was read with thousands separators

    @property
    def readable(self) -> bool:
        return self.ambiguous is None


@dataclass(frozen=True)
class _Evidence:
    nl: int
    en: int
    amb_dot: int
    amb_comma: int
    numeric_share: float


def _evidence(values: Iterable[object]) -> _Evidence:
    counts = {INT: 0, NL_ONLY: 0, EN_ONLY: 0, AMB_DOT: 0, AMB_COMMA: 0, TEXT: 0, NON_FINITE: 0}
    for raw in set(values):
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
            continue
        kind = classify(normalise_text(raw))
        if kind in counts:
            counts[kind] += 1
    numeric = sum(counts[k] for k in (INT, NL_ONLY, EN_ONLY, AMB_DOT, AMB_COMMA, NON_FINITE))
    total = numeric + counts[TEXT]
    return _Evidence(
        counts[NL_ONLY],
        counts[EN_ONLY],
        counts[AMB_DOT],
        counts[AMB_COMMA],
        numeric / total if total else 0.0,
    )


def _file_convention(evidence: Mapping[str, _Evidence], skip: str | None) -> str | None:
    """The decimal mark the other numeric columns agree on, or None."""
    nl = en = 0
    for column, ev in evidence.items():
        if column == skip or ev.numeric_share < 0.8:
            continue
        if ev.nl and not ev.en:
            nl += 1
        elif ev.en and not ev.nl:
            en += 1
    if nl and not en:
        return NL
    if en and not nl:
        return EN
    return None


def decide(ev: _Evidence, file_mark: str | None, separator: str | None) -> ColumnFormat:
    """The format of one column from its own evidence and that of the rest of the file."""
    own = NL if ev.nl and not ev.en else EN if ev.en and not ev.nl else None
    if not (ev.amb_dot or ev.amb_comma):
        return ColumnFormat(decimal=own, grouped=False)
    if ev.nl and ev.en:
        return ColumnFormat(ambiguous="numbers_conflict")
    key = "numbers_ambiguous_dot" if ev.amb_dot else "numbers_ambiguous_comma"
    if own is None:
        if file_mark is None:
            return ColumnFormat(ambiguous=key)
        own = file_mark
    elif file_mark is not None and file_mark != own:
        return ColumnFormat(ambiguous="numbers_conflict")
    elif file_mark is None and own == EN and separator in (";", "\t", "|"):
        # ``2.5`` beside ``1.855`` in a ;-file (as Dutch Excel writes) that shows no decimals
        # elsewhere: a messy count column or a column of decimals; that cannot be told.
        return ColumnFormat(ambiguous="numbers_conflict")
    grouped = (own == NL and ev.amb_dot > 0) or (own == EN and ev.amb_comma > 0)
    return ColumnFormat(decimal=own, grouped=grouped)


def column_formats(
    frame: pd.DataFrame,
    separator: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> dict[str, ColumnFormat]:
    """The number format of every text column of ``frame``.

    ``separator`` is the file's field separator ("," ";" tab "|", or "xlsx" for typed Excel
    numbers); ``overrides`` maps a column to "," or "." where the user has said how to read it.
    """
    return formats_of({str(c): frame[c] for c in frame.columns}, separator, overrides)


def formats_of(
    columns: Mapping[str, pd.Series],
    separator: str | None = None,
    overrides: Mapping[str, str] | None = None,
) -> dict[str, ColumnFormat]:
    """:func:`column_formats` of columns given one by one, each as its cells or just its
    *distinct* cells (the evidence counts each distinct cell once, so both give the same)."""
    overrides = dict(overrides or {})
    evidence = {
        c: _evidence(values.tolist())
        for c, values in columns.items()
        if not pd.api.types.is_numeric_dtype(values)
    }
    if separator == "xlsx":
        typed = ColumnFormat(decimal=EN)
        result = {c: typed for c in evidence}
    else:
        result = {
            c: decide(ev, _file_convention(evidence, c), separator) for c, ev in evidence.items()
        }
    for column, mark in overrides.items():
        if mark not in (NL, EN):
            raise ValueError(f"decimal mark must be ',' or '.', not {mark!r}")
        ev = evidence.get(column)
        grouped = bool(ev and ((mark == NL and ev.amb_dot) or (mark == EN and ev.amb_comma)))
        result[column] = ColumnFormat(decimal=mark, grouped=grouped)
    return result


def ambiguous_columns(formats: Mapping[str, ColumnFormat]) -> dict[str, str]:
    """Column -> message key, for the columns that cannot be read without the user's word."""
    return {c: f.ambiguous for c, f in formats.items() if f.ambiguous}
