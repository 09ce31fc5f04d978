"""Identify: a click shows the figures of the buurt under it; the selection stays as it is."""

from __future__ import annotations

from PySide6.QtCore import Qt

from wijkkaart.ui.tools.base import MapTool


class IdentifyTool(MapTool):
    name = "identify"
    cursor = Qt.CursorShape.WhatsThisCursor

    def click(self, x: float, y: float, shift: bool) -> None:
        self.canvas.identified.emit(x, y)
