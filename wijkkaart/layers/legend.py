"""The legend as data: which layers can be seen and what their blocks say. Qt-free.

One function decides the legend for the canvas panel, the printed page and the HTML map
(design point 6), so the three never disagree. A layer is in the legend only when it can be
seen: visible, not fully transparent, and not covered by an opaque fill above it. Focus areas
(name and colour), boundary layers and point layers get their own blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from wijkkaart.catalogue import catalogue
from wijkkaart.layers import raster_stretch
from wijkkaart.layers.formatting import source_of
from wijkkaart.layers.model import (
    AreaLayer,
    Layer,
    OutlineLayer,
    PointLayer,
    RasterLayer,
)
from wijkkaart.layers.style import BivariateStyle, LegendEntry, Symbology, format_number
from wijkkaart.messages import WijkkaartError, ui

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
COVER_TOLERANCE = 0.02  # an opaque fill covers a layer whose bounds lie within its own (± 2 %)


@dataclass
class LegendBlock:
    title: str
    entries: list[LegendEntry]
    bivariate: tuple[str, str] | None = None  # axis names (x, y)
    note: str = ""
    source: str = ""
    symbol: str | None = None  # "circle"/"square"/"triangle" for points, "line" for outlines
    line_widths: list[float] = field(default_factory=list)  # outlines: pen width per entry (px)
    axis_values: tuple[list[str], list[str]] | None = None  # bivariate: class bounds per axis
    caption: str = ""  # a plain line on how to read the classes (the year map's pooled breaks)


def _box(total_bounds: Iterable[float]) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = (float(v) for v in total_bounds)
    return (minx, miny, maxx, maxy)


def _bounds(layer: Layer) -> tuple[float, float, float, float] | None:
    if isinstance(layer, AreaLayer) and layer.data is not None:
        return _box(layer.data.frame.total_bounds)
    if isinstance(layer, (OutlineLayer, PointLayer)) and layer.frame is not None:
        return _box(layer.frame.total_bounds)
    return None


def _covers(upper: tuple[float, ...], lower: tuple[float, ...] | None) -> bool:
    """Does the opaque fill with bounds ``upper`` hide everything of ``lower``?"""
    if lower is None:  # a basemap or a raster without known bounds: covered where the fill is
        return True
    span = max(upper[2] - upper[0], upper[3] - upper[1]) * COVER_TOLERANCE
    return (
        lower[0] >= upper[0] - span
        and lower[1] >= upper[1] - span
        and lower[2] <= upper[2] + span
        and lower[3] <= upper[3] + span
    )


def seen_layers(layers: list[Layer]) -> list[Layer]:
    """The layers (bottom first) a reader can actually see on the map.

    Area fills and rasters under an opaque area layer whose extent covers theirs are hidden by
    it; boundaries and points are drawn over fills, so only their own visibility counts.
    """
    drawn = [x for x in layers if x.visible and x.opacity > 0]
    out = []
    for i, layer in enumerate(drawn):
        if isinstance(layer, (AreaLayer, RasterLayer)):  # a basemap shows outside the fills
            own = _bounds(layer) if isinstance(layer, AreaLayer) else None
            above = [
                _box(x.data.frame.total_bounds)
                for x in drawn[i + 1 :]
                if isinstance(x, AreaLayer) and x.data is not None and x.opacity >= 1.0
            ]
            if any(_covers(upper, own) for upper in above):
                continue
        out.append(layer)
    return out


class LegendPending(Exception):
    """A legend asked for with ``known_only`` needs work not done yet: classifying a layer or
    reading a raster's stretch. ``layers`` names them (a job does that work)."""

    def __init__(self, layers: list[Layer]) -> None:
        super().__init__(", ".join(x.name for x in layers))
        self.layers = layers


