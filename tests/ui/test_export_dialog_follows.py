"""The export dialog shows what the project's print settings hold, after every undo and redo.

Issue 11: views subscribe to the fields they show, block their own echo and disconnect when
closed. Before, undoing a print-settings change with the dialog open left the old field on
screen, and the next export wrote it back into the project.
"""

from __future__ import annotations

import shutil
import subprocess

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.waiting import exported
from wijkkaart.export.settings import PrintSettings


def _open(window):
    window.actions_by_key["export"].trigger()
    return window.export_dialog


def _receivers(document) -> int:
    return len(document.events.print_settings)


def test_undo_and_redo_show_in_the_open_dialog(window, qtbot):
    dialog = _open(window)
    document = window.document
    before = PrintSettings.of(document)
    assert dialog.paper.currentText() == before.paper == "A4"
    dialog.paper.setCurrentText("A3")
    assert PrintSettings.of(document).paper == "A3"
    dialog.title.setText("Overvecht in 2030")
    dialog.title.editingFinished.emit()  # the field left: stored (merged into the same step)
    assert PrintSettings.of(document).title == "Overvecht in 2030"
    window.actions_by_key["undo"].trigger()  # Ctrl+Z in the window, the dialog still open
    assert PrintSettings.of(document) == before
    assert dialog.paper.currentText() == "A4"
    assert dialog.title.text() == before.title
    window.actions_by_key["redo"].trigger()
    assert dialog.paper.currentText() == "A3"
    assert dialog.title.text() == "Overvecht in 2030"


