"""A planner cannot lose more than a few minutes of work to a crash or a careless close."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from PySide6.QtWidgets import QApplication

from tests.conftest import digest
from wijkkaart.layers.document import MapDocument
from wijkkaart.ui import recovery
from wijkkaart.ui.main_window import MainWindow

OVERVECHT_CORNERS = [(136_500.0, 458_500.0), (138_500.0, 458_500.0), (138_500.0, 460_500.0)]


@pytest.fixture(autouse=True)
def own_user_folders(tmp_path, monkeypatch):
    """Each test its own recovery and log folders, as a fresh user account would have."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def dirty(window: MainWindow) -> None:
    """A real edit: draw a focus area, as a planner would."""
    area = window.add_focus_area(OVERVECHT_CORNERS)
    assert area is not None and not window.stack.is_clean()


@pytest.mark.parametrize("answer", ["save", "discard", "cancel"])
def test_close_with_unsaved_changes_asks_and_does_what_it_says(window, project, answer):
    before = digest(project)
    drawn = len(window.document.focus_areas) + 1
    dirty(window)
    asked = []
    window.files.ask_unsaved = lambda: asked.append(1) or answer
    window.close()
    assert asked == [1]
    if answer == "cancel":
        assert window.isVisible() and not window.stack.is_clean()
        assert digest(project) == before
    elif answer == "discard":
        assert not window.isVisible()
        assert digest(project) == before
    else:
        assert not window.isVisible()
        saved = json.loads(project.read_text(encoding="utf-8"))
        assert len(saved["focus_areas"]) == drawn


def test_clean_window_closes_without_a_question(window):
    window.files.ask_unsaved = lambda: pytest.fail("asked without unsaved changes")
    window.close()
    assert not window.isVisible()


def test_open_asks_first_and_cancel_keeps_the_work(window, monkeypatch):
    drawn = len(window.document.focus_areas) + 1
    dirty(window)
    window.files.ask_unsaved = lambda: "cancel"
    opened = []
    monkeypatch.setattr(window.files, "open_project", lambda *a, **k: opened.append(a) or True)
    window.actions_by_key["open_sample"].trigger()
    assert opened == [] and len(window.document.focus_areas) == drawn


def test_autosave_writes_a_recovery_file_not_the_project(window, project):
    before = digest(project)
    assert window.autosaver.autosave() is None  # nothing to save yet
    dirty(window)
    written = window.autosaver.autosave()
    assert written is not None and written.parent == recovery.recovery_dir()
    assert str(recovery.recovery_dir()).startswith(os.environ["XDG_DATA_HOME"])
    assert digest(project) == before  # never the project file itself
    assert window.document.project.path == project  # the snapshot re-pointed nothing
    assert not window.stack.is_clean()


def test_recovery_restores_the_drawn_focus_area_after_a_crash(window, project, qtbot):
    drawn = len(window.document.focus_areas) + 1
    dirty(window)
    window.autosaver.autosave()
    # The crash: the window goes away without closing normally.
    found = recovery.pending()
    assert [r.original for r in found] == [project.resolve()]
    document = recovery.restore(found[0])
    assert document.project.path == project.resolve()
    assert [a.name for a in document.focus_areas] == [a.name for a in window.document.focus_areas]
    assert document.focus_areas[-1].geometry.equals_exact(
        window.document.focus_areas[-1].geometry, 1e-6
    )
    again = MainWindow()
    qtbot.addWidget(again)
    again.set_document(document)
    again.stack.set_dirty()
    assert not again.stack.is_clean()
    # Saving the restored work writes the real project and removes the recovery file.
    assert again.save()
    assert recovery.pending() == []
    assert len(MapDocument.open(project).focus_areas) == drawn


def test_save_and_discard_remove_the_recovery_file(window, project):
    dirty(window)
    window.autosaver.autosave()
    assert recovery.pending()
    window.files.ask_unsaved = lambda: "discard"
    window.close()
    assert recovery.pending() == []


