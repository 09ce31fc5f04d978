"""The map canvas: shows the last rendered image at once, renders the new one off the GUI thread.

Panning and zooming transform the cached image immediately (no waiting); a fresh render for the
new view is started as a :class:`~wijkkaart.render.job.RenderJob` and replaces the image when
ready. A newer request cancels the running one; a failure is reported once (``render_failed``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QWidget

from wijkkaart.layers.model import Follower, LayerList, follow
from wijkkaart.render.basemap import TileFetcher
from wijkkaart.render.job import MapSettings, RenderResult, RenderRunner
from wijkkaart.render.renderer import GeometryStore
from wijkkaart.render.viewport import Viewport

WHEEL_STEP = 1.25
BACKGROUND = QColor("#f4f4f2")


class MapCanvas(QWidget):
    """Map widget: pan with the mouse, zoom with the wheel around the cursor, click to identify."""

    viewport_changed = Signal(object)
    cursor_moved = Signal(float, float)
    clicked = Signal(float, float, bool)  # map x, y, shift held
    rendered = Signal()
    render_failed = Signal(object)  # the exception that stopped a render
    basemap_offline = Signal(str)
    sketch_changed = Signal(object)  # list of (x, y) map points while drawing
    sketch_finished = Signal(object)
    sketch_cancelled = Signal()
    edit_changed = Signal(object)  # the edited geometry while dragging
    edit_finished = Signal(object)  # the edited geometry when the mouse is released
    lasso_finished = Signal(object, bool)  # lasso points (map), shift held

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(300, 200)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.layers: LayerList | None = None
        self.store = GeometryStore()
        self.runner = RenderRunner(self.store, self)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self.render_failed)
        self.viewport = Viewport(155_000, 463_000, 200.0, self.width(), self.height())
        self.highlight: list = []  # polygons (map coordinates) drawn on top: the selection
        self._image: QImage | None = None
        self._image_viewport: Viewport | None = None
        self._generation = 0
        self._started: dict[int, int] = {}  # id(settings) -> generation it was started for
        self._drag_start: QPointF | None = None
        self._drag_viewport: Viewport | None = None
        self._moved = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._start_render)
        self.tool = "pan"
        self.sketch: list[tuple[float, float]] = []
        self.editing = None  # shapely geometry of the focus area being edited
        self._edit_hit: tuple[str, int, int] | None = None  # ("vertex", ring, i) or ("move",..)
        self._edit_start_map: tuple[float, float] | None = None
        self._edit_original = None
        self.lasso: list[tuple[float, float]] = []
        self._cursor_px: tuple[float, float] | None = None
        self.focus_areas = None
        self._layers_follower: Follower | None = None
        self._focus_follower: Follower | None = None
        self._selection_document: Any = None  # the document whose selection is outlined
        self.fetcher = TileFetcher(self)
        self.fetcher.arrived.connect(self.request_render)
        self.fetcher.offline.connect(self.basemap_offline)

    # --- model ---------------------------------------------------------------------------------

    def set_layers(self, layers: LayerList) -> None:
        """Draw ``layers`` and redraw when the list or a layer changes (not its name)."""
        if self._layers_follower is not None:
            self._layers_follower.close()
        self.layers = layers
        self._layers_follower = follow(layers, self.request_render, skip=("name",))
        self.request_render()

    def set_focus_areas(self, areas) -> None:
        """Draw these focus areas on top; redraw when one is added, removed or edited."""
        if self._focus_follower is not None:
            self._focus_follower.close()
        self.focus_areas = areas
        self._focus_follower = follow(areas, self.request_render)
        self.request_render()

    def follow_selection(self, document) -> None:
        """Outline the selected areas of ``document``'s selection model, and follow it."""
        old = self._selection_document
        if old is not None:
            old.events.selection.disconnect(self._selection_changed)
            old.events.data_changed.disconnect(self._selection_changed)
        self._selection_document = document
        document.events.selection.connect(self._selection_changed)
        document.events.data_changed.connect(self._selection_changed)
        self._selection_changed()

    def _selection_changed(self, *_: object) -> None:
        import shapely

        from wijkkaart.render.geometry import rings_to_qpolygons

        document = self._selection_document
        layer = document.layers.find(document.selection.layer or -1) if document else None
        data = getattr(layer, "data", None)
        polygons: list = []
        if data is not None:
            codes = [c for c in document.selection.codes if c in data.frame.index]
            if codes:
                geoms = data.frame.loc[codes].geometry.to_numpy()
                rings = shapely.get_exterior_ring(shapely.get_parts(geoms))
                polygons = rings_to_qpolygons(
                    shapely.get_coordinates(rings), shapely.get_num_coordinates(rings)
                )
        self.highlight = polygons
        self.update()

    def closeEvent(self, event) -> None:
        if self._selection_document is not None:
            self._selection_document.events.selection.disconnect(self._selection_changed)
            self._selection_document.events.data_changed.disconnect(self._selection_changed)
            self._selection_document = None
        for follower in (self._layers_follower, self._focus_follower):
            if follower is not None:
                follower.close()
        self._layers_follower = self._focus_follower = None
        super().closeEvent(event)

    # --- view ----------------------------------------------------------------------------------

    def set_viewport(self, viewport: Viewport) -> None:
        self.viewport = viewport.resized(self.width(), self.height())
        self.viewport_changed.emit(self.viewport)
        self.update()
        self.request_render()

    def zoom_to(self, bounds: tuple[float, float, float, float]) -> None:
        self.set_viewport(Viewport.fit(bounds, self.width(), self.height()))

    def zoom(self, factor: float, px: float | None = None, py: float | None = None) -> None:
        self.set_viewport(self.viewport.zoomed(factor, px, py))

    def resizeEvent(self, event) -> None:
        self.viewport = self.viewport.resized(self.width(), self.height())
        self.viewport_changed.emit(self.viewport)
        self.request_render()
        super().resizeEvent(event)

    # --- rendering -----------------------------------------------------------------------------

    def request_render(self, immediate: bool = False) -> None:
        self._generation += 1
        if immediate:
            self._start_render()
        else:
            self._timer.start()

    def settings(self) -> MapSettings:
        """The current view and layers as a render settings value (GUI thread)."""
        layers = list(self.layers) if self.layers is not None else []
        return MapSettings.of(layers, self.viewport, self.focus_areas, background=BACKGROUND.name())

    def _start_render(self) -> None:
        if self.layers is None:
            return
        settings = self.settings()  # cheap: no classification or file reading here
        self._started = {id(settings): self._generation}
        self.runner.start(settings)  # cancels a render that is still running

    def _on_finished(self, result: RenderResult) -> None:
        generation = self._started.pop(id(result.settings), None)
        if result.ok:
            self._image, self._image_viewport = result.image, result.settings.viewport
            self.update()
            by_style: dict[str, list[tuple[int, int, int]]] = {}
            for style, z, x, y in result.missing_tiles:
                by_style.setdefault(style, []).append((z, x, y))
            for style, tiles in by_style.items():
                self.fetcher.fetch(style, tiles)
        if self.runner.is_busy():
            return  # a newer job is on its way
        if generation is not None and generation != self._generation and not self._timer.isActive():
            self._start_render()  # the model changed while this one was rendering
        elif result.ok:
            self.rendered.emit()

    def is_idle(self) -> bool:
        return not self.runner.is_busy() and not self._timer.isActive()

    def wait_rendered(self, timeout_ms: int = 10_000) -> bool:
        """Wait (processing events) until the current view is rendered: tests, screenshots."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        clock = QElapsedTimer()
        clock.start()
        while clock.elapsed() < timeout_ms:
            QCoreApplication.processEvents()
            if self.is_idle() and self._image_viewport == self.viewport:
                return True
            self.runner.wait(5)
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), BACKGROUND)
            if self._image is not None and self._image_viewport is not None:
                old, new = self._image_viewport, self.viewport
                scale = float(old.resolution / new.resolution)
                x, y = new.to_pixel(old.bounds[0], old.bounds[3])
                target = QRectF(x, y, old.width * scale, old.height * scale)
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, scale != 1.0)
                painter.drawImage(target, self._image)
            if self.highlight:
                self._paint_highlight(painter)
            if self.tool == "draw" and self.sketch:
                self._paint_sketch(painter)
            if self.tool == "edit" and self.editing is not None:
                self._paint_edit(painter)
            if self.tool == "lasso" and len(self.lasso) > 1:
                pen = QPen(QColor("#1f78b4"), 1.5, Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(QColor(31, 120, 180, 30))
                painter.drawPolygon([QPointF(*self.viewport.to_pixel(x, y)) for x, y in self.lasso])
        finally:
            painter.end()

    def _paint_highlight(self, painter: QPainter) -> None:
        from wijkkaart.render.renderer import world_transform

        painter.save()  # the world transform is for the outline only: tools paint in pixels
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setTransform(world_transform(self.viewport))
            pen = QPen(QColor("#e6007e"), 3)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for polygon in self.highlight:
                painter.drawPolygon(polygon)
        finally:
            painter.restore()

    def _paint_sketch(self, painter: QPainter) -> None:
        points = [QPointF(*self.viewport.to_pixel(x, y)) for x, y in self.sketch]
        if self._cursor_px is not None:
            points.append(QPointF(*self._cursor_px))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(QColor("#e6007e"), 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(QColor(230, 0, 126, 40))
        painter.drawPolygon(points)
        painter.setPen(QPen(QColor("#e6007e"), 1))
        painter.setBrush(QColor("white"))
        for point in points[: len(self.sketch)]:
            painter.drawEllipse(point, 4, 4)

    # --- editing a focus area: drag a corner, or drag inside to move it -----------------------

    def start_editing(self, geometry) -> None:
        self.tool = "edit"
        self.editing = geometry
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.update()

    def stop_editing(self) -> None:
        self.tool = "pan"
        self.editing = None
        self._edit_hit = None
        self.unsetCursor()
        self.update()

    def _rings(self, geometry) -> list[list[tuple[float, float]]]:
        import shapely

        out = []
        for polygon in shapely.get_parts(geometry):
            out.append(list(polygon.exterior.coords)[:-1])
        return out

    def _paint_edit(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#e6007e"), 2))
        painter.setBrush(QColor(230, 0, 126, 30))
        for ring in self._rings(self.editing):
            points = [QPointF(*self.viewport.to_pixel(x, y)) for x, y in ring]
            painter.drawPolygon(points)
            painter.setBrush(QColor("white"))
            for point in points:
                painter.drawRect(QRectF(point.x() - 4, point.y() - 4, 8, 8))
            painter.setBrush(QColor(230, 0, 126, 30))

    def _edit_press(self, px: float, py: float) -> bool:
        import shapely

        for r, ring in enumerate(self._rings(self.editing)):
            for i, (x, y) in enumerate(ring):
                vx, vy = self.viewport.to_pixel(x, y)
                if abs(vx - px) <= 6 and abs(vy - py) <= 6:
                    self._edit_hit = ("vertex", r, i)
                    break
            if self._edit_hit:
                break
        x, y = self.viewport.to_map(px, py)
        if self._edit_hit is None and self.editing.contains(shapely.Point(x, y)):
            self._edit_hit = ("move", 0, 0)
        if self._edit_hit is None:
            return False
        self._edit_start_map = (x, y)
        self._edit_original = self.editing
        return True

    def _edit_drag(self, px: float, py: float) -> None:
        import shapely

        x, y = self.viewport.to_map(px, py)
        kind, ring_index, vertex = self._edit_hit
        if kind == "move":
            dx, dy = x - self._edit_start_map[0], y - self._edit_start_map[1]
            shift = np.array([dx, dy])
            geometry = shapely.transform(self._edit_original, lambda c: c + shift)
        else:
            rings = self._rings(self._edit_original)
            rings[ring_index][vertex] = (x, y)
            polygons = [shapely.Polygon(ring) for ring in rings]
            geometry = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
            geometry = shapely.make_valid(geometry)
        self.editing = geometry
        self.edit_changed.emit(geometry)
        self.update()

    # --- lasso selection -----------------------------------------------------------------------

    def start_lasso(self) -> None:
        self.tool = "lasso"
        self.lasso = []
        self.setCursor(Qt.CursorShape.CrossCursor)

    # --- drawing a focus area ------------------------------------------------------------------

    def start_drawing(self) -> None:
        """Click vertices; double-click or Enter finishes, Esc cancels, Backspace undoes one."""
        self.tool = "draw"
        self.sketch = []
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocus()

    def add_vertex(self, x: float, y: float) -> None:
        if (
            self.sketch
            and abs(self.sketch[-1][0] - x) < 1e-6
            and abs(self.sketch[-1][1] - y) < 1e-6
        ):
            return
        self.sketch.append((x, y))
        self.sketch_changed.emit(list(self.sketch))
        self.update()

    def finish_drawing(self) -> None:
        points = list(self.sketch)
        self._stop_drawing()
        if len(points) >= 3:
            self.sketch_finished.emit(points)
        else:
            self.sketch_cancelled.emit()

    def cancel_drawing(self) -> None:
        self._stop_drawing()
        self.sketch_cancelled.emit()

    def _stop_drawing(self) -> None:
        self.tool = "pan"
        self.sketch = []
        self._cursor_px = None
        self.unsetCursor()
        self.update()

    def keyPressEvent(self, event) -> None:
        if self.tool in ("edit", "lasso") and event.key() == Qt.Key.Key_Escape:
            self.stop_editing()
            self.lasso = []
            return
        if self.tool == "draw":
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.finish_drawing()
                return
            if key == Qt.Key.Key_Escape:
                self.cancel_drawing()
                return
            if key == Qt.Key.Key_Backspace and self.sketch:
                self.sketch.pop()
                self.sketch_changed.emit(list(self.sketch))
                self.update()
                return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self.tool == "draw":
            x, y = self.viewport.to_map(event.position().x(), event.position().y())
            self.add_vertex(x, y)
            self.finish_drawing()
            self._drag_start = None

    # --- mouse ---------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        left = event.button() == Qt.MouseButton.LeftButton
        if (
            left
            and self.tool == "edit"
            and self._edit_press(event.position().x(), event.position().y())
        ):
            return
        if event.button() == Qt.MouseButton.LeftButton and self.tool == "lasso":
            self.lasso = [self.viewport.to_map(event.position().x(), event.position().y())]
            return
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_start = event.position()
            self._drag_viewport = self.viewport
            self._moved = False

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x, y = self.viewport.to_map(event.position().x(), event.position().y())
        self.cursor_moved.emit(x, y)
        if self.tool == "edit" and self._edit_hit is not None:
            self._edit_drag(event.position().x(), event.position().y())
            return
        if self.tool == "lasso" and self.lasso:
            self.lasso.append((x, y))
            self.update()
            return
        if self.tool == "draw":
            self._cursor_px = (event.position().x(), event.position().y())
            self.update()
        if self._drag_start is not None and self._drag_viewport is not None:
            delta = event.position() - self._drag_start
            if abs(delta.x()) + abs(delta.y()) > 3:
                self._moved = True
            if self._moved:
                self.viewport = self._drag_viewport.panned(delta.x(), delta.y())
                self.viewport_changed.emit(self.viewport)
                self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self.tool == "edit" and self._edit_hit is not None:
            self._edit_hit = None
            if self.editing is not None and not self.editing.equals(self._edit_original):
                self.edit_finished.emit(self.editing)
            return
        if self.tool == "lasso" and self.lasso:
            points, self.lasso = self.lasso, []
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.tool = "pan"
            self.unsetCursor()
            self.update()
            if len(points) >= 3:
                self.lasso_finished.emit(points, shift)
            return
        if event.button() != Qt.MouseButton.LeftButton or self._drag_start is None:
            return
        if self._moved:
            self.request_render()
        elif self.tool == "draw":
            self.add_vertex(*self.viewport.to_map(event.position().x(), event.position().y()))
        else:
            x, y = self.viewport.to_map(event.position().x(), event.position().y())
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self.clicked.emit(x, y, shift)
        self._drag_start = None
        self._drag_viewport = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            factor = WHEEL_STEP**steps
            self.zoom(factor, event.position().x(), event.position().y())
