"""Show an input problem to the user: a clear message in their language, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from wijkkaart.messages import WijkkaartError, tr


def error_box(parent: QWidget | None, error: BaseException, path: object = "") -> QMessageBox:
    """A warning dialog for ``error``; unexpected errors say so plainly and keep the file safe."""
    if isinstance(error, WijkkaartError):
        text = str(error)
        about_file = "path" in error.values
    else:
        from wijkkaart.ui.recovery import log_file

        kind = type(error).__name__
        text = tr("cli_unexpected", path=path, detail=kind) if path else tr("unexpected_error")
        text += "\n" + tr("unexpected_error_log", path=log_file())
        about_file = bool(path)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("wijkkaart")
    # Only a problem with a file is headed as one; other refusals say plainly it did not work.
    box.setText(tr("error_title_file") if about_file else tr("error_title_general"))
    box.setInformativeText(text)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    return box
