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
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijkkaart.catalogue import catalogue
from wijkkaart.io.codes import level_of, normalise_codes
from wijkkaart.io.columns import (
    YEAR_FIELDS,
    _refuse_ambiguous,
    find_code_column,
    find_column,
    is_structural,
)
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.missing import parse_numbers
from wijkkaart.io.numbers import column_formats
from wijkkaart.io.tables import TABLE_SUFFIXES, message_names, read_table_raw
from wijkkaart.messages import WijkkaartError, short_list, tr

COLUMNS = ["code", "year", "indicator", "value"]
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


def read_series(path: str | Path) -> Series:
    """Any series file wijkkaart knows: JSON ``tijdreeksen``, a long table or a wide table."""
    path = require_regular_file(path)
    if path.suffix.lower() == ".json":
        return read_series_json(path)
    if path.suffix.lower() not in TABLE_SUFFIXES:
        raise WijkkaartError("series_not_table", path=path)
    return series_from_table(read_table_raw(path), path)


def series_from_table(raw: pd.DataFrame, path: object = "-") -> Series:
    """A table with a year column, either long (indicator + value columns) or wide."""
    columns = [str(c) for c in raw.columns]
    year_col = find_column(columns, SERIES_YEAR_FIELDS)
    if year_col is None:
        raise WijkkaartError("series_no_year", path=path, columns=message_names(columns))
    code = find_code_column(raw)
    if code is None:
        raise WijkkaartError("no_code_column", path=path, columns=message_names(columns))
    codes = normalise_codes(raw[code.column], code.level or None)
    years = raw[year_col].map(_each_once(raw[year_col], parse_year))
    keep = codes.notna() & years.notna()
    dropped = int((~keep).sum())
    warnings = []
    if dropped:
        warnings.append(tr("series_rows_dropped", n=dropped))
    name_col = find_column(columns, NAME_FIELDS)
    names = {}
    if name_col is not None:
        names = {c: str(n) for c, n in zip(codes[keep], raw.loc[keep, name_col], strict=True)}
    ind_col = find_column(columns, INDICATOR_FIELDS)
    val_col = find_column(columns, VALUE_FIELDS)
    formats = column_formats(raw.loc[keep], raw.attrs.get("separator"))
    if ind_col is not None and val_col is not None:
        _refuse_ambiguous([val_col], formats)  # 1.625: thousands or a decimal? never guessed
        long = pd.DataFrame(
            {
                "code": codes[keep].to_numpy(),
                "year": years[keep].astype(int).to_numpy(),
                "indicator": raw.loc[keep, ind_col].astype(str).str.strip().to_numpy(),
                "value": parse_numbers(
                    raw.loc[keep, val_col], formats.get(val_col)
                ).numbers.to_numpy(float),
            }
        )
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
            parsed = parse_numbers(raw.loc[keep, col], formats.get(col))
            numbers = parsed.numbers.to_numpy(float)
            if np.isnan(numbers).all():
                continue
            parts.append(
                pd.DataFrame(
                    {
                        "code": codes[keep].to_numpy(),
                        "year": years[keep].astype(int).to_numpy(),
                        "indicator": col.strip(),
                        "value": numbers,
                    }
                )
            )
        if not parts:
            raise WijkkaartError("series_no_values", path=path, columns=message_names(columns))
        long = pd.concat(parts, ignore_index=True)
    return _finish(long, str(path), names=names, warnings=warnings)


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
    long = pd.DataFrame(rows, columns=COLUMNS)
    source = str(meta.get("bron") or path.name)
    series = _finish(long, source, names=names, wijk_of=wijk_of)
    series.labels.update({_canonical(k): v for k, v in labels.items()})
    series.units.update({_canonical(k): v for k, v in units.items()})
    series.higher_worse.update({_canonical(k): v for k, v in worse.items()})
    series.warnings.extend(unit_warnings(series))
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


def _each_once(values: pd.Series, parse: Any) -> dict[Any, Any]:
    """``parse`` of each distinct value, as a mapping: a national series repeats a handful of
    years and indicator names 725,000 times (parsing each row took 11 s, and held the GIL)."""
    return {value: parse(value) for value in pd.unique(values)}


def _finish(
    long: pd.DataFrame,
    source: str,
    names: dict[str, str] | None = None,
    wijk_of: dict[str, str] | None = None,
    warnings: list[str] | None = None,
) -> Series:
    if long.empty:
        raise WijkkaartError("series_no_values", path=source, columns="-")
    long = long.assign(indicator=long["indicator"].map(_each_once(long["indicator"], _canonical)))
    check_duplicates(long, source)
    long = long.sort_values(["indicator", "code", "year"], kind="stable").reset_index(drop=True)
    years = sorted(int(y) for y in long["year"].unique())
    series = Series(
        values=long[COLUMNS],
        source=source,
        names=dict(names or {}),
        wijk_of=dict(wijk_of or {}),
        sources={y: source for y in years},
        warnings=list(warnings or []),
    )
    series.warnings.extend(definition_warnings(series))
    return series


def check_duplicates(long: pd.DataFrame, source: object = "-") -> None:
    """Refuse a (code, year, indicator) that occurs more than once."""
    twice = long.duplicated(["code", "year", "indicator"], keep=False)
    if twice.any():
        first = long[twice].drop_duplicates(["code", "year", "indicator"])
        examples = [f"{r.code} {r.year} {r.indicator}" for r in first.itertuples()]
        raise WijkkaartError(
            "series_duplicates",
            path=source,
            n=len(first),
            examples=short_list(examples, 3),
        )


def unit_warnings(series: Series) -> list[str]:
    """An indicator said to be a percentage with values above 100 is not a percentage in those
    years (the Baarn education figures are counts of persons in 2023–2024)."""
    out = []
    for indicator in series.indicators:
        unit = series.unit(indicator)
        if not unit.startswith("%"):
            continue
        rows = series.values[series.values["indicator"] == indicator]
        bad = sorted({int(y) for y in rows.loc[rows["value"] > 100, "year"]})
        if bad:
            out.append(
                tr(
                    "series_not_percentage",
                    indicator=series.label(indicator),
                    years=", ".join(map(str, bad)),
                )
            )
    return out


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
