"""Figures over several years: long tables (code, year, indicator, value), wide tables with a
year column (``jaar``, StatLine ``Perioden`` such as ``2019JJ00``, ``jrstatcode``) and the
``tijdreeksen`` JSON of the Baarn dashboard. Everything becomes one :class:`Series`.

A (code, year, indicator) that occurs twice is refused: which of the two is right cannot be told.
Indicator names are matched to the catalogue where it knows them; others keep their own name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.codes import level_of, normalise_codes
from wijkkaart.io.columns import (
    YEAR_FIELDS,
    _refuse_ambiguous,
    find_code_column,
    find_column,
    is_structural,
)
from wijkkaart.io.fastcsv import read_table_fast
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.missing import parse_numbers
from wijkkaart.io.numbers import ColumnFormat, formats_of
from wijkkaart.io.tables import TABLE_SUFFIXES, message_names, read_table_raw
from wijkkaart.messages import WijkkaartError, short_list, tr

COLUMNS = ["code", "year", "indicator", "value"]
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}
INDICATOR_FIELDS = ("indicator", "variabele", "kenmerk", "onderwerp", "onderwerpen")
VALUE_FIELDS = ("waarde", "value", "waarden", "val")
SERIES_YEAR_FIELDS = (*YEAR_FIELDS, "jrstatcode", "jaarstatcode")
NAME_FIELDS = ("naam", "name", "wk_naam", "bu_naam", "buurtnaam", "wijknaam", "statnaam", "regio")
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)(?:\.0+)?(?:JJ00)?\s*$")
_JRSTAT = re.compile(r"^\s*((?:19|20)\d\d)(GM|WK|BU)", re.I)


def parse_year(value: object) -> int | None:
    """A year from ``2019``, ``2019.0``, ``"2019JJ00"`` (StatLine) or ``"2017BU02890000"``."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | np.integer):
        return int(value) if 1900 <= int(value) <= 2099 else None
    if isinstance(value, float | np.floating):
        if not np.isfinite(value) or not float(value).is_integer():
            return None
        return parse_year(int(value))
    text = str(value)
    match = _YEAR.match(text) or _JRSTAT.match(text)
    return int(match.group(1)) if match else None


@dataclass
class Series:
    """Values per (code, year, indicator); codes of any level, years as integers."""

    values: pd.DataFrame  # COLUMNS
    source: str = ""
    names: dict[str, str] = field(default_factory=dict)
    wijk_of: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    higher_worse: dict[str, bool] = field(default_factory=dict)
    sources: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # figures converted from an older division: the footnote, and per reference code how
    conversions: list[str] = field(default_factory=list)
    derivations: dict[str, str] = field(default_factory=dict)
    # Look-ups computed once: ``values`` is never changed after the series is made.
    _cache: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)

    def _cached(self, key: object, make: Callable[[], Any]) -> Any:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    @property
    def years(self) -> list[int]:
        return list(
            self._cached("years", lambda: sorted(int(y) for y in self.values["year"].unique()))
        )

    @property
    def indicators(self) -> list[str]:
        return list(
            self._cached("indicators", lambda: [str(i) for i in self.values["indicator"].unique()])
        )

    def codes(self, level: str | None = None) -> list[str]:
        def make() -> list[str]:
            codes = [str(c) for c in self.values["code"].unique()]
            return [c for c in codes if level is None or level_of(c) == level]

        return list(self._cached(("codes", level), make))

    def has_code(self, code: str) -> bool:
        return code in self._cached("code_set", lambda: set(self.codes()))

    def table(self, indicator: str) -> pd.DataFrame:
        """code × year for one indicator (NaN where not published)."""
        indicator = self.resolve(indicator)
        if indicator not in self.indicators:
            raise WijkkaartError(
                "series_unknown_indicator",
                indicator=indicator,
                known=short_list(self.indicators, 12),
            )

        def make() -> pd.DataFrame:
            rows = self.values[self.values["indicator"] == indicator]
            return rows.pivot(index="code", columns="year", values="value").sort_index(axis=1)

        table: pd.DataFrame = self._cached(("table", indicator), make)
        return table

    def resolve(self, indicator: str) -> str:
        """The series' own id for a catalogue id or a source name (``lbm``)."""
        if indicator in self.indicators:
            return indicator
        return _canonical(indicator)

    def year_frame(self, year: int) -> pd.DataFrame:
        """code × indicator for one year."""
        rows = self.values[self.values["year"] == year]
        return rows.pivot(index="code", columns="indicator", values="value")

    def label(self, indicator: str) -> str:
        ind = catalogue().get(indicator)
        return self.labels.get(indicator) or (ind.label if ind else indicator)

    def unit(self, indicator: str) -> str:
        ind = catalogue().get(indicator)
        return self.units.get(indicator) or (ind.unit if ind else "")


