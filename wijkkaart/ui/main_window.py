"""The main window assembles: map canvas, docks, status bar, menus and toolbar, and the
controllers that do the work (design.md point 5, "the main window only assembles"):

* ui/actions.py, ui/menus.py, ui/toolbar.py: the commands, where they sit, their icons;
* ui/file_actions.py: new, open, save, recent, and the questions that keep work from being lost;
* ui/layer_actions.py: layers, data files and tables;
* ui/navigation.py: the search bar and the zoom-to commands;
* ui/focus_actions.py and ui/profile_display.py: focus areas and the card of what is chosen;
* ui/map_events.py: what clicks, the lasso, measuring and hovering on the map do.

* ui/document_wiring.py: a document into every view, and the previous one out (``set_document``).

The window itself holds the one undo stack (``apply``) and the selection hub (``identify_layer``,
``select_areas``), and keeps thin delegations for the calls the tests and scripts make
(``open_project``, ``set_document``, ``add_data`` …).
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QScrollArea, QWidget

from wijkkaart.commands import Command, UndoStack
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.focus import FocusArea
from wijkkaart.layers.model import AreaLayer
from wijkkaart.messages import WijkkaartError, tr, ui
from wijkkaart.project import Allowed
from wijkkaart.ui.actions import build_actions
from wijkkaart.ui.analysis_panel import AnalysisPanel
from wijkkaart.ui.attribute_dock import AttributeDock
from wijkkaart.ui.canvas import MapCanvas
from wijkkaart.ui.document_wiring import DocumentWiring
from wijkkaart.ui.errors import error_box
from wijkkaart.ui.file_actions import FileActions
from wijkkaart.ui.focus_actions import FocusActions
from wijkkaart.ui.focus_panel import FocusPanel
from wijkkaart.ui.info_panel import InfoPanel
from wijkkaart.ui.jobs import JobRunner
from wijkkaart.ui.language import SettingsMenu, follow_language
from wijkkaart.ui.layer_actions import LayerActions
from wijkkaart.ui.layer_panel import LayerPanel
from wijkkaart.ui.legend_widget import LegendWidget
from wijkkaart.ui.map_events import MapEvents
from wijkkaart.ui.menus import build_menus
from wijkkaart.ui.navigation import Navigation
from wijkkaart.ui.profile_display import ProfileDisplay
from wijkkaart.ui.profile_panel import ProfilePanel
from wijkkaart.ui.recovery import Autosaver
from wijkkaart.ui.scale_box import ScaleBox
from wijkkaart.ui.series_actions import SeriesActions
from wijkkaart.ui.series_open import DropOpener, SeriesOpener
from wijkkaart.ui.style_panel import StylePanel
from wijkkaart.ui.toolbar import build_toolbar
from wijkkaart.ui.year_bar import YearBar, map_with_bar
from wijkkaart.workspace import Workspace

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.document: MapDocument | None = None
        self.workspace: Workspace | None = None
        self.canvas = MapCanvas()
        self.layer_panel = LayerPanel()
        self.style_panel = StylePanel()
        self.legend = LegendWidget()
        self.info = InfoPanel()
        self.focus_panel = FocusPanel()
        self.profile_panel = ProfilePanel()
        self.analysis_panel = AnalysisPanel()
        self.stack = UndoStack()
        self.stack.changed.connect(self.stack_changed)
        self.wiring = DocumentWiring(self)  # a document into every view (set_document)
        self.layer_panel.apply = self.apply
        self.layer_panel.end_merge = self.stack.end_merge
        self.style_panel.apply = self.apply
        self.focus_panel.apply = self.apply
        self.analysis_panel.apply = self.apply
        self.analysis_panel.current_choice = lambda: (
            self.workspace.current_choice() if self.workspace is not None else None
        )
        self.analysis_panel.select_codes = self._select_codes
        self.analysis_panel.show_error = self._show_error
        # the series on the map, year by year (a view, never saved): a strip under the canvas
        self.year_bar = YearBar(self.canvas, self.legend)
        self.setCentralWidget(map_with_bar(self.canvas, self.year_bar))
        self.year_bar.series_changed.connect(self.info.show_derivations)
        # with the year map on, the layer list and the style panel say what the map shows
        self.year_bar.view_changed.connect(self.layer_panel.show_year_view)
        self.year_bar.view_changed.connect(self.style_panel.show_year_view)
        self.style_panel.year_view_off.connect(self.year_bar.switch_off)
        legend_scroll = QScrollArea()
        legend_scroll.setWidgetResizable(True)
        legend_scroll.setWidget(self.legend)
        self.docks = {
            "layers": self._dock(
                ui("layers"), self.layer_panel, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            "style": self._dock(
                ui("style"), self.style_panel, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            "legend": self._dock(
                ui("legend"), legend_scroll, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "info": self._dock(ui("info"), self.info, Qt.DockWidgetArea.RightDockWidgetArea),
            "focus": self._dock(
                ui("focus_areas"), self.focus_panel, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
            "profile": self._dock(
                ui("profile"), self.profile_panel, Qt.DockWidgetArea.RightDockWidgetArea
            ),
            "analysis": self._dock(
                ui("analysis"), self.analysis_panel, Qt.DockWidgetArea.LeftDockWidgetArea
            ),
        }
        self.tabifyDockWidget(self.docks["style"], self.docks["focus"])
        self.tabifyDockWidget(self.docks["focus"], self.docks["analysis"])
        self.tabifyDockWidget(self.docks["info"], self.docks["profile"])
        self.docks["style"].raise_()
        self.docks["info"].raise_()
        self.coords = QLabel()
        self.scale = ScaleBox()
        self.scale.setToolTip(ui("scale_tip"))
        self.scale.scale_requested.connect(self.canvas.set_scale)
        self.statusBar().addPermanentWidget(self.coords)
        self.statusBar().addPermanentWidget(QLabel(ui("scale_label")))
        self.statusBar().addPermanentWidget(self.scale)
        self.jobs = JobRunner(self, self.statusBar())  # long work: progress and Annuleren
        self.analysis_panel.jobs = self.legend.jobs = self.year_bar.jobs = self.jobs
        self.style_panel.jobs = self.jobs
        self.files = FileActions(self)  # Bestand: new, open, save, recent; never lose work
        self.layer_actions = LayerActions(self)  # layers, data, tables (and the panel's buttons)
        # tables over the years (on the map, or as charts per area) and files dropped on us
        self.series_opener = SeriesOpener(self)
        self.drops = DropOpener(self, self.series_opener)
        self.profile_display = ProfileDisplay(self)  # the card and trend of what is chosen
        self.focus_actions = FocusActions(self)  # draw, compose, choose, edit, delete
        self.series_actions = SeriesActions(self)  # series over the years, reference vintage
        self.map_events = MapEvents(self)  # clicks, identify, lasso, measure, cursor and scale
        self._build_menus()
        self.canvas.basemap_offline.connect(
            lambda _detail: self.statusBar().showMessage(ui("basemap_offline"), 15000)
        )
        self.layer_panel.current_changed.connect(self.style_panel.set_layer)
        self._docks_sized = False
        self.setWindowTitle(ui("app_title"))
        self.canvas.render_failed.connect(self._render_failed)
        self._render_errors: set[str] = set()
        self.autosaver = Autosaver(self)
        # after a language switch (ui/language.py re-translates the fixed texts of every widget)
        follow_language(self._language_changed)

    def _language_changed(self, _code: str) -> None:
        """Texts built from data follow the new language: undo labels, title, legend, map.
        A status-bar message said in the old language goes (it would stay Dutch in English)."""
        self.statusBar().clearMessage()
        self.stack_changed()
        self.style_panel.show_style()
        self.legend.update()
        self.canvas.update()
        self.update_profile()

    def closeEvent(self, event) -> None:
        if self.files.maybe_save():
            self.autosaver.timer.stop()
            self.jobs.cancel_all()  # nothing of a running job is applied to a closed window
            event.accept()
        else:
            event.ignore()

    def _render_failed(self, error: object) -> None:
        """A map that cannot be drawn says why once (not at every pan), and the app goes on."""
        text = str(error)
        self.statusBar().showMessage(tr("render_failed", reason=text), 15000)
        if text not in self._render_errors:
            self._render_errors.add(text)
            if not isinstance(error, WijkkaartError):
                log.error("rendering failed: %r", error)
            error_box(self, error if isinstance(error, Exception) else Exception(text)).exec()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._docks_sized:  # dock sizes only take effect once the window is shown
            self._docks_sized = True
            self.resizeDocks(
                [self.docks["layers"], self.docks["style"]], [170, 430], Qt.Orientation.Vertical
            )
            self.resizeDocks(
                [self.docks["legend"], self.docks["info"]], [280, 600], Qt.Orientation.Vertical
            )
            # Side panels take about a quarter of the width each, the map the rest (on a
            # 1366 px laptop: 340 + 360, the map 660 px); the panels scroll when narrower.
            width = self.width()
            self.resizeDocks(
                [self.docks["layers"], self.docks["legend"]],
                [max(280, min(420, width // 4)), max(300, min(460, int(width * 0.27)))],
                Qt.Orientation.Horizontal,
            )

    def fit_screen(self) -> None:
        """Title bar and borders included, the window fits the screen's available area (a
        1366x768 laptop with a task bar), so the status bar and the dock tabs are on it."""
        screen = self.screen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w, extra_h = frame.width() - self.width(), frame.height() - self.height()
        width = min(self.width(), room.width() - extra_w)
        height = min(self.height(), room.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        if not room.contains(self.frameGeometry()):
            self.move(room.topLeft())

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title)
        if not isinstance(widget, QScrollArea):
            # A panel taller or wider than its share of a 1366x768 laptop scrolls inside its
            # dock instead of pushing the window (and its status bar) off the screen.
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(widget)
            widget = scroll
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # --- menus ---------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        """The actions (ui/actions.py) in the menus (ui/menus.py), the search bar and toolbar."""
        self.navigation = Navigation(self)  # the search bar and the zoom-to commands
        self.search_box = self.navigation.search_box
        self.actions_by_key: dict[str, QAction] = build_actions(self)
        self.recent, self.recent_menu = self.files.recent, self.files.recent_menu
        self.settings_menu = SettingsMenu(self)  # Instellingen → Taal
        build_menus(
            self.menuBar(),
            self.actions_by_key,
            self.recent_menu,
            self.settings_menu,
            [dock.toggleViewAction() for dock in self.docks.values()],
        )
        self.tool_actions: dict[str, QAction] = {}  # filled by the toolbar
        self.map_bar = build_toolbar(self)
        self.insertToolBar(self.navigation.search_bar, self.map_bar)
        self.attribute_dock: AttributeDock | None = None

    # --- project -------------------------------------------------------------------------------

    def open_project(self, path: Path | str, allow_outside: Allowed = None) -> bool:
        """Start opening a project in a job (ui/file_actions.py asks about files outside its
        folder); True when the read started. The window shows it when it is read."""
        return self.files.open_project(path, allow_outside)

    def open_path(self, path: str | Path) -> bool:
        """Start opening a project or a data file (as a new unsaved project) in a job."""
        return self.files.open_path(path)

    def new_project(self, path: str | Path | None = None, show: bool = True):
        """Bestand → Nieuw project: the dialog (returned for tests)."""
        return self.files.new_project(path, show)

    def save(self) -> bool:
        return self.files.save()

    def save_as(self) -> None:
        self.files.save_as()

    @property
    def selection(self) -> list[str]:
        """The selected codes (of the selected layer), from the document's selection model."""
        return self.workspace.selected_codes() if self.workspace is not None else []

    def set_document(self, document: MapDocument) -> None:
        """Show ``document`` in every view (ui/document_wiring.py does the wiring)."""
        self.wiring.attach(document)

    def set_new_document(self, document: MapDocument | None) -> None:
        """Show a new (unsaved) project, fitted to this canvas."""
        self.wiring.attach_new(document)

    def view_dict(self) -> dict[str, float]:
        v = self.canvas.viewport
        return {"cx": v.cx, "cy": v.cy, "resolution": v.resolution}

    # --- layers and data (ui/layer_actions.py) ------------------------------------------------

    def add_layer_file(self, path: Path | str) -> None:
        self.layer_actions.add_layer_file(path)  # read in a job; the layer is added after

    def add_data(self, role: str | None = None, show: bool = True):
        """Bestand → Gegevens toevoegen: the dialog (returned for tests)."""
        return self.layer_actions.add_data(role, show)

    def join_table(self, path: Path | str):
        """The join dialog (returned for tests), or None when the table is unusable."""
        return self.layer_actions.join_table(path)

    # --- identify and select -------------------------------------------------------------------

    def identify_layer(self) -> AreaLayer | None:
        current = self.layer_panel.current_layer()
        if isinstance(current, AreaLayer) and current.visible and current.data is not None:
            return current
        if self.document is None:
            return None
        return next(
            (
                layer
                for layer in reversed(self.document.layers)
                if isinstance(layer, AreaLayer) and layer.visible and layer.data is not None
            ),
            None,
        )

    def area_at(self, layer: AreaLayer, x: float, y: float) -> str | None:
        return self.workspace.area_at(layer, x, y) if self.workspace is not None else None

    def select_areas(self, layer: AreaLayer, codes: list[str]) -> None:
        """Select ``codes`` of ``layer``; the views follow the selection model."""
        if self.document is not None:
            self.document.selection.select(layer.uid, codes)

    # --- undo ------------------------------------------------------------------------------------

    def apply(self, command: Command) -> None:
        """Every edit of layers, styles and focus areas goes through here, onto one stack."""
        self.stack.push(command)

    def stack_changed(self) -> None:
        undo, redo = self.actions_by_key["undo"], self.actions_by_key["redo"]
        undo.setEnabled(self.stack.can_undo())
        redo.setEnabled(self.stack.can_redo())
        undo.setText(
            ui("undo_what", what=self.stack.undo_text()) if self.stack.can_undo() else ui("undo")
        )
        redo.setText(
            ui("redo_what", what=self.stack.redo_text()) if self.stack.can_redo() else ui("redo")
        )
        name = self.document.project.name if self.document else ""
        marker = "" if self.stack.is_clean() else "*"
        self.setWindowTitle(f"{marker}{name} — {ui('app_title')}" if name else ui("app_title"))

    # --- focus areas (ui/focus_actions.py) and their profile (ui/profile_display.py) ----------

    def start_drawing(self) -> None:
        self.focus_actions.start_drawing()

    def add_focus_area(self, points: list[tuple[float, float]]) -> FocusArea | None:
        return self.focus_actions.add_focus_area(points)

    def focus_from_selection(self) -> FocusArea | None:
        return self.focus_actions.focus_from_selection()

    def update_profile(self) -> None:
        """Profile (and trend) of the selected focus area, else of the selected buurten."""
        self.profile_display.update()

    def _show_error(self, exc: BaseException) -> None:
        error_box(self, exc).exec()

    def current_area(self):
        """(title, profile, polygon) of the chosen focus area, else of the selected buurten."""
        return self.workspace.current_area() if self.workspace is not None else None

    def _select_codes(self, codes: list[str]) -> None:
        layer, workspace = self.identify_layer(), self.workspace
        if layer is not None and workspace is not None:
            assert layer.data is not None  # identify_layer gives only layers with data
            codes = [c for c in codes if c in layer.data.frame.index]
            if workspace.current is not None:  # keep the area chosen while showing its
                workspace.select_keeping_current(layer.uid, codes)  # neighbours
            else:
                self.select_areas(layer, codes)  # the views follow the workspace's events

    # --- dialogs -------------------------------------------------------------------------------

    def show_manual(self) -> None:
        """Help → Handleiding (non-modal, so the user can follow it while working)."""
        from wijkkaart.ui.help_dialog import manual_dialog

        self.help_window = manual_dialog(self)
        self.help_window.show()

    def show_sources(self) -> None:
        from wijkkaart.ui.help_dialog import sources_dialog

        self.help_window = sources_dialog(self)
        self.help_window.show()

    def open_export(self) -> None:
        """Print layout with preview; the map extent is what is on screen now."""
        from wijkkaart.ui.export_dialog import ExportDialog

        if self.document is None:
            return
        self.export_dialog = ExportDialog(self.document, self.canvas.viewport.bounds, self)
        self.export_dialog.show()

    # attribute table

    def show_attribute_table(self):
        """Beeld → Attributentabel: a dock under the map, linked to the selection."""
        if self.attribute_dock is None:
            dock = AttributeDock(
                self,
                self.identify_layer,
                self.info.show_area,
                self._input_paths,
                lambda exc: error_box(self, exc).exec(),
            )
            # under the map only: the side panels keep their full height
            self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
            self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            self.layer_panel.current_changed.connect(lambda _layer: dock.refresh())
            self.attribute_dock, self.attribute_table = dock, dock.table
        first = not self.attribute_dock.isVisible()
        self.attribute_dock.show()
        self.attribute_dock.raise_()
        if first:  # a useful height: about a third of the window
            self.resizeDocks(
                [self.attribute_dock], [max(220, self.height() // 3)], Qt.Orientation.Vertical
            )
        self.attribute_dock.set_document(self.document)
        return self.attribute_table

    def _input_paths(self) -> list[Path]:
        """Every file the project reads: an export is never written over one of them."""
        if self.document is None:
            return []
        return self.document.project.input_paths()
