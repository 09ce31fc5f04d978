"""Which map a print shows: the project's own, one year of the series, the change between two
years, or small multiples of chosen years (Qt-free).

Kept in the project's print settings (``print.kaart``) like the paper and the extent, so the app's
export dialog and ``wijkkaart export`` print the same page; the CLI's ``--year``, ``--change``
and ``--years`` override it. :func:`print_layers` is the one place that turns a year or a change
into the layers a single page (or an atlas, or the HTML map) draws, for the app and the CLI.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

from wijkkaart.messages import WijkkaartError

KINDS = ("project", "year", "change", "years")
MOST_MAPS = 6  # small multiples chosen for the planner: what fits a page legibly
FEWEST_MAPS = 3


@dataclass(frozen=True)
class MapTime:
    """The print's map: ``kind`` one of :data:`KINDS`; the series' ``indicator`` ('' = the
    first), the ``year``, the change ``first`` → ``last``, the small multiples' ``years``, the
    planner's fixed ``breaks`` (a year only; empty: pooled over all years) and ``area``, the
    focus area whose trend chart goes with the small multiples ('' = none)."""

    kind: str = "project"
    indicator: str = ""
    year: int | None = None
    first: int | None = None
    last: int | None = None
    years: tuple[int, ...] = ()
    breaks: tuple[float, ...] = ()
    area: str = ""

    def wanted(self) -> bool:
        return self.kind != "project"

    def to_dict(self) -> dict[str, Any]:
        return {
            "soort": self.kind,
            "indicator": self.indicator,
            "jaar": self.year,
            "van": self.first,
            "tot": self.last,
            "jaren": list(self.years),
            "klassen": list(self.breaks),
            "gebied": self.area,
        }

    @classmethod
    def from_dict(cls, data: object) -> MapTime:
        """Whatever is usable in a saved entry; anything odd falls back to the project map."""
        if not isinstance(data, dict) or data.get("soort") not in KINDS:
            return cls()

        def year(key: str) -> int | None:
            value = data.get(key)
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        raw_years = data.get("jaren")
        raw_years = raw_years if isinstance(raw_years, list) else []
        raw_breaks = data.get("klassen")
        raw_breaks = raw_breaks if isinstance(raw_breaks, list) else []
        return cls(
            kind=str(data["soort"]),
            indicator=str(data.get("indicator") or ""),
            year=year("jaar"),
            first=year("van"),
            last=year("tot"),
            years=tuple(dict.fromkeys(y for y in raw_years if isinstance(y, int))),
            breaks=tuple(float(b) for b in raw_breaks if isinstance(b, int | float)),
            area=str(data.get("gebied") or ""),
        )

    def with_cli(self, args: Any) -> MapTime:
        """``--year``, ``--change``, ``--years`` (and ``--indicator``, ``--trend-area`` with
        them) over the saved choice; without them the saved choice stays."""
        from wijkkaart.timeline import parse_change, parse_years

        indicator = getattr(args, "indicator", None) or ""
        year, span, years = (getattr(args, k, None) for k in ("year", "change", "years"))
        out = self
        if year is not None:
            out = MapTime("year", indicator or self.indicator, year=int(year))
        elif span:
            first, last = parse_change(span)
            out = MapTime("change", indicator or self.indicator, first=first, last=last)
        elif years:
            out = MapTime("years", indicator or self.indicator, years=tuple(parse_years(years)))
        elif self.wanted() and indicator:
            out = replace(self, indicator=indicator)
        area = getattr(args, "trend_area", None)
        if out.kind == "years" and area:
            out = replace(out, area=str(area))
        return out

    def describe(self) -> str:
        """What the print shows, for a title and the dialog ('2019', '2016–2023', '2016, 2019')."""
        if self.kind == "year":
            return str(self.year)
        if self.kind == "change":
            return f"{self.first}–{self.last}"
        if self.kind == "years":
            return ", ".join(map(str, self.years))
        return ""


def thin_years(years: list[int], most: int = MOST_MAPS, fewest: int = FEWEST_MAPS) -> list[int]:
    """The series' years thinned to what fits a page: all of them when they fit, else evenly
    spaced with the first and the last (2016–2025: 2016, 2019, 2022, 2025)."""
    years = sorted(years)
    if len(years) <= most:
        return years
    span = len(years) - 1
    for count in range(most, fewest - 1, -1):  # a regular step that ends on the last year
        if span % (count - 1) == 0:
            return years[:: span // (count - 1)]
    count = math.ceil(span / math.ceil(span / (most - 1))) + 1  # as regular as it gets
    return sorted({years[round(i * span / (count - 1))] for i in range(count)})


def resolve(when: MapTime, series: Any) -> MapTime:
    """``when`` with its indicator resolved in ``series`` (a Dutch message when it has none)."""
    if not series.indicators:
        raise WijkkaartError("trend_no_values")
    indicator = series.resolve(when.indicator) if when.indicator else series.indicators[0]
    return replace(when, indicator=indicator)


def year_map(document: Any, series: Any, when: MapTime) -> Any:
    """The :class:`~wijkkaart.year_map.YearMap` showing ``when`` (a year or a change)."""
    from wijkkaart.year_map import YearMap

    when = resolve(when, series)
    chart = YearMap(series, when.indicator, document.areas, fixed=when.breaks)
    if when.kind == "change":
        if when.first is None or when.last is None:
            raise WijkkaartError("change_bad", text=when.describe())
        chart.show_change(when.first, when.last)
    elif when.kind == "year":
        if when.year is None:
            raise WijkkaartError("years_bad", text="")
        chart.show(when.year)
    else:
        raise WijkkaartError("print_time_not_single", kind=when.kind)
    return chart


def print_layers(document: Any, when: MapTime, series: Any = None) -> list[Any]:
    """The layers a single page draws for ``when``: the document's own for the project map;
    for a year or a change, the document's layers with the year map in the place of the
    buurten fill (pooled classes and the pooled caption in the legend, as on the canvas). The
    document is not changed."""
    if not when.wanted():
        return list(document.layers)
    from wijkkaart.year_map import compose

    if series is None:
        from wijkkaart.timeline import cached_project_series

        series = cached_project_series(document.project)
    chart = year_map(document, series, when)
    return list(compose(document.layers, chart.layer, document.areas))