def read_series(path: str | Path, feedback: Feedback | None = None) -> Series:
    """Any series file wijkkaart knows: JSON ``tijdreeksen``, a long table or a wide table.
    ``feedback``: reading the file is the first half of the bar, making the series the second
    (a national series: 725,000 rows); a cancel between them."""
    feedback = ensure(feedback)
    path = require_regular_file(path)
    feedback.check()
    if path.suffix.lower() == ".json":
        series = read_series_json(path)
        feedback.progress(1.0)
        return series
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise WijkkaartError("series_not_table", path=path)
    raw = read_table_fast(path) if path.suffix.lower() in TEXT_SUFFIXES else None
    table = read_table_raw(path) if raw is None else raw
    feedback.progress(0.5)
    series = series_from_table(table, path)
    feedback.progress(1.0)
    return series


def series_from_table(raw: pd.DataFrame, path: object = "-") -> Series:
    """A table with a year column, either long (indicator + value columns) or wide.

    Every rule (codes, years, number formats, CBS missing codes) is applied once per
    *distinct* cell and spread over the rows with numpy: a national series repeats 14,500
    codes, 10 years, a few indicator names and a few thousand values 725,000 times, and
    per-row Python took seconds with the GIL held in long steps.
    """
    columns = [str(c) for c in raw.columns]
    year_col = find_column(columns, SERIES_YEAR_FIELDS)
    if year_col is None:
        raise WijkkaartError("series_no_year", path=path, columns=message_names(columns))
    code = find_code_column(raw)
    if code is None:
        raise WijkkaartError("no_code_column", path=path, columns=message_names(columns))
    distinct = _Distinct(raw)
    code_of, unique_codes = distinct.codes(code.column, code.level or None)
    years = distinct.mapped(year_col, lambda cells: [_year_or_nan(v) for v in cells])
    keep = (code_of >= 0) & ~np.isnan(years)
    rows = np.flatnonzero(keep)
    dropped = len(keep) - len(rows)
    warnings = []
    if dropped:
        warnings.append(tr("series_rows_dropped", n=dropped))
    name_col = find_column(columns, NAME_FIELDS)
    names = {}
    if name_col is not None:
        names = _last_names(code_of[rows], unique_codes, raw, name_col, rows)
    ind_col = find_column(columns, INDICATOR_FIELDS)
    val_col = find_column(columns, VALUE_FIELDS)
    formats = formats_of({c: distinct.kept(c, keep) for c in columns}, raw.attrs.get("separator"))
    year_of = years[rows].astype(np.int64)
    if ind_col is not None and val_col is not None:
        _refuse_ambiguous([val_col], formats)  # 1.625: thousands or a decimal? never guessed
        ind_of, indicators = distinct.indices(ind_col, _indicator_names)
        values = distinct.mapped(val_col, partial(_numbers, fmt=formats.get(val_col)))
        long = _Long(code_of[rows], unique_codes, year_of, ind_of[rows], indicators, values[rows])
    else:
        skip = {code.column, year_col, *(c for c in (name_col,) if c)}
        measured = [
            c
            for c in columns
            if c not in skip and not is_structural(c) and c.strip() and not _is_row_number(raw[c])
        ]
        _refuse_ambiguous(measured, formats)
        parts = []
        for col in measured:
            numbers = distinct.mapped(col, partial(_numbers, fmt=formats.get(col)))[rows]
            if np.isnan(numbers).all():
                continue
            parts.append((col.strip(), numbers))
        if not parts:
            raise WijkkaartError("series_no_values", path=path, columns=message_names(columns))
        n = len(rows)
        long = _Long(
            np.tile(code_of[rows], len(parts)),
            unique_codes,
            np.tile(year_of, len(parts)),
            np.repeat(np.arange(len(parts)), n),
            [name for name, _ in parts],
            np.concatenate([numbers for _, numbers in parts]),
        )
    return _finish(long, str(path), names=names, warnings=warnings)


def _indicator_names(cells: pd.Series) -> pd.Series:
    """Indicator cells as names; an empty cell is the name '' (as in a CSV), never a crash."""
    return cells.astype(str).str.strip().fillna("")


def _year_or_nan(value: object) -> float:
    year = parse_year(value)
    return np.nan if year is None else float(year)


