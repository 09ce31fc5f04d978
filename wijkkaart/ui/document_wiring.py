"""Wiring one document into the window's views, and unwiring the previous one.

Every view that shows a document (canvas, panels, legend, year bar, attribute table) is
pointed at it here, and the window's own subscriptions to its events live here, so that
``ui/main_window.py`` only assembles (design.md point 5) and a new view is wired in one place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer, BasemapLayer
from wijkkaart.render.viewport import Viewport
from wijkkaart.workspace import Workspace

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow


class DocumentWiring:
    """Connects the window's views to the open document; ``attach`` replaces the old one."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def attach(self, document: MapDocument, fit: bool = False) -> None:
        """Show ``document`` in every view; the previous document is let go first.

        fit: fit the map to the areas (a new project) rather than restore the saved view.
        """
        w = self.window
        w.jobs.cancel_all(keep="open")  # results for the old document must not land here
        self.detach()
        w.document = document
        w.workspace = Workspace(document)
        w.stack.clear()
        document.track(w.stack)
        self.refresh_attribute_table()  # an open table follows the new document
        document.events.selection.connect(self.selection_changed)
        document.events.years.connect(self.years_changed)
        # what is chosen (a focus area, the selection, their figures): the profile, once; the
        # focus panel shows the workspace's current area (a selected buurt un-chooses it)
        w.workspace.chosen_changed.connect(w.update_profile)
        w.workspace.current_changed.connect(w.focus_panel.show_current)
        w.info.set_document(document)  # follows new figures (a join, its undo)
        self._show(document, fit)

    def attach_new(self, document: MapDocument | None) -> None:
        """A new (unsaved) project, fitted to the canvas."""
        if document is not None:  # once fitted and once filled: not a second time after
            self.attach(document, fit=True)

    def detach(self) -> None:
        """Disconnect the window from its current document and close its workspace."""
        w = self.window
        old = w.document
        if old is not None:
            old.untrack()
            old.events.selection.disconnect(self.selection_changed)
            old.events.years.disconnect(self.years_changed)
        if w.workspace is not None:
            w.workspace.close()

    def _show(self, document: MapDocument, fit: bool = False) -> None:
        """Point the canvas, the panels and the legend at ``document``; restore its view (or
        fit the map to it)."""
        w = self.window
        w.canvas.follow_selection(document)
        w.canvas.set_layers(document.layers)
        w.canvas.set_focus_areas(document.focus_areas)
        w.focus_panel.set_areas(document.focus_areas)
        w.analysis_panel.set_document(document)
        w.profile_panel.clear()
        w.profile_panel.trend.set_document(document)  # follows the goals it shows
        w.year_bar.set_document(document)
        self._show_reference(document)
        w.layer_panel.set_layers(document.layers)
        w.legend.set_layers(document.layers, document.focus_areas)
        w.info.show_area(document.areas, None)
        if document.view and not fit:
            v = document.view
            w.canvas.set_viewport(
                Viewport(v["cx"], v["cy"], v["resolution"], w.canvas.width(), w.canvas.height())
            )
        else:
            w.navigation.full_extent()
        area = next(
            (layer for layer in reversed(document.layers) if isinstance(layer, AreaLayer)), None
        )
        if area is not None:
            w.layer_panel.select(area)
            w.style_panel.set_layer(area)
        w.stack_changed()
        w.actions_by_key["basemap"].setChecked(
            any(isinstance(layer, BasemapLayer) for layer in document.layers)
        )

    def _show_reference(self, document: MapDocument) -> None:
        from wijkkaart.vintages import reference_text, reference_year

        self.window.info.set_reference(reference_text(reference_year(document.project)))

    def years_changed(self) -> None:
        """A series added or the reference vintage switched (or undone): the information panel
        follows. (The year bar and the export dialog follow the event themselves; the profile's
        trend and waterbed follow the year bar's series_changed, once the series is read.)"""
        w = self.window
        document = w.document
        if document is None:
            return
        self._show_reference(document)
        w.info.show_area(document.areas, w.info.code)

    def selection_changed(self, _layer: object, codes: tuple[str, ...]) -> None:
        """Nothing selected: the information panel shows no buurt. (A selected buurt
        un-chooses the focus area in the workspace; the profile follows its chosen_changed.)"""
        w = self.window
        if not codes:
            layer = w.identify_layer()
            if layer is not None and layer.data is not None:  # identify_layer has data
                w.info.show_area(layer.data, None)

    def refresh_attribute_table(self) -> None:
        """A new document: the table (once opened) shows and follows it."""
        w = self.window
        if w.attribute_dock is not None:
            w.attribute_dock.set_document(w.document)
