"""The evented document: per-layer data versions, events, commands (real sample project)."""

from __future__ import annotations

import pytest

from wijkkaart.layers import analyses
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import ChoroplethStyle


@pytest.fixture(scope="module")
def opened(tmp_path_factory):
    import shutil

    from tests.conftest import SAMPLE

    folder = tmp_path_factory.mktemp("doc") / "project"
    shutil.copytree(SAMPLE, folder)
    return folder / "utrecht.wijkkaart"


def _project_layers(document: MapDocument) -> list[AreaLayer]:
    return [
        layer for layer in document.layers.area_layers() if layer.source.get("dataset") == "project"
    ]


def test_data_version_grows_with_every_new_column_and_only_then(opened):
    document = MapDocument.open(opened)
    layers = _project_layers(document)
    assert layers
    seen: list[tuple[int, int]] = []
    for layer in layers:
        layer.events.data_version.connect(lambda v, *_, uid=layer.uid: seen.append((uid, v)))
    before = {layer.uid: layer.data_version for layer in layers}
    assert all(v >= 1 for v in before.values())  # attached once when opened

    layer = layers[0]
    layer.style = ChoroplethStyle("percentage_huurwoningen")  # a style is not data
    layer.opacity = 0.5
    assert layer.data_version == before[layer.uid] and not seen

    document.set_analysis("stacking", analyses.default_spec("stacking"))
    assert "stapeling" in layer.data.frame
    after_run = {layer.uid: layer.data_version for layer in layers}
    assert after_run == {uid: v + 1 for uid, v in before.items()}
    assert sorted(seen) == sorted(after_run.items())  # one event per layer, with the new version

    document.remove_analysis("stacking")
    assert "stapeling" not in layer.data.frame
    assert all(layer.data_version == after_run[layer.uid] + 1 for layer in layers)


def test_document_events_follow_layers_focus_areas_selection_and_dirty(opened):
    from shapely.geometry import box

    from wijkkaart.commands import InsertItem, RemoveItem, SetAttribute, UndoStack
    from wijkkaart.layers.focus import FocusArea

    document = MapDocument.open(opened)
    stack = UndoStack()
    document.track(stack)
    got: list[tuple] = []
    for name in ("layer_inserted", "layer_removed", "focus_areas", "selection", "dirty"):
        document.events[name].connect(lambda *args, name=name: got.append((name, *args)))
    document.events.data_changed.connect(lambda layer, v: got.append(("data", layer.uid, v)))
    layer = document.new_area_layer()
    stack.push(InsertItem(document.layers, layer))
    index = len(document.layers) - 1
    assert got == [("dirty", True), ("layer_inserted", index, layer)] or got == [
        ("layer_inserted", index, layer),
        ("dirty", True),
    ]
    got.clear()
    code = document.areas.frame.index[0]
    document.selection.select(layer.uid, [code, code])
    document.selection.select(layer.uid, [code])  # the same again: nothing
    assert got == [("selection", layer.uid, (code,))]
    got.clear()
    stack.undo()  # the layer goes, and with it its selection; back at the clean index
    assert ("layer_removed", index, layer) in got and ("selection", None, ()) in got
    assert ("dirty", False) in got and not document.dirty
    got.clear()
    document.set_analysis("stacking", analyses.default_spec("stacking"))
    versions = [g for g in got if g[0] == "data"]
    assert {uid for _, uid, _ in versions} == {lay.uid for lay in _project_layers(document)}
    assert layer.uid not in {uid for _, uid, _ in versions}  # a removed layer is not followed
    got.clear()
    area = FocusArea("Test", box(136_000, 455_000, 137_000, 456_000))  # invented square
    stack.push(InsertItem(document.focus_areas, area))
    stack.push(SetAttribute(area, "name", "Ander"))
    stack.push(RemoveItem(document.focus_areas, area))
    assert [g for g in got if g[0] == "focus_areas"] == [("focus_areas",)] * 3


def _snapshot(document: MapDocument) -> tuple:
    import json

    data = json.dumps(document.snapshot_data(), sort_keys=True, default=str)
    return data, tuple(document.areas.frame.columns), tuple(document.base_areas.frame.columns)


