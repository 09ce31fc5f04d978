"""The legend panel: always the legend of what is on the map (same painter as the exports)."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wijkkaart.layers.model import Follower, LayerList, follow
from wijkkaart.render.legend import legend_blocks, paint_legend


class LegendWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layers: LayerList | None = None
        self._height = 100
        self._follower: Follower | None = None
        self.focus_areas = None
        self._focus_follower: Follower | None = None
        self.setMinimumWidth(200)

    def set_layers(self, layers: LayerList, focus_areas=None) -> None:
        """Show the legend of ``layers`` (and the focus areas, as on the print) and follow
        them (and only them) from now on."""
        self._stop_following()
        self.layers = layers
        self.focus_areas = focus_areas
        self._follower = follow(layers, self.update)  # new data: new classes and counts
        if focus_areas is not None:
            self._focus_follower = follow(focus_areas, self.update)
        self.update()

    def _stop_following(self) -> None:
        for follower in (self._follower, self._focus_follower):
            if follower is not None:
                follower.close()
        self._follower = self._focus_follower = None

    def closeEvent(self, event) -> None:
        self._stop_following()
        super().closeEvent(event)

    def blocks(self):
        """The print's legend blocks (one Qt-free legend for canvas, print and HTML)."""
        if self.layers is None:
            return []
        return legend_blocks(list(self.layers), list(self.focus_areas or []))

    def sizeHint(self) -> QSize:
        return QSize(240, self._height)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            height = paint_legend(painter, QPointF(8, 8), self.blocks(), self.width() - 16)
        finally:
            painter.end()
        wanted = int(height) + 16
        if wanted != self._height:
            self._height = wanted
            self.setMinimumHeight(wanted)
            self.updateGeometry()