def _numbers(cells: pd.Series, fmt: ColumnFormat | None) -> np.ndarray:
    return parse_numbers(cells, fmt).numbers.to_numpy(float)


class _Distinct:
    """The distinct cells of a table's columns, each with the row's index into them.

    A missing cell (NaN, None) is a distinct value of its own, the last one.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._seen: dict[str, tuple[np.ndarray, pd.Series]] = {}

    def of(self, column: str) -> tuple[np.ndarray, pd.Series]:
        if column not in self._seen:
            inverse, uniques = _factorize(self.frame[column])
            index = np.asarray(inverse, dtype=np.intp)
            cells = pd.Series(uniques)
            if (index < 0).any():
                index = np.where(index < 0, len(cells), index)
                cells = cells.reindex(range(len(cells) + 1))
            self._seen[column] = (index, cells.reset_index(drop=True))
        return self._seen[column]

    def mapped(self, column: str, rule: Callable[[pd.Series], Any]) -> np.ndarray:
        """``rule`` of the distinct cells (a list as long as they are), for every row."""
        index, cells = self.of(column)
        return np.asarray(rule(cells), dtype=float)[index]

    def indices(
        self, column: str, rule: Callable[[pd.Series], pd.Series]
    ) -> tuple[np.ndarray, list[str]]:
        """Per row an index into the distinct results of ``rule`` (text), and those results."""
        index, cells = self.of(column)
        inverse, results = pd.factorize(rule(cells))
        return np.asarray(inverse, dtype=np.intp)[index], [str(r) for r in results]

    def codes(self, column: str, level: str | None) -> tuple[np.ndarray, list[str]]:
        """Per row an index into the distinct CBS codes (-1: no code), and those codes."""
        index, cells = self.of(column)
        inverse, codes = pd.factorize(normalise_codes(cells, level), use_na_sentinel=True)
        return np.asarray(inverse, dtype=np.intp)[index], [str(c) for c in codes]

    def kept(self, column: str, keep: np.ndarray) -> pd.Series:
        """The distinct cells of the rows kept (the evidence for the column's number format)."""
        index, cells = self.of(column)
        return cells[np.bincount(index[keep], minlength=len(cells)) > 0]


_STEP = 50_000


def _factorize(values: pd.Series) -> tuple[np.ndarray, Any]:
    """``pd.factorize`` (missing cells -1), of a long column of Python objects a slice at a
    time: the careful reader's 725,000 text cells in one call held the GIL 60-90 ms."""
    if values.dtype != object or len(values) <= _STEP:
        return pd.factorize(values, use_na_sentinel=True)
    found: dict[object, int] = {}
    index = np.empty(len(values), dtype=np.intp)
    for start in range(0, len(values), _STEP):
        part, uniques = pd.factorize(values.iloc[start : start + _STEP], use_na_sentinel=True)
        to_all = np.array([found.setdefault(u, len(found)) for u in uniques] + [-1], dtype=np.intp)
        index[start : start + _STEP] = to_all[part]
    return index, pd.Index(list(found), dtype=object)


def _last_names(
    code_of: np.ndarray, codes: list[str], frame: pd.DataFrame, column: str, rows: np.ndarray
) -> dict[str, str]:
    """Each code's name in its last row (in the order the codes first appear), as before."""
    last = np.full(len(codes), -1, dtype=np.intp)
    first = np.full(len(codes), len(rows), dtype=np.intp)
    at = np.arange(len(rows))
    np.maximum.at(last, code_of, at)
    np.minimum.at(first, code_of, at)
    found = np.flatnonzero(last >= 0)
    found = found[np.argsort(first[found], kind="stable")]
    cells = frame[column].take(rows[last[found]]).tolist()
    return {codes[c]: str(cell) for c, cell in zip(found, cells, strict=True)}


def _is_row_number(values: pd.Series) -> bool:
    """A leading unnamed column of 1, 2, 3 … (pandas' index written along): not an indicator."""
    name = str(values.name).strip()
    return name == "" or name.lower().startswith("unnamed") or name.isdigit()


def read_series_json(path: str | Path) -> Series:
    """The Baarn dashboard's JSON: ``gemeente`` and ``buurten`` with ``tijdreeksen``."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WijkkaartError("series_bad_json", path=path, detail=str(exc)[:200]) from None
    if not isinstance(data, dict) or "buurten" not in data or not isinstance(data["buurten"], dict):
        raise WijkkaartError("series_bad_json", path=path, detail="buurten?")
    rows: list[tuple[str, int, str, float]] = []
    names: dict[str, str] = {}
    wijk_of: dict[str, str] = {}

    def take(code: str, series: object) -> None:
        if not isinstance(series, dict):
            return
        for indicator, per_year in series.items():
            if not isinstance(per_year, dict):
                continue
            for year, value in per_year.items():
                parsed = parse_year(year)
                if parsed is None:
                    continue
                number = float(value) if isinstance(value, int | float) else np.nan
                rows.append((code, parsed, str(indicator), number))

    gemeente = data.get("gemeente")
    if isinstance(gemeente, dict) and gemeente.get("code"):
        names[str(gemeente["code"])] = str(gemeente.get("naam", ""))
        take(str(gemeente["code"]), gemeente.get("tijdreeksen"))
    for code, entry in data["buurten"].items():
        if not isinstance(entry, dict):
            continue
        names[str(code)] = str(entry.get("naam", code))
        if entry.get("wijkcode"):
            wijk_of[str(code)] = str(entry["wijkcode"])
        take(str(code), entry.get("tijdreeksen"))
    meta = data.get("metadata", {}) if isinstance(data.get("metadata"), dict) else {}
    labels, units, worse = {}, {}, {}
    for key, info in (meta.get("indicatoren") or {}).items():
        if isinstance(info, dict):
            labels[key] = str(info.get("label", key))
            units[key] = str(info.get("eenheid", ""))
            if "hoog_is_slecht" in info:
                worse[key] = bool(info["hoog_is_slecht"])
    long, warnings = drop_non_percentages(pd.DataFrame(rows, columns=COLUMNS), units, labels)
    source = str(meta.get("bron") or path.name)
    series = _finish(long, source, names=names, wijk_of=wijk_of)
    series.labels.update({_canonical(k): v for k, v in labels.items()})
    series.units.update({_canonical(k): v for k, v in units.items()})
    series.higher_worse.update({_canonical(k): v for k, v in worse.items()})
    series.warnings.extend(warnings)
    return series


def definition_warnings(series: Series) -> list[str]:
    """Indicators whose definition changed within the series' years, as the catalogue knows."""
    out = []
    for indicator in series.indicators:
        ind = catalogue().get(indicator)
        rows = series.values[series.values["indicator"] == indicator].dropna(subset=["value"])
        if ind is None or rows.empty:
            continue
        for year, note in ind.changes_between(int(rows["year"].min()), int(rows["year"].max())):
            out.append(tr("series_definition_changed", indicator=ind.label, year=year, note=note))
    return out


def _canonical(name: str) -> str:
    """The catalogue id of a column name, a StatLine title with its unit too ("… (Aantal)")."""
    from wijkkaart.io.columns import without_unit

    cat = catalogue()
    hit = cat.match_column(name) or cat.match_column(without_unit(name))
    return hit[0] if hit else name


@dataclass
class _Long:
    """A long table as per-row indices into its distinct codes and indicators."""

    code: np.ndarray
    codes: list[str]
    year: np.ndarray  # int64
    indicator: np.ndarray
    indicators: list[str]
    value: np.ndarray  # float

    @classmethod
    def of(cls, long: pd.DataFrame) -> _Long:
        code, codes = pd.factorize(long["code"])
        indicator, indicators = pd.factorize(long["indicator"])
        return cls(
            np.asarray(code, dtype=np.intp),
            [str(c) for c in codes],
            long["year"].to_numpy(np.int64),
            np.asarray(indicator, dtype=np.intp),
            [str(i) for i in indicators],
            long["value"].to_numpy(float),
        )


_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)


