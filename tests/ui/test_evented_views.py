"""Views follow the evented document: one change, one rebuild; no echo; selection bugs fixed."""

from __future__ import annotations

import shapely
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from tests.ui.waiting import open_project, wait_jobs
from wijkkaart.layers.model import AreaLayer
from wijkkaart.ui.canvas import MapCanvas
from wijkkaart.ui.layer_panel import LayerPanel
from wijkkaart.ui.legend_widget import LegendWidget
from wijkkaart.ui.main_window import MainWindow
from wijkkaart.ui.style_panel import StylePanel

TAAGDREEF = "BU03440311"


def _counting(monkeypatch, cls, name: str, counts: dict[str, int]) -> None:
    original = getattr(cls, name)
    key = f"{cls.__name__}.{name}"
    counts[key] = 0

    def counted(self, *args, **kwargs):
        counts[key] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, name, counted)


def test_one_opacity_change_after_three_remove_undo_cycles_rebuilds_each_view_once(
    qtbot, project, monkeypatch
):
    counts: dict[str, int] = {}
    _counting(monkeypatch, LayerPanel, "refresh", counts)
    _counting(monkeypatch, LegendWidget, "update", counts)
    _counting(monkeypatch, MapCanvas, "request_render", counts)
    _counting(monkeypatch, StylePanel, "show_style", counts)
    window = MainWindow()  # the views connect to the counted methods
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    assert open_project(window, project)
    assert window.canvas.wait_rendered()
    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    window.layer_panel.select(layer)
    for _ in range(3):
        window.layer_panel.select(layer)
        window.layer_actions.remove_current_layer()
        assert layer not in window.document.layers
        window.stack.undo()
        assert layer in window.document.layers
    window.layer_panel.select(layer)
    assert window.layer_panel.current_layer() is layer
    for key in counts:
        counts[key] = 0
    window.layer_panel.opacity.setValue(40)  # one step of the slider
    assert layer.opacity == 0.4
    assert counts == {
        "LayerPanel.refresh": 1,
        "LegendWidget.update": 1,
        "MapCanvas.request_render": 1,
        "StylePanel.show_style": 0,  # the style panel does not show opacity
    }
    for key in counts:
        counts[key] = 0
    window.stack.undo()  # the views follow the undo by themselves, once
    assert layer.opacity == 1.0 and window.layer_panel.opacity.value() == 100
    assert counts["LayerPanel.refresh"] == 1 and counts["MapCanvas.request_render"] == 1


def test_the_style_panel_follows_an_undo_and_does_not_echo_its_own_edit(window, qtbot):
    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    window.layer_panel.select(layer)
    panel = window.style_panel
    assert panel.layer is layer
    shown: list[int] = []
    original = panel.show_style
    panel.show_style = lambda: (shown.append(1), original())[1]  # type: ignore[method-assign]
    layer.events.style.disconnect(panel._layer_changed)  # reconnect to the counting wrapper
    layer.events.style.connect(panel._layer_changed)
    before = layer.style
    panel.classes.setValue(before.k + 1 if before.k < 9 else before.k - 1)
    assert layer.style.k != before.k and shown == []  # its own edit: no refill
    window.stack.undo()
    assert layer.style == before and panel.classes.value() == before.k and shown == [1]


def _pixel(window, x, y) -> QPoint:
    px, py = window.canvas.viewport.to_pixel(x, y)
    return QPoint(round(px), round(py))


