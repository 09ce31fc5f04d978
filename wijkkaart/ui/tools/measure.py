"""Measure distance and area in RD metres (EPSG:28992 is in metres, so no projection is needed).

Click points; the status bar shows the length of the line so far (to the cursor while moving)
and, from three points on, the area of the closed shape. Double-click ends a measurement (it
stays shown; the next click starts a new one), Backspace takes the last point back, Esc stops.
"""

from __future__ import annotations

import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen

from wijkkaart.ui.tools.base import MapTool

LINE = QColor("#1b7837")  # not the selection's magenta


def measure(points: list[tuple[float, float]]) -> tuple[float, float | None]:
    """(length of the line through ``points`` in m, area of the closed shape in m² or None)."""
    if len(points) < 2:
        return 0.0, None
    length = float(shapely.LineString(points).length)
    area = float(shapely.Polygon(points).area) if len(points) >= 3 else None
    return length, area


class MeasureTool(MapTool):
    name = "measure"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.points: list[tuple[float, float]] = []
        self.done = False  # the last measurement was ended with a double-click
        self._cursor: tuple[float, float] | None = None  # map point under the mouse

    def activate(self) -> None:
        super().activate()
        self.points, self.done, self._cursor = [], False, None

    def deactivate(self) -> None:
        super().deactivate()
        self.points, self._cursor = [], None
        self.canvas.measured.emit(0.0, None)

    def _report(self) -> None:
        live = self.points if self.done or self._cursor is None else [*self.points, self._cursor]
        length, area = measure(live)
        self.canvas.measured.emit(length, area)
        self.canvas.update()

    def click(self, x: float, y: float, shift: bool) -> None:
        if self.done:
            self.points, self.done = [], False
        if not self.points or self.points[-1] != (x, y):
            self.points.append((x, y))
        self._report()

    def move(self, event: QMouseEvent) -> bool:
        self._cursor = self.to_map(event)
        if self.points and not self.done:
            self._report()
        return super().move(event)

    def double_click(self, event: QMouseEvent) -> bool:
        self._drag_start = None
        self.click(*self.to_map(event), False)
        self.done = True
        self._report()
        return True

    def key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.finish()
            return True
        if event.key() == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            self.done = False
            self._report()
            return True
        return False

    def paint(self, painter: QPainter) -> None:
        if not self.points:
            return
        viewport = self.canvas.viewport
        shown = self.points if self.done or self._cursor is None else [*self.points, self._cursor]
        pixels = [QPointF(*viewport.to_pixel(x, y)) for x, y in shown]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if len(pixels) >= 3:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(27, 120, 55, 35))
            painter.drawPolygon(pixels)
        painter.setPen(QPen(LINE, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPolyline(pixels)
        painter.setBrush(QColor("white"))
        for point in pixels[: len(self.points)]:
            painter.drawEllipse(point, 3.5, 3.5)
