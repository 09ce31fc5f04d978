"""Panels a planner can read (issue 12 part 8), on the Utrecht sample as a user sees it."""

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QStyle

from tests.ui.waiting import wait_jobs
from wijkkaart.layers.colours import SELECTION_COLOUR, delta_e, is_reserved
from wijkkaart.layers.focus import COLOURS
from wijkkaart.layers.model import AreaLayer, OutlineLayer
from wijkkaart.ui.indicator_picker import ID_ROLE, IndicatorPicker

FLOOD = "Waterdiepte bij overstroming"


def shown_text(table, row: int, column: int) -> str:
    """The text a cell really shows: whole when its wrapped lines fit the row, else elided."""
    item = table.item(row, column)
    metrics = table.fontMetrics()
    margin = table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    width = table.columnWidth(column) - 2 * margin  # the delegate's text margins
    needed = metrics.boundingRect(QRect(0, 0, width, 10_000), Qt.TextFlag.TextWordWrap, item.text())
    if needed.height() <= table.rowHeight(row):
        return item.text()
    return metrics.elidedText(item.text(), table.textElideMode(), width)


def flood_rows(table) -> list[int]:
    return [r for r in range(table.rowCount()) if table.item(r, 0).text().startswith(FLOOD)]


def label_rows(table) -> list[int]:
    return [r for r in range(table.rowCount()) if table.columnSpan(r, 0) == 1]


def test_long_labels_in_the_information_panel_stay_distinct(window, qtbot):
    panel = window.info
    table = panel.table
    assert table.textElideMode() == Qt.TextElideMode.ElideMiddle and table.wordWrap()
    window.docks["info"].raise_()
    panel.show_area(window.document.areas, "BU03440311")
    panel.resize(380, 600)  # the panel's narrowest, as at 1366×768
    qtbot.wait(50)
    rows = flood_rows(table)
    assert len(rows) == 3, panel.rows()
    shown = [shown_text(table, r, 0) for r in rows]
    # Before: three times "Waterdiepte bij overstro…". Now each is whole, on two lines.
    assert shown == [table.item(r, 0).text() for r in rows]
    inwoners = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "Inwoners")
    assert table.rowHeight(rows[0]) > table.rowHeight(inwoners)
    labels = [table.item(r, 0).text() for r in label_rows(table)]
    seen = [shown_text(table, r, 0) for r in label_rows(table)]
    assert len(set(seen)) == len(set(labels))  # a column name without spaces: elided mid-word
    long_name = next(r for r in label_rows(table) if table.item(r, 0).text().startswith("afstand"))
    text = shown_text(table, long_name, 0)
    assert text == table.item(long_name, 0).text() or ("…" in text and text.endswith("_km"))


def test_long_labels_in_the_profile_stay_distinct(window, qtbot):
    area = next(iter(window.document.focus_areas))
    window.focus_panel.select(area)
    wait_jobs(window.jobs, "profile")  # its card is computed in a job
    window.docks["profile"].raise_()
    panel = window.profile_panel
    panel.resize(panel.minimumWidth(), 600)
    qtbot.wait(50)
    table = panel.table
    labels = [table.item(r, 0).text() for r in label_rows(table)]
    assert "Leefbaarometer: overlast en onveiligheid" in labels
    seen = [shown_text(table, r, 0) for r in label_rows(table)]
    assert seen == labels  # every label whole: long ones wrap onto a second line


def test_picker_groups_by_theme_and_shows_units(qtbot):
    picker = IndicatorPicker()
    qtbot.addWidget(picker)
    picker.set_indicators(
        ["percentage_energielabel_g", "aantal_inwoners", "aantal_energielabel_g", "eigen_kolom"]
    )
    rows = [(picker.itemText(r), picker.itemData(r, ID_ROLE)) for r in range(picker.count())]
    assert rows == [
        ("Bevolking", None),
        ("Inwoners (aantal)", "aantal_inwoners"),
        ("Energielabels", None),
        ("Label G (%)", "percentage_energielabel_g"),
        ("Woningen met label G (aantal)", "aantal_energielabel_g"),
        ("Eigen indicatoren", None),
        ("eigen_kolom", "eigen_kolom"),
    ]
    header = picker.model().item(0)
    assert not header.isEnabled() and not header.isSelectable()
    assert picker.select("aantal_inwoners") and picker.currentText() == "Inwoners (aantal)"
    qtbot.keyClick(picker, Qt.Key.Key_Down)  # the heading "Energielabels" is skipped
    assert picker.currentData() == "percentage_energielabel_g"


