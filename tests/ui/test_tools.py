"""Map tools (ui/tools/): edit handles follow undo, measure in RD metres, identify keeps the
selection. Driven with real mouse events on the sample project's canvas."""

from __future__ import annotations

import pytest
import shapely
from PySide6.QtCore import QPoint, Qt

from wijkkaart.layers.model import AreaLayer
from wijkkaart.ui.tools.measure import measure

TAAGDREEF = "BU03440311"


def _pixel(window, x, y) -> QPoint:
    px, py = window.canvas.viewport.to_pixel(x, y)
    return QPoint(round(px), round(py))


def _layer(window) -> AreaLayer:
    return next(x for x in window.document.layers if isinstance(x, AreaLayer))


def test_after_undoing_a_vertex_edit_the_handles_are_back_on_the_area(window, qtbot):
    window.select_areas(_layer(window), [TAAGDREEF])
    area = window.focus_from_selection()
    original = area.geometry
    window.canvas.zoom_to(original.bounds)
    window.focus_panel.edit.setChecked(True)
    assert window.canvas.tool == "edit"
    corner = shapely.get_parts(original)[0].exterior.coords[0]
    start = _pixel(window, *corner)
    target = QPoint(start.x() + 40, start.y() + 25)
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(window.canvas, target)
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=target)
    assert not area.geometry.equals(original)
    window.actions_by_key["undo"].trigger()
    assert area.geometry.equals(original)
    assert window.canvas.editing.equals(original)  # the handles are where the area is
    window.actions_by_key["redo"].trigger()
    assert window.canvas.editing.equals(area.geometry) and not area.geometry.equals(original)
    # and the handle at the first corner can be grabbed again where it now is
    moved = shapely.get_parts(area.geometry)[0].exterior.coords[0]
    assert window.canvas.tools["edit"].rings(window.canvas.editing)[0][0] == pytest.approx(moved)


def test_measure_distance_and_area_in_rd_metres_in_the_status_bar(window, qtbot):
    window.actions_by_key["measure"].trigger()
    assert window.canvas.tool == "measure"
    centre = _layer(window).data.frame.at[TAAGDREEF, "geometry"].representative_point()
    a = _pixel(window, centre.x, centre.y)
    b = QPoint(a.x() + 120, a.y())
    c = QPoint(a.x() + 120, a.y() + 90)
    for p in (a, b):
        qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=p)
    points = [window.canvas.viewport.to_map(p.x(), p.y()) for p in (a, b, c)]
    resolution = window.canvas.viewport.resolution  # metres per pixel
    length, area = measure(points[:2])
    assert length == pytest.approx(120 * resolution) and area is None
    assert window.statusBar().currentMessage().startswith("Afstand: ")
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=c)
    qtbot.mouseDClick(window.canvas, Qt.MouseButton.LeftButton, pos=c)
    length, area = measure(points)
    assert length == pytest.approx(210 * resolution)
    assert area == pytest.approx(120 * 90 / 2 * resolution**2)
    message = window.statusBar().currentMessage()
    assert "Afstand: " in message and "Oppervlakte: " in message
    shown = message.split("Afstand: ")[1].split(" ")[0]
    assert float(shown.replace(".", "").replace(",", ".")) == pytest.approx(length, abs=1)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert window.canvas.tool == "pan" and window.statusBar().currentMessage() == ""


def test_identify_shows_a_buurt_and_keeps_the_selection(window, qtbot):
    layer = _layer(window)
    frame = layer.data.frame
    other = next(c for c in frame.index if c != TAAGDREEF)
    window.select_areas(layer, [other])
    window.actions_by_key["identify"].trigger()
    point = frame.at[TAAGDREEF, "geometry"].representative_point()
    qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=_pixel(window, point.x, point.y))
    assert window.info.code == TAAGDREEF
    assert window.selection == [other]


def test_hovering_a_buurt_tips_its_name_and_the_mapped_value(window, qtbot):
    from wijkkaart.layers.formatting import format_value

    layer = _layer(window)
    frame = layer.data.frame
    point = frame.at[TAAGDREEF, "geometry"].representative_point()
    qtbot.mouseMove(window.canvas, _pixel(window, point.x, point.y))
    tip = window.canvas.toolTip().split("\n")
    value = format_value("percentage_koopwoningen", frame.at[TAAGDREEF, "percentage_koopwoningen"])
    assert tip[0] == frame.at[TAAGDREEF, "naam"]
    assert tip[1].endswith(value) and value
    assert window.map_events.hover_text(0.0, 0.0) == ""  # outside every buurt: no tip


def test_every_toolbar_tool_starts_and_the_select_box_selects_the_buurten_inside(window, qtbot):
    """Each toolbar button reaches its tool (the select button raised KeyError: the tool was
    never registered); a box drawn with the select tool selects the buurten inside it."""
    from wijkkaart.ui.toolbar import TOOL_ORDER

    for name in TOOL_ORDER:
        window.tool_actions[name].trigger()  # edit without a focus area says so, back to pan
        assert window.canvas.tool == ("pan" if name == "edit" else name)
        qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)
    window.tool_actions["select"].trigger()
    frame = _layer(window).data.frame
    centre = frame.at[TAAGDREEF, "geometry"].representative_point()
    a, b = _pixel(window, centre.x, centre.y), _pixel(window, centre.x, centre.y)
    a, b = QPoint(a.x() - 60, a.y() - 40), QPoint(b.x() + 60, b.y() + 40)
    qtbot.mousePress(window.canvas, Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(window.canvas, b)
    qtbot.mouseRelease(window.canvas, Qt.MouseButton.LeftButton, pos=b)
    assert window.canvas.tool == "select"
    box = shapely.box(
        *window.canvas.viewport.to_map(a.x(), b.y()), *window.canvas.viewport.to_map(b.x(), a.y())
    )
    # as the lasso: the buurten whose inner point (point on surface) lies in the box
    inner = shapely.point_on_surface(frame.geometry.values)
    inside = set(frame.index[shapely.contains(box, inner)])
    assert TAAGDREEF in inside and len(inside) > 1
    assert set(window.document.selection.codes) == inside
