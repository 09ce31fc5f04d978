"""At 1366×768 the Analyse dock and the Profiel table fit their docks (no sideways scrolling)."""

from PySide6.QtWidgets import QPushButton, QScrollArea

from tests.ui.waiting import open_window


def scroll_area(widget):
    while widget is not None and not isinstance(widget, QScrollArea):
        widget = widget.parentWidget()
    return widget


def settle(qtbot):
    qtbot.wait(100)


def test_analysis_tabs_fit_the_dock_at_1366(window, qtbot):
    window.resize(1366, 740)
    window.docks["analysis"].raise_()
    settle(qtbot)
    panel = window.analysis_panel
    scroll = scroll_area(panel)
    tabs = panel.tabBar()
    for index in range(panel.count()):
        panel.setCurrentIndex(index)
        settle(qtbot)
        assert not scroll.horizontalScrollBar().isVisible(), panel.tabText(index)
        assert panel.width() <= scroll.viewport().width()
        # every tab is wholly on screen, without the tab bar's arrows
        assert tabs.tabRect(index).right() <= tabs.width(), panel.tabText(index)
    panel.setCurrentIndex(0)
    settle(qtbot)
    for button in panel.rules_box.findChildren(QPushButton):
        assert button.sizeHint().width() <= button.width(), button.text()  # text not cut


def test_profile_gemeente_column_on_screen_at_1366(window, qtbot):
    window.resize(1366, 740)
    area = next(iter(window.document.focus_areas))
    window.focus_panel.select(area)
    window.docks["profile"].raise_()
    settle(qtbot)
    table = window.profile_panel.table
    assert table.rowCount() > 5
    scroll = scroll_area(window.profile_panel)
    assert not scroll.horizontalScrollBar().isVisible()
    header = table.horizontalHeader()
    gemeente = table.columnCount() - 1
    assert header.sectionViewportPosition(gemeente) + header.sectionSize(gemeente) <= (
        table.viewport().width()
    )
    assert table.horizontalHeaderItem(gemeente).text() == "Gemeente"


def test_the_trend_chart_fits_the_profile_dock_at_1366(qtbot, baarn_project):
    """The real Baarn series: the trend tab shows the choice, the whole chart, its notes and the
    goals without scrolling the dock; the chart's height follows the dock."""
    from wijkkaart.ui.trend_view import MIN_CHART_HEIGHT

    window = open_window(qtbot, baarn_project, size=(1366, 740), rendered=False)
    window.docks["profile"].raise_()
    window.focus_panel.list.setCurrentRow(0)
    panel = window.profile_panel
    view = panel.trend
    qtbot.waitUntil(lambda: view.chart.trend is not None, timeout=10000)
    panel.show_trend_tab()
    settle(qtbot)
    scroll = scroll_area(panel)
    viewport = scroll.viewport()
    assert not scroll.verticalScrollBar().isVisible()
    for widget in (view.choice, view.chart, view.notes, view.add_button, view.goal_list):
        bottom = widget.mapTo(viewport, widget.rect().bottomRight())
        assert 0 <= bottom.y() <= viewport.height(), widget
        assert bottom.x() <= viewport.width(), widget
    assert view.chart.height() >= MIN_CHART_HEIGHT
    assert view.goal_list.horizontalScrollBar().maximum() == 0  # goals wrapped, not cut
    # a taller window gives the chart the height
    before = view.chart.height()
    window.resize(1366, 1000)
    settle(qtbot)
    assert view.chart.height() > before
