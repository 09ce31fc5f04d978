"""Lasso: press and draw a free line around buurten; they are selected (Shift adds)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen

from wijkkaart.ui.tools.base import MapTool


class LassoTool(MapTool):
    name = "lasso"
    cursor = Qt.CursorShape.CrossCursor
    pans = False

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.points: list[tuple[float, float]] = []

    def activate(self) -> None:
        super().activate()
        self.points = []

    def deactivate(self) -> None:
        super().deactivate()
        self.points = []

    def press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.points = [self.to_map(event)]
        return True

    def move(self, event: QMouseEvent) -> bool:
        if not self.points:
            return False
        self.points.append(self.to_map(event))
        self.canvas.update()
        return True

    def release(self, event: QMouseEvent) -> bool:
        if not self.points:
            return False
        points, self.points = self.points, []
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.finish()
        if len(points) >= 3:
            self.canvas.lasso_finished.emit(points, shift)
        return True

    def key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.finish()
            return True
        return False

    def paint(self, painter: QPainter) -> None:
        if len(self.points) < 2:
            return
        viewport = self.canvas.viewport
        painter.setPen(QPen(QColor("#1f78b4"), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(31, 120, 180, 30))
        painter.drawPolygon([QPointF(*viewport.to_pixel(x, y)) for x, y in self.points])
