"""The map window driven like a planner drives it: real widgets, offscreen."""

import json

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from tests.ui.waiting import layer_added, open_project
from wijkkaart.layers.model import AreaLayer, OutlineLayer, RasterLayer
from wijkkaart.layers.style import BivariateStyle, ChoroplethStyle
from wijkkaart.project import SCHEMA_VERSION
from wijkkaart.ui.main_window import MainWindow

TAAGDREEF = "BU03440311"  # Overvecht, 27 % owner-occupied (real CBS figure)
WETERING = "BU03440911"  # Bedrijventerrein De Wetering: no housing figures


def area_layer(win) -> AreaLayer:
    return next(layer for layer in win.document.layers if isinstance(layer, AreaLayer))


def canvas_point(win, code):
    frame = area_layer(win).data.frame
    point = frame.at[code, "geometry"].representative_point()
    x, y = win.canvas.viewport.to_pixel(point.x, point.y)
    return QPoint(int(x), int(y))


def canvas_colour(win, point: QPoint) -> str:
    win.canvas.wait_rendered()
    return QColor(win.canvas.grab().toImage().pixel(point)).name()


def hide_labels_and_outlines(win):
    area_layer(win).labels = False
    for layer in win.document.layers:
        if isinstance(layer, OutlineLayer):
            layer.visible = False
    win.canvas.wait_rendered()


def test_opens_with_owner_occupied_map_and_legend(window):
    layer = area_layer(window)
    assert layer.style.indicator == "percentage_koopwoningen"
    assert window.windowTitle().startswith("Utrecht (voorbeeldproject)")
    blocks = window.legend.blocks()
    assert [e.label for e in blocks[0].entries][-1] == "Geen gegevens"
    # the wijk boundaries are on the map, so they are in the legend too (after the fills)
    assert [e.label for e in blocks[-1].entries] == ["Wijkgrenzen"]
    assert window.scale.currentText().startswith("1:")  # the editable scale box


def test_known_buurt_has_its_class_colour_and_missing_is_hatched(window):
    hide_labels_and_outlines(window)
    layer = area_layer(window)
    index = list(layer.data.frame.index).index(TAAGDREEF)
    expected = layer.symbology().colours[index]
    assert canvas_colour(window, canvas_point(window, TAAGDREEF)) == expected
    centre = canvas_point(window, WETERING)
    image = window.canvas.grab().toImage()
    seen = {
        QColor(image.pixel(centre.x() + dx, centre.y() + dy)).name()
        for dx in range(-6, 7)
        for dy in range(-6, 7)
    }
    assert "#d9d9d9" in seen and "#6b6b6b" in seen


def test_change_classification_in_style_panel(window):
    panel = window.style_panel
    panel.method.setCurrentIndex(panel.method.findData("equal_interval"))
    panel.classes.setValue(3)
    style = area_layer(window).style
    assert style.method == "equal_interval" and style.k == 3
    entries = window.legend.blocks()[0].entries
    assert len([e for e in entries if not e.hatched]) == 3
    assert entries[0].label.startswith("1 – ")


def test_switch_indicator_to_gas_use_and_illustrative_heat_plan(window):
    panel = window.style_panel
    panel.indicator.setCurrentIndex(panel.indicator.findData("gemiddeld_gasverbruik_totaal"))
    assert window.legend.blocks()[0].title == "Gemiddeld aardgasverbruik (m³)"
    panel.indicator.setCurrentIndex(panel.indicator.findData("warmtestrategie"))
    assert panel.kind.currentData() == "categorical"  # strategies are categories, not classes
    block = window.legend.blocks()[0]
    assert block.title == "Warmtestrategie"
    assert block.note == "voorbeeldgegevens (illustratief)"
    assert panel.indicator.currentText().endswith("*")


def test_bivariate_map_from_menu(window):
    window.actions_by_key["bivariate_map"].trigger()
    style = area_layer(window).style
    assert isinstance(style, BivariateStyle)
    assert (style.x, style.y) == (
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "percentage_energielabel_e_tot_g",
    )
    block = window.legend.blocks()[0]
    assert block.bivariate is not None
    assert len([e for e in block.entries if not e.hatched]) == 9


def test_toggle_visibility_and_opacity_from_layer_panel(window):
    hide_labels_and_outlines(window)
    point = canvas_point(window, TAAGDREEF)
    panel = window.layer_panel
    layer = area_layer(window)
    panel.select(layer)
    item = panel.list.currentItem()
    item.setCheckState(Qt.CheckState.Unchecked)
    assert layer.visible is False
    assert canvas_colour(window, point) == "#f4f4f2"  # the canvas background
    item = panel.list.currentItem()
    item.setCheckState(Qt.CheckState.Checked)
    panel.opacity.setValue(40)
    assert layer.opacity == pytest.approx(0.4)


def test_reorder_and_rename_layers(window):
    panel = window.layer_panel
    names = [layer.name for layer in window.document.layers]
    assert names == ["Waterdiepte", "Koopwoningen", "Wijkgrenzen"]
    assert [panel.list.item(r).text() for r in range(3)] == names[::-1]  # top of list = top
    panel.select(area_layer(window))
    panel.move_current(+1)
    assert [layer.name for layer in window.document.layers] == [
        "Waterdiepte",
        "Wijkgrenzen",
        "Koopwoningen",
    ]
    assert panel.list.item(0).text() == "Koopwoningen"
    panel.list.item(0).setText("Eigendom")
    assert area_layer(window).name == "Eigendom"


def test_drag_order_in_list_is_applied_to_the_map(window):
    panel = window.layer_panel
    model = panel.list.model()
    model.moveRow(model.index(0, 0).parent(), 2, model.index(0, 0).parent(), 0)
    order = [layer.name for layer in window.document.layers]
    assert order[-1] == [panel.list.item(0).text()][0]


