"""Where each element of a printed page goes: rectangles in millimetres, Qt-free.

The default places a map frame with the legend and profile table beside it (landscape) or below
it (portrait). A user can move and resize elements in the export preview; those moves are kept
as fractions of the page (so a layout survives a change of paper size) in the project's print
settings, and saved templates (A4 report, A3 wall map, A0 poster) are such layouts with a paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

Rect = tuple[float, float, float, float]  # x, y, width, height in mm from the top left

MARGIN_MM = 10.0
SNAP_MM = 4.0  # an edge this close to a margin (or the map frame) snaps onto it
MOVABLE = ("title", "legend", "table", "overview", "scalebar", "north", "trend")
ELEMENTS = ("title", "map", "legend", "table", "overview", "scalebar", "north", "footer", "trend")
MIN_SIZE_MM = 8.0


@dataclass(frozen=True)
class Template:
    key: str  # stored in the project and accepted by the CLI's --template
    label_key: str  # messages.UI key
    paper: str
    orientation: str


TEMPLATES = {
    "a4-rapport": Template("a4-rapport", "print_template_a4_report", "A4", "portrait"),
    "a3-wandkaart": Template("a3-wandkaart", "print_template_a3_wall", "A3", "landscape"),
    "a0-poster": Template("a0-poster", "print_template_a0_poster", "A0", "portrait"),
}


def default_layout(
    width: float,
    height: float,
    text_scale: float,
    subtitle: bool,
    below_map: float | None = None,
    trend: bool = False,
) -> dict[str, Rect]:
    """The standard page for ``width`` x ``height`` mm; every element has a rectangle.

    ``trend``: the page carries trend charts and a goals table ("trend"): a band under the map
    (landscape) or at the foot of the page (portrait); the map keeps the rest of its frame.

    ``below_map`` (portrait): the height the legend needs under the map when there is no table,
    so the map takes the rest of the page instead of leaving it empty.
    """
    m = MARGIN_MM
    title_h = (20 if subtitle else 14) * text_scale
    footer_h = 11 * text_scale
    top = m + title_h
    body_h = height - 2 * m - title_h - footer_h
    rects: dict[str, Rect] = {"title": (m, m, width - 2 * m, title_h)}
    if height > width:  # portrait: map on top over the full width, legend and table below
        map_h = body_h * (0.45 if trend else 0.6)
        if below_map is not None and not trend:
            map_h = min(max(body_h - below_map - 5, map_h), body_h * 0.8)
        rects["map"] = (m, top, width - 2 * m, map_h)
        below = top + map_h + 5
        half = (width - 2 * m - 5) / 2
        under = body_h * 0.22 if trend else top + body_h - below
        rects["legend"] = (m, below, half, under)
        rects["table"] = (m + half + 5, below, half, under)
        if trend:
            band = below + under + 4
            rects["trend"] = (m, band, width - 2 * m, top + body_h - band)
    else:
        side_w = min(max(62 * text_scale, width * 0.22), width * 0.38)
        rects["map"] = (m, top, width - 2 * m - side_w - 5, body_h * (0.58 if trend else 1.0))
        if trend:
            band = top + rects["map"][3] + 4
            rects["trend"] = (m, band, rects["map"][2], top + body_h - band)
        side_x = m + rects["map"][2] + 5
        rects["legend"] = (side_x, top, side_w, body_h * 0.5)
        rects["table"] = (side_x, top + body_h * 0.5, side_w, body_h * 0.5)
    fx, fy, fw, fh = rects["map"]
    overview = min(38 * text_scale, fw * 0.25, fh * 0.4)
    rects["overview"] = (fx + fw - overview - 4, fy + fh - overview - 4, overview, overview)
    north = 9 * text_scale
    rects["north"] = (fx + fw - north - 8, fy + 4, north + 2, north * 1.55 + 2)
    rects["scalebar"] = (fx + 3, fy + fh - 5 - 9 * text_scale, fw * 0.3, 9 * text_scale)
    rects["footer"] = (m, height - m - footer_h + 2, width - 2 * m, footer_h)
    return rects


def legend_flows(layout: dict[str, list[float]] | None, rects: dict[str, Rect]) -> bool:
    """Without a user layout a table under the legend follows it directly (no gap)."""
    if layout and ("legend" in layout or "table" in layout):
        return False
    return abs(rects["legend"][0] - rects["table"][0]) < 1.0  # stacked, not side by side


def apply_layout(
    rects: dict[str, Rect], layout: dict[str, list[float]] | None, width: float, height: float
) -> dict[str, Rect]:
    """The default rectangles with the user's moves (fractions of the page) laid over them."""
    out = dict(rects)
    for name, value in (layout or {}).items():
        if name in MOVABLE and valid_fraction(value):
            x, y, w, h = value
            out[name] = (x * width, y * height, w * width, h * height)
    return out


def valid_fraction(value: object) -> bool:
    if not isinstance(value, (list, tuple)) or len(value) != 4:
        return False
    if not all(isinstance(v, (int, float)) and math.isfinite(v) for v in value):
        return False
    x, y, w, h = value
    return 0 <= x <= 1 and 0 <= y <= 1 and 0 < w <= 1 and 0 < h <= 1


def to_fraction(rect: Rect, width: float, height: float) -> list[float]:
    x, y, w, h = rect
    return [round(x / width, 5), round(y / height, 5), round(w / width, 5), round(h / height, 5)]


def snap(rect: Rect, width: float, height: float, guides: list[Rect] | None = None) -> Rect:
    """Keep ``rect`` on the page and snap its edges to the margins and to guide rectangles."""
    x, y, w, h = rect
    w = min(max(w, MIN_SIZE_MM), width - 2 * MARGIN_MM)
    h = min(max(h, MIN_SIZE_MM), height - 2 * MARGIN_MM)
    xs = [MARGIN_MM, width - MARGIN_MM]
    ys = [MARGIN_MM, height - MARGIN_MM]
    for gx, gy, gw, gh in guides or []:
        xs += [gx, gx + gw]
        ys += [gy, gy + gh]
    x = _snap_edges(x, w, xs)
    y = _snap_edges(y, h, ys)
    x = min(max(x, 0.0), width - w)
    y = min(max(y, 0.0), height - h)
    return (x, y, w, h)


def _snap_edges(start: float, size: float, lines: list[float]) -> float:
    best, shift = SNAP_MM, 0.0
    for line in lines:
        for edge in (start, start + size):
            if abs(line - edge) < best:
                best, shift = abs(line - edge), line - edge
    return start + shift
