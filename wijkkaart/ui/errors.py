"""Show an input problem to the user: a clear message in their language, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from wijkkaart.messages import WijkkaartError, language, tr


def error_box(parent: QWidget | None, error: BaseException, path: object = "") -> QMessageBox:
    """A warning dialog for ``error``; unexpected errors say so plainly and keep the file safe."""
    if isinstance(error, WijkkaartError):
        text = str(error)
    else:
        text = tr("cli_unexpected", path=path, detail=type(error).__name__)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("wijkkaart")
    box.setText(
        "Dit bestand kan niet worden gebruikt."
        if language() == "nl"
        else "This file cannot be used."
    )
    box.setInformativeText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
