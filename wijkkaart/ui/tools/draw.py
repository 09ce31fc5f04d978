"""Draw a focus area: click corners; double-click or Enter finishes, Esc cancels, Backspace
takes the last corner back. Dragging still pans the map."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPen

from wijkkaart.ui.tools.base import MapTool

SKETCH = QColor("#e6007e")


class DrawTool(MapTool):
    name = "draw"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.points: list[tuple[float, float]] = []
        self._cursor_px: tuple[float, float] | None = None

    def activate(self) -> None:
        super().activate()
        self.points = []
        self._cursor_px = None
        self.canvas.setFocus()

    def deactivate(self) -> None:
        super().deactivate()
        self.points = []
        self._cursor_px = None

    def add_vertex(self, x: float, y: float) -> None:
        last = self.points[-1] if self.points else None
        if last is not None and abs(last[0] - x) < 1e-6 and abs(last[1] - y) < 1e-6:
            return
        self.points.append((x, y))
        self.canvas.sketch_changed.emit(list(self.points))
        self.canvas.update()

    def click(self, x: float, y: float, shift: bool) -> None:
        self.add_vertex(x, y)

    def finish_drawing(self) -> None:
        points = list(self.points)
        self.finish()
        if len(points) >= 3:
            self.canvas.sketch_finished.emit(points)
        else:
            self.canvas.sketch_cancelled.emit()

    def cancel_drawing(self) -> None:
        self.finish()
        self.canvas.sketch_cancelled.emit()

    def move(self, event: QMouseEvent) -> bool:
        self._cursor_px = (event.position().x(), event.position().y())
        self.canvas.update()
        return super().move(event)

    def double_click(self, event: QMouseEvent) -> bool:
        self.add_vertex(*self.to_map(event))
        self._drag_start = None
        self.finish_drawing()
        return True

    def key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.finish_drawing()
            return True
        if key == Qt.Key.Key_Escape:
            self.cancel_drawing()
            return True
        if key == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            self.canvas.sketch_changed.emit(list(self.points))
            self.canvas.update()
            return True
        return False

    def paint(self, painter: QPainter) -> None:
        if not self.points:
            return
        viewport = self.canvas.viewport
        points = [QPointF(*viewport.to_pixel(x, y)) for x, y in self.points]
        if self._cursor_px is not None:
            points.append(QPointF(*self._cursor_px))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(SKETCH, 2, Qt.PenStyle.DashLine))
        painter.setBrush(QColor(230, 0, 126, 40))
        painter.drawPolygon(points)
        painter.setPen(QPen(SKETCH, 1))
        painter.setBrush(QColor("white"))
        for point in points[: len(self.points)]:
            painter.drawEllipse(point, 4, 4)