def legend_blocks(
    layers: list[Layer],
    focus_areas: list | None = None,
    raster_range: Callable | None = None,
    known_only: bool = False,
) -> list[LegendBlock]:
    """Blocks for what can be seen, top layer first: fills, rasters, focus areas, boundaries,
    points. ``raster_range(path, vmin, vmax)`` gives a raster's stretch (the renderer's).

    ``known_only``: classify nothing and read no raster (the GUI thread): ``raster_range`` then
    returns None for a stretch not read yet, and :class:`LegendPending` is raised, naming every
    layer whose work is missing."""
    seen = list(reversed(seen_layers(list(layers))))
    blocks: list[LegendBlock] = []
    pending: list[Layer] = []
    for layer in seen:
        if isinstance(layer, AreaLayer) and layer.data is not None:
            symbology = layer.known_symbology() if known_only else layer.symbology()
            if symbology is None:
                pending.append(layer)
            else:
                blocks.append(area_block(layer, symbology))
    for layer in seen:
        if isinstance(layer, RasterLayer) and layer.path is not None:
            if known_only and (
                raster_range is None or raster_range(layer.path, layer.vmin, layer.vmax) is None
            ):
                pending.append(layer)
                continue
            try:
                blocks.append(raster_block(layer, raster_range))
            except WijkkaartError as exc:  # the file went away: say so in the legend
                blocks.append(LegendBlock(layer.name, [], note=str(exc)))
    focus = [a for a in focus_areas or [] if a.geometry is not None and not a.geometry.is_empty]
    if focus:
        blocks.append(
            LegendBlock(
                ui("legend_focus_areas"),
                [LegendEntry(_colour(a.colour, "#e6007e"), a.name) for a in focus],
                symbol="line",
                line_widths=[3.0] * len(focus),
            )
        )
    outlines = [x for x in seen if isinstance(x, OutlineLayer) and x.frame is not None]
    if outlines:
        blocks.append(
            LegendBlock(
                ui("legend_outlines"),
                [LegendEntry(_colour(x.colour, "#333333"), x.name) for x in outlines],
                symbol="line",
                line_widths=[float(x.width) for x in outlines],
            )
        )
    for layer in seen:
        if isinstance(layer, PointLayer) and layer.frame is not None:
            blocks.append(point_block(layer))
    if pending:
        raise LegendPending(pending)
    return blocks


def area_block(layer: AreaLayer, symbology: Symbology | None = None) -> LegendBlock:
    """The block of an area layer; its classification is made here unless it is given."""
    symbology = symbology if symbology is not None else layer.symbology()
    style = layer.style
    used = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
    assert layer.data is not None
    note = ui("illustrative_note") if set(used) & layer.data.illustrative else ""
    bivariate = None
    axis_values = None
    cat = catalogue()
    if isinstance(style, BivariateStyle):
        bivariate = (
            cat[style.x].label if style.x in cat else style.x,
            cat[style.y].label if style.y in cat else style.y,
        )
        axis_values = _axis_values(layer, symbology.breaks)
    sources = sorted({s for i in used if (s := source_of(layer.data, i))})
    source = f"{ui('source')}: {'; '.join(sources)}" if sources else ""
    return LegendBlock(
        symbology.title,
        symbology.legend,
        bivariate,
        note,
        source,
        axis_values=axis_values,
        caption=layer.legend_caption,
    )


def _axis_values(layer: AreaLayer, breaks: list[float]) -> tuple[list[str], list[str]] | None:
    """The class bounds along x and y ('≤ 24', '≤ 51', '≤ 98'), as the grid's tick labels."""
    if len(breaks) < 2 or len(breaks) % 2:
        return None
    from wijkkaart.layers.formatting import format_value

    half = len(breaks) // 2
    style = layer.style
    assert isinstance(style, BivariateStyle)
    xs = [format_value(style.x, v) or format_number(v, 0) for v in breaks[:half]]
    ys = [format_value(style.y, v) or format_number(v, 0) for v in breaks[half:]]
    return xs, ys


def _colour(value: object, fallback: str) -> str:
    return value if isinstance(value, str) and _HEX.match(value) else fallback


def point_block(layer: PointLayer) -> LegendBlock:
    """The layer's name over its symbol and the number of points."""
    assert layer.frame is not None
    count = ui("points_count", n=format_number(len(layer.frame), 0))
    source = layer.source.get("attribution") or layer.source.get("source")
    source = f"{ui('source')}: {source}" if isinstance(source, str) and source else ""
    symbol = layer.symbol if layer.symbol in ("circle", "square", "triangle") else "circle"
    colour = _colour(layer.colour.lower() if isinstance(layer.colour, str) else None, "#7b3294")
    return LegendBlock(layer.name, [LegendEntry(colour, count)], source=source, symbol=symbol)


def raster_block(layer: RasterLayer, raster_range: Callable | None = None) -> LegendBlock:
    """Five steps of the raster's ramp between the values it is stretched over."""
    from wijkkaart.layers.style import ramp_colours

    stretch = raster_range or raster_stretch.raster_range  # the renderer's too, kept
    assert layer.path is not None
    lo, hi = stretch(layer.path, layer.vmin, layer.vmax)
    try:
        colours = ramp_colours(layer.ramp, 5)
    except (ValueError, KeyError, TypeError):
        colours = ramp_colours("Blues", 5)
    steps = [lo + (hi - lo) * i / 4 for i in range(5)]
    decimals = 2 if hi - lo < 10 else 0
    entries = [
        LegendEntry(c, format_number(v, decimals)) for c, v in zip(colours, steps, strict=True)
    ]
    return LegendBlock(layer.name, entries)


def legend_colours(blocks: list[LegendBlock]) -> list[str]:
    """Every colour the legend shows (to check that none was dropped from a page)."""
    return [e.colour for b in blocks for e in b.entries]
