"""Paint map layers with QPainter onto any paint device (screen image, PDF, PNG, SVG).

The same :func:`render` draws the canvas and every export, so the print matches the screen.
Layers are first turned into :class:`RenderItem` snapshots on the GUI thread; painting a list of
snapshots is safe in a worker thread (QImage painting needs no GUI thread).
"""

from __future__ import annotations

import logging
import math
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import rasterio
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
from rasterio._err import CPLE_BaseError
from rasterio.crs import CRS
from rasterio.enums import Resampling
from rasterio.errors import RasterioError
from rasterio.vrt import WarpedVRT

from wijkkaart.layers.model import (
    AreaLayer,
    BasemapLayer,
    Layer,
    OutlineLayer,
    PointLayer,
    RasterLayer,
)
from wijkkaart.layers.style import MISSING_COLOUR, ramp_colours
from wijkkaart.messages import WijkkaartError
from wijkkaart.render.basemap import draw_basemap
from wijkkaart.render.geometry import GeometryCache
from wijkkaart.render.points import halo_px, paint_symbols, symbol_px
from wijkkaart.render.viewport import Viewport

logger = logging.getLogger(__name__)
MAP_CRS = CRS.from_epsg(28992)  # the map is drawn in RD New

HATCH_COLOUR = QColor("#6b6b6b")
LABEL_FONT = "DejaVu Sans"


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


POINT_COLOUR = "#7b3294"
POINT_LABEL_LIMIT = 1_500  # more visible points than this are too dense to label


class GeometryStore:
    """Geometry caches per data object, so re-styling never rebuilds drawable geometry."""

    def __init__(self) -> None:
        self._caches: dict[int, tuple[object, GeometryCache]] = {}
        self._rasters: dict[tuple, tuple[QImage, tuple[float, float, float, float]]] = {}
        self._points: dict[int, tuple[object, np.ndarray]] = {}

    def points_for(self, frame: object) -> np.ndarray:
        """(n, 2) coordinates of a point frame (NaN for a missing point), computed once."""
        import shapely

        hit = self._points.get(id(frame))
        if hit is None or hit[0] is not frame:
            geoms = frame.geometry.to_numpy()
            xy = np.full((len(geoms), 2), np.nan)
            multi = shapely.get_type_id(geoms) == 4  # a MultiPoint is drawn at its first point
            geoms = np.where(multi, shapely.get_point(geoms, 0), geoms)
            present = shapely.get_type_id(geoms) == 0
            present[present] = ~shapely.is_empty(geoms[present])
            if present.any():
                xy[present, 0] = shapely.get_x(geoms[present])
                xy[present, 1] = shapely.get_y(geoms[present])
            hit = (frame, xy)
            self._points[id(frame)] = hit
        return hit[1]

    def cache_for(self, owner: object, geometries: np.ndarray) -> GeometryCache:
        key = id(owner)
        hit = self._caches.get(key)
        if hit is None or hit[0] is not owner:
            hit = (owner, GeometryCache(geometries))
            self._caches[key] = hit
        return hit[1]

    def raster_image(self, layer: RasterLayer) -> tuple[QImage, tuple[float, float, float, float]]:
        key = (str(layer.path), layer.ramp, layer.vmin, layer.vmax)
        if key not in self._rasters:
            self._rasters[key] = colour_raster(Path(layer.path), layer.ramp, layer.vmin, layer.vmax)
        return self._rasters[key]


