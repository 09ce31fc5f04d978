"""The profile panel shows a focus area's trend over the years, drawn by the print's chart.

Real data: Baarn's 2024 buurten and its CBS series 2016–2025; one goal set by the CLI.
"""

from __future__ import annotations

import json
import shutil

import numpy as np
from PySide6.QtGui import QImage

from tests.baarn import BAARN, FOCUS, build_baarn_project
from tests.conftest import REAL
from tests.ui.waiting import open_project, open_window, spy_threads, wait_jobs
from wijkkaart.cli import main
from wijkkaart.io.areas import read_areas
from wijkkaart.io.series import read_series
from wijkkaart.render.trend_chart import AREA_COLOUR


def _colours(image: QImage) -> set[str]:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1)
    return {f"#{int(v) & 0xFFFFFF:06x}" for v in np.unique(pixels)}


def _baarn_project(tmp_path):
    """The shared Baarn project (tests/baarn.py) with its focus area Centrum-Oost, no goals yet."""
    return build_baarn_project(tmp_path, goals=False)


def test_a_focus_area_shows_its_trend_with_its_goal(qtbot, tmp_path):

    project = _baarn_project(tmp_path)
    assert (
        main(
            [
                "goal",
                str(project),
                "--area",
                "Centrum-Oost",
                "--indicator",
                "huishoudens_laag_inkomen",
                "--baseline-year",
                "2016",
                "--target",
                "gap",
                "--value",
                "50",
                "--horizon-year",
                "2024",
            ]
        )
        == 0
    )

    win = open_window(qtbot, project, rendered=False)
    panel = win.profile_panel
    assert not panel.trend.isVisible() and not panel.has_trend()
    win.focus_panel.list.setCurrentRow(0)  # the user picks the focus area
    qtbot.waitUntil(panel.has_trend, timeout=5000)  # its tab "Door de jaren heen" is offered
    assert panel.tabs.currentIndex() == 0  # the figures stay in front until the user asks
    panel.tabs.setCurrentIndex(1)
    assert panel.trend.isVisible()
    view = panel.trend
    assert view.codes == FOCUS
    assert view.choice.count() == len(read_series(BAARN).indicators) == 7  # 3 left out on reading
    view.choice.setCurrentIndex(view.choice.findData("huishoudens_laag_inkomen"))
    assert wait_jobs(win.jobs, kind="trend")  # the chart is computed in a job
    assert view.chart.trend is not None and view.chart.trend.indicator == "huishoudens_laag_inkomen"
    assert len(view.chart.goals) == 1
    found = _colours(view.chart.grab().toImage())
    assert AREA_COLOUR in found and "#33a02c" in found  # the area's line and the goal's line
    assert "benadering" in view.notes.text()
    # the goal's latest status follows its text, as in the print's goals table (walk13 missed it)
    from wijkkaart.analysis.goals import evaluate, status_text

    (status,) = [evaluate(g, view.chart.trend) for g in view.goals]
    year, key = status.latest()
    assert view.goal_list.item(0).text().endswith(f" — {status_text(key)} ({year})")
    assert year == 2023  # the last year with figures for the low-income share
    win.focus_panel.list.setCurrentRow(-1)
    qtbot.waitUntil(lambda: not panel.has_trend(), timeout=5000)
    assert not panel.trend.isVisible()


