"""The base of every map tool: mouse, keys and overlay painting, with drag-to-pan built in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPainter

from wijkkaart.render.viewport import Viewport

if TYPE_CHECKING:
    from wijkkaart.ui.canvas import MapCanvas

DRAG_PIXELS = 3  # a press that moves less than this is a click


class MapTool:
    """A tool the canvas delegates to. By default a drag pans the map and a click calls
    :meth:`click` with the map point; tools override what they do differently."""

    name = "tool"
    cursor: Qt.CursorShape | None = None
    pans = True  # dragging with this tool moves the map

    def __init__(self, canvas: MapCanvas) -> None:
        self.canvas = canvas
        self._drag_start: QPointF | None = None
        self._drag_viewport: Viewport | None = None
        self._moved = False

    # --- life --------------------------------------------------------------------------------

    def activate(self) -> None:
        if self.cursor is None:
            self.canvas.unsetCursor()
        else:
            self.canvas.setCursor(self.cursor)

    def deactivate(self) -> None:
        """The canvas switches to another tool: forget what was half done."""
        self._drag_start = None
        self.canvas.unsetCursor()

    # --- events (return True when handled) ---------------------------------------------------

    def press(self, event: QMouseEvent) -> bool:
        if event.button() == Qt.MouseButton.LeftButton and self.pans:
            self._drag_start = event.position()
            self._drag_viewport = self.canvas.viewport
            self._moved = False
            return True
        return False

    def move(self, event: QMouseEvent) -> bool:
        if self._drag_start is None or self._drag_viewport is None:
            return False
        delta = event.position() - self._drag_start
        if abs(delta.x()) + abs(delta.y()) > DRAG_PIXELS:
            self._moved = True
        if self._moved:
            self.canvas.show_viewport(self._drag_viewport.panned(delta.x(), delta.y()))
        return True

    def release(self, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton or self._drag_start is None:
            return False
        moved = self._moved
        self._drag_start = self._drag_viewport = None
        if moved:
            self.canvas.request_render()
        else:
            x, y = self.canvas.viewport.to_map(event.position().x(), event.position().y())
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.click(x, y, shift)
        return True

    def double_click(self, event: QMouseEvent) -> bool:
        return False

    def key(self, event: QKeyEvent) -> bool:
        return False

    def click(self, x: float, y: float, shift: bool) -> None:
        """A click (not a drag) at map point (x, y)."""

    def paint(self, painter: QPainter) -> None:
        """Draw the tool's overlay in widget pixels, over the map."""

    # --- helpers -----------------------------------------------------------------------------

    def to_map(self, event: QMouseEvent) -> tuple[float, float]:
        return self.canvas.viewport.to_map(event.position().x(), event.position().y())

    def finish(self) -> None:
        """Go back to the default tool."""
        self.canvas.set_tool("pan")
