"""Focus areas: draw one, compose one from the selected buurten, choose, edit and delete.

A new area gets the next free name and a colour that stands out from the map's classes; each
change is one undoable command. Choosing an area in the focus panel makes it the workspace's
current area (which clears the buurt selection); editing drags its corners on the canvas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely

from wijkkaart.commands import InsertItem, RemoveItem, SetAttribute
from wijkkaart.layers.focus import FocusArea
from wijkkaart.messages import lazy, ui

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow


class FocusActions:
    """The focus-area commands of ``window``, from its menus, toolbar, focus panel and canvas."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.canvas = window.canvas
        panel = window.focus_panel
        panel.draw_requested.connect(self.start_drawing)
        panel.compose_requested.connect(self.focus_from_selection)
        panel.delete_requested.connect(self.delete_focus_area)
        panel.current_changed.connect(self._chosen)
        panel.edit_requested.connect(self.edit_focus_area)
        self.canvas.sketch_finished.connect(self.add_focus_area)
        self.canvas.edit_finished.connect(self._edited)

    def start_drawing(self) -> None:
        if self.window.document is None:
            return
        self.window.statusBar().showMessage(ui("draw_hint"))
        self.canvas.start_drawing()

    def add_focus_area(self, points: list[tuple[float, float]]) -> FocusArea | None:
        """A drawn polygon becomes a focus area (repaired if it crosses itself)."""
        self.window.statusBar().clearMessage()
        geometry = shapely.make_valid(shapely.Polygon(points))
        return self._new_focus_area(geometry)

    def focus_from_selection(self) -> FocusArea | None:
        workspace = self.window.workspace
        geometry = workspace.selection_polygon() if workspace is not None else None
        return self._new_focus_area(geometry) if geometry is not None else None

    def _new_focus_area(self, geometry) -> FocusArea | None:
        document = self.window.document
        if document is None or geometry is None or geometry.is_empty or geometry.area <= 0:
            return None
        areas = document.focus_areas
        colour = areas.next_colour(self.class_colours())
        area = FocusArea(areas.next_name(), geometry, colour=colour)
        self.window.apply(InsertItem(areas, area, label=lazy("cmd_focus_add")))
        self.window.focus_panel.select(area)
        self.window.docks["profile"].raise_()  # the planner drew it to see its figures
        return area

    def class_colours(self) -> list[str]:
        """The class colours of the visible area layers: a new focus area must stand out."""
        document = self.window.document
        layers = document.layers.area_layers() if document else []
        known = [x.known_symbology() for x in layers if x.visible]  # never classifies here
        return [entry.colour for symbology in known if symbology for entry in symbology.legend]

    def delete_focus_area(self, area: FocusArea) -> None:
        document = self.window.document
        if document is not None and area in list(document.focus_areas):
            self.window.apply(
                RemoveItem(document.focus_areas, area, label=lazy("cmd_focus_delete"))
            )

    def _chosen(self, area: FocusArea | None) -> None:
        if self.window.workspace is not None:
            # choosing a focus area clears the buurt selection; the profile follows the
            # workspace's chosen_changed (once)
            self.window.workspace.set_current(area)

    def edit_current_focus_area(self) -> None:
        """The toolbar's edit tool: edit the chosen focus area (say so when none is chosen)."""
        workspace = self.window.workspace
        area = workspace.current if workspace is not None else None
        if area is None or area.geometry is None:
            self.window.statusBar().showMessage(ui("edit_needs_focus"), 8000)
            self.canvas.set_tool("pan")
            return
        self.edit_focus_area(area)

    def edit_focus_area(self, area: FocusArea | None) -> None:
        """Drag corners or the whole area; each release is one undoable step."""
        if area is None or area.geometry is None:
            self.canvas.stop_editing()
            return
        self.canvas.start_editing(area)  # the handles follow the area through undo and redo

    def _edited(self, geometry) -> None:
        workspace = self.window.workspace
        area = workspace.current if workspace is not None else None
        if area is not None:
            self.window.apply(SetAttribute(area, "geometry", geometry, lazy("cmd_focus_edit")))
