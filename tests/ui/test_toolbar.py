"""The window's toolbar, the editable scale and a map that keeps its centre on resize."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from wijkkaart.ui.scale_box import parse_scale
from wijkkaart.ui.toolbar import MENU_ACTIONS, TOOL_ORDER


def test_the_toolbar_has_an_icon_for_every_action_and_follows_the_tool(window, qtbot):
    bar = window.map_bar
    keys = [k for k, _ in MENU_ACTIONS if k]
    for key in keys:
        action = window.actions_by_key[key]
        assert action in bar.actions() and not action.icon().isNull()
        assert not action.icon().pixmap(22, 22).toImage().isNull()
    assert set(window.tool_actions) == set(TOOL_ORDER)
    assert all(not a.icon().isNull() for a in window.tool_actions.values())
    assert window.tool_actions["pan"].isChecked()
    window.tool_actions["measure"].trigger()
    assert window.canvas.tool == "measure"
    qtbot.keyClick(window.canvas, Qt.Key.Key_Escape)  # Esc in the tool shows on the toolbar
    assert window.canvas.tool == "pan" and window.tool_actions["pan"].isChecked()
    window.actions_by_key["lasso"].trigger()  # the menu's shortcut action, too
    assert window.tool_actions["lasso"].isChecked()
    window.tool_actions["edit"].trigger()  # no focus area chosen: said, and back to pan
    assert window.canvas.tool == "pan" and "focusgebied" in window.statusBar().currentMessage()


def test_parse_scale():
    assert parse_scale("1:25.000") == 25_000
    assert parse_scale("25000") == 25_000
    assert parse_scale("1 : 10 000") == 10_000
    assert parse_scale("1:25,000") == 25_000
    assert parse_scale("groot") is None and parse_scale("1:3") is None


def test_typing_a_scale_zooms_around_the_centre(window, qtbot):
    before = window.canvas.viewport
    line = window.scale.lineEdit()
    line.setFocus()
    line.setText("1:25.000")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    after = window.canvas.viewport
    assert after.scale_denominator() == pytest.approx(25_000)
    assert (after.cx, after.cy) == pytest.approx((before.cx, before.cy))
    window.canvas.setFocus()
    window.scale.show_scale(after.scale_denominator())
    assert window.scale.currentText() == "1:25.000"


def test_the_map_keeps_its_centre_and_extent_on_resize(window, qtbot):
    canvas = window.canvas
    canvas.zoom_to((133_000, 453_000, 140_000, 460_000))  # a 7 km square (invented extent)
    before = canvas.viewport
    window.resize(window.width() - 300, window.height() - 150)
    qtbot.waitUntil(lambda: canvas.viewport.width != before.width)
    after = canvas.viewport
    assert (after.cx, after.cy) == pytest.approx((before.cx, before.cy))
    minx, miny, maxx, maxy = after.bounds
    assert maxx - minx >= 7_000 and maxy - miny >= 7_000  # the square still fits
    small = after
    window.resize(window.width() + 300, window.height() + 150)
    qtbot.waitUntil(lambda: canvas.viewport.width != small.width)
    # the docks may take a different share of the regained width than before (Qt's dock
    # layout), so drift is judged over a second shrink and grow back to this same size
    back = canvas.viewport
    assert (back.cx, back.cy) == pytest.approx((before.cx, before.cy))
    window.resize(window.width() - 300, window.height() - 150)
    qtbot.waitUntil(lambda: canvas.viewport.width != back.width)
    window.resize(window.width() + 300, window.height() + 150)
    qtbot.waitUntil(lambda: canvas.viewport.width == back.width)
    assert canvas.viewport.resolution == pytest.approx(back.resolution)  # no drift
    assert (canvas.viewport.cx, canvas.viewport.cy) == pytest.approx((before.cx, before.cy))


def test_the_default_size_comes_from_the_screen(qapp):
    from wijkkaart.ui.app import _fitted

    room = qapp.primaryScreen().availableGeometry()
    width, height = _fitted(qapp, None)
    assert width <= room.width() and height <= room.height()
    if room.width() <= 1440 and room.height() <= 900:  # a laptop screen: all of it
        assert (width, height) == (room.width(), room.height())
    assert _fitted(qapp, (10_000, 10_000)) == (room.width(), room.height())
    assert _fitted(qapp, (400, 300)) == (min(400, room.width()), min(300, room.height()))
