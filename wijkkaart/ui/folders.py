"""Where file dialogs start: the folder the planner used last, never the installation's folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from wijkkaart.io.files import is_within
from wijkkaart.paths import resources_dir
from wijkkaart.ui.settings import user_settings


def start_path(name: str, near: str | Path | None = None) -> str:
    """A path for a save dialog: ``name`` in the last folder used, else beside ``near`` (unless
    that lies inside the installation, such as the bundled sample), else in the home folder."""
    last = user_settings().value("last_folder", "")
    if isinstance(last, str) and last and Path(last).is_dir():
        return str(Path(last) / name)
    if near is not None:
        folder = Path(near).resolve().parent
        if folder.is_dir() and not is_within(folder, [resources_dir().resolve()]):
            return str(folder / name)
    return str(Path.home() / name)


def ask_save(
    parent: QWidget | None, title: str, name: str, near: str | Path | None, filters: str
) -> str:
    """The file a save dialog chose ("" when cancelled): it starts at :func:`start_path`
    (``name`` in the last folder used), and a chosen folder is remembered for the next one."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, start_path(name, near), filters)
    if chosen:
        remember(chosen)
    return chosen


def remember(path: str | Path) -> None:
    """The folder of a file the planner just chose, for the next dialog."""
    user_settings().setValue("last_folder", str(Path(path).resolve().parent))