def _text(distinct: list[str], index: np.ndarray) -> pd.arrays.ArrowStringArray:
    """``distinct[index]`` as pandas' pyarrow strings, without a Python string per row."""
    taken = pa.array(distinct, type=pa.string()).take(pa.array(index))
    return pd.arrays.ArrowStringArray(pa.chunked_array([taken]), dtype=_TEXT)


def _ranks(names: list[str]) -> np.ndarray:
    """Each name's place in sorted order."""
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[sorted(range(len(names)), key=names.__getitem__)] = np.arange(len(names))
    return ranks


def _finish(
    long: pd.DataFrame | _Long,
    source: str,
    names: dict[str, str] | None = None,
    wijk_of: dict[str, str] | None = None,
    warnings: list[str] | None = None,
) -> Series:
    """Indicators under their catalogue names, duplicates refused, rows sorted by
    (indicator, code, year): with one integer key per row, sorted by numpy."""
    if isinstance(long, pd.DataFrame):
        if long.empty:
            raise WijkkaartError("series_no_values", path=source, columns="-")
        long = _Long.of(long)
    if len(long.value) == 0:
        raise WijkkaartError("series_no_values", path=source, columns="-")
    canonical, indicators_index = pd.factorize(pd.Series([_canonical(i) for i in long.indicators]))
    indicators = [str(i) for i in indicators_index]
    indicator = np.asarray(canonical, dtype=np.intp)[long.indicator]
    years = long.year
    low = int(years.min())
    span = int(years.max()) - low + 1
    code_rank = _ranks(long.codes)[long.code]
    key = (_ranks(indicators)[indicator] * len(long.codes) + code_rank) * span + (years - low)
    order = np.argsort(key, kind="stable")
    _refuse_duplicates(key, order, long, indicators, indicator, source)
    values = pd.DataFrame(
        {
            "code": _text(long.codes, long.code[order]),
            "year": years[order],
            "indicator": _text(indicators, indicator[order]),
            "value": long.value[order],
        }
    )
    series = Series(
        values=values,
        source=source,
        names=dict(names or {}),
        wijk_of=dict(wijk_of or {}),
        sources={int(y): source for y in np.unique(years)},
        warnings=list(warnings or []),
    )
    series.warnings.extend(definition_warnings(series))
    return series


