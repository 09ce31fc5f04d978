"""Point symbols (circle, square, triangle) with a white halo, fast for 100,000 points.

A Python call per point is too slow for a BAG layer, and Qt's antialiased wide round points
take seconds. So a few thousand points are drawn as one vector path (sharp in PDF), and more
are stamped into an image with numpy: the symbol is rendered once as an antialiased sprite and
added at every point's pixel with ``maximum``, halos first, so touching symbols merge cleanly.
"""

from __future__ import annotations

import threading

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF

SCREEN_PX_PER_MM = 96 / 25.4
HALO_MM = 0.35
VECTOR_LIMIT = 2_000  # more visible points than this are stamped (raster) instead of pathed
HALO_COLOUR = QColor(255, 255, 255, 235)

_SPRITES: dict[tuple[str, int, int], tuple[np.ndarray, np.ndarray]] = {}
_SPRITE_LOCK = threading.Lock()


def symbol_px(size_mm: float, pixel_ratio: float = 1.0) -> float:
    """A symbol's size in device pixels: millimetres at 96 dpi, times the device's ratio."""
    return max(size_mm * SCREEN_PX_PER_MM * pixel_ratio, 2.0)


def halo_px(pixel_ratio: float = 1.0) -> float:
    return max(HALO_MM * SCREEN_PX_PER_MM * pixel_ratio, 1.0)


def add_symbol(path: QPainterPath, symbol: str, x: float, y: float, size: float) -> None:
    """Add one symbol of ``size`` pixels centred on (x, y) to ``path``."""
    half = size / 2
    if symbol == "square":
        side = size * 0.9  # a square looks larger than a circle of the same width
        path.addRect(QRectF(x - side / 2, y - side / 2, side, side))
    elif symbol == "triangle":
        h = size * 1.1
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(x, y - h * 0.6),
                    QPointF(x + h * 0.58, y + h * 0.4),
                    QPointF(x - h * 0.58, y + h * 0.4),
                    QPointF(x, y - h * 0.6),
                ]
            )
        )
    else:
        path.addEllipse(QPointF(x, y), half, half)


def paint_symbols(
    painter: QPainter,
    xs: np.ndarray,
    ys: np.ndarray,
    symbol: str,
    size: float,
    halo: float,
    colour: QColor,
    area: tuple[int, int],
) -> None:
    """Symbols at pixel positions (xs, ys) of the painter's current coordinate system.

    ``area`` is the size in pixels of the map being drawn (its top-left corner is at 0, 0).
    """
    if len(xs) == 0:
        return
    if len(xs) <= VECTOR_LIMIT:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.WindingFill)  # overlapping symbols: one shape, no holes
        for x, y in zip(xs.tolist(), ys.tolist(), strict=True):
            add_symbol(path, symbol, x, y, size)
        pen = QPen(HALO_COLOUR, 2 * halo)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.strokePath(path, pen)
        painter.fillPath(path, colour)
        return
    image = stamp(area, xs, ys, symbol, size, halo, colour)
    if image is not None:
        painter.drawImage(QPointF(0, 0), image)


def _sprite(symbol: str, size: float, halo: float) -> tuple[np.ndarray, np.ndarray]:
    """(halo alpha, fill alpha) of one symbol as uint8 squares, rendered once and cached."""
    key = (symbol, round(size * 4), round(halo * 4))
    with _SPRITE_LOCK:
        hit = _SPRITES.get(key)
    if hit is not None:
        return hit
    extent = int(np.ceil(size * 1.2 + 2 * halo)) + 2
    extent += 1 - extent % 2  # odd: the centre is a pixel
    masks = []
    for grow in (halo, 0.0):
        image = QImage(extent, extent, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.WindingFill)
            add_symbol(path, symbol, extent / 2, extent / 2, size)
            if grow:
                pen = QPen(QColor("black"), 2 * grow)
                pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
                painter.strokePath(path, pen)
            painter.fillPath(path, QColor("black"))
        finally:
            painter.end()
        bits = image.constBits()
        pixels = np.frombuffer(bits, np.uint8).reshape(extent, image.bytesPerLine() // 4, 4)
        masks.append(pixels[:, :extent, 3].copy())  # ARGB32 little-endian: alpha is byte 3
    result = (masks[0], masks[1])
    with _SPRITE_LOCK:
        _SPRITES[key] = result
    return result


def stamp(
    area: tuple[int, int],
    xs: np.ndarray,
    ys: np.ndarray,
    symbol: str,
    size: float,
    halo: float,
    colour: QColor,
) -> QImage | None:
    """An image of ``area``'s size with every symbol, built with numpy (no call per point)."""
    width, height = area
    if width <= 0 or height <= 0:
        return None
    halo_mask, fill_mask = _sprite(symbol, size, halo)
    r = halo_mask.shape[0] // 2
    stride = width + 2 * r
    ix = np.rint(xs).astype(np.int64) + r
    iy = np.rint(ys).astype(np.int64) + r
    keep = (ix >= 0) & (ix < stride) & (iy >= 0) & (iy < height + 2 * r)
    centres = np.unique(iy[keep] * stride + ix[keep])
    planes = []
    for mask in (halo_mask, fill_mask):
        plane = np.zeros((height + 2 * r) * stride, np.uint8)
        limit = plane.size
        for dy, dx in zip(*np.nonzero(mask), strict=True):
            index = centres + ((dy - r) * stride + (dx - r))
            index = index[(index >= 0) & (index < limit)]
            value = mask[dy, dx]
            plane[index] = np.maximum(plane[index], value)
        planes.append(plane.reshape(height + 2 * r, stride)[r : r + height, r : r + width])
    halo_a = planes[0].astype(np.float32) / 255 * (HALO_COLOUR.alpha() / 255)
    fill_a = planes[1].astype(np.float32) / 255
    alpha = fill_a + halo_a * (1 - fill_a)
    rgba = np.zeros((height, width, 4), np.uint8)
    for channel, value in enumerate((colour.red(), colour.green(), colour.blue())):
        premultiplied = value * fill_a + 255 * halo_a * (1 - fill_a)
        rgba[..., channel] = np.rint(premultiplied).astype(np.uint8)
    rgba[..., 3] = np.rint(alpha * 255).astype(np.uint8)
    view = QImage(rgba.data, width, height, width * 4, QImage.Format.Format_RGBA8888_Premultiplied)
    return view.copy()  # owns its pixels; ``rgba`` is alive until here
