"""Focus areas drawn with the mouse, their profile, and undo/redo of every edit."""

import json

import pytest
import shapely
from PySide6.QtCore import QPoint, Qt

from tests.ui.waiting import open_project, wait_jobs
from wijkkaart.analysis.profile import profile, shares_for_polygon, shares_for_wijk
from wijkkaart.layers.formatting import format_value
from wijkkaart.layers.model import AreaLayer
from wijkkaart.ui.main_window import MainWindow

TAAGDREEF = "BU03440311"


def area_layer(win) -> AreaLayer:
    return next(layer for layer in win.document.layers if isinstance(layer, AreaLayer))


def pixel(win, x, y) -> QPoint:
    px, py = win.canvas.viewport.to_pixel(x, y)
    return QPoint(round(px), round(py))


def test_draw_a_polygon_with_the_mouse_and_read_its_profile(window, qtbot):
    centre = area_layer(window).data.frame.at[TAAGDREEF, "geometry"].representative_point()
    corners = [
        (centre.x - 400, centre.y - 300),
        (centre.x + 400, centre.y - 300),
        (centre.x + 400, centre.y + 300),
        (centre.x - 400, centre.y + 300),
    ]
    window.actions_by_key["focus_draw"].trigger()
    assert window.canvas.tool == "draw"
    for x, y in corners[:3]:
        qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=pixel(window, x, y))
    assert window.profile_panel.title.text() == "Gebied in tekening"  # live while drawing
    last = pixel(window, *corners[3])
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=last)
    qtbot.mouseDClick(window.canvas, Qt.MouseButton.LeftButton, pos=last)
    assert window.canvas.tool == "pan"
    areas = window.document.focus_areas
    assert [a.name for a in areas] == ["Overvecht", "Focusgebied 1"]  # the sample has Overvecht
    drawn = areas[-1].geometry
    clicked = [
        window.canvas.viewport.to_map(p.x(), p.y())
        for p in (pixel(window, x, y) for x, y in corners)
    ]
    assert drawn.area == pytest.approx(shapely.Polygon(clicked).area)  # whole pixels clicked
    assert drawn.area == pytest.approx(800 * 600, rel=0.1)
    assert window.profile_panel.title.text() == "Focusgebied 1"
    assert wait_jobs(window.jobs, "profile")  # its card (with the rasters) is a job
    expected = profile(window.document.areas, shares_for_polygon(window.document.areas, drawn))
    rows = {r[0]: r for r in window.profile_panel.rows()}
    inhabitants = expected.indicators["aantal_inwoners"].value.value
    assert rows["Inwoners"][1].startswith(format_value("aantal_inwoners", inhabitants))
    assert "Deels meegeteld" in window.profile_panel.note.text()
    assert window.windowTitle().startswith("*")  # unsaved change
    window.actions_by_key["undo"].trigger()
    assert [a.name for a in areas] == ["Overvecht"]


def test_escape_cancels_and_backspace_removes_a_point(window, qtbot):
    window.start_drawing()
    for px in (QPoint(500, 300), QPoint(560, 300), QPoint(560, 360)):
        qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=px)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Backspace)
    assert len(window.canvas.sketch) == 2
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.canvas.tool == "pan" and len(window.document.focus_areas) == 1


def test_focus_area_from_selected_buurten_profile_equals_the_wijk(window):
    data = window.document.areas
    codes = list(shares_for_wijk(data, "WK034403").index)
    window.select_areas(area_layer(window), codes)
    area = window.focus_from_selection()
    assert area is not None
    union = shapely.union_all(data.frame.loc[codes].geometry.to_numpy())
    assert area.geometry.symmetric_difference(union).area < 1.0
    assert wait_jobs(window.jobs, "profile")
    rows = {r[0]: r for r in window.profile_panel.rows()}
    by_hand = data.frame.loc[codes, "aantal_inwoners"].sum()
    assert rows["Inwoners"][1] == format_value("aantal_inwoners", by_hand)


def test_rename_colour_delete_and_undo(window, qtbot):
    window.select_areas(area_layer(window), [TAAGDREEF])
    area = window.focus_from_selection()
    panel = window.focus_panel
    panel.name.setText("Taagdreef")
    panel.name.editingFinished.emit()
    assert area.name == "Taagdreef"
    assert window.actions_by_key["undo"].text() == "Ongedaan maken: focusgebied hernoemen"
    panel.choose_colour("#123456")
    assert area.colour == "#123456"
    panel.delete.click()
    assert area not in list(window.document.focus_areas)
    for _ in range(3):
        window.actions_by_key["undo"].trigger()
    assert area.name == "Focusgebied 1" and area.colour != "#123456"
    assert list(window.document.focus_areas)[-1] is area
    window.actions_by_key["redo"].trigger()
    assert area.name == "Taagdreef"


