"""What happens on the map: a click selects, the identify tool shows figures, the lasso selects
what lies inside it, the measure tool reports in the status bar, and the cursor shows its
coordinates, the scale and a hover tip (the buurt's name and the value the map shows).

The canvas and its tools only report points; this turns them into selections and texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely

from wijkkaart.catalogue import catalogue
from wijkkaart.layers.formatting import format_area, format_length, format_value
from wijkkaart.messages import reason_text, ui
from wijkkaart.render.viewport import Viewport

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow


class MapEvents:
    """Connects ``window.canvas``'s reports to the selection, the panels and the status bar."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        canvas = window.canvas
        canvas.cursor_moved.connect(self._show_cursor)
        canvas.viewport_changed.connect(self._show_scale)
        canvas.clicked.connect(self._clicked)
        canvas.identified.connect(self._identified)
        canvas.measured.connect(self._show_measure)
        canvas.lasso_finished.connect(self._lassoed)

    def _show_cursor(self, x: float, y: float) -> None:
        self.window.coords.setText(
            ui("cursor", x=f"{x:,.0f}".replace(",", "."), y=f"{y:,.0f}".replace(",", "."))
        )
        self.window.canvas.setToolTip(self.hover_text(x, y))

    def hover_text(self, x: float, y: float) -> str:
        """The hover tip at map point (x, y): the buurt's name and the value the map shows."""
        layer = self.window.identify_layer()
        code = self.window.area_at(layer, x, y) if layer is not None else None
        if layer is None or layer.data is None or code is None:
            return ""
        frame = layer.data.frame
        name = str(frame.at[code, "naam"]) if "naam" in frame else code
        lines = [name]
        for field in ("indicator", "x", "y"):
            column = getattr(layer.style, field, None)
            if isinstance(column, str) and column in frame:
                value = format_value(column, frame.at[code, column])
                label = catalogue()[column].label if column in catalogue() else column
                lines.append(f"{label}: {value or reason_text('no_data')}")
        return "\n".join(dict.fromkeys(lines))

    def _show_scale(self, viewport: Viewport) -> None:
        self.window.scale.show_scale(viewport.scale_denominator())

    def _clicked(self, x: float, y: float, shift: bool) -> None:
        window = self.window
        layer = window.identify_layer()
        if layer is None or layer.data is None or window.document is None:
            return
        code = window.area_at(layer, x, y)
        if code is None:
            if not shift:
                window.select_areas(layer, [])
            return
        if shift:
            window.document.selection.toggle(layer.uid, code)
        else:
            window.select_areas(layer, [code])
        window.info.show_area(layer.data, code)
        window.analysis_panel.show_contributions(code)

    def _identified(self, x: float, y: float) -> None:
        """The identify tool: the figures of the buurt under the click; the selection stays."""
        window = self.window
        layer = window.identify_layer()
        code = window.area_at(layer, x, y) if layer is not None else None
        if layer is not None and layer.data is not None and code is not None:
            window.info.show_area(layer.data, code)
            window.docks["info"].raise_()

    def _show_measure(self, length: float, area: object) -> None:
        """The measure tool's result in the status bar, in metres (RD New is in metres)."""
        status = self.window.statusBar()
        if length <= 0:
            status.clearMessage()
            return
        text = ui("measure_distance", length=format_length(length))
        if isinstance(area, float) and area > 0:
            text += "   " + ui("measure_area", area=format_area(area))
        status.showMessage(text)

    def _lassoed(self, points: list[tuple[float, float]], shift: bool) -> None:
        """Select the buurten whose inner point lies inside the lasso."""
        window = self.window
        layer = window.identify_layer()
        if layer is None or window.document is None or window.workspace is None:
            return
        hit = window.workspace.codes_inside(layer, shapely.make_valid(shapely.Polygon(points)))
        if shift:
            window.document.selection.extend(layer.uid, hit)
        else:
            window.select_areas(layer, hit)
