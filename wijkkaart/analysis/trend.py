"""Trends: an indicator per year for an area beside the gemeente, the G4 and the Netherlands.

An area is one or more codes of a :class:`~wijkkaart.io.series.Series` (a buurt, a wijk, a focus
area's buurten). Several buurten are combined the way the catalogue says: counts are summed,
rates weighted by their weight (the number of inhabitants as a stated stand-in when the weight is
not in the data). Pooled class breaks keep one colour meaning the same in every year; a change map
uses a diverging scale centred on 0. The wording describes; it never claims a cause.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkkaart.catalogue import catalogue
from wijkkaart.io.series import Series
from wijkkaart.messages import WijkkaartError, short_list, tr

G4 = ("GM0363", "GM0599", "GM0518", "GM0344")  # Amsterdam, Rotterdam, Den Haag, Utrecht
NATIONAL = ("NL00", "NL01")
COUNT_UNITS = ("personen", "aantal", "huishoudens", "woningen", "inwoners")
TURNOVER_CHANGE = 0.10  # inhabitants changing by a tenth or more: a changing population
POPULATION = "aantal_inwoners"
DERIVATIONS_SHOWN = 10  # per-buurt derivation notes in a trend (the matrix holds them all)


@dataclass
class Line:
    """One line of a trend chart: a value per year (NaN where there is none)."""

    label: str
    values: dict[int, float]

    def known(self) -> dict[int, float]:
        return {y: v for y, v in self.values.items() if v == v}

    def first_last(self) -> tuple[int, float, int, float] | None:
        known = self.known()
        if len(known) < 2:
            return None
        years = sorted(known)
        return years[0], known[years[0]], years[-1], known[years[-1]]


@dataclass
class Trend:
    indicator: str
    label: str
    unit: str
    years: list[int]
    area: Line
    gemeente: Line | None = None
    g4: Line | None = None
    national: Line | None = None
    higher_worse: bool | None = None
    notes: list[str] = field(default_factory=list)
    count: bool = False  # a count (summed over buurten): compared as an index, not in absolutes

    def lines(self) -> list[Line]:
        return [x for x in (self.area, self.gemeente, self.g4, self.national) if x is not None]

    def index_year(self) -> int | None:
        """The first year in which the area and every comparison line have a value (else the
        area's first year): 100 in the index of a count."""
        lines = [line for line in self.lines() if line.known()]
        for year in self.years:
            firsts = [line.values.get(year, np.nan) for line in lines]
            if all(v == v and v != 0 for v in firsts):
                return year
        known = sorted(self.area.known())
        return known[0] if known else None

    def indexed(self) -> Trend:
        """This trend as an index (the index year = 100) for every line. A count's area and its
        gemeente differ by orders of magnitude (3,650 against 25,065 inhabitants): on one axis the
        area's line is flat; as an index both show their growth, comparably."""
        base = self.index_year()

        def scaled(line: Line | None) -> Line | None:
            if line is None:
                return None
            start = line.values.get(base, np.nan) if base is not None else np.nan
            ok = start == start and start != 0
            values = {y: (v / start * 100 if ok else np.nan) for y, v in line.values.items()}
            return Line(line.label, values)

        area = scaled(self.area)
        assert area is not None
        return Trend(
            self.indicator,
            self.label,
            tr("trend_index_unit", year=base if base is not None else "-"),
            self.years,
            area,
            scaled(self.gemeente),
            scaled(self.g4),
            scaled(self.national),
            self.higher_worse,
            list(self.notes),
            count=False,
        )

    def index_value(self, value: float | None) -> float | None:
        """An area value (a goal's baseline or target) on the index scale of :meth:`indexed`."""
        base = self.index_year()
        start = self.area.values.get(base, np.nan) if base is not None else np.nan
        if value is None or start != start or start == 0:
            return None
        return value / start * 100

    def as_dict(self) -> dict[str, object]:
        def clean(line: Line | None) -> dict[str, object] | None:
            if line is None:
                return None
            return {
                "naam": line.label,
                "waarden": {str(y): (None if v != v else v) for y, v in line.values.items()},
            }

        return {
            "indicator": self.indicator,
            "label": self.label,
            "eenheid": self.unit,
            "jaren": self.years,
            "gebied": clean(self.area),
            "gemeente": clean(self.gemeente),
            "g4": clean(self.g4),
            "nederland": clean(self.national),
            "hoog_is_slecht": self.higher_worse,
            "soort": "aantal" if self.count else "gemiddelde",
            "index": self._index_dict() if self.count else None,
            "opmerkingen": self.notes,
        }

    def _index_dict(self) -> dict[str, object]:
        """A count's lines as an index (the index year = 100), as the chart shows them."""
        indexed = self.indexed()
        lines = {
            key: {str(y): (None if v != v else round(v, 2)) for y, v in line.values.items()}
            for key, line in (
                ("gebied", indexed.area),
                ("gemeente", indexed.gemeente),
                ("g4", indexed.g4),
                ("nederland", indexed.national),
            )
            if line is not None
        }
        return {"basisjaar": self.index_year(), **lines}


def higher_worse(series: Series, indicator: str) -> bool | None:
    """The catalogue's direction where it knows the indicator, else the source's own."""
    ind = catalogue().get(indicator)
    if ind is not None:
        return None if ind.direction == "neutral" else ind.direction == "higher_worse"
    return series.higher_worse.get(indicator)


def _method(series: Series, indicator: str) -> tuple[str, str | None]:
    """('sum' | 'mean', weight indicator or None) for combining several areas."""
    ind = catalogue().get(indicator)
    if ind is not None:
        if ind.aggregation == "sum":
            return "sum", None
        if ind.aggregation in ("weighted_mean", "ratio"):
            return "mean", ind.weight
        return "mean", None
    unit = series.unit(indicator).lower()
    if any(unit.startswith(u) for u in COUNT_UNITS):
        return "sum", None
    return "mean", None


def is_count(series: Series, indicator: str) -> bool:
    """A count (the catalogue's aggregation 'sum', or a count unit outside the catalogue): its
    values grow with an area's size, so areas are compared by their growth, not their level."""
    return _method(series, series.resolve(indicator))[0] == "sum"


def combine_codes(
    series: Series, codes: list[str], indicator: str, notes: list[str] | None = None
) -> dict[int, float]:
    """The indicator per year for several codes together (see the module note)."""
    indicator = series.resolve(indicator)
    table = series.table(indicator).reindex(columns=series.years)
    present = [c for c in codes if c in table.index]
    years = list(table.columns)
    if not present:
        return {int(y): np.nan for y in years}
    part = table.loc[present]
    if len(present) == 1:
        return {int(y): float(part.iloc[0][y]) for y in years}
    how, weight = _method(series, indicator)
    out: dict[int, float] = {}
    missing_years = []
    if how == "sum":
        for y in years:
            col = part[y]
            out[int(y)] = float(col.sum()) if col.notna().all() else np.nan
            if col.notna().any() and col.isna().any():
                missing_years.append(int(y))
    else:
        weights = None
        used = weight
        if weight and weight in series.indicators:
            weights = series.table(weight).reindex(index=present, columns=years)
        elif POPULATION in series.indicators:
            weights = series.table(POPULATION).reindex(index=present, columns=years)
            used = POPULATION
            if notes is not None:
                notes.append(
                    tr("trend_weight_standin", weight=weight, standin=series.label(used))
                    if weight
                    else tr("trend_weight_population", standin=series.label(used))
                )
        elif notes is not None:
            notes.append(tr("trend_unweighted"))
        for y in years:
            col = part[y]
            w = weights[y] if weights is not None else pd.Series(1.0, index=present)
            known = col.notna() & w.notna()
            if col.notna().any() and col.isna().any():
                missing_years.append(int(y))
            total = float(w[known].sum())
            out[int(y)] = float((col[known] * w[known]).sum() / total) if total > 0 else np.nan
    if missing_years and notes is not None:
        notes.append(tr("trend_partial", years=", ".join(map(str, missing_years))))
    return out


def area_codes(
    series: Series, wijk: str | None = None, buurten: list[str] | None = None
) -> list[str]:
    """The codes that make up a wijk (itself when the series has it) or a list of buurten."""
    if buurten:
        unknown = [c for c in buurten if not series.has_code(c)]
        if unknown:
            raise WijkkaartError("trend_unknown_codes", codes=short_list(unknown))
        return list(buurten)
    if wijk:
        if series.has_code(wijk):
            return [wijk]
        inside = [c for c in series.codes("buurt") if series.wijk_of.get(c, "WK" + c[2:8]) == wijk]
        if not inside:
            raise WijkkaartError("trend_unknown_codes", codes=wijk)
        return inside
    raise WijkkaartError("trend_no_area")


def gemeente_line(
    series: Series, indicator: str, codes: list[str], notes: list[str] | None = None
) -> Line | None:
    """The gemeente's own row where the series has it, else all its buurten together."""
    gm = {"GM" + c[2:6] for c in codes if len(c) >= 6}
    if len(gm) != 1:
        return None
    code = gm.pop()
    name = series.names.get(code) or code
    if series.has_code(code):
        values = combine_codes(series, [code], indicator)
        return Line(tr("trend_gemeente", name=name), values)
    level = "buurt" if codes[0].startswith("BU") else "wijk"
    members = [c for c in series.codes(level) if c[2:6] == code[2:6]]
    values = combine_codes(series, members, indicator, notes)
    return Line(tr("trend_gemeente", name=name), values)


def trend(
    series: Series,
    codes: list[str],
    indicator: str,
    name: str = "",
    notes: list[str] | None = None,
) -> Trend:
    """The indicator per year for the area made of ``codes``, with its comparison lines."""
    indicator = series.resolve(indicator)
    notes = list(notes or [])
    values = combine_codes(series, codes, indicator, notes)
    label = name or (series.names.get(codes[0], codes[0]) if len(codes) == 1 else tr("trend_area"))
    result = Trend(
        indicator=indicator,
        label=series.label(indicator),
        unit=series.unit(indicator),
        years=series.years,
        area=Line(label, values),
        higher_worse=higher_worse(series, indicator),
        notes=notes,
        count=is_count(series, indicator),
    )
    if not all(c.startswith("GM") for c in codes):
        result.gemeente = gemeente_line(series, indicator, codes, result.notes)
    if all(series.has_code(c) for c in G4):
        result.g4 = Line(tr("trend_g4"), combine_codes(series, list(G4), indicator))
    else:
        result.notes.append(tr("trend_no_g4"))
    national = [c for c in NATIONAL if series.has_code(c)]
    if national:
        result.national = Line(tr("trend_national"), combine_codes(series, national, indicator))
    else:
        result.notes.append(tr("trend_no_national"))
    caveat = turnover_caveat(series, codes)
    if caveat:
        result.notes.append(caveat)
    result.notes.extend(unit_notes(series, indicator))
    result.notes.extend(series.conversions)
    explained = [c for c in codes if c in series.derivations][:DERIVATIONS_SHOWN]
    result.notes.extend(f"{c}: {series.derivations[c]}" for c in explained)
    result.notes = list(dict.fromkeys(result.notes))
    return result


def unit_notes(series: Series, indicator: str) -> list[str]:
    label = series.label(indicator)
    return [w for w in series.warnings if w.startswith((label + " ", label + ":"))]


def turnover_caveat(series: Series, codes: list[str]) -> str | None:
    """A note where the population changed much: averages then describe other people."""
    found = population_change(series, codes)
    if found is None:
        return None
    first, last, change = found
    return tr("trend_turnover", pct=f"{100 * abs(change):.0f}", first=first, last=last)


def population_change(series: Series, codes: list[str]) -> tuple[int, int, float] | None:
    """(first year, last year, relative change) of the inhabitants of ``codes`` where it is at
    least :data:`TURNOVER_CHANGE` either way; None otherwise or without inhabitants."""
    if POPULATION not in series.indicators or not codes:
        return None
    line = Line("", combine_codes(series, codes, POPULATION))
    span = line.first_last()
    if span is None or span[1] <= 0:
        return None
    change = (span[3] - span[1]) / span[1]
    if abs(change) < TURNOVER_CHANGE:
        return None
    return span[0], span[2], change


# --- classes over several years ---------------------------------------------------------------


def pooled_breaks(table: pd.DataFrame, k: int = 5, scheme: str = "Quantiles") -> list[float]:
    """One set of class breaks for all years of ``table`` (code × year), mapclassify's Pooled."""
    import mapclassify  # here, not at import: it loads scipy.stats (about 2 s at start-up)

    values = table.to_numpy(float)
    rows = ~np.isnan(values).any(axis=1)
    if rows.sum() >= k:
        pooled = mapclassify.Pooled(values[rows], classifier=scheme, k=k)
        return [float(b) for b in pooled.global_classifier.bins]
    flat = values[~np.isnan(values)]
    if flat.size == 0:
        raise WijkkaartError("trend_no_values")
    classifier = getattr(mapclassify, scheme)(flat, k=min(k, max(1, len(np.unique(flat)))))
    return [float(b) for b in classifier.bins]


def classify(values: np.ndarray, breaks: list[float]) -> np.ndarray:
    """Class index per value for fixed or pooled upper bounds (-1 where missing)."""
    values = np.asarray(values, dtype=float)
    idx = np.searchsorted(np.asarray(breaks), values, side="left")
    idx = np.minimum(idx, len(breaks) - 1)
    return np.where(np.isnan(values), -1, idx)


@dataclass
class Change:
    """The change of an indicator between two years, per code."""

    first: int
    last: int
    absolute: pd.Series  # in the indicator's unit; for a percentage: percentage points
    relative: pd.Series  # percent of the first year's value
    is_percentage: bool
    breaks: list[float]  # diverging upper bounds, symmetric around 0

    @property
    def label(self) -> str:
        key = "trend_change_pp" if self.is_percentage else "trend_change_abs"
        return tr(key, first=self.first, last=self.last)


def change(
    table: pd.DataFrame,
    first: int,
    last: int,
    unit: str = "",
    k: int = 5,
    indicator: str | None = None,
) -> Change:
    """Absolute change (percentage points for a percentage) between two years of ``table``.

    Refused where the catalogue knows that ``indicator``'s definition changed in between."""
    ind = catalogue().get(indicator) if indicator else None
    if ind is not None:
        for year, note in ind.changes_between(first, last):
            raise WijkkaartError(
                "series_definition_break", indicator=ind.label, year=year, note=note
            )
    for year in (first, last):
        if year not in table.columns:
            raise WijkkaartError(
                "trend_year_absent", year=year, years=", ".join(map(str, table.columns))
            )
    if first == last:
        raise WijkkaartError("trend_same_year", year=first)
    absolute = table[last] - table[first]
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = absolute / table[first].where(table[first] != 0) * 100
    return Change(
        first, last, absolute, relative, unit.startswith("%"), diverging_breaks(absolute, k)
    )


def diverging_breaks(values: pd.Series | np.ndarray, k: int = 5) -> list[float]:
    """Upper bounds of ``k`` classes (odd) centred on 0: the middle class holds 'no change'."""
    k = k if k % 2 == 1 else k + 1
    flat = np.asarray(values, dtype=float)
    flat = flat[~np.isnan(flat)]
    top = float(np.max(np.abs(flat))) if flat.size else 1.0
    top = top or 1.0
    half = k // 2
    step = top / (half + 0.5)
    # classes: ... [-1.5s, -0.5s), [-0.5s, 0.5s] is 'about unchanged', (0.5s, 1.5s] ...
    return [(-half + i + 0.5) * step for i in range(k - 1)] + [top]


# --- the waterbed watch -----------------------------------------------------------------------


@dataclass
class Waterbed:
    indicator: str
    label: str
    focus: Line
    neighbours: Line
    rest: Line
    flagged: bool
    text: str


def waterbed(
    series: Series,
    focus: list[str],
    neighbours: list[str],
    indicators: list[str] | None = None,
) -> list[Waterbed]:
    """Per indicator: focus area, its neighbouring buurten and the rest of the gemeente, from the
    first to the last year with figures. Flagged where the neighbours worsened while the focus
    area improved; a description of what happened side by side, not a cause."""
    buurten = series.codes("buurt")
    rest = [c for c in buurten if c not in set(focus) | set(neighbours)]
    rows = []
    if indicators is None:  # counts grow with an area's size: compare rates and means only
        indicators = [i for i in series.indicators if _method(series, i)[0] != "sum"]
    for indicator in indicators:
        indicator = series.resolve(indicator)
        worse = higher_worse(series, indicator)
        lines = [
            Line(tr("wb_focus"), combine_codes(series, focus, indicator)),
            Line(tr("wb_neighbours"), combine_codes(series, neighbours, indicator)),
            Line(tr("wb_rest"), combine_codes(series, rest, indicator)),
        ]
        spans = [line.first_last() for line in lines[:2]]
        flagged = False
        text = tr("wb_no_data")
        if worse is not None and all(spans):
            f, n = spans[0], spans[1]
            assert f is not None and n is not None
            sign = -1.0 if worse else 1.0
            focus_better = sign * (f[3] - f[1]) > 0
            neighbours_worse = sign * (n[3] - n[1]) < 0
            flagged = focus_better and neighbours_worse
            key = "wb_flag" if flagged else "wb_ok"
            text = tr(key, first=f[0], last=f[2])
        elif worse is None:
            text = tr("wb_no_direction")
        rows.append(
            Waterbed(
                indicator, series.label(indicator), lines[0], lines[1], lines[2], flagged, text
            )
        )
    return rows
