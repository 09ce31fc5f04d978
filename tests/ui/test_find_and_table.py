"""Finding your way: search, zoom to wijk/gemeente, the attribute table, recent projects."""

from __future__ import annotations

import pandas as pd
import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt

from wijkkaart.ui.search_box import Place, find, fold, places_of


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    """Recent projects go to a settings file of the test, never the user's."""
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings("wijkkaart", "wijkkaart").clear()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # wijkkaart.ui.settings (platformdirs)
    yield


def test_fold_ignores_case_and_accents():
    assert fold("  Südermeer ") == "sudermeer"
    assert fold("ÉÉN") == "een"


def test_search_finds_buurt_wijk_and_gemeente(window):
    layer = window.identify_layer()
    places = places_of(layer.data)
    levels = {p.level for p in places}
    assert levels == {"buurt", "wijk", "gemeente"}
    accent = find(places, "TH. A K")  # "Nw Engeland, Th. à K"
    assert [p.name for p in accent] == ["Nw Engeland, Th. à K"]
    # the wijk named by the wijk outlines
    named = find(window.navigation.search_places(), "overvecht")
    assert named[0].code == "WK034403" and len(named[0].codes) > 1
    by_code = find(places, "gm0344")
    assert by_code[0].level == "gemeente" and len(by_code[0].codes) == len(layer.data.frame)


def test_wijk_names_come_from_the_wijk_outlines(window):
    places = window.navigation.search_places()
    wijk = next(p for p in places if p.code == "WK034403")
    assert "overvecht" in fold(wijk.name)


def test_search_box_selects_and_zooms(window, qtbot):
    layer = window.identify_layer()
    frame = layer.data.frame
    code = frame.index[5]
    name = str(frame.at[code, "naam"])
    before = window.canvas.viewport
    window.navigation.focus_search()
    assert window.search_box.hasFocus() or window.search_box.isVisible()
    qtbot.keyClicks(window.search_box, name.upper())
    assert window.search_box.text() == name.upper()
    assert window.search_box.matches and window.search_box.matches[0].code == code
    place = window.search_box.go()  # Enter
    assert place is not None and code in place.codes
    assert code in window.selection
    after = window.canvas.viewport
    assert after.resolution < before.resolution  # zoomed in on the buurt
    x0, _, x1, _ = frame.loc[[code]].total_bounds
    assert after.bounds[0] <= x0 and after.bounds[2] >= x1


def test_search_for_nothing_says_so(window, qtbot):
    window.search_box.setText("xyzzy-bestaat-niet")
    assert window.search_box.go() is None
    assert "xyzzy" in window.statusBar().currentMessage()
    assert window.selection == []


def test_zoom_to_wijk_and_gemeente_of_selection(window):
    layer = window.identify_layer()
    code = next(c for c in layer.data.frame.index if c.startswith("BU034403"))
    window.select_areas(layer, [code])
    window.navigation.zoom_to_wijk()
    wijk = window.canvas.viewport
    window.navigation.zoom_to_gemeente()
    gemeente = window.canvas.viewport
    assert gemeente.resolution > wijk.resolution
    in_wijk = layer.data.frame[layer.data.frame.index.str.startswith("BU034403")]
    x0, _, x1, _ = in_wijk.total_bounds
    assert wijk.bounds[0] <= x0 and wijk.bounds[2] >= x1
    assert window.selection == [code]  # zooming does not change the selection


def test_attribute_table_lists_sorts_and_links_selection(window, qtbot):
    table = window.show_attribute_table()
    layer = window.identify_layer()
    frame = layer.data.frame
    assert table.model.rowCount() == len(frame)
    assert window.attribute_dock.isVisible()
    # sort by inhabitants, descending: the first row is the biggest buurt
    column = table.model.columns().index("aantal_inwoners")
    table.view.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    assert table.model.code_at(0) == frame["aantal_inwoners"].idxmax()
    # table -> map
    table.view.selectionModel().select(
        table.model.index(0, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    assert window.selection == [table.model.code_at(0)]
    assert window.canvas.highlight
    # map -> table
    codes = list(frame.index[:3])
    window.select_areas(layer, codes)
    rows = {i.row() for i in table.view.selectionModel().selectedRows()}
    assert {table.model.code_at(r) for r in rows} == set(codes)
    # alleen selectie
    table.only_selection.setChecked(True)
    assert table.model.rowCount() == 3
    assert "3 van" in table.count.text()
    window.select_areas(layer, codes[:1])
    assert table.model.rowCount() == 1
    table.only_selection.setChecked(False)
    assert table.model.rowCount() == len(frame)


def test_attribute_table_export_csv(window, tmp_path, dialogs):
    table = window.show_attribute_table()
    layer = window.identify_layer()
    codes = list(layer.data.frame.index[:4])
    window.select_areas(layer, codes)
    table.only_selection.setChecked(True)
    out = table.export(str(tmp_path / "selectie.csv"))
    assert out is not None
    read = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig", index_col=0)
    assert sorted(read.index) == sorted(codes)
    assert "aantal_inwoners" in read.columns
    assert read.loc[codes[0], "aantal_inwoners"] == pytest.approx(
        layer.data.frame.at[codes[0], "aantal_inwoners"]
    )


def test_attribute_table_export_never_over_an_input(window, dialogs):
    table = window.show_attribute_table()
    project = window.document.project
    source = project.resolve(project.data["tables"][0]["path"])
    before = source.read_bytes()
    assert table.export(str(source)) is None
    assert source.read_bytes() == before
    assert any("invoer" in text for text in dialogs)


def test_recent_projects_in_the_file_menu(window, project, tmp_path):
    paths = window.recent.paths()
    assert paths and paths[0] == project.resolve()  # opening put it there
    for i in range(10):
        fake = tmp_path / f"p{i}.wijkkaart"
        fake.write_text("{}")
        window.recent.add(fake)
    assert len(window.recent.paths()) == 8
    (tmp_path / "p9.wijkkaart").unlink()
    window.recent_menu.rebuild()
    actions = window.recent_menu.actions()
    assert len(actions) == 8
    missing = [a for a in actions if "p9.wijkkaart" in a.text()]
    assert missing and not missing[0].isEnabled()
    assert all(a.isEnabled() for a in actions if a is not missing[0])
    assert window.files.open_recent(tmp_path / "p9.wijkkaart") is False
    assert tmp_path / "p9.wijkkaart" not in window.recent.paths()


def test_place_label_is_dutch():
    place = Place("wijk", "WK034403", "Overvecht", ("BU03440300",))
    assert place.label == "wijk Overvecht (WK034403)"