def test_the_information_panel_says_how_a_buurt_was_derived(qtbot, tmp_path):
    """INVENTED counts on Wageningen's real 2017 buurten, shown on its real 2018 division."""
    from wijkkaart.ui.main_window import MainWindow

    shutil.copy(REAL / "wageningen_buurten_2018_generalised.geojson", tmp_path / "b2018.geojson")
    shutil.copy(REAL / "wageningen_buurten_2017_generalised.geojson", tmp_path / "b2017.geojson")
    old = read_areas(tmp_path / "b2017.geojson").frame
    lines = ["buurtcode,jaar,aantal_inwoners"] + [
        f"{c},2017,{1000 + i}" for i, c in enumerate(old.index)
    ]
    (tmp_path / "inw.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "w.wijkkaart"
    assert main(["new", str(tmp_path / "b2018.geojson"), "--out", str(project)]) == 0
    assert (
        main(
            [
                "series",
                str(project),
                "--add",
                str(tmp_path / "inw.csv"),
                "--division",
                str(tmp_path / "b2017.geojson"),
            ]
        )
        == 0
    )
    win = MainWindow()
    qtbot.addWidget(win)
    assert open_project(win, project)
    win.info.show_area(win.document.areas, "BU02890102")
    text = win.info.derivation.text()
    assert text.startswith("2017 omgerekend naar de buurtindeling van 2018")
    assert "Deel van BU02890007" in text
    win.info.show_area(win.document.areas, None)
    assert win.info.derivation.isHidden()


def test_goals_are_edited_as_undoable_commands(qtbot, tmp_path):
    from wijkkaart.analysis.goals import Goal
    from wijkkaart.ui.goal_dialog import GoalDialog
    from wijkkaart.ui.main_window import MainWindow

    project = _baarn_project(tmp_path)
    win = MainWindow()
    qtbot.addWidget(win)
    win.show()
    assert open_project(win, project)
    win.focus_panel.list.setCurrentRow(0)
    view = win.profile_panel.trend
    qtbot.waitUntil(win.profile_panel.has_trend, timeout=5000)
    assert view.goal_list.count() == 0
    # the dialog turns its fields into a goal, and refuses one it cannot be
    dialog = GoalDialog(view.series, "huishoudens_laag_inkomen")
    dialog.baseline.setValue(2016)
    dialog.target.setCurrentIndex(dialog.target.findData("gap"))
    dialog.value.setValue(0)
    dialog._accept()
    assert "tussen 0 en 100%" in dialog.error.text() and dialog.result_goal is None
    dialog.value.setValue(50)
    assert dialog.value.text() == "50,00"  # a Dutch decimal comma, whatever the system's locale
    dialog.horizon.setValue(2026)
    dialog.party.setText("gemeente Baarn")
    dialog._accept()
    goal = dialog.result_goal
    assert isinstance(goal, Goal) and goal.target_value == 50
    view.choice.setCurrentIndex(view.choice.findData("huishoudens_laag_inkomen"))
    view.add_goal(goal)
    assert wait_jobs(win.jobs, kind="trend")
    assert view.goal_list.count() == 1
    assert "50% van de achterstand" in view.goal_list.item(0).text()
    assert len(view.chart.goals) == 1  # its line is on the chart
    assert win.document.project.data["goals"][0]["party"] == "gemeente Baarn"
    assert win.stack.undo_text() == "doel toevoegen"
    win.stack.undo()
    assert view.goal_list.count() == 0 and win.document.project.data["goals"] == []
    win.stack.redo()
    assert view.goal_list.count() == 1
    assert win.save()
    saved = json.loads(project.read_text(encoding="utf-8"))
    assert saved["goals"][0]["area"] == "Centrum-Oost"
    view.goal_list.setCurrentRow(0)
    view.remove_goal(0)
    assert view.goal_list.count() == 0 and win.stack.undo_text() == "doel verwijderen"


def test_series_and_trend_are_computed_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    """The series is read in the open job, each trend in a ``trend`` job; choosing two focus
    areas in quick succession ends on the second one's chart. The expected inhabitants are the
    sums of the real CBS counts of the area's buurten, taken from the series table directly."""
    import threading

    import shapely

    from wijkkaart import timeline
    from wijkkaart.analysis import trend as trend_module

    project = _baarn_project(tmp_path)
    frame = read_areas(REAL / "cbs_buurten_2024.geojson").frame
    second = ["BU03080100", "BU03080101"]
    data = json.loads(project.read_text(encoding="utf-8"))
    polygon = shapely.union_all(frame.loc[second].geometry.to_numpy()).buffer(-5)
    data["focus_areas"].append({"name": "Tweede", "wkt": polygon.wkt})
    project.write_text(json.dumps(data), encoding="utf-8")
    read = spy_threads(monkeypatch, timeline, "project_series")
    computed = spy_threads(monkeypatch, trend_module, "trend")

    win = open_window(qtbot, project, rendered=False)
    assert read and all(t is not threading.main_thread() for t in read)
    view = win.profile_panel.trend
    win.focus_panel.list.setCurrentRow(0)
    win.focus_panel.list.setCurrentRow(1)  # moved on before the first trend arrived
    qtbot.waitUntil(win.profile_panel.has_trend, timeout=10000)
    view.choice.setCurrentIndex(view.choice.findData("aantal_inwoners"))
    assert wait_jobs(win.jobs, kind="trend")
    assert view.codes == second and view.name == "Tweede"
    line = view.chart.trend
    assert line is not None and line.indicator == "aantal_inwoners"
    values = read_series(REAL / "baarn_kerncijfers_buurten_2016_2025.json").values
    rows = values[values["code"].isin(second) & (values["indicator"] == "aantal_inwoners")]
    expected = rows.groupby("year")["value"].sum()
    assert {y: v for y, v in line.area.known().items()} == {
        int(y): float(v) for y, v in expected.items()
    }
    assert computed and all(t is not threading.main_thread() for t in computed)
    assert len(read) == 1  # read once, by the open job; the trend jobs found it kept
