"""The editable scale in the status bar: shows 1:N of the map, and takes a typed or chosen scale.

The planner types "25000", "1:25.000" or "1 : 25 000" (or picks a common scale); the map zooms
to it around its centre. Scales are for a 96 dpi screen, as the scale shown beside the map.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QWidget

from wijkkaart.render.viewport import nice_scale

COMMON = (2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000)
LIMITS = (100.0, 5_000_000.0)


def parse_scale(text: str) -> float | None:
    """The denominator N of a typed scale ("1:25.000", "25000", "1 : 25 000"), or None."""
    tail = text.split(":")[-1]
    digits = re.sub(r"[\s.,_']", "", tail)
    if not digits.isdigit():
        return None
    value = float(digits)
    return value if LIMITS[0] <= value <= LIMITS[1] else None


class ScaleBox(QComboBox):
    """Shows the map's scale; ``scale_requested(N)`` when the planner sets one."""

    scale_requested = Signal(float)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for value in COMMON:
            self.addItem(nice_scale(value), float(value))
        self.setMinimumContentsLength(10)
        self.activated.connect(self._chosen)
        line = self.lineEdit()
        assert line is not None
        line.returnPressed.connect(self._typed)

    def show_scale(self, denominator: float) -> None:
        """Show the map's current scale (unless the planner is typing one)."""
        line = self.lineEdit()
        if line is not None and not line.hasFocus():
            line.setText(nice_scale(denominator))

    def _chosen(self, index: int) -> None:
        value = self.itemData(index)
        if value:
            self.scale_requested.emit(float(value))

    def _typed(self) -> None:
        value = parse_scale(self.currentText())
        if value is not None:
            self.scale_requested.emit(value)