def test_style_and_layer_edits_undo_exactly_and_save_marks_clean(window, qtbot):
    layer = area_layer(window)
    before = [x.to_dict() for x in window.document.layers]
    assert not window.windowTitle().startswith("*")
    panel = window.style_panel
    panel.classes.setValue(7)
    panel.method.setCurrentIndex(panel.method.findData("natural_breaks"))
    window.layer_panel.select(layer)
    window.layer_panel.move_current(+1)
    slider = window.layer_panel.opacity
    for value in (90, 80, 70, 60):
        slider.setValue(value)
    window.stack.end_merge()
    assert layer.opacity == pytest.approx(0.6)
    assert window.windowTitle().startswith("*")
    window.actions_by_key["undo"].trigger()  # the whole slider drag at once
    assert layer.opacity == 1.0
    window.actions_by_key["undo"].trigger()
    window.actions_by_key["undo"].trigger()
    window.actions_by_key["undo"].trigger()
    assert [x.to_dict() for x in window.document.layers] == before
    assert not window.windowTitle().startswith("*")
    window.actions_by_key["redo"].trigger()
    window.save()
    assert not window.windowTitle().startswith("*")
    assert layer.style.k == 7


def test_focus_areas_are_saved_and_reopened(window, qtbot, project):
    window.select_areas(area_layer(window), [TAAGDREEF])
    area = window.focus_from_selection()
    window.save()
    data = json.loads(project.read_text(encoding="utf-8"))
    assert [a["name"] for a in data["focus_areas"]] == ["Overvecht", area.name]
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert open_project(again, project)
    reopened = again.document.focus_areas[-1]
    # coordinates are stored to the millimetre
    assert reopened.geometry.symmetric_difference(area.geometry).area < 1e-5 * area.geometry.area


def test_drag_a_corner_and_move_the_area_with_live_profile_and_undo(window, qtbot):
    layer = area_layer(window)
    window.select_areas(layer, [TAAGDREEF])
    area = window.focus_from_selection()
    original = area.geometry
    window.canvas.zoom_to(original.bounds)  # big enough on screen to grab inside it
    window.focus_panel.edit.setChecked(True)
    assert window.canvas.tool == "edit"
    corner = shapely.get_parts(original)[0].exterior.coords[0]
    start = pixel(window, *corner)
    target = QPoint(start.x() + 30, start.y() + 20)
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(window.canvas, target)
    moved_corner = window.canvas.viewport.to_map(target.x(), target.y())
    assert window.canvas.editing.distance(shapely.Point(moved_corner)) < 1e-6
    assert window.profile_panel.title.text() == area.name  # live profile while dragging
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=target)
    assert not area.geometry.equals(original)
    assert window.actions_by_key["undo"].text() == "Ongedaan maken: focusgebied bewerken"
    inside = original.representative_point()
    before = area.geometry
    press = pixel(window, inside.x, inside.y)
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=press)
    qtbot.mouseMove(window.canvas, QPoint(press.x() + 50, press.y()))
    qtbot.mouseRelease(
        window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(press.x() + 50, press.y())
    )
    dx = area.geometry.centroid.x - before.centroid.x
    assert dx == pytest.approx(50 * window.canvas.viewport.resolution, rel=0.05)
    assert area.geometry.area == pytest.approx(before.area)
    window.actions_by_key["undo"].trigger()
    window.actions_by_key["undo"].trigger()
    assert area.geometry.equals(original)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.canvas.tool == "pan"


def test_lasso_selects_buurten_inside(window, qtbot):
    data = window.document.areas
    centre = data.frame.at[TAAGDREEF, "geometry"].representative_point()
    window.canvas.start_lasso()
    points = [
        pixel(window, centre.x + dx, centre.y + dy)
        for dx, dy in ((-30, -30), (30, -30), (30, 30), (-30, 30))
    ]
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=points[0])
    for p in points[1:]:
        qtbot.mouseMove(window.canvas, p)
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=points[-1])
    assert window.selection == [TAAGDREEF]
    assert window.profile_panel.title.text().startswith("Selectie van 1")