def snapshot(layers: list[Layer], store: GeometryStore, focus_areas=None) -> list[RenderItem]:
    """Render items for the visible layers, bottom first, then the focus areas, then points.

    Points go on top of every fill and boundary, as in a GIS: a facility under a thick focus
    outline would be lost. Among themselves point layers keep their order.
    """
    items = []
    points: list[RenderItem] = []
    for layer in layers:
        if not layer.visible or layer.opacity <= 0:
            continue
        if isinstance(layer, AreaLayer) and layer.data is not None:
            frame = layer.data.frame
            cache = store.cache_for(frame, frame.geometry.to_numpy())
            symbology = layer.symbology()
            palette = {c: QColor(c) for c in set(symbology.colours) if c}
            colours = [palette[c] if c else None for c in symbology.colours]
            labels = frame["naam"].astype(str).tolist() if layer.labels else None
            items.append(
                RenderItem(
                    "areas", layer.opacity, cache, colours, QColor(layer.outline), 0.6, labels
                )
            )
        elif isinstance(layer, OutlineLayer) and layer.frame is not None:
            cache = store.cache_for(layer.frame, layer.frame.geometry.to_numpy())
            labels = (
                layer.frame[layer.label_field].astype(str).tolist()
                if layer.label_field and layer.label_field in layer.frame
                else None
            )
            items.append(
                RenderItem(
                    "outline", layer.opacity, cache, [], QColor(layer.colour), layer.width, labels
                )
            )
        elif isinstance(layer, PointLayer) and layer.frame is not None:
            points.append(_point_item(layer, store))
        elif isinstance(layer, BasemapLayer):
            items.append(RenderItem("basemap", layer.opacity, basemap_style=layer.style))
        elif isinstance(layer, RasterLayer) and layer.path is not None:
            image, bounds = store.raster_image(layer)
            items.append(RenderItem("raster", layer.opacity, image=image, image_bounds=bounds))
    for area in focus_areas or []:
        if area.geometry is None or area.geometry.is_empty:
            continue
        cache = GeometryCache(np.array([area.geometry], dtype=object))
        items.append(RenderItem("focus", 1.0, cache, [], QColor(area.colour), 3.0, [area.name]))
    return items + points


def _point_item(layer: PointLayer, store: GeometryStore) -> RenderItem:
    frame = layer.frame
    colour = QColor(layer.colour) if isinstance(layer.colour, str) else QColor()
    if not colour.isValid():
        colour = QColor(POINT_COLOUR)
    labels = None
    if layer.label_field and layer.label_field in frame:
        labels = ["" if pd_missing(v) else str(v) for v in frame[layer.label_field].tolist()]
    size = layer.size_mm if isinstance(layer.size_mm, (int, float)) else 2.2
    size = min(max(float(size), 0.5), 20.0) if math.isfinite(size) else 2.2
    return RenderItem(
        "points",
        layer.opacity,
        outline=colour,
        labels=labels,
        xy=store.points_for(frame),
        symbol=layer.symbol,
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
) -> list[tuple[str, int, int, int]]:
    """Paint ``items`` for ``viewport`` onto the painter's device (pixels = viewport pixels).

    Returns the basemap tiles that were not in the cache (style, z, x, y), to fetch later.
    ``pixel_ratio`` scales line widths, hatching and labels for print (device pixels per screen
    pixel); ``detail`` is the map resolution geometry is simplified to (default: one pixel).
    """
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
            painter.setOpacity(item.opacity)
            if item.kind == "basemap":
                painter.setTransform(transform)
                missing = draw_basemap(painter, item.basemap_style, viewport)
                missing_tiles += [(item.basemap_style, *tile) for tile in missing]
            elif item.kind == "raster":
                _draw_raster(painter, item, transform)
            elif item.kind == "areas":
                _draw_areas(painter, item, viewport, transform, pixel_ratio, detail)
            elif item.kind in ("outline", "focus"):
                _draw_outlines(painter, item, viewport, transform, pixel_ratio, detail)
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


def _draw_areas(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    transform: QTransform,
    pixel_ratio: float = 1.0,
    detail: float | None = None,
) -> None:
    parts = item.cache.parts(detail or viewport.resolution)
    visible = item.cache.visible(viewport.bounds)
    pen = QPen(item.outline, item.outline_width * pixel_ratio)
    pen.setCosmetic(True)
    painter.setTransform(transform)
    painter.setPen(pen)
    missing_colour = QColor(MISSING_COLOUR)
    hatched = []
    for i in visible.tolist():
        colour = item.colours[i] if i < len(item.colours) else None
        if colour is None:
            painter.setBrush(missing_colour)
            hatched.append(i)
        else:
            painter.setBrush(colour)
        for part in parts[i]:
            _fill_part(painter, part)
    if hatched:
        # Hatch in device space so the stripes keep their spacing at every zoom level.
        painter.setTransform(QTransform())
        painter.setPen(Qt.PenStyle.NoPen)
        brush = QBrush(HATCH_COLOUR, Qt.BrushStyle.BDiagPattern)
        if pixel_ratio != 1.0:
            brush.setTransform(QTransform.fromScale(pixel_ratio, pixel_ratio))
        painter.setBrush(brush)
        for i in hatched:
            for part in parts[i]:
                mapped = [transform.map(ring) for ring in part]
                _fill_part(painter, mapped)
        painter.setTransform(transform)


