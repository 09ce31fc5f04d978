"""The open map: a project, its area data and the layers drawn from it. Qt-free.

Opening a project builds the area data once and attaches it to every area layer; adding a file
creates the right kind of layer for it (areas with codes, plain outlines, or a raster). Saving
writes the layers and the view back into the project file.

The document is evented (design notes, "The document is evented"): ``document.events`` relays
the layer list (inserted, removed, moved), each layer's data version (``data_changed``), the focus
areas, the analyses, the series (``years``), the goals, the print settings, the selection
(:class:`~wijkkaart.layers.selection.Selection`) and the dirty state of the undo stack it tracks.
Views connect to the signal of what they show; nothing has to refresh another view by hand after
an undo.

``document.revision`` changes with every command done, undone or redone on the tracked stack
and with every change of the layer list, a layer's data, the analyses or the role lists: a job
notes it when it starts, and a result computed against an older revision is never applied over
the newer work (the app computes it again, or drops it, and says so).
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from psygnal import Signal, SignalGroup

from wijkkaart import trust
from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.inspect import RASTER_SUFFIXES
from wijkkaart.io.areas import read_areas
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.join import JoinReport, join_table
from wijkkaart.io.vector import read_vector
from wijkkaart.layers import analyses
from wijkkaart.layers.focus import COLOURS, FocusArea, FocusAreaList
from wijkkaart.layers.model import (
    AreaLayer,
    Layer,
    LayerList,
    OutlineLayer,
    RasterLayer,
    layer_from_dict,
)
from wijkkaart.layers.outlines import DisplayShapes, area_names, dissolve_outline
from wijkkaart.layers.selection import Selection
from wijkkaart.layers.style import ChoroplethStyle
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.project import (
    ROLE_FIELDS,
    Allowed,
    Project,
    build_areas,
    load_project,
    outside_paths,
    require_present,
    save_project,
)
from wijkkaart.project_schema import focus_geometry

# What a data state carries of the project file: the role lists, and the areas with their
# reference vintage (switching it reads another buurtindeling: an undoable step too).
STATE_FIELDS = (*ROLE_FIELDS, "areas", "reference_year")
YEAR_FIELDS = ("series", "divisions", "areas", "reference_year")


class DocumentEvents(SignalGroup):
    """What a view of the document can follow (connect the one you show)."""

    layer_inserted = Signal(int, object)  # index, layer
    layer_removed = Signal(int, object)  # index it had, layer
    layer_moved = Signal(int, int, object)  # from, to, layer
    data_changed = Signal(object, int)  # layer, its new data version (new columns or data)
    focus_areas = Signal()  # a focus area added, removed or edited
    analyses = Signal(str)  # the kind of analysis that was run, re-run or removed
    selection = Signal(object, tuple)  # layer uid (None: nothing), selected codes
    dirty = Signal(bool)  # True: unsaved changes (the tracked stack left its clean index)
    years = Signal()  # the series, the reference vintage or the held divisions changed
    goals = Signal()  # the focus areas' goals changed (a command, or its undo)
    print_settings = Signal()  # the project's print settings changed (a command, or its undo)


@dataclass(frozen=True, eq=False)
class DataState:
    """What a join, a data role or an analysis changes, so that a command can swap it in and out.

    The area data is never mutated in place, so holding the frames is enough; the project's role
    lists are copies. Computed on a :meth:`MapDocument.draft` (off the GUI thread if need be) and
    put in place by :meth:`MapDocument.restore`, which is cheap: no reading, no computing.
    """

    base_areas: AreaData
    areas: AreaData
    analyses: dict[str, dict[str, Any]]
    results: dict[str, object]
    entries: dict[str, list[dict[str, Any]]]  # the project's role lists ("tables", ...)
    layers: tuple[Layer, ...] | None = None  # the whole list (a state taken for undo), or
    added: tuple[tuple[int, Layer], ...] = ()  # what a draft added (index in the draft) and
    removed: tuple[Layer, ...] = ()  # removed: other layers the user changed meanwhile stay


class MapDocument:
    """A project with its data and layers, as the app shows it."""

    def __init__(
        self,
        project: Project,
        areas: AreaData,
        layers: LayerList,
        view: dict[str, float] | None = None,
        focus_areas: FocusAreaList | None = None,
        *,
        draft: bool = False,
    ) -> None:
        self.project = project
        self.areas = areas
        self.layers = layers
        self.view = view
        self.focus_areas = focus_areas if focus_areas is not None else FocusAreaList()
        self.base_areas = areas  # without analysis columns
        self.analyses: dict[str, dict[str, Any]] = {}
        self.results: dict[str, object] = {}
        self.selection = Selection()
        self.events = DocumentEvents(self)
        self._stack: Any = None
        self._dirty = False
        self._watched: dict[int, Any] = {}
        self.is_draft = draft
        self._origin: tuple[Layer, ...] = ()
        self.revision = 0  # see the module's docstring: staleness of a job's result
        self._stack_revision: int | None = None
        if not draft:
            self._relay()

    # --- states for commands ---------------------------------------------------------------------

    def draft(self) -> MapDocument:
        """A scratch copy to compute a change on: the same (shared, read-only) layers and data,
        its own project data, layer list and analyses. Nothing done to a draft reaches this
        document or its layers (a draft attaches no data and emits to nobody) until its
        :meth:`data_state` is restored here, as a command."""
        project = copy.copy(self.project)
        project.data = copy.deepcopy(self.project.data)
        draft = MapDocument(
            project, self.areas, LayerList(list(self.layers)), self.view, draft=True
        )
        draft.base_areas = self.base_areas
        draft.analyses = dict(self.analyses)
        draft.results = dict(self.results)
        draft._origin = tuple(self.layers)
        return draft

    def data_state(self) -> DataState:
        """The data as it is now; a draft's state says which layers it added and removed."""
        data = self.project.data
        entries = {k: copy.deepcopy(data[k]) for k in STATE_FIELDS if k in data}
        state = DataState(
            self.base_areas,
            self.areas,
            copy.deepcopy(self.analyses),
            dict(self.results),
            entries,
            layers=tuple(self.layers),
        )
        if not self.is_draft:
            return state
        origin = {id(layer) for layer in self._origin}
        now = {id(layer) for layer in self.layers}
        return replace(
            state,
            layers=None,
            added=tuple((i, x) for i, x in enumerate(self.layers) if id(x) not in origin),
            removed=tuple(x for x in self._origin if id(x) not in now),
        )

    def restore(self, state: DataState) -> None:
        """Put ``state`` in place: layers added or removed, new columns attached, events sent."""
        changed = {
            kind
            for kind in set(self.analyses) | set(state.analyses)
            if self.analyses.get(kind) != state.analyses.get(kind)
        }
        data = self.project.data
        years_before = [data.get(k) for k in YEAR_FIELDS]
        for key in STATE_FIELDS:
            if key in state.entries:
                data[key] = copy.deepcopy(state.entries[key])
            else:
                data.pop(key, None)
        self.base_areas = state.base_areas
        self.analyses = copy.deepcopy(state.analyses)
        self.results = dict(state.results)
        if state.layers is not None:
            self._set_layers(state.layers)
        else:
            gone = {id(layer) for layer in state.removed}
            wanted = [layer for layer in self.layers if id(layer) not in gone]
            for index, layer in state.added:
                wanted.insert(min(index, len(wanted)), layer)
            self._set_layers(tuple(wanted))
        self.set_areas(state.areas)
        self.revision += 1  # the role lists may have changed without any layer event
        for kind in sorted(changed):
            self.events.analyses.emit(kind)
        if [data.get(k) for k in YEAR_FIELDS] != years_before:
            self.events.years.emit()

    def set_series(self, entries: list[dict[str, Any]]) -> None:
        """Store the project's series list (a command's do or undo) and send ``years`` when it
        changed: the year bar, the trend and the export dialog read the series again."""
        data = self.project.data
        data.setdefault("goals", [])
        if data.get("series", []) == entries:
            return
        data["series"] = copy.deepcopy(entries)
        self.revision += 1
        self.events.years.emit()

    def set_goals(self, goals: list[dict[str, Any]]) -> None:
        """Store the project's goals (a command's do or undo); ``goals`` is sent when they
        changed, so every view that shows them (trend, export dialog) follows an undo too."""
        if self.project.data.get("goals", []) == goals:
            return
        self.project.data["goals"] = copy.deepcopy(goals)
        self.revision += 1
        self.events.goals.emit()

    def _set_layers(self, wanted: tuple[Layer, ...]) -> None:
        """Make the layer list ``wanted`` (by identity) with as few list events as it takes."""
        layers = self.layers
        keep = {id(layer) for layer in wanted}
        for i in reversed(range(len(layers))):
            if id(layers[i]) not in keep:
                del layers[i]
        for target, layer in enumerate(wanted):
            here = next((i for i, item in enumerate(layers) if item is layer), None)
            if here is None:
                layers.insert(target, layer)
            elif here != target:
                layers.move(here, target)

    def analysis_state(
        self, kind: str, spec: dict[str, Any], feedback: Feedback | None = None
    ) -> DataState:
        """The state after running analysis ``kind`` with ``spec``; this document is unchanged
        (safe to call from a worker thread; push the result as ``RunAnalysis(..., state=)``)."""
        draft = self.draft()
        draft.set_analysis(kind, spec, feedback)
        return draft.data_state()

    def table_state(self, path: str | Path, **options: Any) -> tuple[DataState, JoinReport]:
        """The state after joining a table (options as :meth:`add_table`); nothing changes."""
        draft = self.draft()
        report = draft.add_table(path, **options)
        return draft.data_state(), report

    # --- events ----------------------------------------------------------------------------------

    def _relay(self) -> None:
        """Forward the list, layer and focus-area events to ``self.events``."""
        events = self.events
        for signal in (
            events.layer_inserted,
            events.layer_removed,
            events.layer_moved,
            events.data_changed,
            events.analyses,
            events.focus_areas,
        ):
            signal.connect(self._bump)
        self.layers.events.inserted.connect(self._layer_inserted)
        self.layers.events.removed.connect(self._layer_removed)
        self.layers.events.moved.connect(events.layer_moved.emit)
        for layer in self.layers:
            self._watch_data(layer)
        self.focus_areas.events.inserted.connect(self._focus_inserted)
        self.focus_areas.events.removed.connect(self._focus_removed)
        self.focus_areas.events.moved.connect(self._focus_changed)
        for area in self.focus_areas:
            area.events.connect(self._focus_changed)
        self.selection.changed.connect(events.selection.emit)

    def _bump(self, *_: object) -> None:
        self.revision += 1

    def _watch_data(self, layer: Layer) -> None:
        if layer.uid in self._watched:
            return

        def changed(version: int, *_: object) -> None:
            self.events.data_changed.emit(layer, version)

        self._watched[layer.uid] = changed
        layer.events.data_version.connect(changed)

    def _layer_inserted(self, index: int, layer: Layer) -> None:
        self._watch_data(layer)
        self.events.layer_inserted.emit(index, layer)

    def _layer_removed(self, index: int, layer: Layer) -> None:
        changed = self._watched.pop(layer.uid, None)
        if changed is not None:
            layer.events.data_version.disconnect(changed)
        if self.selection.layer == layer.uid:
            self.selection.clear()
        self.events.layer_removed.emit(index, layer)

    def _focus_inserted(self, _index: int, area: FocusArea) -> None:
        area.events.connect(self._focus_changed)
        self.events.focus_areas.emit()

    def _focus_removed(self, _index: int, area: FocusArea) -> None:
        area.events.disconnect(self._focus_changed)
        self.events.focus_areas.emit()

    def _focus_changed(self, *_: object) -> None:
        self.events.focus_areas.emit()

    def track(self, stack: Any) -> None:
        """Follow ``stack`` (an :class:`~wijkkaart.commands.UndoStack`) for the dirty state."""
        if self._stack is not None:
            self._stack.changed.disconnect(self._stack_changed)
        self._stack = stack
        self._dirty = not stack.is_clean()
        self._stack_revision = stack.revision
        stack.changed.connect(self._stack_changed)

    def untrack(self) -> None:
        """Stop following the stack (the window shows another document)."""
        if self._stack is not None:
            self._stack.changed.disconnect(self._stack_changed)
            self._stack = None

    @property
    def dirty(self) -> bool:
        """Unsaved changes: the tracked stack is not at its clean index."""
        return self._dirty

    def _stack_changed(self) -> None:
        if self._stack.revision != self._stack_revision:  # a command, not a save
            self._stack_revision = self._stack.revision
            self.revision += 1
        dirty = not self._stack.is_clean()
        if dirty != self._dirty:
            self._dirty = dirty
            self.events.dirty.emit(dirty)

    @classmethod
    def open(
        cls, path: str | Path, feedback: Feedback | None = None, allow_outside: Allowed = None
    ) -> MapDocument:
        """Open a project; ``allow_outside`` as in :func:`~wijkkaart.project.load_project`.

        Nothing is shared until it returns, so it may run in a job on another thread.
        """
        feedback = ensure(feedback)
        project = load_project(path, allow_outside=allow_outside)
        require_present(project)  # a moved file: the app asks where it is (``data_moved``)
        areas = build_areas(project, feedback=feedback.part(0.0, 0.8))
        fill_reference_year(project, areas)
        _fill_division_years(project, areas, feedback)
        layers = LayerList()
        outlines = _OutlineInputs(project, areas)  # names and shapes once for every outline
        for spec in project.data.get("layers", []):
            feedback.check()
            layer = _layer_from_dict(spec, areas)
            if layer is not None:
                layers.append(_attach(layer, project, areas, outlines))
        feedback.progress(0.9)
        focus = FocusAreaList(
            _focus_area(d, i, project) for i, d in enumerate(project.data.get("focus_areas", []))
        )
        document = cls(project, areas, layers, project.data.get("view"), focus)
        for kind, spec in project.data.get("analyses", {}).items():
            try:
                document.set_analysis(kind, spec, feedback.part(0.9, 1.0))
            except WijkkaartError as exc:  # data changed since: keep the map, say why
                document.areas.warnings.append(str(exc))
        return document

    def set_analysis(
        self, kind: str, spec: dict[str, Any], feedback: Feedback | None = None
    ) -> object:
        """Run (or re-run) an analysis and put its result columns on the project's areas."""
        values, reasons, result = analyses.run(kind, spec, self.base_areas, feedback)
        self.analyses[kind] = spec
        self.results[kind] = result
        areas = self.areas
        stale = [c for c in analyses.COLUMNS[kind] if c in areas.frame]
        if stale:
            areas = replace(areas, frame=areas.frame.drop(columns=stale))
        illustrative = analyses.rests_on_illustrative(kind, result, self.base_areas)
        source = ui("analysis_source", name=ui(f"analysis_{kind}"))
        if illustrative:
            source += f" ({ui('on_illustrative')})"
        self.set_areas(areas.add_columns(values, reasons, source=source, illustrative=illustrative))
        self.events.analyses.emit(kind)
        return result

    def remove_analysis(self, kind: str) -> None:
        """Forget an analysis and take its result columns off the areas."""
        self.analyses.pop(kind, None)
        self.results.pop(kind, None)
        stale = [c for c in analyses.COLUMNS[kind] if c in self.areas.frame]
        if stale:
            self.set_areas(replace(self.areas, frame=self.areas.frame.drop(columns=stale)))
        self.events.analyses.emit(kind)

    def add_table(
        self,
        path: str | Path,
        mapping: dict[str, str] | None = None,
        illustrative: bool = False,
        existing: str | None = None,
        number_formats: dict[str, str] | None = None,
        feedback: Feedback | None = None,
    ) -> JoinReport:
        """Join an indicator table to the project's areas and remember it in the project.

        ``existing`` as in :func:`~wijkkaart.io.join.join_table`: None refuses a table that would
        change values the areas already have (``join_would_overwrite``), so the app can ask.
        """
        feedback = ensure(feedback)
        path = Path(path).resolve()
        joined, report = join_table(
            self.base_areas,
            path,
            mapping=mapping,
            illustrative=illustrative,
            existing=existing,
            number_formats=number_formats,
            feedback=feedback.part(0.0, 0.7),
        )
        self.base_areas = joined
        relative = os.path.relpath(path, self.project.path.resolve().parent)
        entry = {"path": relative, "mapping": dict(mapping or {}), "illustrative": illustrative}
        if existing is not None:
            entry["existing"] = existing
        if number_formats:  # how the planner said a column's numbers are written
            entry["number_formats"] = dict(number_formats)
        self.project.data.setdefault("tables", []).append(entry)
        self.set_areas(joined)
        kinds = list(self.analyses.items())
        for i, (kind, spec) in enumerate(kinds):  # results follow the new figures
            self.set_analysis(kind, spec, feedback.part(0.7 + 0.3 * i / len(kinds), 1.0))
        feedback.progress(1.0)
        return report

    def set_areas(self, areas: AreaData) -> None:
        """The project's area data is now ``areas``: its layers show them (a draft's layers
        are the real document's, attached when the draft is restored). Called by the commands
        and the role and vintage states that computed ``areas``; never from a view."""
        self.areas = areas
        if self.is_draft:  # the layers belong to the real document: attached when restored
            return
        for layer in self.layers:
            if isinstance(layer, AreaLayer) and layer.source.get("dataset") == "project":
                layer.attach(self.areas)  # bumps its data_version: views redraw

    def default_indicator(self) -> str:
        return self.project.data.get("map", {}).get("indicator", "percentage_koopwoningen")

    def new_area_layer(self, indicator: str | None = None) -> AreaLayer:
        """A new choropleth layer of the project's areas."""
        indicator = indicator or self.default_indicator()
        cat = catalogue()
        name = cat[indicator].label if indicator in cat else indicator
        layer = AreaLayer(
            name=name, style=ChoroplethStyle(indicator), source={"dataset": "project"}
        )
        return layer.attach(self.areas)

    def layer_for_file(self, path: str | Path, feedback: Feedback | None = None) -> Layer:
        """The right layer for a file: a raster, areas with CBS codes, or plain outlines.
        Reads only: safe in a job (the app adds the layer it returns as a command)."""
        feedback = ensure(feedback)
        path = Path(path).resolve()
        relative = os.path.relpath(path, self.project.path.resolve().parent)
        if path.suffix.lower() in RASTER_SUFFIXES:
            require_regular_file(path)
            return RasterLayer(name=path.stem, opacity=0.7, source={"path": relative}).attach(path)
        try:
            data = read_areas(path, feedback=feedback)
        except WijkkaartError as exc:
            if exc.key != "no_code_column":
                raise
            feedback.check()
            read = read_vector(path)
            return OutlineLayer(name=path.stem, source={"path": relative}).attach(read.frame)
        indicator = next(
            (i for i in data.indicators if catalogue()[i].kind == "number"),
            data.custom[0] if data.custom else None,
        )
        if indicator is None:
            return OutlineLayer(name=path.stem, source={"path": relative}).attach(data.frame)
        layer = AreaLayer(
            name=path.stem, style=ChoroplethStyle(indicator), source={"path": relative}
        )
        return layer.attach(data)

    def snapshot_data(self, view: dict[str, float] | None = None) -> dict[str, Any]:
        """The project document as it would be saved now; changes nothing (autosave uses it)."""
        return {
            **self.project.data,
            "layers": [layer.to_dict() for layer in self.layers],
            "view": view if view is not None else self.view,
            "focus_areas": [area.to_dict() for area in self.focus_areas],
            "analyses": dict(self.analyses),
        }

    def save(self, path: str | Path | None = None, view: dict[str, float] | None = None) -> Path:
        """Write the layers (with styles) and the view into the project file, atomically."""
        if view is not None:
            self.view = view
        self.project.data = self.snapshot_data()
        written = save_project(self.project, path)
        # Every data file of an open document was chosen or accepted by the user in this session:
        # the saved project may read them again without asking (kept per user, not in the file).
        trust.remember(written, [p for _, p in outside_paths(self.project)])
        for layer, saved in zip(self.layers, self.project.data["layers"], strict=True):
            layer.source = dict(saved["source"])  # relative to the (possibly new) location
        return written