def _refuse_duplicates(
    key: np.ndarray,
    order: np.ndarray,
    long: _Long,
    indicators: list[str],
    indicator: np.ndarray,
    source: object,
) -> None:
    """Refuse a (code, year, indicator) that occurs more than once; examples in row order."""
    ordered = key[order]
    twice = ordered[1:] == ordered[:-1]
    if not twice.any():
        return
    repeated = np.unique(ordered[1:][twice])
    rows = np.flatnonzero(np.isin(key, repeated))
    _, first = np.unique(key[rows], return_index=True)
    examples = [
        f"{long.codes[long.code[r]]} {int(long.year[r])} {indicators[indicator[r]]}"
        for r in np.sort(rows[first])
    ]
    raise WijkkaartError(
        "series_duplicates", path=source, n=len(repeated), examples=short_list(examples, 3)
    )


def drop_non_percentages(
    long: pd.DataFrame, units: dict[str, str], labels: dict[str, str]
) -> tuple[pd.DataFrame, list[str]]:
    """Leave out the years in which an indicator said to be a percentage holds values above 100:
    there it is a count (the Baarn education figures are counts of persons in 2023–2024), and
    a small buurt's count below 100 would otherwise pass for a percentage. Said, never silent."""
    warnings = []
    drop = np.zeros(len(long), dtype=bool)
    for indicator, unit in units.items():
        if not unit.startswith("%"):
            continue
        rows = (long["indicator"] == indicator).to_numpy()
        bad = sorted({int(y) for y in long.loc[rows & (long["value"] > 100).to_numpy(), "year"]})
        if bad:
            drop |= rows & long["year"].isin(bad).to_numpy()
            if not long.loc[rows & ~drop, "value"].notna().any():  # nothing left to show
                drop |= rows
            label = labels.get(indicator, indicator)
            warnings.append(
                tr("series_not_percentage", indicator=label, years=", ".join(map(str, bad)))
            )
    return long.loc[~drop].reset_index(drop=True), warnings


def combine(parts: list[Series]) -> Series:
    """Several series as one; a year of an indicator that two sources both give is refused."""
    if len(parts) == 1:
        return parts[0]
    seen: dict[tuple[int, str], str] = {}
    for part in parts:
        for year, indicator in (
            part.values[["year", "indicator"]].drop_duplicates().itertuples(index=False)
        ):
            key = (int(year), str(indicator))
            if key in seen and seen[key] != part.source:
                raise WijkkaartError(
                    "series_year_twice",
                    year=year,
                    indicator=indicator,
                    first=seen[key],
                    second=part.source,
                )
            seen[key] = part.source
    long = pd.concat([p.values for p in parts], ignore_index=True)
    result = _finish(long, " + ".join(p.source for p in parts))
    for part in parts:
        result.names.update(part.names)
        result.wijk_of.update(part.wijk_of)
        result.labels.update(part.labels)
        result.units.update(part.units)
        result.higher_worse.update(part.higher_worse)
        result.warnings.extend(part.warnings)
        result.conversions.extend(part.conversions)
        result.derivations.update(part.derivations)
        for year in part.years:
            result.sources[year] = part.source
    return result
