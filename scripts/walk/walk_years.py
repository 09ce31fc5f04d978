"""Issue 13's walk in the real app: Baarn's buurten with the CBS series 2016-2025 (walk_app.py).

After walk_app's "new project" step: the series through Kaart -> Reeks toevoegen, the year bar
(2016, 2024, play, pooled classes in the legend), the change map 2016 -> 2023, a focus area drawn
over the three Centrum buurten, its trend of % laag inkomen, two goals through the goal dialog,
the waterbed tab, small multiples with the trend chart and goals in a PDF, save, close, reopen.
Figures shown are checked against the source JSON read here with the series reader.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import shapely
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog

DATA = Path("/work/shared/data")
SERIES = DATA / "baarn" / "kerncijfers_buurten_2016_2025.json"
CENTRUM = ["BU03080000", "BU03080001", "BU03080002"]  # Centrum-Oost, -West and Centrum (CBS)
LOW_INCOME = "huishoudens_laag_inkomen"


def pump(ms: int = 50) -> None:
    QTest.qWait(ms)


def shown_window(size: tuple[int, int]):
    """A new main window at ``size``, shown and active (no window manager under Xvfb: keyboard
    shortcuts need an active window), as every walk starts or reopens one."""
    from wijkkaart.ui.main_window import MainWindow

    win = MainWindow()
    win.resize(*size)
    win.show()
    QTest.qWaitForWindowExposed(win)
    win.activateWindow()
    QTest.qWaitForWindowActive(win)
    return win


def _answer_dialog(fill, timeout_ms: int = 10000) -> None:
    """Fill the next modal dialog when it is up (``fill(dialog)``), as the planner would."""
    t0 = time.perf_counter()

    def poll() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            if (time.perf_counter() - t0) * 1000 < timeout_ms:
                QTimer.singleShot(100, poll)
            return
        fill(dialog)

    QTimer.singleShot(200, poll)


def walk_baarn_years(win, out, state, size, project, step, grab, wait_idle, draw_focus, answers):
    from tests.ui.waiting import exported, open_project, wait_jobs
    from wijkkaart.io.series import read_series

    src = out / "src"
    series_copy = Path(shutil.copy(SERIES, src / SERIES.name))
    truth = read_series(SERIES)

    @step("add series (Kaart > Reeks toevoegen)")
    def _series():
        QFileDialog.getOpenFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: (str(series_copy), "")
        )
        answers[:] = ["2024"]  # "the same division as the reference (CBS 2024)"
        win.actions_by_key["add_series"].trigger()
        wait_jobs(win.jobs, timeout=120)
        wait_idle(win)
        pump(500)
        bar = win.year_bar
        grab(win, out / "20_series_added.png")
        assert win.document.project.data.get("series"), "no series in the project"
        assert bar.years, "the year bar has no years"
        return f"years {bar.years[0]}-{bar.years[-1]} ({len(bar.years)}), {bar.choice.count()} ind."

    @step("year bar 2016 / last year / play, pooled legend")
    def _bar():
        from wijkkaart.analysis.trend import pooled_breaks

        bar = win.year_bar
        bar.choice.setCurrentIndex(bar.choice.findData(LOW_INCOME))
        assert bar.choice.currentData() == LOW_INCOME, "no % laag inkomen on the bar"
        bar.slider.setValue(bar.years.index(2016))
        wait_idle(win)
        grab(win, out / "21_year_2016.png")
        last = bar.years[-1]  # CBS's low-income share is not yet known for 2024-2025
        bar.slider.setValue(bar.years.index(last))
        wait_idle(win)
        grab(win, out / f"22_year_{last}.png")
        block = win.legend.blocks()[0]
        labels = [e.label for e in block.entries]
        codes = list(win.document.areas.frame.index)
        table = truth.table(LOW_INCOME).reindex(index=codes)
        breaks = pooled_breaks(table, k=len(bar.year_map.breaks))
        assert list(bar.year_map.breaks) == list(breaks), (bar.year_map.breaks, breaks)
        bar.slider.setValue(0)
        t0 = time.perf_counter()
        QTest.mouseClick(bar.play, Qt.MouseButton.LeftButton)
        while bar.play.isChecked() and time.perf_counter() - t0 < 60:
            pump(100)
        played = time.perf_counter() - t0
        assert bar.year.text() == str(bar.years[-1]), bar.year.text()
        wait_idle(win)
        return (
            f"legend '{block.title}' / '{block.caption}': {labels}; breaks {list(breaks)} = "
            f"pooled from the JSON; years {bar.years}; play {bar.years[0]}->{bar.year.text()} "
            f"in {played:.1f}s"
        )

    @step("change map 2016 -> 2023")
    def _change():
        bar = win.year_bar
        bar.mode.setCurrentIndex(1)
        bar.first_year.setCurrentText("2016")
        bar.last_year.setCurrentText("2023")
        wait_idle(win)
        grab(win, out / "23_change_2016_2023.png")
        assert bar.year.text() == "2016–2023", bar.year.text()
        assert not bar.error.isVisible(), bar.error.text()
        block = win.legend.blocks()[0]
        table = truth.table(LOW_INCOME)
        delta = (table[2023] - table[2016]).dropna()
        return (
            f"legend '{block.title}': {[e.label for e in block.entries]}; JSON change "
            f"min {delta.min():.1f} max {delta.max():.1f}"
        )

    @step("draw focus area over Centrum buurten")
    def _draw():
        frame = win.document.areas.frame
        shape = shapely.union_all(frame.loc[CENTRUM].geometry.to_numpy()).buffer(-15)
        shape = shape.simplify(25)
        if shape.geom_type != "Polygon":
            shape = max(shape.geoms, key=lambda g: g.area)
        win.actions_by_key["zoom_layer"].trigger()
        wait_idle(win)
        points = list(shape.exterior.coords)[:-1]
        draw_focus(win, points)
        assert win.document.focus_areas, "no focus area"
        area = win.document.focus_areas[-1]
        state["focus"] = area.name
        grab(win, out / "24_focus.png")
        return f"{area.name}: {len(points)} clicks, {area.geometry.area / 1e4:.1f} ha"

    @step("profile trend tab: % laag inkomen")
    def _trend():
        panel = win.profile_panel
        t0 = time.perf_counter()
        while not panel.has_trend() and time.perf_counter() - t0 < 10:
            pump(100)
        assert panel.has_trend(), "no trend tab"
        panel.show_trend_tab()
        view = panel.trend
        view.choice.setCurrentIndex(view.choice.findData(LOW_INCOME))
        assert wait_jobs(win.jobs, kind="trend")
        pump(300)
        grab(win, out / "25_trend.png")
        trend = view.chart.trend
        assert trend is not None and trend.indicator == LOW_INCOME
        table = truth.table(LOW_INCOME)
        weights = truth.table("aantal_inwoners")
        shown = trend.area.known()
        checked = []
        for year in (2016, 2023):  # the notes say: weighted with the inhabitants
            v, w = table.loc[CENTRUM, year], weights.loc[CENTRUM, year]
            mine = float((v * w).sum() / w.sum())
            checked.append(f"{year}: shown {shown.get(year, float('nan')):.2f} / JSON {mine:.2f}")
            assert abs(shown[year] - mine) < 0.01, checked[-1]
        return (
            f"codes {sorted(view.codes)}; {'; '.join(checked)}; notes '{view.notes.text()[:160]}'"
        )

    def _goal(target: str, value: float, baseline: int, horizon: int, party: str, shot: str):
        view = win.profile_panel.trend

        def fill(dialog) -> None:
            dialog.indicator.setCurrentIndex(dialog.indicator.findData(LOW_INCOME))
            dialog.baseline.setValue(baseline)
            dialog.target.setCurrentIndex(dialog.target.findData(target))
            dialog.value.setValue(value)
            dialog.horizon.setValue(horizon)
            dialog.party.setText(party)
            pump(100)
            dialog.grab().save(str(out / shot))
            box = dialog.findChild(QDialogButtonBox)
            ok = box.button(QDialogButtonBox.StandardButton.Ok)
            QTest.mouseClick(ok, Qt.MouseButton.LeftButton)

        before = view.goal_list.count()
        _answer_dialog(fill)
        QTest.mouseClick(view.add_button, Qt.MouseButton.LeftButton)  # exec() runs until OK
        assert wait_jobs(win.jobs, kind="trend")
        pump(300)
        assert view.goal_list.count() == before + 1, "the goal was not added"
        return view.goal_list.item(before).text()

    @step("goal 1: absolute")
    def _goal1():
        return _goal("absolute", 5.0, 2019, 2028, "gemeente Baarn", "26_goal_dialog_absolute.png")

    @step("goal 2: close 50 % of the gap")
    def _goal2():
        text = _goal("gap", 50, 2016, 2030, "gemeente Baarn", "27_goal_dialog_gap.png")
        grab(win, out / "28_goals.png")
        view = win.profile_panel.trend
        items = [view.goal_list.item(i).text() for i in range(view.goal_list.count())]
        assert len(win.document.project.data.get("goals", [])) == 2
        return f"{text} || all: {items}"

    @step("waterbed tab")
    def _waterbed():
        panel = win.profile_panel
        assert panel.has_waterbed(), "no waterbed tab"
        panel.show_waterbed_tab()
        wait_jobs(win.jobs, timeout=60)
        pump(500)
        view = panel.waterbed
        rows = view.shown_rows()
        grab(win, out / "29_waterbed.png")
        assert rows, "no waterbed rows"
        return f"{len(rows)} rows; {rows[:2]}"

    @step("print small multiples + trend + goals (PDF)")
    def _print():
        win.actions_by_key["export"].trigger()
        pump(500)
        dialog = win.export_dialog
        dialog.time_kind.setCurrentIndex(dialog.time_kind.findData("years"))
        dialog.time_indicator.setCurrentIndex(dialog.time_indicator.findData(LOW_INCOME))
        dialog.time_years.setText("2016, 2019, 2021, 2023")
        dialog.time_years.editingFinished.emit()
        assert dialog.time_chart.isEnabled(), "the trend chart cannot go with the maps"
        dialog.time_chart.setChecked(True)
        dialog.goals_box.setChecked(True)
        pump(1500)
        wait_jobs(win.jobs, timeout=60)
        grab(dialog, out / "30_export_dialog.png")
        written = exported(dialog, out / "jaren.pdf")
        assert written is not None and written.is_file(), "no PDF"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-singlefile", str(written), str(out / "31_pdf")],
            check=True,
        )
        text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True)
        words = " ".join(text.stdout.split())
        state["print"] = json.dumps(win.document.project.data.get("print"), sort_keys=True)
        dialog.close()
        for wanted in ("2016", "2023", "Doel"):
            assert wanted in words, f"'{wanted}' not in the PDF"
        return f"{written.stat().st_size // 1024} kB; {words[:300]}"

    @step("save")
    def _save():
        QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: (str(project), "")
        )
        win.activateWindow()  # no window manager under Xvfb: the dialogs left it inactive
        QTest.qWaitForWindowActive(win)
        QTest.keyClick(win, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        pump(300)
        if not project.is_file():
            win.actions_by_key["save_project"].trigger()  # Bestand > Opslaan
            pump(300)
            assert project.is_file(), "not saved (Ctrl+S nor the menu)"
            return "Ctrl+S did nothing, Bestand > Opslaan saved"
        assert not win.windowTitle().startswith("*"), win.windowTitle()
        return f"{project.name}, {project.stat().st_size // 1024} kB"

    @step("close + reopen: series, goals, print settings")
    def _reopen():
        win.close()
        pump(300)
        again = shown_window(size)
        assert open_project(again, project)
        wait_idle(again)
        pump(500)
        data = again.document.project.data
        problems = []
        if not data.get("series"):
            problems.append("no series")
        if len(data.get("goals", [])) != 2:
            problems.append(f"goals {data.get('goals')}")
        printed = json.dumps(data.get("print"), sort_keys=True)
        if printed != state.get("print"):
            was, now = json.loads(state.get("print") or "{}") or {}, data.get("print") or {}
            differ = {k: (was.get(k), now.get(k)) for k in set(was) | set(now)}
            differ = {k: v for k, v in differ.items() if v[0] != v[1]}
            problems.append(f"print settings differ (before, after): {differ}")
        if not again.year_bar.years:
            problems.append("year bar empty")
        again.focus_panel.list.setCurrentRow(0)
        t0 = time.perf_counter()
        while not again.profile_panel.has_trend() and time.perf_counter() - t0 < 10:
            pump(100)
        again.profile_panel.show_trend_tab()
        wait_jobs(again.jobs, timeout=60)
        pump(300)
        grab(again, out / "32_reopen.png")
        count = again.profile_panel.trend.goal_list.count()
        if count != 2:
            problems.append(f"{count} goals listed")
        state["again"] = again
        assert not problems, "; ".join(problems)
        return f"series {data['series']}, goals {len(data['goals'])}, print {printed[:160]}"


def walk_wageningen(win, out, state, step, grab, wait_idle, answers):
    """After "new project" on the 2018 buurten: Kaart > Reeks toevoegen with counts on the 2017
    division (that division enters the project), Kaart > Referentie-indeling 2017, the
    information panel's derivation, undo back to 2018. The counts are INVENTED (1000 + 37 i per
    2017 buurt; there is no real Wageningen series in /work/shared/data): only the divisions are
    real."""
    from PySide6.QtWidgets import QInputDialog

    from tests.ui.waiting import wait_jobs
    from wijkkaart.io.areas import read_areas

    src = out / "src"
    division = Path(shutil.copy(DATA / "wageningen" / "buurten_2017_generalised.geojson", src))
    old = list(read_areas(division).frame.index)
    rows = ["buurtcode,jaar,aantal_inwoners"] + [
        f"{c},2017,{1000 + 37 * i}" for i, c in enumerate(old)
    ]
    invented = src / "invented_inwoners_2017.csv"
    invented.write_text("\n".join(rows) + "\n", encoding="utf-8")

    @step("add series on the 2017 division (Kaart > Reeks toevoegen)")
    def _add():
        files = [str(invented), str(division)]
        QFileDialog.getOpenFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: (files.pop(0), "")
        )
        answers[:] = ["andere buurtindeling", "oppervlakte"]  # other division, by area (no BAG)
        win.actions_by_key["add_series"].trigger()
        wait_jobs(win.jobs, timeout=120)
        wait_idle(win)
        pump(300)
        data = win.document.project.data
        held = sorted(d.get("year") for d in data.get("divisions", []))
        grab(win, out / "40_series_2017.png")
        assert data.get("series"), "no series added"
        assert held == [2017, 2018], held
        return f"divisions {held}; series {data['series']}"

    @step("derivation in the information panel (2018 buurt)")
    def _derivation():
        win.info.show_area(win.document.areas, "BU02890102")
        pump(200)
        text = win.info.derivation.text()
        grab(win, out / "41_derivation_2018.png")
        assert text.startswith("2017 omgerekend naar de buurtindeling van 2018"), text
        total, told = None, ""
        if win.year_bar.series is not None:  # the crosswalk keeps the gemeente's total
            total = float(win.year_bar.series.table("aantal_inwoners")[2017].sum())
            told = " ".join(win.year_bar.series.conversions)
        invented_total = sum(1000 + 37 * i for i in range(len(old)))
        return (
            f"{text[:300]}; 2017 total on 2018 buurten {total} vs the CSV {invented_total}; "
            f"footnote '{told}'"
        )

    @step("reference 2017 (Kaart > Referentie-indeling) + undo")
    def _reference():
        QInputDialog.getItem = staticmethod(  # type: ignore[method-assign]
            lambda _w, _t, _q, labels, *_a, **_k: (next(x for x in labels if "2017" in x), True)
        )
        n_before = len(win.document.areas.frame)
        win.actions_by_key["reference_vintage"].trigger()
        wait_jobs(win.jobs, timeout=120)
        wait_idle(win)
        pump(300)
        n_2017 = len(win.document.areas.frame)
        vintage = win.info.vintage.text()
        grab(win, out / "42_reference_2017.png")
        total_2017 = None
        if win.year_bar.series is not None:
            table = win.year_bar.series.table("aantal_inwoners")
            total_2017 = float(table[2017].sum())
        win.stack.undo()
        wait_idle(win)
        pump(300)
        n_after = len(win.document.areas.frame)
        grab(win, out / "43_reference_undone.png")
        invented_total = sum(1000 + 37 * i for i in range(len(old)))
        assert (n_before, n_2017, n_after) == (33, 14, 33), (n_before, n_2017, n_after)
        assert vintage == "Buurtindeling 2017", vintage
        return (
            f"{n_before} -> {n_2017} buurten ('{vintage}') -> undo {n_after} "
            f"('{win.info.vintage.text()}'); 2017 total {total_2017} vs the CSV {invented_total}"
        )


def walk_amstelveen(win, out, step, grab):
    """Bestand > Tabel over jaren openen… with the real Leefbaarometer 3.0 wijken file of
    Amstelveen (no project open): the charts per wijk, then their PDF."""
    import pandas as pd

    from tests.ui.waiting import wait_jobs

    src = out / "src"
    src.mkdir(exist_ok=True)
    table = Path(shutil.copy(DATA / "amstelveen" / "leefbaarometer3_wijken_2014_2022.csv", src))
    found: dict = {}

    @step("open table over years (Bestand > Tabel over jaren openen)")
    def _open():
        QFileDialog.getOpenFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: (str(table), "")
        )
        win.actions_by_key["open_series"].trigger()
        wait_jobs(win.jobs, timeout=120)
        pump(500)
        charts = win.series_opener.outcome
        assert charts is not None and charts is not True, f"no charts: {charts}"
        charts.activateWindow()
        pump(500)
        grab(charts, out / "50_charts_per_wijk.png")
        grid = charts.grid
        found["charts"] = charts
        raw = pd.read_csv(table, sep=None, engine="python")
        return (
            f"{len(grid.codes)} wijken, years {grid.years}, indicator {grid.indicator}; "
            f"file columns {list(raw.columns)[:8]}; first chart {grid.trends[0].area.label}: "
            f"{grid.trends[0].area.known()}"
        )

    @step("charts PDF")
    def _pdf():
        charts = found["charts"]
        QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: (str(out / "wijken.pdf"), "")
        )
        QTest.mouseClick(charts.pdf_button, Qt.MouseButton.LeftButton)
        pump(500)
        pdf = out / "wijken.pdf"
        assert pdf.is_file(), f"no PDF: '{charts.status.text()}'"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-singlefile", str(pdf), str(out / "51_pdf")],
            check=True,
        )
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True)
        return f"{pdf.stat().st_size // 1024} kB; {' '.join(text.stdout.split())[:250]}"