def test_picker_search_by_label_unit_or_theme(qtbot):
    picker = IndicatorPicker()
    qtbot.addWidget(picker)
    picker.show()
    picker.set_indicators(
        [
            "aantal_inwoners",
            "percentage_koopwoningen",
            "percentage_energielabel_g",
            "aantal_energielabel_g",
        ]
    )
    picker.select("aantal_inwoners")
    search = picker.completer()

    def found(text: str) -> list[str]:
        search.setCompletionPrefix(text)
        model = search.completionModel()
        return [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]

    assert found("label g") == ["percentage_energielabel_g", "aantal_energielabel_g"]
    assert found("(%)") == ["percentage_koopwoningen", "percentage_energielabel_g"]
    assert found("wonen") == ["percentage_koopwoningen"]  # the theme name finds its indicators
    assert found("schoenmaat") == []
    search.setCompletionPrefix("label g")
    search.activated[type(search.completionModel().index(0, 0))].emit(
        search.completionModel().index(0, 0)
    )
    assert picker.currentData() == "percentage_energielabel_g"
    assert picker.currentText() == "Label G (%)"
    picker.lineEdit().setText("schoenmaat")  # typing that found nothing changes nothing
    picker.lineEdit().editingFinished.emit()
    assert picker.currentData() == "percentage_energielabel_g"
    assert picker.currentText() == "Label G (%)"


def test_style_panel_picker_changes_the_map(window):
    panel = window.style_panel
    assert panel.indicator.caption("aantal_inwoners") == "Inwoners (aantal)"
    assert panel.indicator.select("percentage_energielabel_e_tot_g")
    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    assert layer.style.indicator == "percentage_energielabel_e_tot_g"
    window.actions_by_key["undo"].trigger()
    assert layer.style.indicator == "percentage_koopwoningen"
    assert panel.indicator.currentData() == "percentage_koopwoningen"


def test_new_analysis_layer_goes_below_the_outlines(window):
    layers = window.document.layers
    outline = next(x for x in layers if isinstance(x, OutlineLayer))
    window.analysis_panel.run_typology()
    assert wait_jobs(window.jobs)  # analyses run in a job, then land as one command
    names = [x.name for x in layers]
    assert names.index("Buurttypen") == names.index(outline.name) - 1, names
    assert isinstance(layers[-1], OutlineLayer)  # the Wijkgrenzen are still drawn last, on top
    window.actions_by_key["undo"].trigger()
    assert "Buurttypen" not in [x.name for x in layers]
    window.actions_by_key["redo"].trigger()
    names = [x.name for x in layers]
    assert names.index("Buurttypen") == names.index(outline.name) - 1


def test_a_drawn_focus_area_stands_out_and_raises_the_profile(window, qtbot):
    window.docks["info"].raise_()
    qtbot.wait(20)
    assert window.profile_panel.visibleRegion().isEmpty()  # behind the Informatie tab
    data = window.document.areas.frame
    x0, y0, x1, y1 = data.loc["BU03440311"].geometry.bounds
    area = window.add_focus_area([(x0, y0), (x1, y0), (x1, y1), (x0, y1)])
    assert area is not None
    qtbot.wait(20)
    assert not window.profile_panel.visibleRegion().isEmpty()  # raised: its figures show
    assert window.info.visibleRegion().isEmpty()
    assert window.profile_panel.title.text() == area.name
    assert not is_reserved(area.colour) and area.colour != SELECTION_COLOUR
    # The map shows Koopwoningen in Blues: the new area is not the palette's blue.
    fills = window.focus_actions.class_colours()
    assert fills and area.colour != "#1f78b4"
    others = [c for c in COLOURS if c not in {a.colour for a in window.document.focus_areas}]
    nearest = min(delta_e(area.colour, f) for f in fills)
    assert all(min(delta_e(c, f) for f in fills) <= nearest for c in others)


def test_the_selection_colour_cannot_be_picked_for_a_focus_area(window):
    area = next(iter(window.document.focus_areas))
    assert not is_reserved(area.colour)  # the sample's magenta area opens in another colour
    window.focus_panel.select(area)
    before = area.colour
    window.focus_panel.choose_colour("#e5007f")
    assert area.colour == before
    assert "selectie" in window.focus_panel.colour_note.text()
    window.focus_panel.choose_colour("#33a02c")
    assert area.colour == "#33a02c" and window.focus_panel.colour_note.text() == ""


def test_analysis_lists_show_units(window):
    from wijkkaart.catalogue import catalogue
    from wijkkaart.ui.analysis_panel import ITEM_ID

    cluster = window.analysis_panel.cluster_indicators
    texts = {cluster.item(i).data(ITEM_ID): cluster.item(i).text() for i in range(cluster.count())}
    assert texts["percentage_koopwoningen"] == "Koopwoningen (%)"
    assert texts["aantal_inwoners"] == "Inwoners (aantal)"
    stack = window.analysis_panel.stack_indicators
    assert stack.count() > 3
    for i in range(stack.count()):
        unit = catalogue()[stack.item(i).data(ITEM_ID)].unit
        assert not unit or f"({unit})" in stack.item(i).text()
