"""The default tool: drag to pan; a click selects the buurt under it (Shift adds or removes)."""

from __future__ import annotations

from wijkkaart.ui.tools.base import MapTool


class PanTool(MapTool):
    name = "pan"

    def click(self, x: float, y: float, shift: bool) -> None:
        self.canvas.clicked.emit(x, y, shift)