KILL_LOOP = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
app = QApplication([])
from wijkkaart.layers.document import MapDocument
from wijkkaart.ui import recovery
document = MapDocument.open(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    document.project.data["name"] = f"autosave {i}"
    recovery.write_snapshot(document, None)
    i += 1
"""


def test_kill_during_autosave_leaves_a_recovery_file_that_opens(project, tmp_path):
    """kill -9 a real process that autosaves in a loop; the last recovery file still opens."""
    env = {**os.environ}
    for attempt in range(5):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILL_LOOP, str(project)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(0.2 + 0.13 * attempt)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        found = recovery.pending()
        assert len(found) == 1
        document = recovery.restore(found[0])
        assert document.project.data["name"].startswith("autosave")


def test_an_unexpected_error_is_a_dialog_with_the_log_file(window, dialogs):
    recovery.install_excepthook(lambda: window)
    try:
        raise RuntimeError("a bug of ours")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert dialogs and str(recovery.log_file()) in dialogs[-1]
    for handler in __import__("logging").getLogger().handlers:
        handler.flush()
    assert "a bug of ours" in recovery.log_file().read_text(encoding="utf-8")
    assert window.isVisible()  # the app goes on
    sys.excepthook = sys.__excepthook__


def test_a_map_that_cannot_be_drawn_says_so_once(window, project, dialogs):
    from wijkkaart.layers.model import RasterLayer

    raster = next(x for x in window.document.layers if isinstance(x, RasterLayer))
    gone = window.document.project.resolve(raster.source["path"])
    gone.unlink()  # the file disappears while the app is open
    raster.visible = True
    for _ in range(3):
        window.canvas.zoom(1.2)
        window.canvas.wait_rendered(3000)
        QApplication.processEvents()
    assert len([d for d in dialogs if "niet" in d]) == 1
    window.document.layers.remove(raster)
    window.canvas.zoom(1.1)
    assert window.canvas.wait_rendered()  # drawing goes on without the lost layer


def answer_restore(monkeypatch) -> None:
    """The start's question "Herstellen?" answered with *Herstellen* (the newest file)."""
    monkeypatch.setattr(recovery, "ask_restore", lambda _parent: recovery.pending()[0])


def test_restoring_reads_the_recovery_file_in_the_open_job(window, project, qtbot, monkeypatch):
    from tests.ui.waiting import spy_threads, wait_jobs

    dirty(window)
    window.autosaver.autosave()
    direct = recovery.restore(recovery.pending()[0])  # what the start restored before
    threads = spy_threads(monkeypatch, recovery, "restore")
    answer_restore(monkeypatch)
    again = MainWindow()
    qtbot.addWidget(again)
    assert recovery.offer_restore(again)
    assert again.jobs.running("open") and again.document is None  # the window goes on meanwhile
    assert wait_jobs(again.jobs, "open")
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert again.document.snapshot_data() == direct.snapshot_data()
    assert again.document.project.path == project.resolve()
    assert not again.stack.is_clean()  # restored work is unsaved work
    assert again.canvas.wait_rendered()  # no render worker left when the window goes


def test_cancelling_the_restore_leaves_the_document_and_the_recovery_file(
    window, qtbot, monkeypatch
):
    from tests.ui.test_cancel_jobs import cancel_at_once, serialised

    dirty(window)
    window.autosaver.autosave()
    before = serialised(window)
    answer_restore(monkeypatch)
    assert recovery.offer_restore(window)
    cancel_at_once(window, "open")
    qtbot.wait(100)
    assert serialised(window) == before
    assert recovery.pending()  # offered again at the next start
    assert window.canvas.wait_rendered()


def test_a_recovery_file_that_cannot_be_read_is_a_dialog(window, qtbot, monkeypatch, dialogs):
    from tests.ui.test_cancel_jobs import serialised
    from tests.ui.waiting import wait_jobs

    dirty(window)
    written = window.autosaver.autosave()
    written.write_text("{ not json", encoding="utf-8")  # a damaged recovery file
    before = serialised(window)
    answer_restore(monkeypatch)
    assert recovery.offer_restore(window)
    assert wait_jobs(window.jobs, "open")
    assert dialogs  # said in a dialog, not only logged
    assert serialised(window) == before  # the work on screen stays
    assert recovery.pending()
    assert window.canvas.wait_rendered()
