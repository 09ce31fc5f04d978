"""UI tests never block on a modal dialog: message boxes are recorded instead of shown."""

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.ui.waiting import open_window


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    shown: list[str] = []

    def record(box):
        shown.append(box.informativeText() or box.text())
        return QMessageBox.StandardButton.Ok

    def answer_yes(_parent, _title, text, *_args):
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "exec", record)
    monkeypatch.setattr(QMessageBox, "question", answer_yes)  # e.g. "files outside the folder?"
    return shown


@pytest.fixture
def project(sample, tmp_path):
    """A copy of the sample project: tests may save into it."""
    import shutil

    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return folder / "utrecht.wijkkaart"


@pytest.fixture
def window(qtbot, project):
    """The main window on the sample project, shown and drawn."""
    return open_window(qtbot, project)
