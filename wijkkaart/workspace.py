"""What the planner is working on in the open document: Qt-free, shared by the window's views.

The window only assembles widgets; the state they share lives here (design notes, "The main
window only assembles"): the selection (the document's :class:`~wijkkaart.layers.selection.
Selection`), the current focus area, the profile of what is chosen, and the spatial index of
each layer's data: the one index of that data set (:mod:`wijkkaart.analysis.spatial_index`),
shared with the profile, the neighbouring buurten and the trend, built once per data version and
gone with its data. A view asks the workspace, never another view's fields.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from psygnal import Signal

from wijkkaart.analysis.card import card_indicators
from wijkkaart.analysis.profile import Profile, profile, shares_for_codes, shares_for_polygon
from wijkkaart.analysis.spatial_index import AreaIndex, area_index
from wijkkaart.feedback import Feedback
from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.focus import FocusArea
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.selection import Selection
from wijkkaart.messages import ui


def polygon_card(
    data: AreaData,
    polygon: shapely.Geometry,
    rasters: Iterable[dict[str, Any]] | None = None,
    feedback: Feedback | None = None,
) -> Profile | None:
    """The card of ``polygon`` over the buurten of ``data`` (None: it covers none); with
    ``rasters``, their max and p90 read inside the polygon. Pure: the app runs it in a
    ``profile`` job on the data it captured, so a worker never reads the live document."""
    shares = shares_for_polygon(data, polygon)
    if shares.empty:
        return None
    extra = {"polygon": polygon, "rasters": list(rasters)} if rasters is not None else {}
    return profile(data, shares, card_indicators(data), feedback, **extra)


@dataclass(frozen=True)
class Choice:
    """A chosen focus area (``codes`` empty) or selection of buurten, over ``data``."""

    title: str
    data: AreaData
    polygon: shapely.Geometry
    codes: tuple[str, ...] = ()


def choice_profile(choice: Choice, feedback: Feedback | None = None) -> Profile | None:
    """The full profile (every indicator) of a choice; None when a focus area covers no buurt.
    Pure, so a job can compute it."""
    data = choice.data
    if choice.codes:
        shares = shares_for_codes(data, list(choice.codes))
    else:
        shares = shares_for_polygon(data, choice.polygon)
        if shares.empty:
            return None
    return profile(data, shares, feedback=feedback)


class Workspace:
    """Selection, current focus area, profiles and the spatial index of one document."""

    current_changed = Signal(object)  # the current focus area (or None)
    # What the profile shows changed, sent once per change: the current area, the selection,
    # a focus area (edited, renamed, removed) or the figures the profile is computed from.
    chosen_changed = Signal()

    def __init__(self, document: MapDocument) -> None:
        self.document = document
        self.current: FocusArea | None = None
        self._keeping = False  # True while the workspace changes the selection itself
        events = document.events
        events.focus_areas.connect(self._focus_areas_changed)
        events.selection.connect(self._selection_changed)
        events.data_changed.connect(self._data_changed)
        self._basis = self._profiled_data()

    def close(self) -> None:
        """Let go of the document (the window shows another one) and of the views."""
        events = self.document.events
        events.focus_areas.disconnect(self._focus_areas_changed)
        events.selection.disconnect(self._selection_changed)
        events.data_changed.disconnect(self._data_changed)
        self.current_changed.disconnect()
        self.chosen_changed.disconnect()

    # --- what is chosen ------------------------------------------------------------------------

    def _profiled_data(self) -> object:
        """The area data the profile of what is chosen is computed from (None: nothing)."""
        if self.current is not None:
            return self.document.areas
        layer = self.selected_layer()
        return layer.data if layer is not None and self.selection else None

    def _changed(self) -> None:
        self._basis = self._profiled_data()
        self.chosen_changed.emit()

    def _selection_changed(self, _layer: object, codes: tuple[str, ...]) -> None:
        """A buurt selected un-chooses the focus area (one change, one ``chosen_changed``)."""
        if self._keeping:
            return
        if codes and self.current is not None:
            self.current = None
            self.current_changed.emit(None)
        self._changed()

    def _data_changed(self, *_: object) -> None:
        """New figures (a join, an analysis, their undo): once, when they are what the profile
        is computed from (a join re-attaches every area layer, one event each)."""
        if self._profiled_data() is not self._basis:
            self._changed()

    def select_keeping_current(self, layer: int, codes: Iterable[str]) -> None:
        """Select ``codes`` of ``layer`` while the current focus area stays chosen (the
        analysis panel shows its neighbouring buurten)."""
        self._keeping = True
        try:
            self.selection.select(layer, codes)
        finally:
            self._keeping = False
        self._changed()

    @property
    def selection(self) -> Selection:
        return self.document.selection

    # --- layers --------------------------------------------------------------------------------

    def selected_layer(self) -> AreaLayer | None:
        """The layer whose areas are selected, when it is still on the map with data."""
        layer = self.document.layers.find(self.selection.layer or -1)
        if isinstance(layer, AreaLayer) and layer.data is not None:
            return layer
        return None

    def selected_codes(self) -> list[str]:
        """The selected codes that the selected layer still has."""
        layer = self.selected_layer()
        if layer is None:
            return []
        assert layer.data is not None  # selected_layer gives only layers with data
        index = layer.data.frame.index
        return [c for c in self.selection.codes if c in index]

    # --- the one spatial index -----------------------------------------------------------------

    @staticmethod
    def layer_index(layer: AreaLayer) -> AreaIndex:
        """The index of every area of the layer's data, water included (a click on water
        identifies it): the data set's one index, kept while the data lives, so a removed
        layer's index goes with its data (or stays shared while an undo step holds it)."""
        assert layer.data is not None  # the canvas asks only of layers with data
        return area_index(layer.data, include_water=True)

    def area_at(self, layer: AreaLayer, x: float, y: float) -> str | None:
        """The code of the area under map point (x, y), or None."""
        index = self.layer_index(layer)
        hits = index.tree.query(shapely.Point(x, y), predicate="intersects")
        return str(index.codes[int(min(hits))]) if len(hits) else None

    def codes_inside(self, layer: AreaLayer, polygon: shapely.Geometry) -> list[str]:
        """Areas whose inner point lies inside ``polygon`` (the lasso), in layer order."""
        index = self.layer_index(layer)
        candidates = np.sort(index.tree.query(polygon))
        if not len(candidates):
            return []
        inner = shapely.point_on_surface(index.geoms[candidates])
        inside = shapely.contains(polygon, inner)
        return [str(index.codes[i]) for i, hit in zip(candidates, inside, strict=True) if hit]

    # --- current focus area --------------------------------------------------------------------

    def set_current(self, area: FocusArea | None, keep_selection: bool = False) -> None:
        """Choose a focus area (None: none); choosing one clears the buurt selection, unless
        ``keep_selection`` (the analysis panel shows a focus area's neighbouring buurten)."""
        if area is self.current:
            return  # chosen again (an echo of a view): nothing changes, the selection stays
        self._keeping = True
        try:
            if area is not None and self.selection and not keep_selection:
                self.selection.clear()
        finally:
            self._keeping = False
        self.current = area
        self.current_changed.emit(area)
        self._changed()

    def _focus_areas_changed(self) -> None:
        if self.current is not None and not any(
            a is self.current for a in self.document.focus_areas
        ):
            self.current = None  # it was deleted (or its creation undone)
            self.current_changed.emit(None)
        self._changed()

    # --- profiles ------------------------------------------------------------------------------

    def selection_profile(self) -> tuple[str, Profile, Any] | None:
        """(title, profile, data) of the selected buurten, for the profile panel."""
        layer, codes = self.selected_layer(), self.selected_codes()
        if layer is None or not codes:
            return None
        data = layer.data
        assert data is not None  # selected_layer() has data
        shares = shares_for_codes(data, codes)
        result = profile(data, shares, card_indicators(data))
        return ui("profile_selection", n=len(codes)), result, data

    def polygon_profile(
        self, polygon: shapely.Geometry, rasters: Iterable[dict[str, Any]] | None = None
    ) -> Profile | None:
        """The card of a drawn or chosen area over the project's buurten (None: it covers none)."""
        return polygon_card(self.document.areas, polygon, rasters)

    def current_choice(self) -> Choice | None:
        """What is chosen, without computing its profile: the current focus area, else the
        selected buurten of the project's map (cheap: the analysis panel takes it on the GUI
        thread and computes in a job; see :func:`choice_profile`)."""
        data = self.document.areas
        area = self.current
        if area is not None and area.geometry is not None:
            return Choice(area.name, data, area.geometry)
        codes = [c for c in self.selection.codes if c in data.frame.index]
        if codes:
            polygon = shapely.union_all(data.frame.loc[codes].geometry.to_numpy())
            return Choice(ui("profile_selection", n=len(codes)), data, polygon, tuple(codes))
        return None

    def current_area(self) -> tuple[str, Profile, shapely.Geometry] | None:
        """(title, profile, polygon) of the current focus area, else of the selected buurten."""
        choice = self.current_choice()
        if choice is None:
            return None
        result = choice_profile(choice)
        return None if result is None else (choice.title, result, choice.polygon)

    def selection_polygon(self) -> shapely.Geometry | None:
        """The union of the selected areas (to make a focus area of them)."""
        layer, codes = self.selected_layer(), self.selected_codes()
        if layer is None or not codes:
            return None
        assert layer.data is not None  # the canvas asks only of layers with data
        frame = layer.data.frame
        return shapely.union_all(frame.loc[codes].geometry.to_numpy())
