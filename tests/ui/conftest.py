"""UI tests never block on a modal dialog: message boxes are recorded instead of shown."""

import pytest
from PySide6.QtWidgets import QMessageBox


@pytest.fixture(autouse=True)
def dialogs(monkeypatch):
    shown: list[str] = []

    def record(box):
        shown.append(box.informativeText() or box.text())
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", record)
    return shown
