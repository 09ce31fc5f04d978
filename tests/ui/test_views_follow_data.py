"""Views that follow the document and the workspace by their events, never refreshed by hand:
the information and profile panels after a join and its undo, the style panel when an undo
removes the current layer, the focus panel without echo, the profile computed once per change,
and the analysis panel let go when closed. The Utrecht sample (real CBS buurten and figures);
the joined inwoners are INVENTED (1000 + the buurt's place), to see them arrive."""

from __future__ import annotations

from tests.ui.waiting import open_window, wait_jobs
from wijkkaart.commands import ReplaceAreaData
from wijkkaart.layers.model import AreaLayer
from wijkkaart.workspace import Workspace

SHOWN = 3  # the buurt looked at: the fourth of the layer


def _dutch_count(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _invented_inwoners(window, folder):
    """A table giving every buurt INVENTED inwoners: 1000 + its place in the layer."""
    codes = list(window.identify_layer().data.frame.index)
    path = folder / "invented_inwoners.csv"
    rows = ["buurtcode,aantal_inwoners"] + [f"{c},{1000 + i}" for i, c in enumerate(codes)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _count_calls(monkeypatch, owner, name: str) -> list[int]:
    """Count the calls of ``owner.name`` (the real one still runs)."""
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def _row(rows, label: str) -> tuple[str, ...]:
    return next(r for r in rows if r[0] == label)


def test_information_and_profile_follow_a_join_and_its_undo_computed_once(
    qtbot, project, tmp_path, monkeypatch
):
    win = open_window(qtbot, project, rendered=False)
    layer = win.identify_layer()
    code = layer.data.frame.index[SHOWN]
    real = int(layer.data.frame.loc[code, "aantal_inwoners"])
    win.select_areas(layer, [code])
    win.info.show_area(layer.data, code)  # as a click on the buurt does
    assert _row(win.info.rows(), "Inwoners")[1] == _dutch_count(real)
    assert _row(win.profile_panel.rows(), "Inwoners")[1] == _dutch_count(real)
    profiles = _count_calls(monkeypatch, Workspace, "selection_profile")
    state, report = win.document.table_state(_invented_inwoners(win, tmp_path), existing="replace")
    assert report.matched == len(layer.data.frame)
    win.apply(ReplaceAreaData(win.document, state, "tabel koppelen"))
    invented = _dutch_count(1000 + SHOWN)
    assert _row(win.info.rows(), "Inwoners")[1] == invented  # no click needed
    assert _row(win.profile_panel.rows(), "Inwoners")[1] == invented
    assert len(profiles) == 1  # once, though every area layer got the new data
    win.stack.undo()
    assert _row(win.info.rows(), "Inwoners")[1] == _dutch_count(real)
    assert _row(win.profile_panel.rows(), "Inwoners")[1] == _dutch_count(real)
    assert len(profiles) == 2


def test_the_focus_panel_sends_no_echo_and_the_profile_is_computed_once_per_change(
    qtbot, project, monkeypatch
):
    """Overvecht chosen, its neighbouring buurten shown (the analysis panel's way): renaming
    the area keeps them selected and computes the profile once; selecting a buurt un-chooses
    the area in the panel too, again with one profile."""
    win = open_window(qtbot, project, rendered=False)
    panel, workspace = win.focus_panel, win.workspace
    updates = _count_calls(monkeypatch, win.profile_display, "update")
    panel.list.setCurrentRow(0)
    area = panel.current()
    assert area is not None and workspace.current is area and len(updates) == 1
    assert wait_jobs(win.jobs)
    layer = win.identify_layer()
    frame = layer.data.frame
    outside = [c for c in frame.index if not frame.geometry[c].intersects(area.geometry)][:3]
    win._select_codes(outside)  # what the analysis panel calls to show the neighbours
    assert workspace.current is area and workspace.selected_codes() == outside
    assert panel.current() is area and len(updates) == 2
    panel.name.setText("Overvecht-Noord")
    panel._set("name", "Overvecht-Noord")  # as editingFinished does
    assert area.name == "Overvecht-Noord" and panel.list.item(0).text() == "Overvecht-Noord"
    assert workspace.selected_codes() == outside  # the kept selection stays
    assert workspace.current is area and panel.current() is area
    assert len(updates) == 3  # one change, one profile
    assert wait_jobs(win.jobs)
    win.select_areas(layer, outside[:1])  # a buurt chosen on the map
    assert workspace.current is None and panel.current() is None
    assert len(updates) == 4
    win.stack.undo()  # the rename: the panel shows the old name, nothing is chosen again
    assert panel.list.item(0).text() == "Overvecht" and panel.current() is None
    assert workspace.selected_codes() == outside[:1] and len(updates) == 5


def test_the_style_panel_follows_an_undo_that_removes_its_layer(qtbot, project):
    win = open_window(qtbot, project, rendered=False)
    win.layer_actions.add_area_layer()
    added = win.layer_panel.current_layer()
    assert added is not None and win.style_panel.layer is added
    row = win.layer_panel.list.currentRow()

    def neighbour_shown() -> None:
        """The removed layer's neighbour in the list is current, and the style panel shows it
        (a raster or outline layer has no style there), never the removed layer."""
        current = win.layer_panel.current_layer()
        assert current is not None and current in list(win.document.layers)
        assert win.layer_panel.list.currentRow() == min(row, win.layer_panel.list.count() - 1)
        assert win.style_panel.layer is (current if isinstance(current, AreaLayer) else None)

    win.stack.undo()  # the layer goes, and with it the panel's choice: the style panel follows
    assert added not in list(win.document.layers)
    neighbour_shown()
    win.stack.redo()  # put back: the layer is current again
    assert win.layer_panel.current_layer() is added and win.style_panel.layer is added
    win.layer_actions.remove_current_layer()  # the Remove button: the same event
    assert added not in list(win.document.layers)
    neighbour_shown()
    win.stack.undo()
    assert win.layer_panel.current_layer() is added and win.style_panel.layer is added


def test_a_closed_analysis_panel_no_longer_follows_the_document(qtbot, project, tmp_path):
    win = open_window(qtbot, project, rendered=False)
    panel = win.analysis_panel
    filled = panel._filled_from
    panel.close()
    state, _report = win.document.table_state(_invented_inwoners(win, tmp_path), existing="replace")
    win.apply(ReplaceAreaData(win.document, state, "tabel koppelen"))
    assert win.document.base_areas is not filled
    assert panel._filled_from is filled  # closed: not refilled
    panel.set_document(win.document)  # shown again: it follows again
    assert panel._filled_from is win.document.base_areas
    win.stack.undo()
    assert panel._filled_from is win.document.base_areas is filled