def test_a_data_role_is_one_undoable_command_computed_on_a_draft(tmp_path):
    import shutil

    from tests.conftest import SAMPLE
    from wijkkaart.commands import ReplaceAreaData, UndoStack
    from wijkkaart.new_project import new_project
    from wijkkaart.roles import removal_state, role_state

    for name in (
        "utrecht_buurten.gpkg",
        "utrecht_kerncijfers_2020.csv",
        "voorbeeld_waterdiepte.tif",
    ):
        shutil.copy(SAMPLE / name, tmp_path / name)
    document = new_project(tmp_path / "utrecht_buurten.gpkg")
    stack = UndoStack()
    document.track(stack)
    empty = _snapshot(document)
    state, report = role_state(document, "table", tmp_path / "utrecht_kerncijfers_2020.csv")
    assert report.counts["matched"] == 111
    assert _snapshot(document) == empty  # computing changed nothing
    stack.push(ReplaceAreaData(document, state, "tabel"))
    joined = _snapshot(document)
    assert "percentage_koopwoningen" in document.areas.frame and document.dirty
    raster, _ = role_state(document, "raster", tmp_path / "voorbeeld_waterdiepte.tif")
    before = len(document.layers)
    stack.push(ReplaceAreaData(document, raster, "raster"))
    assert len(document.layers) == before + 1
    with_raster = _snapshot(document)
    stack.push(
        ReplaceAreaData(
            document,
            removal_state(document, "table", tmp_path / "utrecht_kerncijfers_2020.csv"),
            "weg",
        )
    )
    assert "percentage_koopwoningen" not in document.areas.frame
    assert document.project.data["tables"] == []
    assert any(
        "waterdiepte" in c for c in document.areas.frame
    )  # the raster's figures were read again
    stack.undo()
    assert _snapshot(document) == with_raster
    stack.undo()
    assert _snapshot(document) == joined and len(document.layers) == before
    stack.undo()
    assert _snapshot(document) == empty and not document.dirty
    stack.redo()
    stack.redo()
    assert _snapshot(document) == with_raster


def test_run_analysis_with_a_precomputed_state_and_undo(opened):
    from wijkkaart.commands import RunAnalysis, UndoStack

    document = MapDocument.open(opened)
    stack = UndoStack()
    before = _snapshot(document)
    state = document.analysis_state("stacking", analyses.default_spec("stacking"))
    assert _snapshot(document) == before and "stapeling" not in document.areas.frame
    kinds: list[str] = []
    document.events.analyses.connect(kinds.append)
    stack.push(RunAnalysis(document, "stacking", analyses.default_spec("stacking"), state=state))
    assert "stapeling" in document.areas.frame and kinds == ["stacking"]
    stack.undo()
    assert _snapshot(document) == before and kinds == ["stacking", "stacking"]


def test_undo_limit_keeps_the_last_heavy_steps_and_the_clean_index():
    from wijkkaart.commands import Command, SetAttribute, UndoStack

    class Heavy(Command):  # stands in for a step holding area data
        heavy = True

        def do(self) -> None:
            pass

        def undo(self) -> None:
            pass

    layer = AreaLayer(name="A")
    stack = UndoStack(limit=10, heavy_limit=3)
    for i in range(25):
        stack.push(SetAttribute(layer, "opacity", i / 100))
    assert len(stack) == 10
    stack.set_clean()
    for _ in range(5):
        stack.push(Heavy())
    assert sum(c.heavy for c in stack._commands) == 3 and len(stack) == 3
    assert not stack.is_clean()
    while stack.can_undo():
        stack.undo()
    assert not stack.is_clean()  # the saved state fell off the bottom: still unsaved


def test_the_revision_follows_every_command_and_data_change_but_not_saving(opened, tmp_path):
    """A job notes ``document.revision`` when it starts; any later edit makes its result stale."""
    from wijkkaart.commands import RemoveItem, RunAnalysis, SetAttribute, UndoStack

    document = MapDocument.open(opened)
    stack = UndoStack()
    document.track(stack)
    seen = [document.revision]

    def changed() -> bool:
        now = document.revision
        fresh = now != seen[-1]
        seen.append(now)
        return fresh

    layer = document.layers[0]
    stack.push(SetAttribute(layer, "opacity", 0.3))  # a style-only step is a command too
    assert changed()
    stack.undo()
    assert changed()
    stack.redo()
    assert changed()
    stack.set_clean()  # saving is no edit
    assert not changed()
    state = document.analysis_state("stacking", analyses.default_spec("stacking"))
    assert not changed()  # computing on a draft changes nothing
    stack.push(RunAnalysis(document, "stacking", analyses.default_spec("stacking"), state))
    assert changed()
    outline = document.layers[-1]
    stack.push(RemoveItem(document.layers, outline))  # only the layer list
    assert changed()
    document.set_analysis("ranking", analyses.default_spec("ranking"))  # not through the stack
    assert changed()
    document.save(tmp_path / "kopie.wijkkaart")
    assert not changed()