def _fill_part(painter: QPainter, part: list) -> None:
    if len(part) == 1:
        painter.drawPolygon(part[0], Qt.FillRule.OddEvenFill)
        return
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in part:
        path.addPolygon(ring)
    painter.drawPath(path)


def _draw_outlines(
    painter: QPainter,
    item: RenderItem,
    viewport: Viewport,
    transform: QTransform,
    pixel_ratio: float = 1.0,
    detail: float | None = None,
) -> None:
    parts = item.cache.parts(detail or viewport.resolution)
    pen = QPen(item.outline, item.outline_width * pixel_ratio)
    pen.setCosmetic(True)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setTransform(transform)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    for i in item.cache.visible(viewport.bounds).tolist():
        for part in parts[i]:
            for ring in part:
                painter.drawPolygon(ring)


_LABEL_IMAGES: dict[tuple[str, bool, float], QImage] = {}
_LABEL_LOCK = threading.Lock()


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
        path = QPainterPath()
        path.addText(QPointF(pad, pad + metrics.ascent()), font, text)
        halo = QPen(QColor(255, 255, 255, 220), 3)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(path, halo)
        painter.fillPath(path, QColor("#1a1a1a"))
    finally:
        painter.end()
    with _LABEL_LOCK:
        if len(_LABEL_IMAGES) > 20_000:
            _LABEL_IMAGES.clear()
        _LABEL_IMAGES[key] = image
    return image


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

    On screen the labels are cached images; in print (``pixel_ratio`` > 1) they are vector text.
    """
    font = QFont(LABEL_FONT)
    font.setPointSizeF(size)
    if pixel_ratio != 1.0:  # text paths ignore the device resolution: size them in pixels
        font.setPixelSize(max(round(size * painter.device().logicalDpiY() / 72), 1))
    font.setBold(bold)
    metrics = QFontMetricsF(font, painter.device())  # points -> pixels of this device
    points = item.cache.label_points()
    bounds = item.cache.bounds
    min_px = metrics.height() * 2
    for i in item.cache.visible(viewport.bounds).tolist():
        text = item.labels[i] if item.labels else ""
        width_px = (bounds[i, 2] - bounds[i, 0]) / viewport.resolution
        if not text or width_px < min_px or not np.isfinite(points[i, 0]):
            continue
        text_width = metrics.horizontalAdvance(text)
        if text_width > width_px * 0.9:
            continue
        px, py = viewport.to_pixel(points[i, 0], points[i, 1])
        rect = QRectF(px - text_width / 2, py - metrics.height() / 2, text_width, metrics.height())
        if any(rect.intersects(other) for other in placed):
            continue
        placed.append(rect.adjusted(-3 * pixel_ratio, -pixel_ratio, 3 * pixel_ratio, pixel_ratio))
        if pixel_ratio == 1.0:
            painter.drawImage(QPointF(rect.left() - 3, rect.top() - 3), _label_image(text, bold))
            continue
        path = QPainterPath()
        path.addText(QPointF(rect.left(), rect.top() + metrics.ascent()), font, text)
        halo = QPen(QColor(255, 255, 255, 220), 3 * pixel_ratio)
        halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(path, halo)
        painter.fillPath(path, QColor("#1a1a1a"))


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
    path = QPainterPath()
    path.addText(QPointF(rect.left(), rect.top() + metrics.ascent()), font, text)
    halo = QPen(QColor(255, 255, 255, 220), 3 * pixel_ratio)
    halo.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.strokePath(path, halo)
    painter.fillPath(path, QColor("#1a1a1a"))


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


_RANGES: dict[tuple, tuple[float, float]] = {}


def _finite_or_none(value: object) -> float | None:
    """A colour limit from a project file: a finite number, or None (then it is computed)."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _read_band(path: Path, max_size: int, resampling: Resampling) -> tuple[np.ndarray, object]:
    """Band 1 at most ``max_size`` cells a side as float, with NaN where there is no value.

    Declared nodata, NaN and +/-inf all become NaN, so nothing downstream has to know.
    Unreadable files raise a WijkkaartError (the map says which raster), never a crash.
    """
    if not path.is_file():
        raise WijkkaartError("file_not_found", path=path)
    try:
        with rasterio.open(path) as src:
            if src.crs is None or src.crs == MAP_CRS:
                data, bounds = _read_scaled(src, max_size, resampling)
            else:  # e.g. a heat map in WGS84: warp it onto the map instead of misplacing it
                with WarpedVRT(
                    src, crs=MAP_CRS, resampling=resampling, nodata=np.nan, dtype="float32"
                ) as vrt:
                    data, bounds = _read_scaled(vrt, max_size, resampling)
    except (RasterioError, CPLE_BaseError, OSError, ValueError) as exc:
        logger.warning("raster %s could not be read: %s", path, exc)
        raise WijkkaartError("raster_unreadable", path=path, detail=str(exc)[:200]) from None
    values = np.ma.filled(data.astype(np.float64), np.nan)
    values[~np.isfinite(values)] = np.nan
    return values, bounds