def test_ctrl_z_in_the_dialog_undoes_its_change(window, qtbot):
    dialog = _open(window)
    dialog.orientation.setCurrentIndex(dialog.orientation.findData("portrait"))
    assert PrintSettings.of(window.document).orientation == "portrait"
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5000)
    dialog.orientation.setFocus()
    QTest.keyClick(dialog.orientation, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert PrintSettings.of(window.document).orientation == "landscape"
    assert dialog.orientation.currentData() == "landscape"


def test_an_export_after_undo_does_not_write_the_undone_setting_back(window, tmp_path):
    dialog = _open(window)
    dialog.dpi.setValue(72)
    dialog.paper.setCurrentText("A3")
    window.actions_by_key["undo"].trigger()
    out = exported(dialog, tmp_path / "kaart.pdf")
    assert out is not None and out.exists()
    assert PrintSettings.of(window.document).paper == "A4"
    assert window.stack.can_redo()  # the export stored nothing over the undone step
    if shutil.which("pdfinfo"):
        info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        assert "(A4)" in info


def test_own_change_is_not_shown_again(window, monkeypatch):
    dialog = _open(window)
    calls: list[str] = []
    monkeypatch.setattr(dialog, "show_document", lambda: calls.append("shown"))
    dialog.margin.setValue(dialog.margin.value() + 5)  # stored: the document says it changed
    assert PrintSettings.of(window.document).extent.margin * 100 == dialog.margin.value()
    assert calls == []  # the echo of our own change is blocked
    window.actions_by_key["undo"].trigger()
    assert calls == ["shown"]


def test_closed_dialog_is_no_longer_called(window, qtbot):
    document = window.document
    connected = _receivers(document)
    dialog = _open(window)
    assert _receivers(document) == connected + 1
    dialog.paper.setCurrentText("A3")
    dialog.close()  # the window's cross: reject, finished
    assert _receivers(document) == connected
    calls: list[str] = []
    dialog.show_document = lambda: calls.append("shown")  # type: ignore[method-assign]
    window.actions_by_key["undo"].trigger()
    assert PrintSettings.of(document).paper == "A4"
    assert calls == []
    second = _open(window)  # Esc closes too
    assert _receivers(document) == connected + 1
    QTest.keyClick(second, Qt.Key.Key_Escape)
    assert not second.isVisible()
    assert _receivers(document) == connected
    second.show()  # shown again: it follows again and shows what the project holds now
    assert _receivers(document) == connected + 1
    assert second.paper.currentText() == "A4"
    second.close()


def test_the_series_is_read_in_a_job_and_kept_settings_survive_the_wait(
    qtbot, baarn_project, monkeypatch
):
    """Opened before anything read the series (here: forgotten after the open job read it),
    the dialog reads it in a job, not on the GUI thread. Meanwhile its Kaart widgets wait, and a
    change made then keeps the year the project's settings print."""
    import threading

    from tests.baarn import LOW_INCOME
    from tests.ui.waiting import open_window, wait_jobs
    from wijkkaart import timeline
    from wijkkaart.export.map_time import MapTime
    from wijkkaart.export.settings import SetPrintSettings

    win = open_window(qtbot, baarn_project, size=(1366, 768), rendered=False)
    kept = MapTime("year", LOW_INCOME, year=2020)
    win.stack.push(SetPrintSettings(win.document, PrintSettings(time=kept)))
    monkeypatch.setattr(timeline, "_SERIES_CACHE", {})  # nothing read yet
    gate = threading.Event()
    threads: list = []
    real = timeline.project_series

    def slow(project, *args, **kwargs):  # the job waits until the test has made its change
        threads.append(threading.current_thread())
        gate.wait(30)
        return real(project, *args, **kwargs)

    monkeypatch.setattr(timeline, "project_series", slow)
    dialog = _open(win)
    assert not dialog.time_kind.isEnabled() and dialog.series_reading
    assert "wordt gelezen" in dialog.time_kind.toolTip()
    dialog.paper.setCurrentText("A3")  # stored while the series is still being read
    stored = PrintSettings.of(win.document)
    assert stored.paper == "A3" and stored.time == kept
    gate.set()
    assert wait_jobs(win.jobs, kind="print_series")
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert dialog.time_kind.isEnabled() and not dialog.series_reading
    assert dialog.time_kind.currentData() == "year"
    assert dialog.time_indicator.currentData() == LOW_INCOME
    assert dialog.time_year.currentText() == "2020"
    assert dialog.trend_first.count() > 1  # the series' indicators to chart
    assert PrintSettings.of(win.document).time == kept
    dialog.close()


def test_a_change_in_the_dialog_computes_no_map_or_profile_on_the_gui_thread(
    qtbot, baarn_project, monkeypatch
):
    """Each change asked for the title (a new year map, classified again: 50-100 ms on Baarn)
    and the focus area's profile table (80 ms) on the GUI thread. Now the year map of a chosen
    year is kept, and the table is made in the preview job."""
    import threading

    from tests.baarn import LOW_INCOME
    from tests.ui.waiting import open_window, preview_drawn, spy_threads
    from wijkkaart import year_map
    from wijkkaart.export import printing

    win = open_window(qtbot, baarn_project, size=(1366, 768))
    bar = win.year_bar
    bar.choice.setCurrentIndex(bar.choice.findData(LOW_INCOME))
    bar.toggle.setChecked(True)
    bar.slider.setValue(bar.years.index(2020))
    dialog = _open(win)
    assert dialog.time_kind.currentData() == "year" and dialog.time_year.currentText() == "2020"
    assert preview_drawn(dialog)
    built = spy_threads(monkeypatch, year_map, "YearMap")
    tables = spy_threads(monkeypatch, printing, "single_page_table")
    dialog.paper.setCurrentText("A3")
    dialog.subtitle.setText("Bewonersavond")
    dialog.subtitle.editingFinished.emit()
    assert preview_drawn(dialog)
    assert built == []  # the year map of 2020 was kept
    assert tables and all(t is not threading.main_thread() for t in tables)
    assert dialog.title.placeholderText().endswith("2020")
    dialog.time_year.setCurrentText("2021")  # another year: its map, once
    assert preview_drawn(dialog)
    assert len(built) == 1 and dialog.title.placeholderText().endswith("2021")


def test_another_project_opened_closes_the_dialog(window, project):
    """Left open, the dialog printed (and pushed print-settings steps for) the project that
    was no longer shown."""
    from tests.ui.waiting import open_project

    old = window.document
    dialog = _open(window)
    assert dialog.isVisible()
    assert open_project(window, project)
    assert window.document is not old
    assert not dialog.isVisible()
    assert _receivers(old) == 0  # the old document calls it no more
    dialog.paper.setCurrentText("A3")  # a late signal: nothing lands on the new stack
    assert not window.stack.can_undo()


def test_a_focus_area_drawn_while_open_is_offered_and_undone_gone(window):
    import shapely

    from wijkkaart.commands import InsertItem
    from wijkkaart.layers.focus import FocusArea

    dialog = _open(window)
    dialog.extent_kind.setCurrentIndex(dialog.extent_kind.findData("focus"))

    def names() -> list[str]:
        return [dialog.extent_target.itemText(i) for i in range(dialog.extent_target.count())]

    before = names()
    frame = window.document.areas.frame
    outline = shapely.union_all(frame.geometry.to_numpy()[:3]).buffer(-5)  # real buurten
    window.apply(InsertItem(window.document.focus_areas, FocusArea("Nieuw gebied", outline)))
    assert names() == [*before, "Nieuw gebied"]
    window.actions_by_key["undo"].trigger()
    assert names() == before
