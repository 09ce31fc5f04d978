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
        self.setMinimumWidth(200)

    def set_layers(self, layers: LayerList) -> None:
        """Show the legend of ``layers`` and follow them (and only them) from now on."""
        if self._follower is not None:
            self._follower.close()
        self.layers = layers
        self._follower = follow(layers, self.update, skip=("data_version",))
        self.update()

    def closeEvent(self, event) -> None:
        if self._follower is not None:
            self._follower.close()
            self._follower = None
        super().closeEvent(event)

    def blocks(self):
        return legend_blocks(list(self.layers)) if self.layers is not None else []

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
