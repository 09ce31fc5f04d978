"""Opening and saving projects in the app: every problem is a dialog, never a traceback."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

from tests.ui.waiting import open_project
from wijkkaart.ui.main_window import MainWindow

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"


def test_every_hostile_project_gives_a_dialog_and_keeps_the_open_map(window, dialogs):
    before = window.document
    window.files.ask_outside = lambda files: True  # then the file itself is refused, with a dialog
    files = sorted(HOSTILE.glob("project_*.wijkkaart"))
    for path in files:
        assert open_project(window, path) is False
    assert len(dialogs) == len(files) and window.document is before
    assert all("Error" not in text and "Traceback" not in text for text in dialogs)
    assert any("layers[0].style.k moet een geheel getal zijn" in text for text in dialogs)


def test_ctrl_s_into_a_read_only_folder_is_a_dialog_and_the_file_stays(
    window, project, dialogs, monkeypatch
):
    before = project.read_bytes()

    def read_only(*_args: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("wijkkaart.safe_output.os.replace", read_only)
    window.actions_by_key["save_project"].trigger()
    assert project.read_bytes() == before
    assert len(dialogs) == 1 and "u mag niet schrijven in deze map" in dialogs[0]
    assert "Read-only" not in dialogs[0]
    monkeypatch.undo()
    assert window.save() is True and not dialogs[1:]


def test_outside_files_are_read_only_after_the_user_agrees(qtbot, project, tmp_path, dialogs):
    outside = tmp_path / "elders.csv"
    shutil.copy(project.parent / "utrecht_kerncijfers_2020.csv", outside)
    data = json.loads(project.read_text(encoding="utf-8"))
    data["tables"][0]["path"] = os.path.relpath(outside, project.parent)
    project.write_text(json.dumps(data), encoding="utf-8")
    win = MainWindow()
    qtbot.addWidget(win)
    asked: list[tuple] = []
    win.files.ask_outside = lambda files: asked.append(files) or False
    assert open_project(win, project) is False and win.document is None
    assert asked[0][0] == ("tables[0].path", outside.resolve()) and not dialogs
    win.files.ask_outside = lambda files: True
    assert open_project(win, project) is True
    assert len(win.document.areas.frame) == 111 and not dialogs