def _read_scaled(src: object, max_size: int, resampling: Resampling) -> tuple[object, object]:
    factor = max(src.width / max_size, src.height / max_size, 1.0)
    shape = (max(int(src.height / factor), 1), max(int(src.width / factor), 1))
    return src.read(1, out_shape=shape, resampling=resampling, masked=True), src.bounds


def raster_range(path: Path, vmin: float | None, vmax: float | None) -> tuple[float, float]:
    """The values a raster's colours stretch over: given, or its 2nd and 98th percentile.

    Only finite values count, so one NaN or inf cell cannot stretch or break the ramp.
    """
    vmin, vmax = _finite_or_none(vmin), _finite_or_none(vmax)
    key = (str(path), vmin, vmax)
    if key not in _RANGES:
        lo, hi = vmin, vmax
        if lo is None or hi is None:
            data, _ = _read_band(path, 1024, Resampling.nearest)
            values = data[np.isfinite(data)]
            if lo is None:
                lo = float(np.percentile(values, 2)) if values.size else 0.0
            if hi is None:
                hi = float(np.percentile(values, 98)) if values.size else lo + 1.0
        if hi < lo:
            lo, hi = hi, lo
        _RANGES[key] = (lo, hi)
    return _RANGES[key]


def raster_ramp(ramp: str, k: int) -> list[str]:
    """``k`` colours of a raster's ramp; an unknown name (a hand-edited project) gives Blues."""
    try:
        return ramp_colours(ramp, k)
    except (ValueError, KeyError, TypeError) as exc:
        logger.warning("unknown colour ramp %r, using Blues: %s", ramp, exc)
        return ramp_colours("Blues", k)


def ramp_lookup(ramp: str) -> np.ndarray:
    """The ramp's colours as an (n, 3) array, to interpolate raster values in."""
    return np.array([QColor(c).getRgb()[:3] for c in raster_ramp(ramp, 9)], dtype=float)


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
    data, b = _read_band(Path(path), max_size, Resampling.average)
    lo, hi = raster_range(Path(path), vmin, vmax)
    image = rgba_image(colour_values(data, lo, hi, ramp_lookup(ramp)))
    return image, (b.left, b.bottom, b.right, b.top)


def render_image(
    items: list[RenderItem], viewport: Viewport, background: QColor | None = None
) -> QImage:
    """Render into a new ARGB image the size of the viewport."""
    return render_image_and_missing(items, viewport, background)[0]


def render_image_and_missing(
    items: list[RenderItem], viewport: Viewport, background: QColor | None = None
) -> tuple[QImage, list[tuple[str, int, int, int]]]:
    """Render into a new image; also return the basemap tiles missing from the cache."""
    image = QImage(viewport.width, viewport.height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background or QColor("white"))
    painter = QPainter(image)
    try:
        missing = render(painter, items, viewport)
    finally:
        painter.end()
    return image, missing
