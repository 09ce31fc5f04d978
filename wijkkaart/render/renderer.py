"""Paint map layers with QPainter onto any paint device (screen image, PDF, PNG, SVG).

The same :func:`render` draws the canvas and every export, so the print matches the screen.
Rendering has two steps, after QGIS's ``QgsMapRendererJob``: :func:`capture` reads the (mutable)
layer model on the GUI thread into immutable :class:`LayerState` values, and nothing more;
:func:`prepare` turns those into :class:`RenderItem` snapshots (classification, raster reading,
drawable geometry) and may run in a worker thread, as may painting onto a QImage.
All caches live in a :class:`GeometryStore`, keyed on (layer uid, data version, style) and
bounded, so memory does not grow when analyses are re-run.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict, cast

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
    QTransform,
)

from wijkkaart.io.raster_band import file_stamp, read_band
from wijkkaart.layers.model import (
    AreaLayer,
    BasemapLayer,
    Layer,
    OutlineLayer,
    PointLayer,
    RasterLayer,
)
from wijkkaart.layers.raster_stretch import (  # noqa: F401 (known_raster_range: for callers)
    finite_or_none,
    known_raster_range,
    raster_range,
)
from wijkkaart.layers.style import MISSING_COLOUR, ramp_colours
from wijkkaart.layers.symbology_cache import SYMBOLOGIES
from wijkkaart.lru import LruCache
from wijkkaart.render.basemap import draw_basemap
from wijkkaart.render.geometry import GeometryCache
from wijkkaart.render.points import halo_px, paint_symbols, symbol_px
from wijkkaart.render.viewport import Viewport

logger = logging.getLogger(__name__)

HATCH_COLOUR = QColor("#6b6b6b")
LABEL_FONT = "DejaVu Sans"
LABEL_COLOUR = "#1a1a1a"
ODD_EVEN = Qt.FillRule.OddEvenFill
CANCEL_EVERY = 512  # polygons painted between two looks at the cancel flag
DENSE_AREAS = 3_000  # from this many areas in view the canvas looks their colours up per pixel


class RenderCancelled(Exception):
    """Raised inside a render when its job was cancelled; never reaches the user."""


@dataclass
class RenderItem:
    """Everything needed to paint one layer, detached from the (mutable) layer model."""

    kind: str
    opacity: float
    cache: GeometryCache | None = None
    colours: list[QColor | None] = field(default_factory=list)
    outline: QColor | None = None
    outline_width: float = 0.0
    labels: list[str] | None = None
    image: QImage | None = None
    image_bounds: tuple[float, float, float, float] | None = None
    basemap_style: str = ""
    xy: np.ndarray | None = None  # points: (n, 2) RD New coordinates
    symbol: str = "circle"
    size_mm: float = 2.2


@dataclass(frozen=True)
class LayerState:
    """One layer as it was when a render was asked for: plain values and references to data.

    Data objects (frames, AreaData) are never mutated in place (a change attaches a new one and
    bumps the layer's data version), so holding a reference is a consistent snapshot.
    """

    kind: str
    uid: int
    version: int
    opacity: float
    data: Any = None  # AreaData (areas), GeoDataFrame (outline, points), Path (raster), geometry
    style: Any = None  # Style (areas); basemap style name; raster (ramp, vmin, vmax)
    labels: bool | str | None = None  # areas: on/off; outline/points: label field
    colour: str = ""
    width: float = 0.0
    symbol: str = "circle"
    size_mm: float = 2.2
    name: str = ""


POINT_COLOUR = "#7b3294"
POINT_LABEL_LIMIT = 1_500  # more visible points than this are too dense to label


def _version(layer: Layer) -> int:
    return int(layer.data_version)


class GeometryStore:
    """Bounded caches for drawing: geometry, point coordinates, labels, classes, raster images.

    Keys are (layer uid, data version, id(data), ...); each entry holds the data it was made
    from, so an id in a key always names a live object. Old data versions fall out (LRU), so a
    re-run analysis replaces its layer's caches instead of adding to them.
    """

    def __init__(self, limit: int = 12) -> None:
        self.geometry: LruCache[tuple[object, GeometryCache]] = LruCache(limit)
        self.points: LruCache[tuple[object, np.ndarray]] = LruCache(limit)
        self.labels: LruCache[tuple[object, list[str]]] = LruCache(limit)
        self.symbology: LruCache[tuple[object, list[QColor | None]]] = LruCache(limit * 2)
        self.rasters: LruCache[tuple[QImage, tuple[float, float, float, float]]] = LruCache(6)
        self.focus: LruCache[tuple[object, GeometryCache]] = LruCache(64)
        self.images: LruCache[tuple[object, QImage]] = LruCache(8)
        # the canvas's outline layers as images of the view they were drawn for (render_image)
        self.outlines: LruCache[tuple[object, QImage]] = LruCache(4)

    def held(self) -> list[object]:
        """The data objects the caches hold (for tests of memory: old versions must go)."""
        out: list[object] = []
        for cache in (self.geometry, self.points, self.labels, self.symbology):
            out += [entry[0] for entry in cache.values()]
        return out

    def cache_for(self, owner: object, geometries: np.ndarray, key: tuple = ()) -> GeometryCache:
        """The drawable geometry of ``owner`` (a frame), made once per key.

        ``key`` is (layer uid, data version). A new version of a layer replaces the old one's
        entries; when only columns changed (an analysis re-run: the very same geometry objects,
        or a copy of the layer for print), the drawable geometry is reused, not rebuilt.
        """
        full = (*key, id(owner))
        hit = self.geometry.get(full)
        if hit is not None and hit[0] is owner:
            return hit[1]
        cache = self._same_geometry(geometries) or GeometryCache(geometries)
        self._forget_older(key)
        return self.geometry.put(full, (owner, cache))[1]

    def _same_geometry(self, geometries: np.ndarray) -> GeometryCache | None:
        """A cache made from these very geometry objects (same layer re-run, or a print copy)."""
        for _, cache in self.geometry.values():
            old = cache.geometries
            if len(old) == len(geometries) and all(
                a is b for a, b in zip(old, geometries, strict=True)
            ):
                return cache
        return None

    def _forget_older(self, key: tuple) -> None:
        """Drop every cache of an older data version of this layer (uid 0: not a layer)."""
        if len(key) < 2 or key[0] == 0:
            return
        uid, version = key[0], key[1]

        def older(other: object) -> bool:
            return isinstance(other, tuple) and other[0] == uid and other[1] != version

        for cache in (self.geometry, self.points, self.labels, self.symbology):
            cache.drop(older)

    def focus_cache(self, geometry: object) -> GeometryCache:
        hit = self.focus.get(id(geometry))
        if hit is None or hit[0] is not geometry:
            cache = GeometryCache(np.array([geometry], dtype=object))
            hit = self.focus.put(id(geometry), (geometry, cache))
        return hit[1]

    def points_for(self, frame: object, key: tuple = ()) -> np.ndarray:
        """(n, 2) coordinates of a point frame (NaN for a missing point), computed once."""
        full = (*key, id(frame))
        hit = self.points.get(full)
        if hit is None or hit[0] is not frame:
            self._forget_older(key)
            hit = self.points.put(full, (frame, point_coordinates(frame)))
        return hit[1]

    def labels_for(self, frame: Any, column: str, key: tuple = ()) -> list[str]:
        full = (*key, id(frame), column)
        hit = self.labels.get(full)
        if hit is None or hit[0] is not frame:
            values = ["" if pd_missing(v) else str(v) for v in frame[column].tolist()]
            hit = self.labels.put(full, (frame, values))
        return hit[1]

    def colours_for(self, data: Any, style: Any, key: tuple = ()) -> list[QColor | None]:
        """Fill colours per area (None = missing): classified once per data version and style."""
        full = (*key, id(data), style)
        hit = self.symbology.get(full)
        if hit is None or hit[0] is not data:
            # the shared classification: the legend panel reads the same one, never reclassifies
            uid, version = (key[0], key[1]) if len(key) >= 2 else (0, 0)
            names = SYMBOLOGIES.get(uid, version, data, style).colours
            palette = {c: QColor(c) for c in set(names) if c}
            hit = self.symbology.put(full, (data, [palette[c] if c else None for c in names]))
        return hit[1]

    def raster_for(
        self, path: Path, style: tuple[str, Any, Any]
    ) -> tuple[QImage, tuple[float, float, float, float]]:
        ramp, vmin, vmax = style
        key = (str(path), file_stamp(path), ramp, finite_or_none(vmin), finite_or_none(vmax))
        return self.rasters.get_or_make(key, lambda: colour_raster(path, ramp, vmin, vmax))


def point_coordinates(frame: Any) -> np.ndarray:
    """(n, 2) coordinates of a point frame; a MultiPoint is drawn at its first point."""
    import shapely

    geoms = frame.geometry.to_numpy()
    xy = np.full((len(geoms), 2), np.nan)
    multi = shapely.get_type_id(geoms) == 4
    geoms = np.where(multi, shapely.get_point(geoms, 0), geoms)
    present = shapely.get_type_id(geoms) == 0
    present[present] = ~shapely.is_empty(geoms[present])
    if present.any():
        xy[present, 0] = shapely.get_x(geoms[present])
        xy[present, 1] = shapely.get_y(geoms[present])
    return xy


class _Common(TypedDict):
    """The fields every captured layer has."""

    uid: int
    version: int
    opacity: float


def capture(layers: list[Layer], focus_areas: Any = None) -> tuple[LayerState, ...]:
    """The visible layers as values, bottom first, then focus areas (GUI thread: cheap reads only).

    No classification, no file reading, no geometry work happens here.
    """
    states: list[LayerState] = []
    for layer in layers:
        if not layer.visible or layer.opacity <= 0:
            continue
        common = _Common(uid=layer.uid, version=_version(layer), opacity=float(layer.opacity))
        if isinstance(layer, AreaLayer) and layer.data is not None:
            states.append(
                LayerState(
                    "areas",
                    **common,
                    data=layer.data,
                    style=layer.style,
                    labels=bool(layer.labels),
                    colour=str(layer.outline),
                    width=0.6,
                )
            )
        elif isinstance(layer, OutlineLayer) and layer.frame is not None:
            states.append(
                LayerState(
                    "outline",
                    **common,
                    data=layer.frame,
                    labels=layer.label_field,
                    colour=str(layer.colour),
                    width=float(layer.width),
                )
            )
        elif isinstance(layer, PointLayer) and layer.frame is not None:
            states.append(
                LayerState(
                    "points",
                    **common,
                    data=layer.frame,
                    labels=layer.label_field,
                    colour=layer.colour if isinstance(layer.colour, str) else "",
                    symbol=str(layer.symbol),
                    size_mm=layer.size_mm if isinstance(layer.size_mm, (int, float)) else 2.2,
                )
            )
        elif isinstance(layer, BasemapLayer):
            states.append(LayerState("basemap", **common, style=layer.style))
        elif isinstance(layer, RasterLayer) and layer.path is not None:
            states.append(
                LayerState(
                    "raster",
                    **common,
                    data=Path(layer.path),
                    style=(layer.ramp, layer.vmin, layer.vmax),
                )
            )
    for area in focus_areas or []:
        if area.geometry is None or area.geometry.is_empty:
            continue
        states.append(
            LayerState(
                "focus", 0, 0, 1.0, data=area.geometry, colour=str(area.colour), name=area.name
            )
        )
    return tuple(states)


def prepare(
    states: tuple[LayerState, ...] | list[LayerState],
    store: GeometryStore,
    cancelled: Callable[[], bool] | None = None,
) -> list[RenderItem]:
    """Render items for captured layers: classes, raster images and geometry (worker-safe).

    Points go on top of every fill and boundary, as in a GIS: a facility under a thick focus
    outline would be lost. Among themselves point layers keep their order.
    """
    items: list[RenderItem] = []
    points: list[RenderItem] = []
    for state in states:
        if cancelled is not None and cancelled():
            raise RenderCancelled
        key = (state.uid, state.version)
        if state.kind == "areas":
            frame = state.data.frame
            cache = store.cache_for(frame, frame.geometry.to_numpy(), key)
            colours = store.colours_for(state.data, state.style, key)
            labels = store.labels_for(frame, "naam", key) if state.labels else None
            items.append(
                RenderItem(
                    "areas", state.opacity, cache, colours, QColor(state.colour), 0.6, labels
                )
            )
        elif state.kind == "outline":
            frame = state.data
            cache = store.cache_for(frame, frame.geometry.to_numpy(), key)
            field_name = state.labels
            labels = (
                store.labels_for(frame, field_name, key)
                if isinstance(field_name, str) and field_name in frame
                else None
            )
            items.append(
                RenderItem(
                    "outline",
                    state.opacity,
                    cache,
                    [],
                    QColor(state.colour),
                    state.width,
                    labels,
                )
            )
        elif state.kind == "points":
            points.append(_point_item(state, store))
        elif state.kind == "basemap":
            items.append(RenderItem("basemap", state.opacity, basemap_style=state.style))
        elif state.kind == "raster":
            image, bounds = store.raster_for(state.data, state.style)
            items.append(RenderItem("raster", state.opacity, image=image, image_bounds=bounds))
        elif state.kind == "focus":
            cache = store.focus_cache(state.data)
            items.append(
                RenderItem("focus", 1.0, cache, [], QColor(state.colour), 3.0, [state.name])
            )
    return items + points


def snapshot(
    layers: list[Layer], store: GeometryStore, focus_areas: Any = None
) -> list[RenderItem]:
    """:func:`capture` and :func:`prepare` in one go (exports and tests on one thread)."""
    return prepare(capture(layers, focus_areas), store)


def _point_item(state: LayerState, store: GeometryStore) -> RenderItem:
    frame = state.data
    colour = QColor(state.colour) if state.colour else QColor()
    if not colour.isValid():
        colour = QColor(POINT_COLOUR)
    key = (state.uid, state.version)
    field_name = state.labels
    labels = None
    if isinstance(field_name, str) and field_name in frame:
        labels = store.labels_for(frame, field_name, key)
    size = state.size_mm
    size = min(max(float(size), 0.5), 20.0) if math.isfinite(size) else 2.2
    return RenderItem(
        "points",
        state.opacity,
        outline=colour,
        labels=labels,
        xy=store.points_for(frame, key),
        symbol=state.symbol,
        size_mm=size,
    )


def pd_missing(value: object) -> bool:
    """None or NaN: a label cell with nothing to show."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def world_transform(viewport: Viewport) -> QTransform:
    minx, _, _, maxy = viewport.bounds
    r = viewport.resolution
    return QTransform(1 / r, 0, 0, -1 / r, -minx / r, maxy / r)


def render(
    painter: QPainter,
    items: list[RenderItem],
    viewport: Viewport,
    background: QColor | None = None,
    pixel_ratio: float = 1.0,
    detail: float | None = None,
    label_size: float = 8.0,
    cancelled: Callable[[], bool] | None = None,
    outline_images: LruCache | None = None,
) -> list[tuple[str, int, int, int]]:
    """Paint ``items`` for ``viewport`` onto the painter's device (pixels = viewport pixels).

    Returns the basemap tiles that were not in the cache (style, z, x, y), to fetch later.
    ``pixel_ratio`` scales line widths, hatching and labels for print (device pixels per screen
    pixel); ``detail`` is the map resolution geometry is simplified to (default: one pixel).
    ``cancelled`` is asked between layers and every few hundred polygons; when it says yes the
    render stops with :class:`RenderCancelled`. With ``outline_images`` (the canvas) an outline
    layer is drawn once per view into an image of its own and reused while only other layers
    change: a year step of the year bar redraws the fills, not 14,000 unchanged boundary rings;
    and a view of many areas (a national map) keeps an image of which area each pixel shows, so
    a new colouring is a lookup per pixel instead of 14,500 polygons drawn again.
    """
    stop = cancelled or _never
    painter.save()  # restored even when a layer fails, so the caller's painter stays usable
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if background is not None:
            painter.fillRect(QRectF(0, 0, viewport.width, viewport.height), background)
        base = painter.transform()  # where the caller placed the map (print frames)
        transform = world_transform(viewport) * base
        placed: list[QRectF] = []
        label_jobs = []
        missing_tiles: list[tuple[str, int, int, int]] = []
        for item in items:
            if stop():
                raise RenderCancelled
            painter.setOpacity(item.opacity)
            if item.kind == "basemap":
                painter.setTransform(transform)
                missing = draw_basemap(painter, item.basemap_style, viewport)
                missing_tiles += [(item.basemap_style, *tile) for tile in missing]
            elif item.kind == "raster":
                _draw_raster(painter, item, transform)
            elif item.kind == "areas" and outline_images is not None and pixel_ratio == 1.0:
                _draw_areas_on_screen(
                    painter, item, viewport, transform, base, detail, outline_images, stop
                )
            elif item.kind == "areas":
                _draw_areas(painter, item, viewport, transform, pixel_ratio, detail, stop)
            elif item.kind == "outline" and outline_images is not None and pixel_ratio == 1.0:
                _draw_outline_image(painter, item, viewport, base, detail, outline_images, stop)
            elif item.kind in ("outline", "focus"):
                _draw_outlines(painter, item, viewport, transform, pixel_ratio, detail, stop)
            elif item.kind == "points":
                painter.setTransform(base)
                _draw_points(painter, item, viewport, pixel_ratio)
            if item.labels is not None:
                label_jobs.append(item)
        painter.setOpacity(1.0)
        painter.setTransform(base)
        for item in reversed(label_jobs):  # top layer's labels win space first
            if item.kind == "points":
                _draw_point_labels(painter, item, viewport, placed, pixel_ratio, label_size)
                continue
            _draw_labels(
                painter,
                item,
                viewport,
                placed,
                item.kind in ("outline", "focus"),
                pixel_ratio,
                label_size,
            )
    finally:
        painter.restore()
    return missing_tiles


def _never() -> bool:
    return False


def _draw_areas(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    transform: QTransform,
    pixel_ratio: float = 1.0,
    detail: float | None = None,
    stop: Callable[[], bool] = _never,
) -> None:
    # areas, outline and focus items carry both (a cast: a broken item still fails as before)
    cache, outline = cast(GeometryCache, item.cache), cast(QColor, item.outline)
    visible = cache.visible(viewport.bounds)
    parts = cache.parts(detail or viewport.resolution, visible)
    pen = QPen(outline, item.outline_width * pixel_ratio)
    pen.setCosmetic(True)
    painter.setTransform(transform)
    painter.setPen(pen)
    hatched = _fill_areas(painter, item, visible, parts, stop)
    if hatched:
        _hatch(painter, item, viewport, transform, detail, hatched, pixel_ratio)


def _fill_areas(
    painter: QPainter,
    item: RenderItem,
    visible: np.ndarray,
    parts: list[list],
    stop: Callable[[], bool],
) -> list[int]:
    """Fill the visible areas in their colours with the painter's pen (grey where an area has
    no figures); the numbers of the grey ones, to be hatched."""
    missing_colour = QColor(MISSING_COLOUR)
    hatched = []
    for n, i in enumerate(visible.tolist()):
        if n % CANCEL_EVERY == 0 and stop():
            raise RenderCancelled
        colour = item.colours[i] if i < len(item.colours) else None
        if colour is None:
            painter.setBrush(missing_colour)
            hatched.append(i)
        else:
            painter.setBrush(colour)
        for part in parts[i]:
            _fill_part(painter, part)
    return hatched


def _draw_areas_on_screen(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    transform: QTransform,
    base: QTransform,
    detail: float | None,
    images: LruCache,
    stop: Callable[[], bool],
) -> None:
    """Areas on the canvas: drawn as vectors, or, with many in view, looked up per pixel.

    The lookup keeps, per view, an image of area numbers (drawn without antialiasing) and one of
    their outlines (with it); a render colours the numbers through a table of the areas' colours
    (numpy), lays the outlines on top and hatches the areas without figures as before.
    """
    assert item.cache is not None and item.outline is not None
    visible = item.cache.visible(viewport.bounds)
    if len(visible) < DENSE_AREAS:
        _draw_areas_crisp(painter, item, visible, transform, viewport, detail, stop)
        return
    key = ("areas", id(item.cache), item.outline.rgba(), item.outline_width, viewport, detail)
    hit = images.get(key)
    if hit is None or hit[0] is not item.cache:
        made = _area_numbers(item, viewport, transform, visible, detail, stop)
        hit = images.put(key, (item.cache, made))  # holds the geometry its id names
    numbers, edges = hit[1]
    table = np.zeros(len(item.colours) + 1, dtype=np.uint32)  # 0: no area (transparent)
    missing = QColor(MISSING_COLOUR).rgba()
    table[1:] = [c.rgba() if c is not None else missing for c in item.colours]
    pixels = np.ascontiguousarray(table[numbers])
    height, width = pixels.shape
    fills = QImage(pixels.data, width, height, width * 4, QImage.Format.Format_ARGB32)
    painter.save()
    try:
        painter.setTransform(base)
        painter.drawImage(QPointF(0, 0), fills)
        hatched = [i for i in visible.tolist() if i < len(item.colours) and item.colours[i] is None]
        if hatched:
            _hatch(painter, item, viewport, transform, detail, hatched)
        painter.setTransform(base)
        painter.drawImage(QPointF(0, 0), edges)
    finally:
        painter.restore()


def _draw_areas_crisp(
    painter: QPainter,
    item: RenderItem,
    visible: np.ndarray,
    transform: QTransform,
    viewport: Viewport,
    detail: float | None,
    stop: Callable[[], bool],
) -> None:
    """Areas on the canvas as vectors, painted as the per-pixel lookup paints many: fills
    without antialiasing, the areas without figures hatched, then every outline antialiased on
    top. The outline covers the fill's edge, so antialiasing the fills too only cost time: it
    was 40 % of a new zoom level's CPU. Neighbours now meet without the light seam that two
    antialiased edges leave, and a view looks the same on either side of ``DENSE_AREAS``."""
    assert item.cache is not None and item.outline is not None
    parts = item.cache.parts(detail or viewport.resolution, visible)
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setTransform(transform)
        painter.setPen(Qt.PenStyle.NoPen)
        hatched = _fill_areas(painter, item, visible, parts, stop)
    finally:
        painter.restore()
    if hatched:
        _hatch(painter, item, viewport, transform, detail, hatched)
    pen = QPen(item.outline, item.outline_width)
    pen.setCosmetic(True)
    painter.setTransform(transform)
    painter.setPen(pen)
    _stroke_areas(painter, visible, parts, stop)


def _area_numbers(
    item: RenderItem,
    viewport: Viewport,
    transform: QTransform,
    visible: np.ndarray,
    detail: float | None,
    stop: Callable[[], bool],
) -> tuple[np.ndarray, QImage]:
    """(area number + 1 per pixel, 0 outside every area; the outlines as an image) of a view."""
    assert item.cache is not None and item.outline is not None
    parts = item.cache.parts(detail or viewport.resolution, visible)
    ids = QImage(viewport.width, viewport.height, QImage.Format.Format_RGB32)
    ids.fill(QColor(0, 0, 0))
    edges = QImage(viewport.width, viewport.height, QImage.Format.Format_ARGB32_Premultiplied)
    edges.fill(Qt.GlobalColor.transparent)
    numbers = QPainter(ids)
    lines = QPainter(edges)
    try:
        numbers.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        numbers.setTransform(transform)
        numbers.setPen(Qt.PenStyle.NoPen)
        lines.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        lines.setTransform(transform)
        pen = QPen(item.outline, item.outline_width)
        pen.setCosmetic(True)
        lines.setPen(pen)
        lines.setBrush(Qt.BrushStyle.NoBrush)
        for n, i in enumerate(visible.tolist()):
            if n % CANCEL_EVERY == 0 and stop():
                raise RenderCancelled
            number = i + 1
            numbers.setBrush(QColor((number >> 16) & 255, (number >> 8) & 255, number & 255))
            for part in parts[i]:
                _fill_part(numbers, part)
                for ring in part:
                    lines.drawPolygon(ring)
    finally:
        numbers.end()
        lines.end()
    raw = np.frombuffer(ids.constBits(), dtype=np.uint32)
    raw = raw.reshape(ids.height(), ids.bytesPerLine() // 4)[:, : ids.width()]
    return (raw & 0xFFFFFF).astype(np.int32), edges


def _hatch(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    transform: QTransform,
    detail: float | None,
    hatched: list[int],
    pixel_ratio: float = 1.0,
) -> None:
    """The areas without figures hatched over their grey.

    In device space, so the stripes keep their spacing at every zoom level: the brush undoes
    the world transform (cheaper than mapping every ring to pixels); on paper scaled by the
    print's ``pixel_ratio``."""
    assert item.cache is not None
    parts = item.cache.parts(detail or viewport.resolution, np.asarray(hatched))
    painter.setTransform(transform)
    painter.setPen(Qt.PenStyle.NoPen)
    brush = QBrush(HATCH_COLOUR, Qt.BrushStyle.BDiagPattern)
    inverse, invertible = transform.inverted()
    if invertible:
        brush.setTransform(QTransform.fromScale(pixel_ratio, pixel_ratio) * inverse)
    painter.setBrush(brush)
    for i in hatched:
        for part in parts[i]:
            _fill_part(painter, part)


def _fill_part(painter: QPainter, part: list) -> None:
    if len(part) == 1:
        # Odd-even is drawPolygon's default; passing it explicitly makes PySide6 pick a slower
        # overload (0.21 s instead of 0.09 s for 14,500 buurten, measured).
        painter.drawPolygon(part[0])
        return
    path = QPainterPath()
    path.setFillRule(ODD_EVEN)
    for ring in part:
        path.addPolygon(ring)
    painter.drawPath(path)


def _draw_outline_image(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    base: QTransform,
    detail: float | None,
    images: LruCache,
    stop: Callable[[], bool],
) -> None:
    """An outline layer as a transparent image of this view, made once (see ``render``)."""
    assert item.cache is not None and item.outline is not None
    key = (id(item.cache), item.outline.rgba(), item.outline_width, viewport, detail)
    hit = images.get(key)
    if hit is None or hit[0] is not item.cache:
        image = QImage(viewport.width, viewport.height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        inner = QPainter(image)
        try:
            inner.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            _draw_outlines(inner, item, viewport, world_transform(viewport), 1.0, detail, stop)
        finally:
            inner.end()
        hit = images.put(key, (item.cache, image))  # holds the geometry its id names
    painter.setTransform(base)
    painter.drawImage(QPointF(0, 0), hit[1])


def _draw_outlines(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    transform: QTransform,
    pixel_ratio: float = 1.0,
    detail: float | None = None,
    stop: Callable[[], bool] = _never,
) -> None:
    # areas, outline and focus items carry both (a cast: a broken item still fails as before)
    cache, outline = cast(GeometryCache, item.cache), cast(QColor, item.outline)
    visible = cache.visible(viewport.bounds)
    parts = cache.parts(detail or viewport.resolution, visible)
    pen = QPen(outline, item.outline_width * pixel_ratio)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setTransform(transform)
    painter.setPen(pen)
    _stroke_areas(painter, visible, parts, stop)


def _stroke_areas(
    painter: QPainter, visible: np.ndarray, parts: list[list], stop: Callable[[], bool]
) -> None:
    """Every ring of the visible areas in the painter's pen, without a fill."""
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for n, i in enumerate(visible.tolist()):
        if n % CANCEL_EVERY == 0 and stop():
            raise RenderCancelled
        for part in parts[i]:
            for ring in part:
                painter.drawPolygon(ring)


_LABEL_IMAGES: dict[tuple[str, bool, float], QImage] = {}
_LABEL_LOCK = threading.Lock()
_HALO_OFFSETS = [(dx, dy) for dx in (-1.5, 0, 1.5) for dy in (-1.5, 0, 1.5) if dx or dy]


def _label_image(text: str, bold: bool, point_size: float = 8.0) -> QImage:
    """The text with a white halo, rendered once and reused (stroking paths is slow)."""
    key = (text, bold, point_size)
    with _LABEL_LOCK:
        image = _LABEL_IMAGES.get(key)
    if image is not None:
        return image
    font = QFont(LABEL_FONT)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    metrics = QFontMetricsF(font)
    pad = 3
    image = QImage(
        int(metrics.horizontalAdvance(text)) + 2 * pad,
        int(metrics.height()) + 2 * pad,
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setFont(font)
        x, y = pad, pad + metrics.ascent()
        # The halo is the text drawn around itself in white: cached glyphs, about ten times
        # faster than stroking the text's outline (2.3 ms a label, most of a new zoom level).
        painter.setPen(QColor(255, 255, 255, 200))
        for dx, dy in _HALO_OFFSETS:
            painter.drawText(QPointF(x + dx, y + dy), text)
        painter.setPen(QColor(LABEL_COLOUR))
        painter.drawText(QPointF(x, y), text)
    finally:
        painter.end()
    with _LABEL_LOCK:
        if len(_LABEL_IMAGES) > 20_000:
            _LABEL_IMAGES.clear()
        _LABEL_IMAGES[key] = image
    return image


_TEXT_WIDTHS: dict[tuple[str, int, int], dict[str, float]] = {}


def _text_widths(font: QFont, painter: QPainter) -> dict[str, float]:
    """Widths of names in ``font`` on the painter's device (pixels), filled as they are met.

    Shared by the render threads: a dict's get and set are atomic under the GIL, and a width
    measured twice at once is the same number."""
    device = painter.device()
    key = (font.key(), device.logicalDpiX(), device.logicalDpiY())
    with _LABEL_LOCK:
        widths = _TEXT_WIDTHS.get(key)
        if widths is None or len(widths) > 50_000:
            if len(_TEXT_WIDTHS) > 16:
                _TEXT_WIDTHS.clear()
            widths = _TEXT_WIDTHS[key] = {}
        return widths


def _draw_labels(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    placed: list[QRectF],
    bold: bool = False,
    pixel_ratio: float = 1.0,
    size: float = 8.0,
) -> None:
    """Names where they fit inside their area and do not collide; white halo for legibility.

    On screen the labels are cached images; in print (``pixel_ratio`` > 1) they are real text
    on a stroked halo (see ``_paint_text``).
    """
    font = QFont(LABEL_FONT)
    font.setPointSizeF(size)
    if pixel_ratio != 1.0:  # text paths ignore the device resolution: size them in pixels
        font.setPixelSize(max(round(size * painter.device().logicalDpiY() / 72), 1))
    font.setBold(bold)
    metrics = QFontMetricsF(font, painter.device())  # points -> pixels of this device
    widths = _text_widths(font, painter)
    cache = cast(GeometryCache, item.cache)  # labels of areas, outline and focus items
    bounds = cache.bounds
    min_px = metrics.height() * 2
    visible = cache.visible(viewport.bounds)
    wide = visible[(bounds[visible, 2] - bounds[visible, 0]) / viewport.resolution >= min_px]
    points = cache.label_points(wide)  # only areas wide enough to hold a name
    taken = _Occupied(metrics.height() * 4)  # a grid: testing every placed label was O(n²)
    for other in placed:
        taken.add(other)
    view = QRectF(0, 0, viewport.width, viewport.height)  # a name cut by the frame is no name
    for i in wide.tolist():
        text = item.labels[i] if item.labels else ""
        width_px = (bounds[i, 2] - bounds[i, 0]) / viewport.resolution
        if not text or not np.isfinite(points[i, 0]):
            continue
        text_width = widths.get(text)
        if text_width is None:  # measured once per font: it was a fifth of a labelled view
            text_width = widths[text] = metrics.horizontalAdvance(text)
        if text_width > width_px * 0.9:
            continue
        px, py = viewport.to_pixel(points[i, 0], points[i, 1])
        rect = QRectF(px - text_width / 2, py - metrics.height() / 2, text_width, metrics.height())
        if not view.contains(rect) or taken.hits(rect):
            continue
        box = rect.adjusted(-3 * pixel_ratio, -pixel_ratio, 3 * pixel_ratio, pixel_ratio)
        placed.append(box)
        taken.add(box)
        _paint_text(painter, rect, text, font, metrics, bold, pixel_ratio, size)


def _point_pixels(item: RenderItem, viewport: Viewport, margin: float) -> tuple[np.ndarray, ...]:
    """(indices, x, y) of the points within ``margin`` pixels of the view, in drawing order."""
    xy = item.xy
    if xy is None or len(xy) == 0:
        empty = np.empty(0)
        return empty.astype(int), empty, empty
    minx, _, _, maxy = viewport.bounds
    px = (xy[:, 0] - minx) / viewport.resolution
    py = (maxy - xy[:, 1]) / viewport.resolution
    with np.errstate(invalid="ignore"):
        inside = (
            (px >= -margin)
            & (px <= viewport.width + margin)
            & (py >= -margin)
            & (py <= viewport.height + margin)
        )
    index = np.flatnonzero(inside)
    return index, px[index], py[index]


def _draw_points(
    painter: QPainter, item: RenderItem, viewport: Viewport, pixel_ratio: float = 1.0
) -> None:
    size, halo = symbol_px(item.size_mm, pixel_ratio), halo_px(pixel_ratio)
    _, xs, ys = _point_pixels(item, viewport, size + halo)
    colour = item.outline or QColor(POINT_COLOUR)
    paint_symbols(
        painter, xs, ys, item.symbol, size, halo, colour, (viewport.width, viewport.height)
    )


class _Occupied:
    """Rectangles already taken on the map, in a coarse grid so a test is not O(n)."""

    def __init__(self, cell: float) -> None:
        self.cell = max(cell, 8.0)
        self.grid: dict[tuple[int, int], list[QRectF]] = {}

    def _cells(self, rect: QRectF) -> list[tuple[int, int]]:
        c = self.cell
        xs = range(math.floor(rect.left() / c), math.floor(rect.right() / c) + 1)
        ys = range(math.floor(rect.top() / c), math.floor(rect.bottom() / c) + 1)
        return [(x, y) for x in xs for y in ys]

    def hits(self, rect: QRectF) -> bool:
        return any(
            rect.intersects(other) for key in self._cells(rect) for other in self.grid.get(key, ())
        )

    def add(self, rect: QRectF) -> None:
        for key in self._cells(rect):
            self.grid.setdefault(key, []).append(rect)


def _draw_point_labels(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    placed: list[QRectF],
    pixel_ratio: float = 1.0,
    size: float = 8.0,
) -> None:
    """Labels beside their symbol (right, left, above, below: the first free place).

    A label never covers another label or another point's symbol; a dense layer (more than
    POINT_LABEL_LIMIT points in view) is not labelled at all, as it could not be read.
    """
    symbol, halo = symbol_px(item.size_mm, pixel_ratio), halo_px(pixel_ratio)
    index, xs, ys = _point_pixels(item, viewport, 0.0)
    if not item.labels or len(index) == 0 or len(index) > POINT_LABEL_LIMIT:
        return
    font = QFont(LABEL_FONT)
    font.setPointSizeF(size * 0.9)
    if pixel_ratio != 1.0:
        font.setPixelSize(max(round(size * 0.9 * painter.device().logicalDpiY() / 72), 1))
    metrics = QFontMetricsF(font, painter.device())
    height = metrics.height()
    taken = _Occupied(height * 4)
    for rect in placed:
        taken.add(rect)
    reach = symbol / 2 + halo
    for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
        taken.add(QRectF(x - reach, y - reach, 2 * reach, 2 * reach))
    gap = reach + 1.5 * pixel_ratio
    view = QRectF(0, 0, viewport.width, viewport.height)  # a label cut by the frame is no label
    for i, x, y in zip(index.tolist(), xs.tolist(), ys.tolist(), strict=True):
        text = item.labels[i] if i < len(item.labels) else ""
        if not text.strip():
            continue
        text = text if len(text) <= 60 else text[:59] + "…"
        width = metrics.horizontalAdvance(text)
        for left, top in (
            (x + gap, y - height / 2),
            (x - gap - width, y - height / 2),
            (x - width / 2, y - gap - height),
            (x - width / 2, y + gap),
        ):
            rect = QRectF(left, top, width, height)
            box = rect.adjusted(-2 * pixel_ratio, -pixel_ratio, 2 * pixel_ratio, pixel_ratio)
            if not view.contains(rect) or taken.hits(box):
                continue
            taken.add(box)
            placed.append(box)
            _paint_text(painter, rect, text, font, metrics, False, pixel_ratio, size * 0.9)
            break


def _paint_text(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    metrics: QFontMetricsF,
    bold: bool,
    pixel_ratio: float,
    size: float,
) -> None:
    """Dark text with a white halo: a cached image on screen, vector text in print."""
    if pixel_ratio == 1.0:
        painter.drawImage(QPointF(rect.left() - 3, rect.top() - 3), _label_image(text, bold, size))
        return
    # Print: real text (the PDF embeds a subset font, so a planner can search the names) on a
    # halo stroked once around the glyph outlines. The pen is opaque: Qt's PDF engine writes an
    # opaque stroke as one path and a line width, but turns a translucent one into a filled
    # outline of the stroke, four times the bytes; glyph paths for both halo and text made an
    # atlas page 0.5 MB and QPdfWriter.newPage held the GIL for ~150 ms compressing it.
    base = QPointF(rect.left(), rect.top() + metrics.ascent())
    path = QPainterPath()
    path.addText(base, font, text)
    painter.strokePath(path, _print_halo_pen(pixel_ratio))
    painter.save()
    try:
        painter.setFont(font)
        painter.setPen(QColor(LABEL_COLOUR))
        painter.drawText(base, text)
    finally:
        painter.restore()


def _print_halo_pen(pixel_ratio: float) -> QPen:
    """A white, opaque, round-joined pen 3 screen pixels wide: the halo of a printed label."""
    halo = QPen(QColor(255, 255, 255), 3 * pixel_ratio)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    halo.setCapStyle(Qt.PenCapStyle.RoundCap)
    return halo


def _draw_raster(painter: QPainter, item: RenderItem, transform: QTransform) -> None:
    image = item.image
    if image is None or image.isNull() or item.image_bounds is None:
        return
    minx, miny, maxx, maxy = item.image_bounds
    if not all(math.isfinite(v) for v in item.image_bounds) or maxx <= minx or maxy <= miny:
        return
    painter.setTransform(transform)
    # The world transform flips y; draw the image from its top-left corner at (minx, maxy).
    painter.save()
    try:
        painter.translate(minx, maxy)
        painter.scale((maxx - minx) / image.width(), -(maxy - miny) / image.height())
        painter.drawImage(QPointF(0, 0), image)
    finally:
        painter.restore()


def raster_ramp(ramp: str, k: int) -> list[str]:
    """``k`` colours of a raster's ramp; an unknown name (a hand-edited project) gives Blues."""
    try:
        return ramp_colours(ramp, k)
    except (ValueError, KeyError, TypeError) as exc:
        logger.warning("unknown colour ramp %r, using Blues: %s", ramp, exc)
        return ramp_colours("Blues", k)


def ramp_lookup(ramp: str) -> np.ndarray:
    """The ramp's colours as an (n, 3) array, to interpolate raster values in."""
    colours = [QColor(c) for c in raster_ramp(ramp, 9)]
    return np.array([(q.red(), q.green(), q.blue()) for q in colours], dtype=float)


def colour_values(data: np.ndarray, lo: float, hi: float, colours: np.ndarray) -> np.ndarray:
    """RGBA bytes (rows, cols, 4) for ``data``: ramp between lo and hi, NaN transparent."""
    valid = np.isfinite(data)
    with np.errstate(invalid="ignore", over="ignore"):
        t = np.clip((data - lo) / max(hi - lo, 1e-12), 0, 1)
    t = np.where(valid & np.isfinite(t), t, 0.0) * (len(colours) - 1)
    low = np.floor(t).astype(int)
    high = np.minimum(low + 1, len(colours) - 1)
    frac = (t - low)[..., None]
    rgb = colours[low] * (1 - frac) + colours[high] * frac
    alpha = np.where(valid, 255, 0)
    return np.ascontiguousarray(np.dstack([np.rint(rgb), alpha]).astype(np.uint8))


def rgba_image(rgba: np.ndarray) -> QImage:
    """A QImage that owns its pixels: copied while the numpy buffer is certainly alive."""
    rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
    height, width = rgba.shape[:2]
    view = QImage(rgba.data, width, height, width * 4, QImage.Format.Format_RGBA8888)
    image = view.copy()  # deep copy; ``view`` borrows ``rgba``, which lives until we return
    del view
    return image


def colour_raster(
    path: Path, ramp: str, vmin: float | None, vmax: float | None, max_size: int = 2048
) -> tuple[QImage, tuple[float, float, float, float]]:
    """The raster as a colour image (nodata, NaN and inf transparent) and its bounds."""
    data, b = read_band(Path(path), max_size, "average")
    lo, hi = raster_range(Path(path), vmin, vmax)
    image = rgba_image(colour_values(data, lo, hi, ramp_lookup(ramp)))
    return image, (b.left, b.bottom, b.right, b.top)


def outline_image(
    store: GeometryStore,
    frame: Any,
    viewport: Viewport,
    pixel_ratio: float = 1.0,
    colour: str = "#777777",
    width: float = 0.5,
) -> QImage:
    """The boundaries of ``frame`` as a transparent image, painted once per size (LRU).

    For overview maps: thousands of hairlines in a 4 cm box are a picture, not a drawing. As
    one image (the same QImage on every atlas page, which the PDF stores once) a 20-page
    national atlas no longer redraws 14,500 outlines per page (5 s and 15 MB of PDF).
    """
    key = (id(frame), viewport, pixel_ratio, colour, width)
    hit = store.images.get(key)
    if hit is not None and hit[0] is frame:
        return hit[1]
    image = QImage(viewport.width, viewport.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    layer = OutlineLayer(name="", colour=colour, width=width).attach(frame)
    painter = QPainter(image)
    try:
        render(painter, snapshot([layer], store), viewport, None, pixel_ratio)
    finally:
        painter.end()
    return store.images.put(key, (frame, image))[1]


def render_image(
    items: list[RenderItem], viewport: Viewport, background: QColor | None = None
) -> QImage:
    """Render into a new ARGB image the size of the viewport."""
    return render_image_and_missing(items, viewport, background)[0]


def render_image_and_missing(
    items: list[RenderItem],
    viewport: Viewport,
    background: QColor | None = None,
    cancelled: Callable[[], bool] | None = None,
    outline_images: LruCache | None = None,
) -> tuple[QImage, list[tuple[str, int, int, int]]]:
    """Render into a new image; also return the basemap tiles missing from the cache."""
    image = QImage(viewport.width, viewport.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background or QColor("white"))
    painter = QPainter(image)
    try:
        missing = render(
            painter, items, viewport, cancelled=cancelled, outline_images=outline_images
        )
    finally:
        painter.end()
    return image, missing