def fill_reference_year(project: Project, areas: AreaData) -> None:
    """An older project's reference year, when its areas file tells it (a jaarstatcode, a
    ``jaar`` column): the file is the reference vintage. Nothing else changes."""
    data = project.data
    if data.get("reference_year") is not None or areas.vintage is None:
        return
    data["reference_year"] = int(areas.vintage)
    for entry in data.get("divisions", []):
        if entry.get("year") is None and project.resolve(entry["path"]) == project.resolve(
            data["areas"]["path"]
        ):
            entry["year"] = int(areas.vintage)


def _fill_division_years(project: Project, areas: AreaData, feedback: Feedback) -> None:
    """A migrated project's held divisions get the year their files tell, once, where the
    project is read (:func:`wijkkaart.vintages.fill_years`): afterwards nothing changes the
    open project without a command (the reference dialog used to fill them, outside the stack)."""
    from wijkkaart.vintages import fill_years

    feedback.check()
    fill_years(project, areas.vintage, areas_read=True)


class _OutlineInputs:
    """What the dissolved outlines of one opened project share: the wijk and gemeente names
    (read from the area file once, not once per outline layer) and the simplified buurten."""

    def __init__(self, project: Project, areas: AreaData) -> None:
        self.project, self.areas = project, areas
        self._names: dict[str, dict[str, str]] | None = None
        self._shapes: DisplayShapes | None = None

    def names(self, by: str) -> dict[str, str] | None:
        if self._names is None:
            self._names = self.areas.outline_names
        if self._names is None:  # areas not read from their file's columns: read the names
            spec = self.project.data["areas"]
            self._names = area_names(self.project.resolve(spec["path"]), spec.get("layer"))
        return self._names.get(by)

    def shapes(self) -> DisplayShapes:
        if self._shapes is None:
            self._shapes = DisplayShapes(self.areas)
        return self._shapes


