"""With *Door de jaren* on, the layer list and the style panel say what the map shows.

Before, they kept showing the project's fill (Bevolkingsdichtheid, in quantiles) while the map
and the legend showed another indicator's year. What a planner expects: the style panel says it
is the year view and which indicator, year and classes are on the map; the project layer's own
style cannot be edited while it is hidden (an edit would change a map that is not on screen),
and *Jaarweergave uitzetten* goes back explicitly. The layer list names the year map on the row
it takes. Real data: Baarn's 2024 buurten and its CBS series 2016–2025 (tests/baarn.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.baarn import LOW_INCOME
from tests.ui.waiting import open_window
from wijkkaart.layers.model import AreaLayer
from wijkkaart.ui.layer_panel import UID


def _on(win, indicator: str, year: int):
    bar = win.year_bar
    bar.choice.setCurrentIndex(bar.choice.findData(indicator))
    bar.toggle.setChecked(True)
    bar.slider.setValue(bar.years.index(year))
    assert bar.active and bar.current_year() == year
    return bar


def _fill(win) -> AreaLayer:
    layer = next(x for x in reversed(win.document.layers) if isinstance(x, AreaLayer))
    return layer


def _row(win, layer):
    panel = win.layer_panel
    for row in range(panel.list.count()):
        item = panel.list.item(row)
        if item.data(UID) == layer.uid:
            return item
    raise AssertionError(layer.name)


def _row_text(win, layer) -> str:
    return _row(win, layer).text()


def test_the_panels_say_the_year_view_and_its_classes(qtbot, baarn_project):
    win = open_window(qtbot, baarn_project, size=(1366, 768))
    fill = _fill(win)
    project_name, project_style = fill.name, fill.style
    win.layer_panel.select(fill)
    style = win.style_panel
    assert style.layer is fill and style.controls.isEnabled()
    assert not style.year_box.isVisible()
    bar = _on(win, LOW_INCOME, 2020)
    label = bar.series.label(LOW_INCOME)
    assert win.canvas.wait_rendered()
    shown = bar.year_map.layer
    legend = shown.symbology().legend  # the classes the legend and the map show
    classes = len([e for e in legend if not e.hatched])  # "geen gegevens" is no class
    assert shown.name == f"{label} 2020"
    # said once the event loop runs (a burst of steps is said once)
    qtbot.waitUntil(lambda: f"{label} 2020" in style.year_note.text(), timeout=3000)
    # the style panel: the year view, its indicator and year, its classes; edits wait
    note = style.year_note.text()
    assert style.year_box.isVisible()
    assert f"{label} 2020" in note and f"{classes} klassen" in note
    first, last = bar.years[0], bar.years[-1]  # pooled over every year with figures
    assert f"Klassen gelijk voor {first}–{last}" in note
    assert project_name in note
    assert not style.controls.isEnabled() and style.year_off.isEnabled()
    # the layer list: the row of the fill names the year map, the note says what it replaces
    assert _row_text(win, fill) == f"{label} 2020"
    assert _row(win, fill).font().italic()
    assert win.layer_panel.year_note.isVisible()
    assert project_name in win.layer_panel.year_note.text()
    # the note does not push the list out of a 1366x768 laptop's dock (no scroll bar)
    qtbot.waitUntil(
        lambda: win.layer_panel.height() <= win.layer_panel.parentWidget().height(), timeout=3000
    )
    # another year: both follow
    bar.slider.setValue(bar.years.index(2023))
    qtbot.waitUntil(lambda: f"{label} 2023" in style.year_note.text(), timeout=3000)
    assert _row_text(win, fill) == f"{label} 2023"
    # the row cannot be renamed, and ticking its box does not rename the project layer
    assert not _row(win, fill).flags() & Qt.ItemFlag.ItemIsEditable
    _row(win, fill).setCheckState(Qt.CheckState.Unchecked)
    assert not fill.visible and fill.name == project_name
    qtbot.waitUntil(lambda: _row_text(win, fill) == project_name, timeout=5000)  # not replaced
    assert "boven de andere lagen" in win.layer_panel.year_note.text()
    win.actions_by_key["undo"].trigger()
    assert fill.visible and fill.name == project_name
    qtbot.waitUntil(lambda: _row_text(win, fill) == f"{label} 2023", timeout=5000)
    # switched off from the style panel: the project's map, name and style are back as they were
    style.year_off.click()
    assert not bar.active and not bar.toggle.isChecked()
    qtbot.waitUntil(lambda: not style.year_box.isVisible(), timeout=3000)
    assert not style.year_box.isVisible() and style.controls.isEnabled()
    assert not win.layer_panel.year_note.isVisible()
    assert _row_text(win, fill) == project_name and not _row(win, fill).font().italic()
    assert fill.name == project_name and fill.style == project_style
    assert win.canvas.layers is win.document.layers
    assert not win.stack.can_undo()  # looking through the years changed nothing (the box: undone)


def test_the_change_view_and_another_layer(qtbot, baarn_project):
    win = open_window(qtbot, baarn_project, size=(1366, 768))
    fill = _fill(win)
    bar = _on(win, LOW_INCOME, 2020)
    bar.mode.setCurrentIndex(1)  # Verandering
    bar.first_year.setCurrentText("2016")
    bar.last_year.setCurrentText("2022")
    style = win.style_panel
    name = bar.year_map.layer.name
    assert "2016" in name and "2022" in name
    qtbot.waitUntil(lambda: name in style.year_note.text(), timeout=3000)
    assert name in style.year_note.text()
    assert "rond 0" in style.year_note.text()  # the change's middle class
    assert _row_text(win, fill) == name
    # a layer the year map does not hide: said, and still editable
    outline = next(x for x in win.document.layers if not isinstance(x, AreaLayer))
    win.layer_panel.select(outline)
    assert style.year_box.isVisible() and name in style.year_note.text()
    assert "projectlaag" not in style.year_note.text()
    bar.toggle.setChecked(False)  # switched off in the bar: the panels follow as well
    qtbot.waitUntil(lambda: not style.year_box.isVisible(), timeout=3000)
    assert not style.year_box.isVisible() and not win.layer_panel.year_note.isVisible()
    win.layer_panel.select(fill)
    assert style.controls.isEnabled()
