"""Select: a click selects the buurt under it (Shift adds or removes), a drag draws a box and
selects the buurten inside it (as the lasso does). The map does not move with this tool."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen

from wijkkaart.ui.tools.base import DRAG_PIXELS, MapTool


class SelectTool(MapTool):
    name = "select"
    cursor = Qt.CursorShape.ArrowCursor
    pans = False

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self._start: QPointF | None = None
        self._end: QPointF | None = None

    def deactivate(self) -> None:
        super().deactivate()
        self._start = self._end = None

    def press(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self._start = self._end = event.position()
        return True

    def move(self, event: QMouseEvent) -> bool:
        if self._start is None:
            return False
        self._end = event.position()
        self.canvas.update()
        return True

    def release(self, event: QMouseEvent) -> bool:
        if self._start is None:
            return False
        start, end = self._start, event.position()
        self._start = self._end = None
        self.canvas.update()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        to_map = self.canvas.viewport.to_map
        if abs(end.x() - start.x()) + abs(end.y() - start.y()) <= DRAG_PIXELS:
            self.canvas.clicked.emit(*to_map(end.x(), end.y()), shift)
            return True
        corners = [(start.x(), start.y()), (end.x(), start.y()), (end.x(), end.y())]
        corners.append((start.x(), end.y()))
        self.canvas.lasso_finished.emit([to_map(x, y) for x, y in corners], shift)
        return True

    def key(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape:
            self.finish()
            return True
        return False

    def paint(self, painter: QPainter) -> None:
        if self._start is None or self._end is None:
            return
        painter.setPen(QPen(QColor("#1f78b4"), 1.5, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(31, 120, 180, 30))
        painter.drawRect(QRectF(self._start, self._end).normalized())