def _attach(
    layer: Layer, project: Project, areas: AreaData, outlines: _OutlineInputs | None = None
) -> Layer:
    source: dict[str, Any] = layer.source
    if isinstance(layer, AreaLayer):
        if source.get("dataset") == "project" or not source.get("path"):
            return layer.attach(areas)
        return layer.attach(read_areas(project.resolve(source["path"]), layer=source.get("layer")))
    if (
        isinstance(layer, OutlineLayer)
        and source.get("dataset") == "project"
        and not (source.get("dissolve") or source.get("path"))
    ):
        return layer.attach(areas.frame)
    if isinstance(layer, OutlineLayer) and source.get("dissolve"):
        outlines = outlines or _OutlineInputs(project, areas)
        by = source["dissolve"]
        return layer.attach(dissolve_outline(areas, by, outlines.names(by), outlines.shapes()))
    if isinstance(layer, OutlineLayer) and source.get("path"):
        frame = read_vector(project.resolve(source["path"]), layer=source.get("layer")).frame
        return layer.attach(frame)
    if layer.kind == "points" and source.get("path") and hasattr(layer, "attach"):
        from wijkkaart.io.points import read_points

        read = read_points(project.resolve(source["path"]), layer=source.get("layer"))
        return layer.attach(read.frame)
    if isinstance(layer, RasterLayer) and source.get("path"):
        return layer.attach(require_regular_file(project.resolve(source["path"])))
    return layer


def _layer_from_dict(spec: dict[str, Any], areas: AreaData) -> Layer | None:
    """A layer from the project; a points layer is skipped (and said) while the app lacks it."""
    try:
        return layer_from_dict(spec)
    except ValueError:
        if spec.get("kind") != "points":
            raise
        areas.warnings.append(ui("points_layer_unavailable", name=spec.get("name", "")))
        return None


def _focus_area(data: dict[str, Any], index: int, project: Project) -> FocusArea:
    """A focus area from the (schema-checked) project; its WKT is parsed and repaired once."""
    where = f"focus_areas[{index}].wkt"
    return FocusArea(
        name=data["name"],
        geometry=focus_geometry(data.get("wkt"), where, project.path),
        description=data.get("description", ""),
        colour=data.get("colour", COLOURS[0]),
    )
