"""At 1366×768 the Analyse dock and the Profiel table fit their docks (no sideways scrolling)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollArea

from tests.ui.waiting import open_window, wait_jobs


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
    wait_jobs(window.jobs, "profile")  # its card is computed in a job
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


def _trend_tab(qtbot, project):
    """The window at 1366×740 with the profile dock in front on the first focus area's trend."""
    window = open_window(qtbot, project, size=(1366, 740), rendered=False)
    window.docks["profile"].raise_()
    window.focus_panel.list.setCurrentRow(0)
    panel = window.profile_panel
    view = panel.trend
    qtbot.waitUntil(lambda: view.chart.trend is not None, timeout=10000)
    panel.show_trend_tab()
    return window, panel, view


def test_the_trend_chart_fits_the_profile_dock_at_1366(qtbot, baarn_project):
    """The real Baarn series: the trend tab shows the choice, the whole chart, its notes and the
    goals without scrolling the dock; the chart's height follows the dock."""
    from wijkkaart.ui.trend_view import MIN_CHART_HEIGHT

    window, panel, view = _trend_tab(qtbot, baarn_project)
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


def test_every_goal_readable_in_the_trend_tab_at_1366(qtbot, baarn_project):
    """The walk's case: the chart on % laag inkomen with its two goals. Each goal is one whole
    line in the list (no scrolling), its start and its status on screen, the full goal in the
    tooltip; a fixed four wrapped lines cut the second goal in half."""
    from tests.baarn import LOW_INCOME
    from wijkkaart.analysis.goals import status_text
    from wijkkaart.ui.trend_view import MIN_CHART_HEIGHT

    _window, panel, view = _trend_tab(qtbot, baarn_project)
    view.choice.setCurrentIndex(view.choice.findData(LOW_INCOME))
    qtbot.waitUntil(lambda: " — " in view.goal_list.item(0).text(), timeout=10000)
    settle(qtbot)
    box = view.goal_list
    assert box.count() == 2
    assert box.verticalScrollBar().maximum() == 0
    assert not scroll_area(panel).verticalScrollBar().isVisible()
    assert view.chart.height() >= MIN_CHART_HEIGHT
    statuses = [status_text(key) for key in ("on_track", "behind", "reached")]
    for row in range(box.count()):
        item = box.item(row)
        rect = box.visualItemRect(item)
        assert rect.top() >= 0 and rect.bottom() < box.viewport().height(), item.text()
        shown = box.fontMetrics().elidedText(
            item.text(), Qt.TextElideMode.ElideMiddle, rect.width() - 8
        )
        assert any(f" {s} (" in shown for s in statuses), shown  # the status stays in sight
        assert shown[:6] == item.text()[:6]
        label = view.series.label(LOW_INCOME)
        assert item.toolTip().startswith(f"{label}: ") and item.toolTip().endswith(item.text()[1:])
