"""A new planner's walk through the real app (issue 9, "Done when"), one start per run.

Drives the real MainWindow, its menus, dialogs and the canvas with QTest events, waits for the
background jobs, photographs each step and prints a works/broken table with wall times.

    xvfb-run -s "-screen 0 1366x768x24" env PYTHONPATH=. .venv/bin/python \
        scripts/walk/walk_app.py baarn /tmp/walk

Starts: zaanstad, ermelo, baarn, national1 (one gemeente of bench/national.py's file),
national (the whole synthetic file); baarn-years (issue 13: the 2016-2025 series on the year bar,
change map, focus area trend, two goals through the goal dialog, waterbed, small multiples print,
save and reopen), wageningen (a 2017 division, the reference switched and undone) and
amstelveen (the Leefbaarometer table as charts per wijk, PDF), see walk_years.py; all of
them on fresh copies of the real files. Message boxes are recorded instead of shown (a
planner would read and close them); the recorded texts are printed with the step they came
from.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import traceback
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DATA = Path("/work/shared/data")
BAG = DATA / "appingedam" / "bag_verblijfsobjecten_sample.csv"
STARTS = {
    "zaanstad": DATA / "zaanstad" / "cbs_buurten_2017.geojson",
    "ermelo": DATA / "ermelo" / "cbs_buurten_2021.gpkg",
    "baarn": DATA / "baarn" / "cbs_buurten_2024.geojson",
    "baarn-years": DATA / "baarn" / "cbs_buurten_2024.geojson",
    "wageningen": DATA / "wageningen" / "buurten_2018_generalised.geojson",
    "amstelveen": DATA / "amstelveen" / "leefbaarometer3_wijken_2014_2022.csv",
}
FRESH = tuple(STARTS)  # every gemeente file is walked on a copy in OUT/src, never the shared one
# the buttons (by text, in order) a planner clicks in question boxes that have their own buttons
answers: list[str] = []

shown: list[str] = []
results: list[tuple[str, str, float, str]] = []


def record(box):
    text = box.text() + (" | " + box.informativeText() if box.informativeText() else "")
    shown.append(text)
    for button in box.buttons():  # a question with the planner's answer among its buttons
        if answers and answers[0] in button.text():
            answers.pop(0)
            button.click()
            break
    return QMessageBox.StandardButton.Ok


QMessageBox.exec = record  # type: ignore[method-assign]
QMessageBox.question = lambda *_a, **_k: QMessageBox.StandardButton.Yes  # type: ignore


def pump(ms: int = 50) -> None:
    QTest.qWait(ms)


def step(name: str):
    """Run one step: time it, catch its traceback, remember the dialogs it showed."""

    def wrap(fn):
        seen = len(shown)
        t0 = time.perf_counter()
        try:
            note = fn() or ""
            status = "works"
        except Exception as exc:  # the walk reports, never stops
            traceback.print_exc()
            status, note = "BROKEN", f"{type(exc).__name__}: {exc}"
        wall = time.perf_counter() - t0
        boxes = shown[seen:]
        if boxes:
            note += " [dialogs: " + " // ".join(b.replace("\n", " ")[:200] for b in boxes) + "]"
        results.append((name, status, wall, note))
        print(f"--- {name}: {status} {wall:.2f}s {note}", flush=True)
        return fn

    return wrap


def grab(widget, path: Path) -> None:
    pump(200)
    widget.grab().save(str(path))


def grab_screen(path: Path) -> None:
    pump(200)
    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))


def wait_idle(win, timeout: float = 300) -> None:
    from tests.ui.waiting import wait_jobs

    assert wait_jobs(win.jobs, timeout=timeout), "a job did not finish"
    assert win.canvas.wait_rendered(), "the canvas did not render"
    pump(100)


def pixel(win, x: float, y: float) -> QPoint:
    px, py = win.canvas.viewport.to_pixel(x, y)
    return QPoint(round(px), round(py))


def draw_focus(win, points: list[tuple[float, float]]) -> None:
    """Draw a focus area as a planner does: the draw tool, a click on each corner (RD
    coordinates), a double click on the last, then wait for the profile."""
    win.actions_by_key["focus_draw"].trigger()
    for x, y in points:
        QTest.mouseClick(win.canvas, Qt.MouseButton.LeftButton, pos=pixel(win, x, y))
        pump(30)
    QTest.mouseDClick(win.canvas, Qt.MouseButton.LeftButton, pos=pixel(win, *points[-1]))
    wait_idle(win)
    pump(500)


def national_file(out: Path) -> Path:
    from bench.national import national_buurten

    return national_buurten()  # the benches' cached file (bench_analysis, bench_export)


def main(start: str, out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(out / "cfg"))
    from scripts.walk.walk_years import shown_window
    from wijkkaart.layers.model import AreaLayer

    source = STARTS.get(start) or national_file(out)
    if start in FRESH:  # a fresh copy: the walk never touches the shared file
        import shutil

        (out / "src").mkdir(exist_ok=True)
        source = Path(shutil.copy(source, out / "src" / source.name))
    project = out / f"walk_{start}.wijkkaart"
    for old in out.glob("walk_*.wijkkaart"):
        old.unlink()
    from wijkkaart.ui.app import _fitted
    from wijkkaart.ui.language import start_language

    start_language(None)  # as app.run: Dutch, with Qt's own qtbase_nl (Annuleren, not Cancel)

    size = _fitted(app, None)  # as `wijkkaart` itself sizes its window (app.run)
    win = shown_window(size)
    app.processEvents()
    state: dict = {}
    if start == "amstelveen":  # no project: the Leefbaarometer table opens as charts
        from scripts.walk.walk_years import walk_amstelveen

        walk_amstelveen(win, out, step, grab)
        return report(out)

    @step("new project")
    def _new():
        t0 = time.perf_counter()
        dialog = win.new_project(source, show=True)
        state["dialog_s"] = time.perf_counter() - t0
        pump(300)
        if start == "national1":
            codes = dialog.visible_codes()
            QTest.keyClicks(dialog.filter, codes[3])
            QTest.keyClick(dialog.filter, Qt.Key.Key_Return)
            assert dialog.chosen() == [codes[3]], dialog.chosen()
            state["gemeente"] = codes[3]
        elif start == "national":
            dialog.choose(dialog.visible_codes())
        pump(400)  # the 350 ms preview timer, then its read in a job
        from tests.ui.waiting import wait_jobs

        wait_jobs(win.jobs, timeout=300)
        grab(dialog, out / "01_new_dialog.png")
        recognised = dialog.recognised.text().replace("\n", " ")[:160]
        t1 = time.perf_counter()
        dialog.accept()
        wait_idle(win)
        state["open_s"] = time.perf_counter() - t1
        grab(win, out / "02_new_map.png")
        layer = win.identify_layer()  # None: a file without figures is drawn as outlines
        frame = layer.data.frame if layer is not None else win.document.areas.frame
        state["n"] = len(frame)
        return (
            f"{len(frame)} areas; dialog {state['dialog_s']:.2f}s, OK->frame "
            f"{state['open_s']:.2f}s; '{recognised}'"
        )

    if start == "baarn-years":
        from scripts.walk.walk_years import walk_baarn_years

        walk_baarn_years(win, out, state, size, project, step, grab, wait_idle, draw_focus, answers)
        return report(out)
    if start == "wageningen":
        from scripts.walk.walk_years import walk_wageningen

        walk_wageningen(win, out, state, step, grab, wait_idle, answers)
        return report(out)

    @step("style")
    def _style():
        panel = win.style_panel
        picker = panel.indicator
        options = picker.indicators()
        assert options, "no indicator to choose"
        before = win.identify_layer().style.indicator
        choice = next((c for c in options if c != before), options[0])
        picker.select(choice)
        panel.ramp.setCurrentIndex((panel.ramp.currentIndex() + 2) % panel.ramp.count())
        panel.classes.setValue(4)
        wait_idle(win)
        after = win.identify_layer().style
        assert after.indicator == choice, (after.indicator, choice)
        state["indicator"] = after.indicator
        state["ramp"] = after.ramp
        grab(win, out / "03_style.png")
        return f"{before} -> {after.indicator} ({picker.caption(choice)}), ramp {after.ramp}"

    @step("search (Ctrl+F)")
    def _search():
        frame = win.identify_layer().data.frame
        names = frame["naam"].dropna()
        target_code = names.index[len(names) // 2]
        name = str(names.loc[target_code])
        QTest.keyClick(win, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        pump(100)
        assert win.search_box.hasFocus(), "Ctrl+F did not focus the search box"
        QTest.keyClicks(win.search_box, name)
        pump(300)
        QTest.keyClick(win.search_box, Qt.Key.Key_Return)
        wait_idle(win)
        selected = list(win.selection() if callable(win.selection) else win.selection)
        state["target"] = target_code
        grab(win, out / "04_search.png")
        assert target_code in selected or any(str(frame.at[c, "naam"]) == name for c in selected), (
            name,
            selected,
        )
        return f"'{name}' -> selected {selected[:3]}"

    @step("draw focus area + profile")
    def _draw():
        frame = win.identify_layer().data.frame
        geom = frame.at[state["target"], "geometry"]
        c = geom.representative_point()
        x0, y0, x1, y1 = geom.bounds
        dx, dy = max((x1 - x0) * 0.4, 100), max((y1 - y0) * 0.4, 100)
        corners = [
            (c.x - dx, c.y - dy),
            (c.x + dx, c.y - dy),
            (c.x + dx, c.y + dy),
            (c.x - dx, c.y + dy),
        ]
        before = len(win.document.focus_areas)
        draw_focus(win, corners)
        assert len(win.document.focus_areas) == before + 1, "no focus area added"
        area = win.document.focus_areas[-1]
        state["focus"] = area.name
        rows = win.profile_panel.rows()
        grab(win, out / "05_focus_profile.png")
        text = "; ".join(f"{r[0]}={r[1]}" for r in rows[:4])
        assert rows, "empty profile"
        return f"{area.name}, {area.geometry.area / 1e4:.1f} ha; {text}"

    @step("typology")
    def _typology():
        panel = win.analysis_panel
        # the panel's default: the housing rules, or clustering where they cannot run
        how = "rules" if panel.use_rules.isChecked() else "clusters (the panel's default here)"
        panel.run_typology()
        wait_idle(win)
        frame = win.document.areas.frame
        if "typologie" not in frame:  # as a planner would: try clustering instead
            panel.use_clusters.setChecked(True)
            panel.run_typology()
            wait_idle(win)
            frame = win.document.areas.frame
            how = "rules refused, clusters"
        assert "typologie" in frame, "no typologie column"
        counts = frame["typologie"].value_counts().to_dict()
        grab(win, out / "06_typology.png")
        return f"{how}: {dict(list(counts.items())[:5])}"

    def export_dialog():
        if getattr(win, "export_dialog", None) is None or not win.export_dialog.isVisible():
            win.actions_by_key["export"].trigger()
            pump(500)
        return win.export_dialog

    from tests.ui.waiting import exported

    @step("print A3 PDF")
    def _a3():
        dialog = export_dialog()
        dialog.paper.setCurrentText("A3")
        pump(1500)
        grab(dialog, out / "07_export_dialog.png")
        t0 = time.perf_counter()
        written = exported(dialog, out / "a3.pdf")
        assert written is not None and written.is_file(), "no PDF"
        state["a3_s"] = time.perf_counter() - t0
        subprocess.run(
            ["pdftoppm", "-png", "-r", "50", "-singlefile", str(written), str(out / "08_a3")],
            check=True,
        )
        text = subprocess.run(["pdftotext", str(written), "-"], capture_output=True, text=True)
        words = " ".join(text.stdout.split())[:200]
        return f"{written.stat().st_size // 1024} kB; {words}"

    @step("HTML map")
    def _html():
        dialog = export_dialog()
        written = exported(dialog, out / "kaart.html")
        assert written is not None and written.is_file(), "no HTML"
        from playwright.sync_api import sync_playwright

        from tests.export.test_web_security import FLAGS

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(written.as_uri())
            page.wait_for_timeout(2500)
            page.screenshot(path=str(out / "09_html.png"))
            paths = page.evaluate("() => document.querySelectorAll('path').length")
            legend = page.evaluate(
                "() => (document.querySelector('#wijkkaart-legend')||{}).textContent||''"
            )
            browser.close()
        assert paths >= state["n"] * 0.9 or paths > 0, f"{paths} paths"
        assert not errors, errors
        return f"{written.stat().st_size // 1024} kB, {paths} paths; legend '{legend[:120]}'"

    @step("atlas")
    def _atlas():
        dialog = export_dialog()
        t0 = time.perf_counter()
        written = exported(dialog, out / "atlas.pdf", atlas=True)
        assert written is not None and written.is_file(), "no atlas"
        state["atlas_s"] = time.perf_counter() - t0
        info = subprocess.run(["pdfinfo", str(written)], capture_output=True, text=True).stdout
        pages = next((ln.split()[-1] for ln in info.splitlines() if ln.startswith("Pages")), "?")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "40",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(written),
                str(out / "10_atlas_p1"),
            ],
            check=False,
        )
        dialog.close()
        return f"{pages} pages, {written.stat().st_size // 1024} kB"

    def refused_or(seen: int) -> str:
        """A refusal in Dutch is an answer; 'Er ging iets mis' (a traceback) is not."""
        texts = shown[seen:]
        assert not any("Er ging iets mis" in t for t in texts), texts
        return "refused: " + texts[-1].split(" | ")[-1][:160] if texts else ""

    @step("typology: Ward contiguous, then regions (min 5000 inhabitants)")
    def _regions():
        panel = win.analysis_panel
        panel.use_clusters.setChecked(True)
        panel.cluster_method.setCurrentIndex(panel.cluster_method.findData("ward"))
        panel.contiguous.setChecked(True)
        notes = []
        for minimum in (0, 5000):
            seen = len(shown)
            panel.min_inhabitants.setValue(minimum)
            panel.run_typology()
            wait_idle(win)
            frame = win.document.areas.frame
            counts = frame["typologie"].value_counts().to_dict() if "typologie" in frame else {}
            notes.append(f"min {minimum}: {refused_or(seen) or dict(list(counts.items())[:5])}")
        grab(win, out / "06b_regions.png")
        return "; ".join(notes)

    @step("ranking, scenario and neighbours of the focus area")
    def _side_analyses():
        panel = win.analysis_panel
        seen = len(shown)
        panel.run_ranking()
        wait_idle(win)
        frame = win.document.areas.frame
        ranking = refused_or(seen)
        if not ranking:
            assert "startscore" in frame, "no ranking and no message"
            score = frame["startscore"]
            ranking = f"score {score.min():.2f}-{score.max():.2f}"
        seen = len(shown)
        panel.run_scenario()
        wait_idle(win)
        scenario = refused_or(seen) or f"{panel.scenario_table.rowCount()} ways"
        panel.run_neighbours()
        wait_idle(win)
        neighbours = panel.neighbours_table.rowCount()
        assert neighbours, "no neighbours"
        grab(win, out / "06c_neighbours.png")
        return f"ranking {ranking}; scenario {scenario}; {neighbours} neighbours selected"

    @step("add BAG points (Gegevens toevoegen)")
    def _points():
        dialog = win.add_data("points", show=True)
        dialog.file.setText(str(BAG))
        dialog.source.setText("BAG via PDOK (steekproef Appingedam)")
        pump(200)
        grab(dialog, out / "11_add_data.png")
        dialog.accept()
        wait_idle(win)
        report = dialog.report
        state["points_added"] = report is not None
        if report is None and shown and "Geen van de" in shown[-1]:
            # the only real BAG points here lie in Appingedam: a refusal is the right answer
            return "refused as it should be: the Appingedam points lie outside this gemeente"
        assert report is not None, "refused"
        grab(win, out / "12_points.png")
        return f"role {report.role}: {getattr(report, 'messages', '')}"

    @step("save")
    def _save():
        QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: (str(project), "")
        )
        QTest.keyClick(win, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        pump(300)
        assert project.is_file(), "not saved"
        assert not win.windowTitle().startswith("*"), win.windowTitle()
        state["saved"] = json.loads(project.read_text())
        return f"{project.name}, {project.stat().st_size // 1024} kB, title '{win.windowTitle()}'"

    @step("close + reopen")
    def _reopen():
        saved = state["saved"]
        win.close()
        pump(300)
        again = shown_window(size)
        from tests.ui.waiting import open_project

        assert open_project(again, project)
        wait_idle(again)
        doc = again.document
        names = [a.name for a in doc.focus_areas]
        area = next(layer for layer in doc.layers if isinstance(layer, AreaLayer))
        problems = []
        if state.get("focus") not in names:
            problems.append(f"focus area {state.get('focus')} missing: {names}")
        if area.style.indicator != state.get("indicator"):
            problems.append(f"style {area.style.indicator} != {state.get('indicator')}")
        if area.style.ramp != state.get("ramp"):
            problems.append(f"ramp {area.style.ramp} != {state.get('ramp')}")
        if state.get("points_added") and not saved.get("points"):
            problems.append("no points role in the saved file")
        reopened = json.loads(project.read_text())
        if "typologie" not in doc.areas.frame:
            problems.append("typology not recomputed")
        grab(again, out / "13_reopen.png")
        state["again"] = again
        assert not problems, "; ".join(problems)
        return (
            f"focus {names}, style {area.style.indicator}/{area.style.ramp}, "
            f"points roles {len(reopened.get('points', []))}, analyses "
            f"{list(reopened.get('analyses', {}))}"
        )

    return report(out)


def report(out: Path) -> int:
    """Print the works/broken table and keep it in results.json."""
    print("\n| step | status | wall s | note |\n|---|---|---|---|")
    for name, status, wall, note in results:
        print(f"| {name} | {status} | {wall:.2f} | {note[:300]} |")
    (out / "results.json").write_text(json.dumps(results, indent=1, ensure_ascii=False))
    return 0 if all(r[1] == "works" for r in results) else 1


if __name__ == "__main__":
    base = Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/walk")
    sys.exit(main(sys.argv[1], base / sys.argv[1]))
