"""At 1366x740 the Waterbedeffect tab shows every row of the real Baarn table whole, the table
as tall as its rows and the chart below it taking the rest (the walk found the fifth row cut in
half above the chart when the table and the chart shared the height 1:1)."""

from tests.ui.test_fits_small_screen import scroll_area, settle
from tests.ui.waiting import open_window, wait_jobs
from wijkkaart.ui.waterbed_view import MIN_CHART_HEIGHT


def _rows_whole(table, where):
    header = table.horizontalHeader().height()
    rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
    assert table.verticalScrollBar().maximum() == 0, where
    for row in range(table.rowCount()):
        top, height = table.rowViewportPosition(row), table.rowHeight(row)
        assert top >= 0 and top + height <= table.viewport().height(), (where, row)
    # no empty stripe below the last row: the chart has that height
    assert table.height() == header + rows + 2 * table.frameWidth(), where


def test_every_waterbed_row_whole_and_the_chart_takes_the_rest(qtbot, baarn_project):
    window = open_window(qtbot, baarn_project, size=(1366, 740), rendered=False)
    window.docks["profile"].raise_()
    window.focus_panel.list.setCurrentRow(0)
    panel = window.profile_panel
    qtbot.waitUntil(panel.has_waterbed, timeout=10000)
    panel.show_waterbed_tab()
    assert wait_jobs(window.jobs, kind="waterbed")
    view = panel.waterbed
    table = view.table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=10000)
    settle(qtbot)
    assert table.rowCount() == 5  # the real Baarn series' rates and means
    viewport = scroll_area(panel).viewport()
    for chosen in range(table.rowCount()):  # each row's chart and notes
        table.setCurrentCell(chosen, 0)
        settle(qtbot)
        qtbot.waitUntil(lambda chosen=chosen: _rows_whole(table, chosen), timeout=2000)
        assert view.chart.height() >= MIN_CHART_HEIGHT
        assert not scroll_area(panel).verticalScrollBar().isVisible()
        bottom = view.notes.mapTo(viewport, view.notes.rect().bottomLeft()).y()
        assert bottom <= viewport.height()
    before = view.chart.height()
    window.resize(1366, 1000)  # a taller screen: the chart grows, the table stays its rows
    settle(qtbot)
    qtbot.waitUntil(lambda: _rows_whole(table, "1000"), timeout=2000)
    assert view.chart.height() > before + 100
