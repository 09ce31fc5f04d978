"""The map canvas: shows the last rendered image at once, renders the new one off the GUI thread.

Panning and zooming transform the cached image immediately (no waiting); a fresh render for the
new view is started as a :class:`~wijkkaart.render.job.RenderJob` and replaces the image when
ready. A newer request cancels the running one; a failure is reported once (``render_failed``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, cast

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPaintEvent, QPen, QWheelEvent
from PySide6.QtWidgets import QWidget

from wijkkaart.layers.colours import MARKED_COLOUR, SELECTION_COLOUR
from wijkkaart.layers.model import Follower, LayerList, follow
from wijkkaart.render.basemap import TileFetcher
from wijkkaart.render.job import MapSettings, RenderResult, RenderRunner
from wijkkaart.render.renderer import GeometryStore
from wijkkaart.render.viewport import SCREEN_DPI, Viewport
from wijkkaart.ui.tools import TOOLS, DrawTool, EditTool, MapTool

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
    identified = Signal(float, float)  # the identify tool clicked at map x, y
    measured = Signal(float, object)  # measure tool: length (m), area (m², None below 3 points)
    tool_changed = Signal(str)  # the name of the tool now active

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
        self._extent: tuple[float, float] | None = None  # map width, height the planner chose
        self.highlight: list = []  # polygons (map coordinates) drawn on top: the selection
        # polygons a view points out without selecting them (the waterbed tab's neighbours),
        # drawn dashed in the same pass as the selection
        self.marked: list = []
        self._image: QImage | None = None
        self._image_viewport: Viewport | None = None
        self._generation = 0
        self._started: dict[int, int] = {}  # id(settings) -> generation it was started for
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._start_render)
        # map tools (ui/tools/): the canvas hands them its mouse, keys and overlay painting
        self.tools: dict[str, MapTool] = {name: cls(self) for name, cls in TOOLS.items()}
        self.active_tool: MapTool = self.tools["pan"]
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
        self.marked = []  # pointed out on the document before
        document.events.selection.connect(self._selection_changed)
        document.events.data_changed.connect(self._selection_changed)
        self._selection_changed()

    def _selection_changed(self, *_: object) -> None:
        document = self._selection_document
        layer = document.layers.find(document.selection.layer or -1) if document else None
        data = getattr(layer, "data", None)
        polygons: list = []
        if data is not None:
            polygons = outline_polygons(data.frame, list(document.selection.codes))
        self.highlight = polygons
        self.update()

    def mark_codes(self, codes: list[str]) -> None:
        """Outline the document's areas ``codes`` dashed (a view's pointer; [] clears it): not a
        selection, so the chosen focus area and the selected buurten stay as they are."""
        document = self._selection_document
        frame = document.areas.frame if document is not None and codes else None
        self.marked = outline_polygons(frame, codes) if frame is not None else []
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
        self.runner.cancel()  # a closed canvas needs no picture
        super().closeEvent(event)

    # --- view ----------------------------------------------------------------------------------

    def set_viewport(self, viewport: Viewport) -> None:
        self.viewport = viewport.resized(self.width(), self.height())
        self._remember_extent()
        self.viewport_changed.emit(self.viewport)
        self.update()
        self.request_render()

    def _remember_extent(self) -> None:
        """The extent the planner chose (a zoom, a pan, a fit): kept when the canvas resizes."""
        v = self.viewport
        self._extent = (v.width * v.resolution, v.height * v.resolution)

    def set_scale(self, denominator: float) -> None:
        """Show the map at 1:``denominator`` (96 dpi) around the same centre."""
        resolution = denominator * 0.0254 / SCREEN_DPI
        self.set_viewport(replace(self.viewport, resolution=resolution))

    def zoom_to(self, bounds: tuple[float, float, float, float]) -> None:
        self.set_viewport(Viewport.fit(bounds, self.width(), self.height()))

    def zoom(self, factor: float, px: float | None = None, py: float | None = None) -> None:
        self.set_viewport(self.viewport.zoomed(factor, px, py))

    def resizeEvent(self, event) -> None:
        """Keep the centre, and fit the extent last chosen into the new size (never drifting:
        the chosen extent is not changed by resizing)."""
        width, height = max(self.width(), 1), max(self.height(), 1)
        v = self.viewport
        span_x, span_y = self._extent or (v.width * v.resolution, v.height * v.resolution)
        resolution = max(span_x / width, span_y / height)
        self.viewport = Viewport(v.cx, v.cy, resolution, width, height)
        self.viewport_changed.emit(self.viewport)
        self.request_render()
        super().resizeEvent(event)

    # --- rendering -----------------------------------------------------------------------------

    def request_render(self, immediate: bool = False) -> None:
        """Render soon (changes within 40 ms are drawn once), or now: a render still running
        is cancelled and replaced, and a pending one is not started again (the year bar's
        steps, which must never queue)."""
        self._generation += 1
        if immediate:
            self._timer.stop()
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

    def is_drawn(self) -> bool:
        """The image on screen is of the current view, and no render is pending."""
        return self.is_idle() and self._image_viewport == self.viewport

    def wait_rendered(self, timeout_ms: int = 10_000) -> bool:
        """Wait (processing events) until the current view is rendered: tests, screenshots."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        clock = QElapsedTimer()
        clock.start()
        while clock.elapsed() < timeout_ms:
            QCoreApplication.processEvents()
            if self.is_drawn():
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
            if self.highlight or self.marked:
                self._paint_highlight(painter)
            self.active_tool.paint(painter)
        finally:
            painter.end()

    def _paint_highlight(self, painter: QPainter) -> None:
        from wijkkaart.render.renderer import world_transform

        painter.save()  # the world transform is for the outline only: tools paint in pixels
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setTransform(world_transform(self.viewport))
            pen = QPen(QColor(SELECTION_COLOUR), 3)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for polygon in self.highlight:
                painter.drawPolygon(polygon)
            marked = QPen(QColor(MARKED_COLOUR), 3, Qt.PenStyle.DashLine)
            marked.setCosmetic(True)
            painter.setPen(marked)
            for polygon in self.marked:
                painter.drawPolygon(polygon)
        finally:
            painter.restore()

    # --- tools -------------------------------------------------------------------------------

    @property
    def tool(self) -> str:
        """The name of the active tool ("pan", "identify", "draw", "edit", "lasso", "measure")."""
        return self.active_tool.name

    def set_tool(self, name: str) -> MapTool:
        """Make ``name`` the active tool (the old one forgets what was half done)."""
        tool = self.tools[name]
        if tool is not self.active_tool:
            self.active_tool.deactivate()
            self.active_tool = tool
            tool.activate()
            self.tool_changed.emit(name)
        else:
            tool.activate()
        self.update()
        return tool

    def show_viewport(self, viewport: Viewport) -> None:
        """Show ``viewport`` at once from the last image (a drag); render when it ends."""
        self.viewport = viewport
        self._remember_extent()
        self.viewport_changed.emit(viewport)
        self.update()

    # the window's verbs for the tools (kept so menus and tests read as before)

    def start_drawing(self) -> None:
        """Click vertices; double-click or Enter finishes, Esc cancels, Backspace undoes one."""
        self.set_tool("draw")

    def start_lasso(self) -> None:
        self.set_tool("lasso")

    def start_measuring(self) -> None:
        self.set_tool("measure")

    def start_editing(self, target) -> None:
        """Edit a focus area (its handles follow undo and redo) or a bare geometry."""
        tool = self.set_tool("edit")
        assert isinstance(tool, EditTool)
        tool.edit(target)

    def stop_editing(self) -> None:
        if self.tool == "edit":
            self.set_tool("pan")

    def _draw_tool(self) -> DrawTool:
        return cast(DrawTool, self.tools["draw"])  # TOOLS registers DrawTool as "draw"

    @property
    def sketch(self) -> list[tuple[float, float]]:
        """The corners drawn so far (the draw tool)."""
        return self._draw_tool().points

    @property
    def editing(self):
        """The geometry shown by the edit tool (None when not editing)."""
        tool = self.tools["edit"]
        return tool.geometry if isinstance(tool, EditTool) and self.tool == "edit" else None

    def finish_drawing(self) -> None:
        if self.tool == "draw":
            self._draw_tool().finish_drawing()

    def cancel_drawing(self) -> None:
        if self.tool == "draw":
            self._draw_tool().cancel_drawing()

    # --- events, handed to the active tool ------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if not self.active_tool.key(event):
            super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.active_tool.double_click(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.active_tool.press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        x, y = self.viewport.to_map(event.position().x(), event.position().y())
        self.cursor_moved.emit(x, y)
        self.active_tool.move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.active_tool.release(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            factor = WHEEL_STEP**steps
            self.zoom(factor, event.position().x(), event.position().y())


def outline_polygons(frame, codes: list[str]) -> list:
    """The outer rings of the areas ``codes`` of ``frame`` as QPolygonF (map coordinates)."""
    import shapely

    from wijkkaart.render.geometry import rings_to_qpolygons

    codes = [c for c in codes if c in frame.index]
    if not codes:
        return []
    geoms = frame.loc[codes].geometry.to_numpy()
    rings = shapely.get_exterior_ring(shapely.get_parts(geoms))
    return rings_to_qpolygons(shapely.get_coordinates(rings), shapely.get_num_coordinates(rings))