def test_the_outline_being_drawn_is_visible_while_a_buurt_is_selected(window, qtbot):
    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    window.select_areas(layer, [TAAGDREEF])
    assert window.canvas.highlight
    window.start_drawing()
    w, h = window.canvas.width(), window.canvas.height()
    corners = [(w * 0.2, h * 0.2), (w * 0.8, h * 0.25), (w * 0.5, h * 0.8)]
    before = window.canvas.grab().toImage()
    for px, py in corners:
        qtbot.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(px), int(py)))
    assert len(window.canvas.sketch) == 3
    after = window.canvas.grab().toImage()
    # The first vertex is a white dot with a magenta ring; inside, the fill tints the map.
    x0, y0 = int(corners[0][0]), int(corners[0][1])
    assert QColor(after.pixel(x0, y0)) == QColor("white")
    cx, cy = int(sum(c[0] for c in corners) / 3), int(sum(c[1] for c in corners) / 3)
    tinted = QColor(after.pixel(cx, cy))
    plain = QColor(before.pixel(cx, cy))
    assert tinted != plain and tinted.red() >= plain.red() - 2


def test_finishing_a_polygon_with_a_buurt_of_another_layer_selected_adds_the_area(
    window, qtbot, project
):
    from tests.conftest import REAL
    from tests.ui.waiting import layer_added

    other = layer_added(window, REAL / "cbs_buurten_2017.geojson")  # Zaanstad's buurten
    assert isinstance(other, AreaLayer)
    code = other.data.frame.index[0]
    window.select_areas(other, [code])
    buurten = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    window.layer_panel.select(buurten)
    assert window.identify_layer() is buurten and window.selection == [code]
    before = len(window.document.focus_areas)
    centre = buurten.data.frame.at[TAAGDREEF, "geometry"].representative_point()
    window.start_drawing()
    window.canvas.zoom_to(tuple(buurten.data.frame.total_bounds))  # the new layer zoomed away
    for dx, dy in ((-300, -300), (300, -300), (0, 300)):
        qtbot.mouseClick(
            window.canvas,
            Qt.MouseButton.LeftButton,
            pos=_pixel(window, centre.x + dx, centre.y + dy),
        )
    qtbot.keyClick(window.canvas, Qt.Key.Key_Return)
    areas = window.document.focus_areas
    assert len(areas) == before + 1
    assert areas[-1].geometry.area > 0 and window.workspace.current is areas[-1]
    assert window.profile_panel.title.text() == areas[-1].name
    assert window.stack.undo_text() == "focusgebied maken"
    assert shapely.Point(centre.x, centre.y).within(areas[-1].geometry)


def test_the_legend_and_map_follow_new_data_and_its_undo(qtbot, project, monkeypatch):
    from wijkkaart.roles import project_roles

    counts: dict[str, int] = {}
    _counting(monkeypatch, LegendWidget, "update", counts)
    _counting(monkeypatch, MapCanvas, "request_render", counts)
    _counting(monkeypatch, StylePanel, "show_style", counts)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert open_project(window, project)
    roles = [r for r in project_roles(window.document.project) if r["role"] != "areas"]
    index = [r["path"] for r in roles].index("voorbeeld_woningbezit.csv")
    for key in counts:
        counts[key] = 0
    # new columns on the buurten: nobody refreshes by hand
    assert window.layer_actions.remove_data(index)
    assert wait_jobs(window.jobs, "remove_data")
    assert all(n >= 1 for n in counts.values()), counts
    for key in counts:
        counts[key] = 0
    window.stack.undo()
    assert all(n >= 1 for n in counts.values()), counts


def test_the_attribute_table_follows_new_columns_and_an_undo_by_itself(window):
    from wijkkaart.roles import project_roles

    table = window.show_attribute_table()
    assert "percentage_huurwoningen" in table.model.columns()
    roles = [r for r in project_roles(window.document.project) if r["role"] != "areas"]
    index = [r["path"] for r in roles].index("voorbeeld_woningbezit.csv")
    assert window.layer_actions.remove_data(index)
    assert wait_jobs(window.jobs, "remove_data")
    assert "percentage_huurwoningen" not in table.model.columns()
    layer = window.identify_layer()
    window.select_areas(layer, [TAAGDREEF])
    window.stack.undo()  # the columns come back; the selection stays shown
    assert "percentage_huurwoningen" in table.model.columns()
    rows = table.view.selectionModel().selectedRows()
    assert [table.model.code_at(r.row()) for r in rows] == [TAAGDREEF]
