"""Edit a focus area: drag a corner, or drag inside to move the whole area. Each release is one
undoable step (the window pushes it); the handles follow the area, so after an undo or redo
they are where the area is."""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen

from wijkkaart.ui.tools.base import MapTool

HANDLE_PIXELS = 6


class EditTool(MapTool):
    name = "edit"
    cursor = Qt.CursorShape.PointingHandCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.geometry: Any = None  # the shape shown (while dragging: the dragged shape)
        self.area: Any = None  # the FocusArea being edited, followed for undo/redo
        self._hit: tuple[str, int, int] | None = None  # ("vertex", ring, i) or ("move", 0, 0)
        self._start: tuple[float, float] = (0.0, 0.0)
        self._original: Any = None

    def edit(self, target: Any) -> None:
        """Edit a focus area (followed), or a bare geometry."""
        self._unfollow()
        if hasattr(target, "events") and hasattr(target, "geometry"):
            self.area = target
            self.geometry = target.geometry
            target.events.geometry.connect(self._area_changed)
        else:
            self.area, self.geometry = None, target
        self.canvas.update()

    def _unfollow(self) -> None:
        if self.area is not None:
            self.area.events.geometry.disconnect(self._area_changed)
            self.area = None

    def _area_changed(self, geometry: Any, *_: object) -> None:
        if self._hit is None:  # an undo, a redo or another view: show where the area is now
            self.geometry = geometry
            self.canvas.update()

    def deactivate(self) -> None:
        super().deactivate()
        self._unfollow()
        self.geometry = None
        self._hit = None

    @staticmethod
    def rings(geometry: Any) -> list[list[tuple[float, float]]]:
        return [list(p.exterior.coords)[:-1] for p in shapely.get_parts(geometry)]

    def press(self, event: QMouseEvent) -> bool:
        if event.button() == Qt.MouseButton.LeftButton and self.geometry is not None:
            px, py = event.position().x(), event.position().y()
            viewport = self.canvas.viewport
            for r, ring in enumerate(self.rings(self.geometry)):
                for i, (x, y) in enumerate(ring):
                    vx, vy = viewport.to_pixel(x, y)
                    if abs(vx - px) <= HANDLE_PIXELS and abs(vy - py) <= HANDLE_PIXELS:
                        self._hit = ("vertex", r, i)
                        break
                if self._hit:
                    break
            x, y = viewport.to_map(px, py)
            if self._hit is None and self.geometry.contains(shapely.Point(x, y)):
                self._hit = ("move", 0, 0)
            if self._hit is not None:
                self._start = (x, y)
                self._original = self.geometry
                return True
        return super().press(event)

    def move(self, event: QMouseEvent) -> bool:
        if self._hit is None:
            return super().move(event)
        x, y = self.to_map(event)
        kind, ring_index, vertex = self._hit
        if kind == "move":
            shift = np.array([x - self._start[0], y - self._start[1]])
            geometry = shapely.transform(self._original, lambda c: c + shift)
        else:
            rings = self.rings(self._original)
            rings[ring_index][vertex] = (x, y)
            polygons = [shapely.Polygon(ring) for ring in rings]
            geometry = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
            geometry = shapely.make_valid(geometry)
        self.geometry = geometry
        self.canvas.edit_changed.emit(geometry)
        self.canvas.update()
        return True

    def release(self, event: QMouseEvent) -> bool:
        if self._hit is None:
            return super().release(event)
        self._hit = None
        if self.geometry is not None and not self.geometry.equals(self._original):
            self.canvas.edit_finished.emit(self.geometry)
        return True

    def click(self, x: float, y: float, shift: bool) -> None:
        self.canvas.clicked.emit(x, y, shift)

    def key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.finish()
            return True
        return False

    def paint(self, painter: QPainter) -> None:
        if self.geometry is None:
            return
        viewport = self.canvas.viewport
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#e6007e"), 2))
        for ring in self.rings(self.geometry):
            points = [QPointF(*viewport.to_pixel(x, y)) for x, y in ring]
            painter.setBrush(QColor(230, 0, 126, 30))
            painter.drawPolygon(points)
            painter.setBrush(QColor("white"))
            for point in points:
                painter.drawRect(QRectF(point.x() - 4, point.y() - 4, 8, 8))
