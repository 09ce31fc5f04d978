"""A series as small trend charts, one per area, for a table that has no boundaries to map.

The Leefbaarometer per wijk (or any table with a code, a year and figures) can be read over the
years without a map: each wijk gets its own chart, all on one value scale so that a higher line
is a higher value in every chart, beside the average of all the wijken as the reference line.
That average is the same one ``wijkkaart trend`` prints as the gemeente line: weighted where the
data hold the catalogue's weight, otherwise unweighted, and then the label says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wijkkaart.analysis.trend import Line, Trend, combine_codes, higher_worse
from wijkkaart.io.series import Series
from wijkkaart.messages import WijkkaartError, tr

LEVELS = ("wijk", "buurt", "gemeente")
MIN_MATCH = 0.5  # at least half of the series' codes must be areas of the project to map it


@dataclass
class SeriesGrid:
    """One indicator of a series per area: the charts, their shared scale and the reference."""

    indicator: str
    label: str
    unit: str
    level: str
    years: list[int]
    codes: list[str]
    trends: list[Trend]  # one per code, in the same order: the area line and the average
    average: Line
    value_range: tuple[float, float]
    unweighted: bool = False  # the average counts each area the same (no weight in the data)
    notes: list[str] = field(default_factory=list)
    source: str = ""

    def table(self) -> pd.DataFrame:
        """code, naam, then one column per year (what the charts show, for a CSV export)."""
        rows = []
        for code, t in zip(self.codes, self.trends, strict=True):
            rows.append(
                {"code": code, "naam": t.area.label}
                | {str(y): t.area.values.get(y, math.nan) for y in self.years}
            )
        rows.append(
            {"code": "", "naam": self.average.label}
            | {str(y): self.average.values.get(y, math.nan) for y in self.years}
        )
        return pd.DataFrame(rows)


def series_level(series: Series) -> str:
    """The level with the most codes in the series (the wijken of the Leefbaarometer table)."""
    counts = {level: len(series.codes(level)) for level in LEVELS}
    level = max(LEVELS, key=lambda lv: counts[lv])
    if counts[level] == 0:
        raise WijkkaartError("series_grid_no_areas")
    return level


def matches_areas(series: Series, codes: list[str] | pd.Index) -> bool:
    """True when the project's areas hold most of the series' codes: then it goes on the map."""
    own = set(map(str, codes))
    mine = series.codes(series_level(series))
    return bool(mine) and sum(c in own for c in mine) >= MIN_MATCH * len(mine)


def series_grid(series: Series, indicator: str, level: str | None = None) -> SeriesGrid:
    """The charts of ``indicator`` for every area of ``level`` (default: the series' main one)."""
    indicator = series.resolve(indicator)
    level = level or series_level(series)
    codes = sorted(series.codes(level))
    if not codes:
        raise WijkkaartError("series_grid_no_areas")
    notes: list[str] = []
    values = combine_codes(series, codes, indicator, notes)
    unweighted = tr("trend_unweighted") in notes
    average = Line(
        tr(
            "series_grid_average_unweighted" if unweighted else "series_grid_average",
            level=tr(f"series_grid_level_{level}"),
        ),
        values,
    )
    table = series.table(indicator).reindex(index=codes, columns=series.years)
    known = table.to_numpy(dtype=float)
    finite = known[~pd.isna(known)].tolist() + [v for v in values.values() if v == v]
    if not finite:
        raise WijkkaartError("series_grid_no_values", indicator=series.label(indicator))
    low, high = nice_range(min(finite), max(finite))
    worse = higher_worse(series, indicator)
    trends = []
    for code in codes:
        row = table.loc[code]
        name = series.names.get(code) or code
        chart = Trend(
            indicator=indicator,
            label=series.label(indicator),
            unit=series.unit(indicator),
            years=series.years,
            area=Line(name, {int(y): float(row[y]) for y in series.years}),
            gemeente=average,
            higher_worse=worse,
        )
        trends.append(chart)
    notes = [n for n in notes if n != tr("trend_unweighted")]
    return SeriesGrid(
        indicator=indicator,
        label=series.label(indicator),
        unit=series.unit(indicator),
        level=level,
        years=series.years,
        codes=codes,
        trends=trends,
        average=average,
        value_range=(low, high),
        unweighted=unweighted,
        notes=list(dict.fromkeys(notes + series.conversions)),
        source=Path(series.source).name
        if series.source and Path(series.source).is_file()
        else series.source,
    )


def nice_range(low: float, high: float, ticks: int = 3) -> tuple[float, float]:
    """A range around ``low``..``high`` whose ``ticks`` equal steps are round numbers (1, 1.5, 2,
    2.5, 3, 4, 5, 6 or 8 times a power of ten), so the shared axis reads 3,6 · 3,9 · 4,2 · 4,5."""
    span = high - low
    if not math.isfinite(span) or span <= 1e-6 * max(1.0, abs(low), abs(high)):  # one value
        span = max(abs(high) * 0.2, 1e-6)
        low, high = low - span / 2, high + span / 2
    step = span / ticks
    power = 10 ** math.floor(math.log10(step))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20):
        candidate = factor * power
        start = math.floor(low / candidate + 1e-9) * candidate  # 3.6 / 0.3 is 11.999…
        if start > low:
            start -= candidate
        if start + ticks * candidate >= high - 1e-9:
            return float(f"{start:.12g}"), float(f"{start + ticks * candidate:.12g}")
    return low, high
