"""Classification, colours and legends: the one place that turns values into map colours.

The canvas, the PDF and the HTML map all call :func:`symbolize`, so they never disagree. Missing
values are set aside before classifying and get their own hatched legend class ("geen gegevens").
Qt-free: colours are ``#rrggbb`` strings.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijkkaart.catalogue import catalogue
from wijkkaart.messages import language, ui

METHODS = ("quantiles", "equal_interval", "natural_breaks", "std_mean", "manual")
SEQUENTIAL = (
    "YlGnBu",
    "YlGn",
    "YlOrRd",
    "Blues",
    "Greens",
    "Purples",
    "Oranges",
    "Greys",
    "viridis",
)
DIVERGING = ("RdBu", "PuOr", "BrBG", "PiYG", "RdYlBu")
MISSING_COLOUR = "#d9d9d9"
WATER_COLOUR = "#cfe3f3"
QUALITATIVE = (
    "#1b9e77",
    "#d95f02",
    "#7570b3",
    "#cab2d6",  # not Dark2's pink #e7298a: that is the selection colour (layers/colours.py)
    "#66a61e",
    "#e6ab02",
    "#a6761d",
    "#666666",
    "#1f78b4",
    "#b2df8a",
)
# Joshua Stevens' 3x3 bivariate palette (rows: y low→high, columns: x low→high).
BIVARIATE = (
    ("#e8e8e8", "#e4acac", "#c85a5a"),
    ("#b0d5df", "#ad9ea5", "#985356"),
    ("#64acbe", "#627f8c", "#574249"),
)
_VIRIDIS = (
    "#440154",
    "#482878",
    "#3e4989",
    "#31688e",
    "#26828e",
    "#1f9e89",
    "#35b779",
    "#6ece58",
    "#b5de2b",
    "#fde725",
)
NATURAL_BREAKS_SAMPLE = 1500


@cache
def _brewer_schemes() -> dict[str, list[str]]:
    """branca's ColorBrewer table, read from its data file without importing branca (whose
    ``__init__`` imports jinja2 and its colormaps: 0.2-0.5 s of the start-up before the first
    frame, for a table lookup)."""
    spec = importlib.util.find_spec("branca")  # finds the package, does not run it
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for folder in folders:
        table = Path(folder) / "_schemes.json"
        if table.is_file():
            return dict(json.loads(table.read_text(encoding="utf-8")))
    return {}


def _color_brewer(name: str, n: int) -> list[str]:
    """branca's ``color_brewer(name, n)``: the table's colours when it has ``name`` with ``n``
    classes, else branca itself (it interpolates longer ramps and raises for unknown names)."""
    colours = _brewer_schemes().get(f"{name}_{n:02d}")
    if colours is not None and not name.endswith("_r"):
        return list(colours)
    from branca.utilities import color_brewer

    return list(color_brewer(name, n))


def ramp_colours(name: str, k: int, reverse: bool = False) -> list[str]:
    """``k`` colours of a colour-blind-safe ramp (ColorBrewer, or viridis)."""
    if name == "viridis":
        positions = np.linspace(0, len(_VIRIDIS) - 1, k)
        colours = [_VIRIDIS[round(p)] for p in positions]
    else:
        colours = _color_brewer(name, max(k, 3))
        if k < 3:
            colours = [colours[0], colours[-1]][:k] if k == 2 else [colours[len(colours) // 2]]
    return colours[::-1] if reverse else colours


# --- classification ----------------------------------------------------------------------------


def natural_breaks(values: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    """Fisher-Jenks optimal breaks (upper bounds) on a sample of at most 1,500 values.

    Like QGIS, large inputs are sampled: the exact method is quadratic. The dynamic programme is
    vectorised over a precomputed matrix of within-class sums of squares.
    """
    data = np.sort(values[np.isfinite(values)])
    if len(data) > NATURAL_BREAKS_SAMPLE:
        rng = np.random.default_rng(seed)
        sample = rng.choice(data, NATURAL_BREAKS_SAMPLE, replace=False)
        data = np.sort(np.concatenate([sample, data[[0, -1]]]))
    n = len(data)
    k = min(k, len(np.unique(data)))
    if k <= 1:
        return np.array([data[-1]])
    s1 = np.concatenate([[0.0], np.cumsum(data)])
    s2 = np.concatenate([[0.0], np.cumsum(data * data)])
    start = np.arange(n)[:, None]  # class starts at index m (inclusive) ...
    end = np.arange(1, n + 1)[None, :]  # ... and ends before index i (exclusive)
    with np.errstate(invalid="ignore", divide="ignore"):
        count = end - start
        ssd = s2[end] - s2[start] - (s1[end] - s1[start]) ** 2 / count
    ssd = np.where(count > 0, ssd, np.inf)
    cost = np.concatenate([[np.inf], ssd[0]])  # cost[i]: one class covering [0, i)
    back = np.zeros((k, n + 1), dtype=np.int64)
    for j in range(1, k):
        total = cost[:n, None] + ssd  # previous classes end at m, new class [m, i)
        total[0, :] = np.inf
        back[j, 1:] = np.argmin(total, axis=0)
        cost = np.concatenate([[np.inf], total[back[j, 1:], np.arange(n)]])
    ends = [n]
    for j in range(k - 1, 0, -1):
        ends.append(back[j, ends[-1]])
    ends = sorted(set(ends))
    return np.array([data[e - 1] for e in ends])


def compute_breaks(
    values: np.ndarray,
    method: str,
    k: int,
    manual: list[float] | None = None,
    mean: float | None = None,
) -> np.ndarray:
    """Upper bounds of the classes (ascending; the last is the maximum)."""
    data = np.asarray(values, dtype=float)
    data = data[np.isfinite(data)]
    if not len(data):
        return np.array([])
    lo, hi = float(data.min()), float(data.max())
    if method == "manual":
        inner = sorted(b for b in (manual or []) if lo <= b < hi)
        return np.array([*inner, hi])
    if method == "quantiles":
        breaks = np.quantile(data, np.arange(1, k + 1) / k)
    elif method == "equal_interval":
        breaks = lo + (hi - lo) * np.arange(1, k + 1) / k
    elif method == "natural_breaks":
        breaks = natural_breaks(data, k)
    elif method == "std_mean":
        centre = float(np.mean(data)) if mean is None or not np.isfinite(mean) else mean
        std = float(np.std(data, ddof=1)) if len(data) > 1 else 0.0  # as mapclassify
        offsets = np.arange(1, k) - k / 2
        breaks = np.array([*(centre + std * offsets), hi])
    else:
        raise ValueError(f"unknown classification method {method}")
    breaks = np.unique(np.clip(breaks, lo, hi))
    breaks[-1] = hi
    return breaks


def class_index(values: np.ndarray, breaks: np.ndarray) -> np.ndarray:
    """Class of each value (0-based), -1 where missing."""
    values = np.asarray(values, dtype=float)
    index = np.searchsorted(breaks, values, side="left")
    index = np.minimum(index, len(breaks) - 1)
    return np.where(np.isfinite(values), index, -1)


# --- number formatting -------------------------------------------------------------------------


def format_number(value: float, decimals: int = 0) -> str:
    """Dutch style: 1.234,5 (English: 1,234.5)."""
    text = f"{value:,.{decimals}f}"
    if language() == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def decimals_for(breaks: np.ndarray) -> int:
    """Enough decimals to tell the breaks apart, at most 2."""
    for decimals in range(3):
        rounded = np.round(breaks, decimals)
        if len(np.unique(rounded)) == len(breaks):
            span = float(breaks[-1] - breaks[0]) if len(breaks) > 1 else abs(float(breaks[-1]))
            if decimals > 0 or span >= 10 or len(breaks) == 1:
                return decimals
    return 2


def unit_suffix(indicator: str) -> str:
    cat = catalogue()
    if indicator not in cat:
        return ""
    unit = cat[indicator].unit
    if unit == "%":
        return " %"
    if unit in ("aantal", "", "score", "jaar") or unit.startswith("klasse"):
        return ""
    return f" {cat[indicator].unit_label}"


# --- styles and symbology ----------------------------------------------------------------------


@dataclass(frozen=True)
class LegendEntry:
    colour: str
    label: str
    count: int = 0
    hatched: bool = False


@dataclass
class Symbology:
    """Per-area fill colours (``None`` = missing, drawn hatched) and the matching legend."""

    colours: list[str | None]
    legend: list[LegendEntry]
    title: str
    breaks: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class ChoroplethStyle:
    indicator: str
    method: str = "quantiles"
    k: int = 5
    ramp: str = "YlGnBu"
    reverse: bool = False
    manual_breaks: tuple[float, ...] = ()
    fixed_breaks: tuple[float, ...] = ()  # reuse one set of breaks across years and gemeenten
    centre_on_mean: bool = False  # diverging ramp centred on the gemeente average
    # the lowest figure the fixed breaks were made for (pooled over years): every year's legend
    # then starts at the same value instead of at that year's own minimum
    fixed_low: float | None = None
    kind: str = "choropleth"

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "method": self.method,
            "k": self.k,
            "ramp": self.ramp,
            "reverse": self.reverse,
            "manual_breaks": list(self.manual_breaks),
            "fixed_breaks": list(self.fixed_breaks),
            "centre_on_mean": self.centre_on_mean,
            **({} if self.fixed_low is None else {"fixed_low": self.fixed_low}),
        }


@dataclass(frozen=True)
class CategoricalStyle:
    indicator: str
    kind: str = "categorical"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "indicator": self.indicator}


@dataclass(frozen=True)
class BivariateStyle:
    x: str
    y: str
    kind: str = "bivariate"

    @property
    def indicator(self) -> str:
        return self.x

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "x": self.x, "y": self.y}


Style = ChoroplethStyle | CategoricalStyle | BivariateStyle


def style_from_dict(data: dict[str, Any]) -> Style:
    kind = data.get("kind", "choropleth")
    if kind == "categorical":
        return CategoricalStyle(indicator=data["indicator"])
    if kind == "bivariate":
        return BivariateStyle(x=data["x"], y=data["y"])
    return ChoroplethStyle(
        indicator=data["indicator"],
        method=data.get("method", "quantiles"),
        k=int(data.get("k", 5)),
        ramp=data.get("ramp", "YlGnBu"),
        reverse=bool(data.get("reverse", False)),
        manual_breaks=tuple(data.get("manual_breaks", ())),
        fixed_breaks=tuple(data.get("fixed_breaks", ())),
        centre_on_mean=bool(data.get("centre_on_mean", False)),
        fixed_low=None if data.get("fixed_low") is None else float(data["fixed_low"]),
    )


def indicator_title(indicator: str) -> str:
    cat = catalogue()
    if indicator in cat:
        ind = cat[indicator]
        unit = f" ({ind.unit_label})" if ind.unit and ind.unit not in ("aantal",) else ""
        return ind.label + unit
    return indicator


def missing_label() -> str:
    return ui("legend_no_data")


def water_label() -> str:
    return ui("legend_water")


def water_mask(frame: pd.DataFrame) -> np.ndarray:
    """Water buurten: kept on the map, left out of class breaks and legend counts."""
    if "water" not in frame:
        return np.zeros(len(frame), dtype=bool)
    return frame["water"].fillna(False).astype(bool).to_numpy()


def _with_water(symbology: Symbology, water: np.ndarray) -> Symbology:
    """Paint water rows in the water colour and give them their own legend entry."""
    if not water.any():
        return symbology
    symbology.colours = [
        WATER_COLOUR if w else c for c, w in zip(symbology.colours, water, strict=True)
    ]
    symbology.legend.append(LegendEntry(WATER_COLOUR, water_label(), int(water.sum())))
    return symbology


def symbolize(frame: pd.DataFrame, style: Style, mean: float | None = None) -> Symbology:
    """Colours per row of ``frame`` and the legend, for any style kind."""
    used = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
    absent = [i for i in used if i not in frame]
    if absent:  # a project may name an indicator its data no longer has
        from wijkkaart.messages import WijkkaartError

        raise WijkkaartError("indicator_not_in_data", names=", ".join(absent))
    water = water_mask(frame)
    data = frame.loc[~water] if water.any() else frame
    if isinstance(style, BivariateStyle):
        land = _bivariate(data, style)
    elif isinstance(style, CategoricalStyle):
        land = _categorical(data, style)
    else:
        land = _choropleth(data, style, mean)
    if not water.any():
        return land
    colours: list[str | None] = [None] * len(frame)
    for position, colour in zip(np.flatnonzero(~water), land.colours, strict=True):
        colours[position] = colour
    land.colours = colours
    return _with_water(land, water)


def _choropleth(frame: pd.DataFrame, style: ChoroplethStyle, mean: float | None) -> Symbology:
    values = pd.to_numeric(frame[style.indicator], errors="coerce").to_numpy(dtype=float)
    if mean is None and np.isfinite(values).any():
        mean = float(np.mean(values[np.isfinite(values)]))  # the mean of the mapped buurten
    if style.fixed_breaks:
        breaks = np.array(sorted(style.fixed_breaks), dtype=float)
    else:
        breaks = compute_breaks(values, style.method, style.k, list(style.manual_breaks), mean)
    index = class_index(values, breaks) if len(breaks) else np.full(len(values), -1)
    colours = _class_colours(style, breaks, mean)
    decimals = decimals_for(breaks) if len(breaks) else 0
    suffix = unit_suffix(style.indicator)
    finite = values[np.isfinite(values)]
    lower = float(finite.min()) if len(finite) else 0.0
    if style.fixed_breaks and style.fixed_low is not None:
        lower = min(lower, style.fixed_low)
    legend = []
    for i, upper in enumerate(breaks):
        low_text, high_text = format_number(lower, decimals), format_number(upper, decimals)
        # One value (all zeros, say) is one value: never a "0 – 0" class.
        text = high_text if low_text == high_text else f"{low_text} – {high_text}"
        legend.append(LegendEntry(colours[i], f"{text}{suffix}", int((index == i).sum())))
        lower = upper
    missing = int((index == -1).sum())
    if missing:
        legend.append(LegendEntry(MISSING_COLOUR, missing_label(), missing, hatched=True))
    per_row = [colours[i] if i >= 0 else None for i in index]
    return Symbology(per_row, legend, indicator_title(style.indicator), [float(b) for b in breaks])


def _class_colours(style: ChoroplethStyle, breaks: np.ndarray, mean: float | None) -> list[str]:
    k = max(len(breaks), 1)
    if not (
        style.centre_on_mean and style.ramp in DIVERGING and mean is not None and np.isfinite(mean)
    ):
        return ramp_colours(style.ramp, k, style.reverse)
    lowers = np.concatenate([[-np.inf], breaks[:-1]])
    below = int((breaks <= mean).sum())
    above = int((lowers >= mean).sum())
    straddle = k - below - above
    half = max(below, above)
    palette = ramp_colours(style.ramp, 2 * half + 1, style.reverse)
    middle = half
    out = [palette[middle - below + i] for i in range(below)]
    out += [palette[middle]] * straddle
    out += [palette[middle + 1 + i] for i in range(above)]
    return out


def _categorical(frame: pd.DataFrame, style: CategoricalStyle) -> Symbology:
    from wijkkaart.io.heatplan import STRATEGIES, strategy_label

    values = frame[style.indicator]
    if style.indicator == "warmtestrategie":
        order = list(STRATEGIES)
        fixed = dict(
            zip(order, ("#d73027", "#fc8d59", "#4575b4", "#91bfdb", "#bdbdbd"), strict=True)
        )
        labels = {key: strategy_label(key) for key in order}
    elif pd.api.types.is_numeric_dtype(values):  # counts and classes: an ordered ramp
        numbers = sorted({int(v) for v in values.dropna()})
        ramp = ramp_colours("YlOrRd", max(len(numbers), 2))
        order = [str(n) for n in numbers]
        fixed = {key: ramp[i] for i, key in enumerate(order)}
        labels = {key: key for key in order}
        values = values.map(lambda v: None if pd.isna(v) else str(int(v)))
    else:
        order = sorted({str(v) for v in values.dropna()})
        fixed = {key: QUALITATIVE[i % len(QUALITATIVE)] for i, key in enumerate(order)}
        labels = {key: key for key in order}
    per_row: list[str | None] = []
    counts: dict[str, int] = {}
    for value in values:
        key = None if pd.isna(value) else str(value)
        if key is None or key not in fixed:
            per_row.append(None)
        else:
            per_row.append(fixed[key])
            counts[key] = counts.get(key, 0) + 1
    legend = [LegendEntry(fixed[k], labels[k], counts.get(k, 0)) for k in order if counts.get(k)]
    missing = per_row.count(None)
    if missing:
        legend.append(LegendEntry(MISSING_COLOUR, missing_label(), missing, hatched=True))
    return Symbology(per_row, legend, indicator_title(style.indicator))


def _bivariate(frame: pd.DataFrame, style: BivariateStyle) -> Symbology:
    x = pd.to_numeric(frame[style.x], errors="coerce").to_numpy(dtype=float)
    y = pd.to_numeric(frame[style.y], errors="coerce").to_numpy(dtype=float)
    bx, by = compute_breaks(x, "quantiles", 3), compute_breaks(y, "quantiles", 3)
    ix = class_index(x, bx) if len(bx) else np.full(len(x), -1)
    iy = class_index(y, by) if len(by) else np.full(len(y), -1)
    per_row = [BIVARIATE[j][i] if i >= 0 and j >= 0 else None for i, j in zip(ix, iy, strict=True)]
    words = (ui("bivariate_low"), ui("bivariate_middle"), ui("bivariate_high"))
    legend = []
    for j in range(3):
        for i in range(3):
            count = int(((ix == i) & (iy == j)).sum())
            legend.append(LegendEntry(BIVARIATE[j][i], f"{words[i]} × {words[j]}", count))
    missing = per_row.count(None)
    if missing:
        legend.append(LegendEntry(MISSING_COLOUR, missing_label(), missing, hatched=True))
    title = f"{indicator_title(style.x)} × {indicator_title(style.y)}"
    return Symbology(per_row, legend, title, [*map(float, bx), *map(float, by)])


def with_breaks_fixed(style: ChoroplethStyle, breaks: list[float]) -> ChoroplethStyle:
    """The same style with its current breaks frozen (to reuse across years and gemeenten)."""
    return replace(style, fixed_breaks=tuple(breaks))
