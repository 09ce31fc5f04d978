"""The map of one year of a series, or of the change between two years, on the reference buurten.

Qt-free; the year bar of the map window (``ui/year_bar.py``) drives it. One :class:`YearMap` holds
one indicator: an area layer over the reference buurten with one column per year, all classed
with the same breaks (pooled over every year with figures, mapclassify's ``Pooled``, or the
planner's own fixed breaks), so a colour means the same value in every year. Showing another
year only points the layer's style at another column: the geometry and the classes of years
already shown stay cached in the renderer. A change map (``show_change``) attaches the
difference between two years on a diverging scale centred on 0, refused where the catalogue
knows the indicator's definition changed in between.

The layer is never part of the document: :func:`compose` puts it in the place of the buurten
layer in a copy of the document's layer list, which only the canvas and the legend are shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from wijkkaart.analysis.trend import change, higher_worse, pooled_breaks
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.series import Series
from wijkkaart.layers.model import AreaLayer, Layer, LayerList
from wijkkaart.layers.style import ChoroplethStyle
from wijkkaart.messages import WijkkaartError, ui

CLASSES = 5
KEEP = ("geometry", "naam", "water")  # what the drawing needs of the reference buurten


@dataclass
class YearMap:
    """One indicator of ``series`` over the years, as an area layer on ``areas``."""

    series: Series
    indicator: str
    areas: AreaData
    fixed: tuple[float, ...] = ()  # the planner's own breaks; empty: pooled over all years
    labels: bool = False
    years: list[int] = field(init=False)
    breaks: tuple[float, ...] = field(init=False)
    layer: AreaLayer = field(init=False)
    shown: tuple[int, ...] = field(init=False, default=())  # (year,) or (first, last)

    def __post_init__(self) -> None:
        self.table = year_table(self.series, self.indicator, self.areas)
        self.years = years_with_figures(self.table)
        if not self.years:
            raise WijkkaartError("trend_no_values")
        if self.fixed:  # the planner's breaks, closed by the highest figure of any year
            top = float(np.nanmax(self.table[self.years].to_numpy(float)))
            self.breaks = self.fixed + ((top,) if top > self.fixed[-1] else ())
        else:
            self.breaks = tuple(pooled_breaks(self.table[self.years], k=CLASSES))
        worse = higher_worse(self.series, self.indicator)
        self.worse = worse
        self.ramp = "YlOrRd" if worse else "YlGnBu"
        keep = [c for c in KEEP if c in self.areas.frame.columns]
        slim = replace(self.areas, frame=self.areas.frame[keep])  # same geometry objects
        values = pd.DataFrame({self.column(y): self.table[y] for y in self.years})
        data = slim.add_columns(values, pd.DataFrame(index=values.index), self.series.source)
        sources = {self.column(y): self._source(y) for y in self.years}
        self.year_data = replace(data, sources={**data.sources, **sources})
        style = self.year_style(self.years[-1])
        self.layer = AreaLayer(name=self.label, style=style, labels=self.labels)
        self.show(self.years[-1])

    @property
    def label(self) -> str:
        return self.series.label(self.indicator)

    def column(self, year: int) -> str:
        """The year's column, named as the legend's title ('Inwoners 2019', as the CLI's)."""
        return f"{self.label} {year}"

    def _source(self, year: int) -> str:
        sources = getattr(self.series, "sources", {}) or {}
        text = str(sources.get(year) or self.series.source or "")
        return " ".join([text, *self.series.conversions]).strip()

    def year_style(self, year: int) -> ChoroplethStyle:
        """The style of ``year``: the shared breaks, and the legend starting at the lowest
        figure of all years, so the legend reads the same whichever year is shown."""
        return ChoroplethStyle(
            self.column(year),
            method="manual",
            k=len(self.breaks),
            ramp=self.ramp,
            fixed_breaks=self.breaks,
            fixed_low=float(np.nanmin(self.table[self.years].to_numpy(float))),
        )

    def show(self, year: int) -> None:
        """Show ``year`` (one of :attr:`years`) with the breaks of every year."""
        if year not in self.years:
            raise WijkkaartError(
                "trend_year_absent", year=year, years=", ".join(map(str, self.years))
            )
        if self.layer.data is not self.year_data:
            self.layer.attach(self.year_data)
        first, last = self.years[0], self.years[-1]
        if self.fixed:
            self.layer.legend_caption = ui("yearbar_fixed_note")
        else:
            self.layer.legend_caption = ui("years_pooled", first=first, last=last)
        self.layer.style = self.year_style(year)
        self.layer.name = self.column(year)
        self.shown = (year,)

    def show_change(self, first: int, last: int) -> None:
        """Show the change from ``first`` to ``last`` (percentage points for a percentage) on
        a diverging ramp centred on 0, red where it got worse; a Dutch message when the
        catalogue knows the definition changed in between, or a year has no figures."""
        moved = change(
            self.table,
            first,
            last,
            self.series.unit(self.indicator),
            CLASSES,
            self.indicator,
        )
        column = f"{self.label}: {moved.label}"
        values = pd.DataFrame({column: moved.absolute})
        slim = replace(self.year_data, frame=self.year_data.frame[self._kept()])
        data = slim.add_columns(values, pd.DataFrame(index=values.index), self.series.source)
        source = "; ".join(dict.fromkeys(t for t in (self._source(first), self._source(last)) if t))
        data = replace(data, sources={**data.sources, column: source})
        self.layer.legend_caption = ui("yearbar_change_note")
        self.layer.attach(data)
        self.layer.style = ChoroplethStyle(
            column,
            method="manual",
            k=len(moved.breaks),
            ramp="RdBu",
            reverse=bool(self.worse),
            fixed_breaks=tuple(moved.breaks),
        )
        self.layer.name = column
        self.shown = (first, last)

    def _kept(self) -> list[str]:
        return [c for c in KEEP if c in self.year_data.frame.columns]


def year_table(series: Series, indicator: str, areas: AreaData) -> pd.DataFrame:
    """The indicator per reference buurt (rows, in the areas' order) and year (columns)."""
    return series.table(indicator).reindex(index=list(areas.frame.index))


def years_with_figures(table: pd.DataFrame) -> list[int]:
    """The years in which at least one buurt has a figure."""
    return [int(y) for y in table.columns if table[y].notna().any()]


def target_index(layers: list[Layer], areas: AreaData) -> int | None:
    """Where the year map goes: the top visible fill of the reference buurten, if any."""
    codes = areas.frame.index
    for index in range(len(layers) - 1, -1, -1):
        layer = layers[index]
        if (
            isinstance(layer, AreaLayer)
            and layer.visible
            and layer.data is not None
            and layer.data.frame.index.equals(codes)
        ):
            return index
    return None


def compose(layers: LayerList, year_layer: AreaLayer, areas: AreaData) -> LayerList:
    """A copy of ``layers`` with ``year_layer`` in the place of the buurten fill (taking its
    opacity and its names on or off), or above the other fills when there is none; ``layers``
    is not changed."""
    shown = list(layers)
    index = target_index(shown, areas)
    if index is None:
        shown.insert(LayerList(shown).below_overlays(), year_layer)
    else:
        target = shown[index]
        assert isinstance(target, AreaLayer)
        year_layer.opacity, year_layer.labels = target.opacity, target.labels
        shown[index] = year_layer
    return LayerList(shown)


@dataclass(frozen=True)
class YearView:
    """What the year map shows now, for the panels that say it (the layer list and the style
    panel show the map's year, not the project's style it hides). Qt-free."""

    name: str  # the year map's title: 'Inwoners 2019', or 'Inwoners: verandering …'
    classes: int
    caption: str  # how it is classed: pooled over the years, the planner's breaks, a change
    replaced: Layer | None  # the document's layer it takes the place of (None: above the fills)


def year_view(year_map: YearMap, layers: LayerList, areas: AreaData) -> YearView:
    """The year view of ``year_map`` as :func:`compose` puts it among ``layers``."""
    shown = list(layers)
    index = target_index(shown, areas)
    style = year_map.layer.style
    return YearView(
        name=year_map.layer.name,
        classes=int(getattr(style, "k", 0)),
        caption=year_map.layer.legend_caption,
        replaced=shown[index] if index is not None else None,
    )
