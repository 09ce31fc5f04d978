"""A series or a goal added, undone and redone reaches every open view through the document's
events (``events.years``, ``events.goals``): the year bar, the profile's trend and waterbed tabs
and an open export dialog each show the document's state, and no command refreshes a view by
hand. Real data: Baarn's CBS 2024 buurten and its CBS series 2016–2025 (tests/baarn.py); the
goal is one of that fixture's invented planners' goals (marked there)."""

from __future__ import annotations

from tests.baarn import BAARN, FOCUS_NAME, GOALS, LOW_INCOME, build_baarn_project
from tests.ui.waiting import open_window, wait_jobs
from wijkkaart.io.series import read_series
from wijkkaart.messages import ui


def _project_without_series(folder):
    """Baarn's buurten with the focus area Centrum-Oost, and no series yet."""
    return build_baarn_project(folder, goals=False, series=False)


def _idle(win) -> None:
    assert wait_jobs(win.jobs, timeout=120)


def _views_show_series(win, dialog, indicators: list[str]) -> None:
    """Every view shows the series the document holds (``indicators``; none: no series)."""
    bar, panel = win.year_bar, win.profile_panel
    if indicators:
        assert bar.series is not None and bar.series.indicators == indicators
        assert bar.toggle.isEnabled()
        assert panel.has_trend() and panel.trend.series is not None
        assert panel.trend.series.indicators == indicators
        assert panel.waterbed.message.text() != ui("wb_no_series")
    else:
        assert bar.series is None and not bar.toggle.isEnabled()
        assert not panel.has_trend()
        assert panel.waterbed.message.text() == ui("wb_no_series")
    offered = [dialog.trend_first.itemData(i) for i in range(1, dialog.trend_first.count())]
    assert offered == indicators
    assert dialog.trend_first.isEnabled() == bool(indicators)
    assert dialog.time_kind.isEnabled() == bool(indicators)


def test_adding_a_series_undo_and_redo_reach_every_view(qtbot, tmp_path, monkeypatch):
    project = _project_without_series(tmp_path)
    win = open_window(qtbot, project, rendered=False)
    win.focus_panel.list.setCurrentRow(0)
    win.open_export()
    dialog = win.export_dialog
    _idle(win)
    _views_show_series(win, dialog, [])
    updates: list[int] = []
    real = win.profile_display.update
    monkeypatch.setattr(win.profile_display, "update", lambda: (updates.append(1), real()))
    win.series_opener.open(tmp_path / "kerncijfers.json")
    _idle(win)
    assert win.series_opener.outcome is True and win.document.dirty
    indicators = read_series(BAARN).indicators
    assert len(indicators) >= 7
    _views_show_series(win, dialog, indicators)
    assert len(updates) == 1  # the profile's trend and waterbed: once per step
    win.stack.undo()
    _idle(win)
    assert win.document.project.data["series"] == [] and not win.document.dirty
    _views_show_series(win, dialog, [])
    assert len(updates) == 2
    win.stack.redo()
    _idle(win)
    assert len(win.document.project.data["series"]) == 1
    _views_show_series(win, dialog, indicators)
    assert len(updates) == 3
    dialog.close()  # closed, the dialog no longer follows: an undo does not reach it
    win.stack.undo()
    _idle(win)
    assert win.year_bar.series is None and not win.profile_panel.has_trend()
    assert dialog.trend_first.count() == 1 + len(indicators)  # as it was when it was closed


def test_a_goal_added_undone_and_redone_reaches_the_trend_and_the_export_dialog(qtbot, tmp_path):
    from wijkkaart.analysis.goals import Goal
    from wijkkaart.goal_commands import ReplaceGoals, with_goal

    project = _project_without_series(tmp_path)
    win = open_window(qtbot, project, rendered=False)
    win.series_opener.open(tmp_path / "kerncijfers.json")
    _idle(win)
    win.focus_panel.list.setCurrentRow(0)
    _idle(win)
    view = win.profile_panel.trend
    assert view.series is not None and view.goal_list.count() == 0
    view.choice.setCurrentIndex(view.choice.findData(LOW_INCOME))  # the goals' indicator
    win.open_export()
    dialog = win.export_dialog
    _idle(win)
    assert not dialog.goals_box.isEnabled()
    goal = {k: v for k, v in GOALS[1].items() if k != "area"}  # invented goal (tests/baarn.py)
    view.add_goal(Goal.from_dict(goal))
    _idle(win)
    assert view.goal_list.count() == 1 and len(view.chart.goals) == 1
    assert dialog.goals_box.isEnabled()
    win.stack.undo()
    _idle(win)
    assert win.document.project.data["goals"] == []
    assert view.goal_list.count() == 0 and view.chart.goals == []
    assert not dialog.goals_box.isEnabled()
    win.stack.redo()
    _idle(win)
    assert view.goal_list.count() == 1 and dialog.goals_box.isEnabled()
    # a goal set elsewhere (another view, a script) reaches the trend by the same event
    second = {k: v for k, v in GOALS[0].items() if k != "area"}
    win.apply(ReplaceGoals(win.document, with_goal(win.document.project, FOCUS_NAME, second)))
    _idle(win)
    assert view.goal_list.count() == 2 and len(view.chart.goals) == 2
