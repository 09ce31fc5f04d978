"""Recent projects in the Bestand menu: the last eight opened or saved, kept in the settings.

A project that is no longer where it was is shown greyed out, so the planner sees it moved; it is
dropped from the list once more than eight newer ones push it out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import cast

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMenu, QWidget

from wijkkaart.messages import ui
from wijkkaart.ui.settings import user_settings

MAX_RECENT = 8
KEY = "recent_projects"


class RecentProjects:
    """The list of recent project paths, newest first."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings or user_settings()

    def paths(self) -> list[Path]:
        value = self.settings.value(KEY, [])
        if isinstance(value, str):  # QSettings returns a single entry as a plain string
            value = [value]
        entries = cast("list[str]", value or [])  # what _store wrote: a list of paths
        return [Path(v) for v in entries if str(v).strip()][:MAX_RECENT]

    def add(self, path: str | Path) -> None:
        path = Path(path).resolve()
        paths = [p for p in self.paths() if p != path]
        self._store([path, *paths])

    def remove(self, path: str | Path) -> None:
        self._store([p for p in self.paths() if p != Path(path)])

    def _store(self, paths: list[Path]) -> None:
        self.settings.setValue(KEY, [str(p) for p in paths[:MAX_RECENT]])
        self.settings.sync()


class RecentMenu(QMenu):
    """The submenu; rebuilt each time it opens so moved projects show as such."""

    def __init__(
        self, recent: RecentProjects, open_path: Callable[[Path], object], parent: QWidget
    ) -> None:
        super().__init__(ui("recent_projects"), parent)
        self.recent = recent
        self.open_path = open_path
        self.aboutToShow.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        self.clear()
        paths = self.recent.paths()
        if not paths:
            self.addAction(ui("recent_none")).setEnabled(False)
            return
        for number, path in enumerate(paths, start=1):
            exists = path.is_file()
            text = f"&{number} {path.name}" if exists else ui("recent_missing", path=path.name)
            action = self.addAction(text)
            action.setToolTip(str(path))
            action.setEnabled(exists)
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
