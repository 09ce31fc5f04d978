"""What walk_app.py does not walk (issue 11): the close prompt's three answers, a kill -9 after
an autosave and the restore at the next start, *Annuleren* on a job in a child process, the
language switch and back, undo/redo after a join and after removing a layer, every map tool.

    xvfb-run -a -s "-screen 0 1366x768x24" env PYTHONPATH=. .venv/bin/python \
        scripts/walk/walk_byhand.py /tmp/walk-byhand

Settings and recovery files go to OUT (XDG folders), the data files are fresh copies in OUT/src,
the Utrecht sample is only opened. The crash is real: a second process of this script draws a
focus area, waits for the autosave timer (3 s) and is killed with SIGKILL; a third starts the
app through ``app.run`` and answers *Terugzetten*. Prints a works/broken table like walk_app.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(
    sys.argv[2]
    if len(sys.argv) > 2 and sys.argv[1] in ("crash", "restore")
    else sys.argv[1]
    if len(sys.argv) > 1
    else "/tmp/walk-byhand"
)
for name in ("CONFIG", "DATA", "STATE"):  # never the planner's own settings or recovery files
    os.environ[f"XDG_{name}_HOME"] = str(OUT / f"xdg_{name.lower()}")

from PySide6.QtCore import QPoint, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from scripts.walk.walk_app import (  # noqa: E402  (patches QMessageBox.exec: see there)
    DATA,
    answers,
    draw_focus,
    grab,
    pixel,
    pump,
    report,
    shown,
    step,
    wait_idle,
)


def fresh(source: Path) -> Path:
    (OUT / "src").mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, OUT / "src" / source.name))


def window():
    from scripts.walk.walk_years import shown_window
    from wijkkaart.ui.language import start_language

    start_language("nl")
    return shown_window((1366, 740))


def new_project(source: Path):
    from tests.ui.waiting import wait_jobs

    win = window()
    dialog = win.new_project(source, show=True)
    pump(500)
    wait_jobs(win.jobs, timeout=120)
    dialog.accept()
    wait_idle(win)
    return win


def draw_in(win, code: str | None = None) -> str:
    """A focus area over the middle of one buurt (the middle one of the frame by default)."""
    frame = win.identify_layer().data.frame
    code = code or frame.index[len(frame) // 2]
    geom = frame.at[code, "geometry"]
    c = geom.representative_point()
    x0, y0, x1, y1 = geom.bounds
    dx, dy = max((x1 - x0) * 0.3, 100), max((y1 - y0) * 0.3, 100)
    corners = [(c.x - dx, c.y - dy), (c.x + dx, c.y - dy), (c.x + dx, c.y + dy)]
    draw_focus(win, [*corners, (c.x - dx, c.y + dy)])
    return str(code)


def close_prompt() -> None:
    from wijkkaart.ui import recovery

    baarn = fresh(DATA / "baarn" / "cbs_buurten_2024.geojson")
    state = {"win": new_project(baarn)}
    draw_in(state["win"])

    @step("close prompt: Annuleren")
    def _cancel():
        win = state["win"]
        answers[:] = ["Annuleren"]
        win.close()
        pump(300)
        assert win.isVisible() and not win.stack.is_clean(), "the window closed"
        return f"asked '{shown[-1]}'; the window stays, unsaved"

    @step("close prompt: Niet opslaan (the recovery file goes too)")
    def _discard():
        win = state["win"]
        snapshot = win.autosaver.autosave()
        assert snapshot is not None and snapshot.exists(), "no autosave"
        answers[:] = ["Niet opslaan"]
        win.close()
        pump(300)
        assert not win.isVisible(), "the window stays"
        assert not snapshot.exists() and not recovery.pending(), "the recovery file stays"
        return "closed, recovery file removed"

    @step("close prompt: Opslaan on a new project (Opslaan als)")
    def _save():
        win = new_project(baarn)
        draw_in(win)
        target = OUT / "saved_on_close.wijkkaart"
        target.unlink(missing_ok=True)
        QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: (str(target), "")
        )
        answers[:] = ["Opslaan"]
        win.close()
        pump(500)
        assert not win.isVisible() and target.is_file(), "not saved and closed"
        areas = json.loads(target.read_text()).get("focus_areas") or []
        assert len(areas) == 1, areas
        return f"{target.name}: {len(areas)} focus area"

    @step("close prompt: Opslaan, then Annuleren in the save dialog")
    def _save_cancelled():
        win = new_project(baarn)
        draw_in(win)
        QFileDialog.getSaveFileName = staticmethod(  # type: ignore[method-assign]
            lambda *_a, **_k: ("", "")
        )
        answers[:] = ["Opslaan"]
        win.close()
        pump(300)
        visible = win.isVisible()
        answers[:] = ["Niet opslaan"]
        win.close()
        assert visible, "the window closed without saving"
        return "the window stays"


def crash_child() -> None:
    """The process that is killed: an unsaved focus area, the autosave timer at 3 s."""
    from wijkkaart.ui import recovery
    from wijkkaart.ui.settings import user_settings

    settings = user_settings()
    settings.setValue("autosave_minutes", 0.05)
    settings.sync()
    win = new_project(fresh(DATA / "zaanstad" / "cbs_buurten_2017.geojson"))
    draw_in(win)
    area = win.document.focus_areas[-1]
    t0 = time.monotonic()
    while not recovery.pending() and time.monotonic() - t0 < 60:
        pump(200)
    print("PENDING", json.dumps([area.name, round(area.geometry.area)]), flush=True)
    QApplication.instance().exec()


def restore_start() -> None:
    """The next start, through app.run: answer Terugzetten, print what came back."""
    from wijkkaart.ui import app as app_module
    from wijkkaart.ui.main_window import MainWindow

    answers[:] = ["Terugzetten"]

    def check() -> None:
        win = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
        wait_idle(win)
        doc = win.document
        areas = [[a.name, round(a.geometry.area)] for a in doc.focus_areas] if doc else []
        grab(win, OUT / "restored.png")
        print(
            "RESTORED",
            json.dumps({"asked": shown, "dirty": not win.stack.is_clean(), "areas": areas}),
            flush=True,
        )
        answers[:] = ["Niet opslaan"]
        win.close()
        QApplication.instance().quit()

    QTimer.singleShot(3000, check)
    app_module.run(None, None, (1366, 740), "nl")


def crash_and_restore() -> None:
    @step("autosave, kill -9, next start offers the restore")
    def _crash():
        me = [sys.executable, str(Path(__file__).resolve())]
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        child = subprocess.Popen(
            [*me, "crash", str(OUT)], stdout=subprocess.PIPE, text=True, env=env
        )
        line = ""
        assert child.stdout is not None
        for line in child.stdout:
            if line.startswith("PENDING"):
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
        drawn = json.loads(line.split(" ", 1)[1])
        again = subprocess.run(
            [*me, "restore", str(OUT)], capture_output=True, text=True, env=env, timeout=240
        )
        out = next((ln for ln in again.stdout.splitlines() if ln.startswith("RESTORED")), "")
        assert out, again.stderr[-500:]
        restored = json.loads(out.split(" ", 1)[1])
        assert restored["asked"], "no restore question"
        assert restored["areas"] == [drawn] and restored["dirty"], restored
        return f"killed {child.returncode}; asked '{restored['asked'][0][:90]}…'; {drawn} back"


def sample_window():
    from tests.ui.waiting import open_project
    from wijkkaart.paths import sample_project

    win = window()
    assert open_project(win, sample_project())
    wait_idle(win)
    return win


def cancel_in_child(win) -> None:
    from wijkkaart import child_process

    @step("Annuleren on max-p regions (Utrecht sample): the child process ends")
    def _cancel():
        panel = win.analysis_panel
        panel.use_clusters.setChecked(True)
        panel.cluster_method.setCurrentIndex(panel.cluster_method.findData("ward"))
        panel.contiguous.setChecked(True)
        panel.min_inhabitants.setValue(5000)
        panel.run_typology()
        t0 = time.monotonic()
        while not child_process.running() and win.jobs.running() and time.monotonic() - t0 < 60:
            pump(100)
        kids = child_process.running()
        assert kids, "no child process (the job ended first?)"
        pump(300)
        QTest.mouseClick(win.jobs.bar.cancel_button, Qt.MouseButton.LeftButton)
        t1 = time.monotonic()
        while child_process.running() and time.monotonic() - t1 < 5:
            pump(50)
        gone_s = time.monotonic() - t1
        alive = []
        for pid in kids:
            try:
                os.kill(pid, 0)
                alive.append(pid)
            except OSError:
                pass
        assert not alive and not win.jobs.running(), alive
        assert "typologie" not in win.document.areas.frame, "a cancelled result was applied"
        return (
            f"child {kids} after {t1 - t0:.1f}s, gone {gone_s:.2f}s after the click; "
            f"'{win.statusBar().currentMessage()}'"
        )


def tools(win) -> None:
    frame = win.identify_layer().data.frame

    @step("tool Identify: click a buurt")
    def _identify():
        code = frame.index[10]
        p = frame.at[code, "geometry"].representative_point()
        win.tool_actions["identify"].trigger()
        QTest.mouseClick(win.canvas, Qt.MouseButton.LeftButton, pos=pixel(win, p.x, p.y))
        wait_idle(win)
        rows = win.info.rows()
        assert rows, "the information panel is empty"
        return f"{code}: {rows[1:3]}"

    def drag(points: list[QPoint]) -> None:
        QTest.mousePress(win.canvas, Qt.MouseButton.LeftButton, pos=points[0])
        for point in points[1:]:
            QTest.mouseMove(win.canvas, point)
            pump(20)
        QTest.mouseRelease(win.canvas, Qt.MouseButton.LeftButton, pos=points[-1])
        wait_idle(win)

    w, h = win.canvas.width(), win.canvas.height()

    @step("tool Select: drag a box (buurten whose inner point is inside)")
    def _select():
        import shapely

        win.tool_actions["select"].trigger()
        a, b = QPoint(int(w * 0.4), int(h * 0.4)), QPoint(int(w * 0.6), int(h * 0.6))
        drag([a, QPoint((a.x() + b.x()) // 2, (a.y() + b.y()) // 2), b])
        vp = win.canvas.viewport
        box = shapely.box(*vp.to_map(a.x(), b.y()), *vp.to_map(b.x(), a.y()))
        inner = frame.geometry.representative_point()
        expect = set(frame.index[inner.within(box)])
        chosen = set(win.selection)
        assert chosen and chosen == expect, (sorted(chosen), sorted(expect))
        return f"{len(chosen)} selected = the inner points inside the box"

    @step("tool Lasso")
    def _lasso():
        win.tool_actions["lasso"].trigger()
        r = min(w, h) * 0.15
        ring = [
            QPoint(
                int(w / 2 + r * math.cos(t * math.pi / 6)),
                int(h / 2 + r * math.sin(t * math.pi / 6)),
            )
            for t in range(13)
        ]
        drag(ring)
        assert win.selection, "nothing selected"
        return f"{len(win.selection)} selected"

    @step("tool Measure: two clicks")
    def _measure():
        win.tool_actions["measure"].trigger()
        p0, p1 = QPoint(int(w * 0.3), h // 2), QPoint(int(w * 0.7), h // 2)
        QTest.mouseClick(win.canvas, Qt.MouseButton.LeftButton, pos=p0)
        QTest.mouseClick(win.canvas, Qt.MouseButton.LeftButton, pos=p1)
        pump(100)
        text = win.statusBar().currentMessage()
        vp = win.canvas.viewport
        metres = abs(vp.to_map(p1.x(), p1.y())[0] - vp.to_map(p0.x(), p0.y())[0])
        QTest.keyClick(win.canvas, Qt.Key.Key_Escape)
        assert f"{metres:,.0f}".replace(",", ".") in text, (text, metres)
        return f"'{text}' for {metres:.0f} m"

    @step("tool Draw, Edit, Esc back to Pan")
    def _draw_edit():
        draw_in(win, frame.index[20])
        win.tool_actions["edit"].trigger()
        pump(100)
        edit = win.canvas.active_tool.name
        QTest.keyClick(win.canvas, Qt.Key.Key_Escape)
        pump(100)
        checked = [k for k, a in win.tool_actions.items() if a.isChecked()]
        assert edit == "edit" and win.canvas.active_tool.name == "pan" and checked == ["pan"]
        return f"edit -> Esc -> {checked}"

    @step("tool Pan: drag 100 px")
    def _pan():
        win.tool_actions["pan"].trigger()
        before = win.canvas.viewport.to_map(0, 0)
        drag([QPoint(200 + 20 * i, 200) for i in range(6)])
        after = win.canvas.viewport.to_map(0, 0)
        assert after != before, "the map did not move"
        return f"x {before[0]:.0f} -> {after[0]:.0f}"


def undo_redo(win) -> None:
    from tests.ui.waiting import joined

    undo, redo = win.actions_by_key["undo"], win.actions_by_key["redo"]

    @step("join the Utrecht kerncijfers (Vervangen), undo, redo: the style picker follows")
    def _join():
        csv = fresh(DATA / "utrecht" / "kerncijfers_buurten_provincie_utrecht_ca2020.csv")
        before = set(win.document.areas.frame.columns)
        offered = len(win.style_panel.indicator.indicators())
        answers[:] = ["Vervangen"]
        assert joined(win.join_table(csv)) is not None, shown[-1:]
        wait_idle(win)
        after = set(win.document.areas.frame.columns)
        new = sorted(after - before)
        joined_offered = len(win.style_panel.indicator.indicators())
        undo.trigger()
        wait_idle(win)
        undone = len(win.style_panel.indicator.indicators())
        assert set(win.document.areas.frame.columns) == before and undone == offered
        redo.trigger()
        wait_idle(win)
        assert set(win.document.areas.frame.columns) == after
        assert len(win.style_panel.indicator.indicators()) == joined_offered
        return (
            f"{len(new)} new columns {new[:2]}; picker {offered} -> {joined_offered} -> "
            f"{undone} -> {joined_offered}"
        )

    @step("remove a layer, undo, redo")
    def _remove():
        names = [layer.name for layer in win.document.layers]
        gone = win.layer_panel.current_layer()
        win.layer_actions.remove_current_layer()
        wait_idle(win)
        removed = [layer.name for layer in win.document.layers]
        assert len(removed) == len(names) - 1 and win.style_panel.layer is not gone
        undo.trigger()
        wait_idle(win)
        grab(win, OUT / "remove_undone.png")
        assert [layer.name for layer in win.document.layers] == names
        current = getattr(win.layer_panel.current_layer(), "name", None)
        styled = getattr(win.style_panel.layer, "name", None)
        redo.trigger()
        wait_idle(win)
        assert [layer.name for layer in win.document.layers] == removed
        undo.trigger()
        wait_idle(win)
        return (
            f"'{gone.name}' removed and back; after the undo the layer panel's current "
            f"layer is {current!r}, the style panel shows {styled!r}"
        )


def language(win) -> None:
    from PySide6.QtWidgets import QTabBar

    def texts() -> dict:
        return {
            "menus": [a.text() for a in win.menuBar().actions()],
            "docks": [d.windowTitle() for d in win.docks.values()],
            "tabs": [b.tabText(i) for b in win.findChildren(QTabBar) for i in range(b.count())],
            "tools": [a.text() for a in win.tool_actions.values()],
            "title": win.windowTitle(),
        }

    @step("Instellingen > Taal > English and back")
    def _switch():
        dutch = texts()
        win.settings_menu.language_actions["en"].trigger()
        wait_idle(win)
        english = texts()
        grab(win, OUT / "english.png")
        same = [t for k in ("menus", "docks", "tabs") for t in english[k] if t in dutch[k]]
        win.settings_menu.language_actions["nl"].trigger()
        wait_idle(win)
        back = texts()
        grab(win, OUT / "dutch_again.png")
        assert back == dutch, {k: (dutch[k], back[k]) for k in dutch if dutch[k] != back[k]}
        assert set(same) <= {"&Help"}, same
        return f"menus {english['menus']}; docks {english['docks'][:4]}…; back to Dutch equal"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    QApplication.instance() or QApplication(sys.argv[:1])
    close_prompt()
    crash_and_restore()
    win = sample_window()
    cancel_in_child(win)
    tools(win)
    undo_redo(win)
    language(win)
    answers[:] = ["Niet opslaan"]
    win.close()
    return report(OUT)


if __name__ == "__main__":  # the guard matters: child processes start from the fork server
    if len(sys.argv) > 1 and sys.argv[1] in ("crash", "restore"):
        QApplication.instance() or QApplication(sys.argv[:1])
        crash_child() if sys.argv[1] == "crash" else restore_start()
    else:
        sys.exit(main())