def test_click_buurt_fills_information_panel(window, qtbot):
    hide_labels_and_outlines(window)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=canvas_point(window, TAAGDREEF))
    assert window.selection == [TAAGDREEF]
    assert window.info.title.text() == f"Taagdreef, Rubicondr ({TAAGDREEF})"
    rows = {r[0]: r for r in window.info.rows()}
    assert rows["Koopwoningen"][1] == "27,0 %"
    assert rows["Koopwoningen"][2].endswith("%")  # gemeente average beside it
    assert rows["Corporatiebezit *"][1].endswith("%")  # illustrative, marked
    assert len(window.canvas.highlight) >= 1


def test_missing_value_reads_geen_gegevens_with_reason(window, qtbot):
    hide_labels_and_outlines(window)
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=canvas_point(window, WETERING))
    rows = {r[0]: r for r in window.info.rows()}
    assert rows["Koopwoningen"][1] == "geen gegevens (onbekend, onvoldoende betrouwbaar of geheim)"


def test_wheel_zoom_pan_and_shortcuts(window, qtbot):
    canvas = window.canvas
    before = canvas.viewport
    window.actions_by_key["zoom_in"].trigger()
    assert canvas.viewport.resolution == pytest.approx(before.resolution / 1.5)
    start = QPoint(300, 300)
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(canvas, QPoint(400, 300))
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(400, 300))
    assert canvas.viewport.cx == pytest.approx(before.cx - 100 * canvas.viewport.resolution)
    window.actions_by_key["full_extent"].trigger()
    minx, miny, maxx, maxy = area_layer(window).data.frame.total_bounds
    vminx, vminy, vmaxx, vmaxy = canvas.viewport.bounds
    assert vminx < minx and vmaxx > maxx and vminy < miny and vmaxy > maxy
    assert min((vmaxx - vminx) / (maxx - minx), (vmaxy - vminy) / (maxy - miny)) < 1.2
    zoomed = canvas.viewport.zoomed(2, 100, 100)
    x, y = canvas.viewport.to_map(100, 100)
    assert zoomed.to_map(100, 100) == pytest.approx((x, y))  # the point under the cursor stays


def test_zoom_to_selection(window):
    layer = area_layer(window)
    window.select_areas(layer, [TAAGDREEF])
    window.navigation.zoom_to_selection()
    bounds = layer.data.frame.at[TAAGDREEF, "geometry"].bounds
    minx, miny, maxx, maxy = window.canvas.viewport.bounds
    assert minx <= bounds[0] and maxx >= bounds[2] and miny <= bounds[1] and maxy >= bounds[3]
    assert (maxx - minx) < 4 * (bounds[2] - bounds[0]) + 1000


def test_bad_layer_file_shows_message_and_adds_nothing(window, tmp_path, dialogs):
    path = tmp_path / "leeg.gpkg"
    path.write_bytes(b"")
    count = len(window.document.layers)
    assert layer_added(window, path) is None
    assert len(window.document.layers) == count
    assert dialogs == [f"Het bestand {path} is leeg."]


def test_add_layers_from_files(window, real, sample):
    raster = layer_added(window, sample / "voorbeeld_waterdiepte.tif")
    assert isinstance(raster, RasterLayer)
    areas = layer_added(window, real / "cbs_buurten_2017.geojson")
    assert isinstance(areas, AreaLayer) and len(areas.data.frame) == 50
    assert window.document.layers[-1] is areas
    assert window.canvas.wait_rendered()


def test_save_and_reopen_exactly(window, qtbot, tmp_path):
    layer = area_layer(window)
    layer.style = ChoroplethStyle(
        "leefbaarometer_score", method="natural_breaks", k=6, ramp="RdYlBu", centre_on_mean=True
    )
    layer.opacity = 0.8
    window.document.layers[0].visible = True
    window.canvas.zoom(2.0)
    target = tmp_path / "elders" / "mijn.wijkkaart"
    target.parent.mkdir()
    window.document.save(target, view=window.view_dict())
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["schema_version"] == SCHEMA_VERSION
    again = MainWindow()
    qtbot.addWidget(again)
    again.resize(1300, 850)
    again.show()
    assert open_project(again, target)
    assert [x.to_dict() for x in again.document.layers] == [
        x.to_dict() for x in window.document.layers
    ]
    assert again.view_dict() == pytest.approx(window.view_dict())
    assert area_layer(again).symbology().colours == layer.symbology().colours


def test_bad_project_shows_dutch_message_not_traceback(qtbot, tmp_path, dialogs):
    shown = dialogs
    win = MainWindow()
    qtbot.addWidget(win)
    path = tmp_path / "kapot.wijkkaart"
    path.write_text("{", encoding="utf-8")
    assert not open_project(win, path)
    assert "kan niet worden gelezen" in shown[0]


def test_english_user_interface(qtbot, project):
    from wijkkaart.messages import set_language

    set_language("en")
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1300, 850)
    win.show()
    assert open_project(win, project)
    menus = [action.text() for action in win.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Map", "&Settings", "&Help"]
    assert win.docks["legend"].windowTitle() == "Legend"
    assert win.legend.blocks()[0].title == "Owner-occupied dwellings (%)"
    assert win.legend.blocks()[0].entries[-1].label == "No data"


def test_gemeente_value_says_when_its_weight_is_missing(window):
    data = area_layer(window).data
    window.info.show_area(data, TAAGDREEF)
    rows = {r[0]: r for r in window.info.rows()}
    # household size is weighted by households, which the Utrecht table lacks
    assert rows["Gemiddelde huishoudensgrootte"][2] == "weging ontbreekt"
    assert rows["Koopwoningen"][2].endswith("%")
