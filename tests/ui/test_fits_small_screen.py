"""At 1366×768 the Analyse dock and the Profiel table fit their docks (no sideways scrolling)."""

from PySide6.QtWidgets import QPushButton, QScrollArea


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
