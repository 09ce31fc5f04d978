"""The export preview: the page as it will print, with its elements movable by mouse.

Drag an element (title, legend, table, overview, scale bar, north arrow) to move it; drag its
lower right corner to resize it. On release the rectangle snaps to the page margins and the map
frame, and :attr:`PrintPreview.moved` reports it in millimetres; the dialog stores it in the
project's print settings and paints the page again.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from wijkkaart.export.page_layout import MOVABLE

HANDLE_PX = 10.0


class PrintPreview(QWidget):
    moved = Signal(str, tuple)  # element name, (x, y, w, h) in mm on the page

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(520, 380)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(True)
        self.image = QImage()
        self.page_mm = (297.0, 210.0)
        self.elements: dict[str, tuple[float, float, float, float]] = {}  # mm
        self._drag: tuple[str, str, QPointF, QRectF] | None = None  # name, mode, start, rect
        self._live: QRectF | None = None

    def set_page(
        self, image: QImage, page_mm: tuple[float, float], elements: dict[str, tuple]
    ) -> None:
        self.image, self.page_mm = image, page_mm
        self.elements = {k: v for k, v in elements.items() if k in MOVABLE}
        self._drag, self._live = None, None
        self.update()

    # --- geometry: page millimetres <-> widget pixels ------------------------------------------

    def page_rect(self) -> QRectF:
        w_mm, h_mm = self.page_mm
        scale = min(self.width() / w_mm, self.height() / h_mm)
        w, h = w_mm * scale, h_mm * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)

    def _scale(self) -> float:
        return self.page_rect().width() / self.page_mm[0]

    def to_widget(self, rect_mm: tuple[float, float, float, float]) -> QRectF:
        page, s = self.page_rect(), self._scale()
        x, y, w, h = rect_mm
        return QRectF(page.left() + x * s, page.top() + y * s, w * s, h * s)

    def to_mm(self, rect: QRectF) -> tuple[float, float, float, float]:
        page, s = self.page_rect(), self._scale()
        return (
            (rect.left() - page.left()) / s,
            (rect.top() - page.top()) / s,
            rect.width() / s,
            rect.height() / s,
        )

    def element_at(self, pos: QPointF) -> tuple[str, str] | None:
        """(name, 'resize' or 'move') of the top element under ``pos``; small ones win."""
        hits = []
        for name, rect_mm in self.elements.items():
            rect = self.to_widget(rect_mm)
            corner = QRectF(
                rect.right() - HANDLE_PX, rect.bottom() - HANDLE_PX, 2 * HANDLE_PX, 2 * HANDLE_PX
            )
            if corner.contains(pos):
                hits.append((0.0, name, "resize"))
            elif rect.contains(pos):
                hits.append((rect.width() * rect.height(), name, "move"))
        if not hits:
            return None
        _, name, mode = min(hits)
        return name, mode

    # --- events ----------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        hit = self.element_at(event.position())
        if hit is None or event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        name, mode = hit
        rect = self.to_widget(self.elements[name])
        self._drag = (name, mode, event.position(), rect)
        self._live = QRectF(rect)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            hit = self.element_at(event.position())
            cursor = (
                Qt.CursorShape.SizeFDiagCursor
                if hit and hit[1] == "resize"
                else Qt.CursorShape.OpenHandCursor
                if hit
                else Qt.CursorShape.ArrowCursor
            )
            self.setCursor(cursor)
            return
        _name, mode, start, rect = self._drag
        delta = event.position() - start
        if mode == "move":
            self._live = rect.translated(delta)
        else:
            self._live = QRectF(
                rect.topLeft(), rect.size() + QSizeF(delta.x(), delta.y())
            ).normalized()
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or self._live is None:
            return super().mouseReleaseEvent(event)
        name = self._drag[0]
        rect_mm = self.to_mm(self._live)
        self._drag, self._live = None, None
        self.moved.emit(name, rect_mm)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("#8a8a8a"))
            page = self.page_rect()
            if not self.image.isNull():
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(page, self.image)
            pen = QPen(QColor(0, 120, 215, 160), 1, Qt.PenStyle.DashLine)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for _name, rect_mm in self.elements.items():
                rect = self.to_widget(rect_mm)
                painter.setPen(pen)
                painter.drawRect(rect)
                painter.fillRect(
                    QRectF(rect.right() - 5, rect.bottom() - 5, 6, 6), QColor(0, 120, 215, 200)
                )
            if self._live is not None:
                painter.setPen(QPen(QColor("#0078d7"), 2))
                painter.drawRect(self._live)
        finally:
            painter.end()
