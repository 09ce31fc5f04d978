"""Bestand: new, open, save, save as and recent projects, without ever losing work.

Before New, Open or closing, unsaved changes are asked about (*Opslaan / Niet opslaan /
Annuleren*). A project is read in a job, so the window stays responsive; the old document stays
until the new one is read. Files outside the project folder and data files that moved are asked
about, and the job is restarted with the answer. The window hands over a finished document with
``set_document`` / ``set_new_document``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox

from wijkkaart import trust
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError, tr, ui
from wijkkaart.paths import sample_project
from wijkkaart.project import Allowed
from wijkkaart.ui import folders, recovery
from wijkkaart.ui.errors import error_box
from wijkkaart.ui.recent import RecentMenu, RecentProjects

if TYPE_CHECKING:
    from wijkkaart.commands import UndoStack
    from wijkkaart.ui.main_window import MainWindow
    from wijkkaart.ui.new_project_dialog import NewProjectDialog

log = logging.getLogger(__name__)


def prepared(document: MapDocument) -> MapDocument:
    """A document just read in the ``open`` job, made ready there, off the GUI thread: its
    series read and what the panels show of its data computed (the views find them)."""
    from wijkkaart.analysis.data_summary import prepare_document
    from wijkkaart.timeline import prefetch_series

    prefetch_series(document.project)
    prepare_document(document)
    return document


class FileActions:
    """The project file of ``window``: its Bestand commands and the questions they ask."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.recent = RecentProjects()
        self.recent_menu = RecentMenu(self.recent, self.open_recent, window)
        self.new_project_dialog: NewProjectDialog | None = None
        self._recent_seen: Path | None = None
        window.stack.changed.connect(self._document_touched)

    @property
    def document(self) -> MapDocument | None:
        return self.window.document

    @property
    def stack(self) -> UndoStack:
        return self.window.stack

    def _status(self, text: str, timeout: int = 0) -> None:
        self.window.statusBar().showMessage(text, timeout)

    # --- never lose work -----------------------------------------------------------------------

    def ask_unsaved(self) -> str:
        """'save', 'discard' or 'cancel': what to do with unsaved changes (tests replace this)."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(ui("app_title"))
        name = self.document.project.name if self.document else ""
        box.setText(tr("unsaved_question", name=name))
        buttons: dict[QAbstractButton, str] = {
            box.addButton(ui("unsaved_save"), QMessageBox.ButtonRole.AcceptRole): "save",
            box.addButton(ui("unsaved_discard"), QMessageBox.ButtonRole.DestructiveRole): "discard",
            box.addButton(ui("unsaved_cancel"), QMessageBox.ButtonRole.RejectRole): "cancel",
        }
        box.exec()
        return buttons.get(box.clickedButton(), "cancel")

    def maybe_save(self) -> bool:
        """Before closing, New or Open: True when the current work is saved or may be dropped."""
        if self.document is None or self.stack.is_clean():
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            return self.save_or_save_as()  # a new project first gets a name
        if answer == "discard":
            recovery.discard(self.document.project.path)
            return True
        return False

    # --- new and open --------------------------------------------------------------------------

    def new_project(self, path: str | Path | None = None, show: bool = True):
        """Bestand → Nieuw project: the dialog (returned for tests); OK opens the project."""
        from wijkkaart.ui.new_project_dialog import NewProjectDialog

        if not self.maybe_save():
            return None
        window = self.window
        dialog = NewProjectDialog(window, path, can_add_layer=self.document is not None)
        dialog.accepted.connect(lambda: window.set_new_document(dialog.document))
        dialog.add_as_layer.connect(window.add_layer_file)
        self.new_project_dialog = dialog
        if show:
            dialog.show()
        return dialog

    def choose_project(self) -> None:
        if not self.maybe_save():
            return
        path, _ = QFileDialog.getOpenFileName(
            self.window, ui("open_project"), "", ui("file_filter_project")
        )
        if path:
            self.open_project(path)

    def open_sample(self) -> bool:
        """Bestand → Voorbeeldproject openen."""
        return self.maybe_save() and self.open_project(sample_project())

    def open_recent(self, path: Path) -> bool:
        if not Path(path).is_file():
            self.recent.remove(path)
            self._status(ui("recent_missing", path=path), 8000)
            return False
        if not self.maybe_save():
            return False
        return self.open_path(path)

    def open_project(self, path: Path | str, allow_outside: Allowed = None) -> bool:
        """Open a project; data files outside its folder are read only after the user agrees."""
        return self._open(Path(path), allow_outside, relocate=False)

    def open_path(self, path: str | Path) -> bool:
        """Open a project or a data file (as a new unsaved project); moved data is asked for."""
        return self._open(Path(path), None)

    def _open(
        self,
        path: Path,
        allow_outside: Allowed,
        moved: bool = False,
        asked: set[str] | None = None,
        relocate: bool = True,
    ) -> bool:
        """Read the project (or data file) in a job; the window stays responsive meanwhile.

        Returns at once (True: the read started). The job's done callback hands the document
        to the window; the old document stays until then, so *Annuleren* or an error leaves
        everything as it was. A question (files outside the folder, a moved file) restarts the
        job with the answer. ``window.jobs.job_finished`` tells when it is over.
        """
        from wijkkaart.new_project import open_document

        window = self.window
        asked = set() if asked is None else asked

        def work(feedback):
            return prepared(open_document(path, feedback=feedback, allow_outside=allow_outside))

        def apply(document: MapDocument) -> None:
            window.statusBar().clearMessage()
            if getattr(document.project, "unsaved", False):
                window.set_new_document(document)
            else:
                window.set_document(document)
            if moved:  # the new location is in the project now, but not yet on disk
                self.stack.set_dirty()

        def failed(error: BaseException) -> None:
            window.statusBar().clearMessage()
            key = getattr(error, "key", "")
            values = getattr(error, "values", {})
            if key == "path_outside_project" and allow_outside is None:
                if self.ask_outside(values["outside"]):
                    chosen = [p for _, p in values["outside"]]
                    trust.remember(path, chosen)  # asked once per project, not at every open
                    self._open(path, chosen, moved, asked, relocate)
                return  # when the user said no to outside files, that was the answer
            if relocate and key == "data_moved" and str(values.get("field")) not in asked:
                asked.add(str(values.get("field")))
                if self._relocate(path, values):
                    self._open(path, allow_outside, True, asked, relocate)
                    return
            error_box(window, error, path).exec()

        self._status(ui("loading"))
        window.jobs.start("open", work, apply, on_error=failed, label=ui("loading"), path=path)
        return True

    def ask_outside(self, outside: tuple[tuple[str, Path], ...]) -> bool:
        """Ask whether a project may read these files outside its folder (tests replace this)."""
        shown = "\n".join(f"{where}: {target}" for where, target in outside[:10])
        answer = QMessageBox.question(
            self.window,
            ui("open_project"),
            tr("outside_question", files=shown),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _relocate(self, project: Path, values: dict[str, object]) -> bool:
        """Ask where a moved data file is now and remember it; False when the user cancels.
        ``values``: those of the *data_moved* error (the project field and the missing path)."""
        from wijkkaart.roles import relocate

        field, missing = str(values.get("field")), Path(str(values.get("path", "")))
        new, _ = QFileDialog.getOpenFileName(
            self.window,
            ui("data_moved_question", path=missing.name, field=field),
            str(project.parent),
            f"{missing.name} (*{missing.suffix});;{ui('file_filter_data')}",
        )
        if not new:
            return False
        try:
            relocate(project, field, Path(new))
        except WijkkaartError as exc:
            error_box(self.window, exc, new).exec()
            return False
        return True

    # --- save ----------------------------------------------------------------------------------

    def save_or_save_as(self) -> bool:
        """Ctrl+S: an unsaved new project first gets a name (Save As)."""
        if self.document is None:
            return False
        if getattr(self.document.project, "unsaved", False):
            self.save_as()
            return self.stack.is_clean()
        return self.save()

    def save(self) -> bool:
        if self.document is None:
            return False
        return self._save_to(None)

    def save_as(self) -> None:
        if self.document is None:
            return
        project = self.document.project.path
        target = folders.ask_save(
            self.window,
            ui("save_project_as"),
            Path(project).name,
            project,
            ui("file_filter_project"),
        )
        if target:
            if not target.endswith(".wijkkaart"):
                target += ".wijkkaart"
            self._save_to(target)

    def _save_to(self, target: str | None) -> bool:
        """Save; a failure (read-only folder, full disk) is a dialog and the old file stays."""
        assert self.document is not None
        try:
            path = self.document.save(target, view=self.window.view_dict())
        except Exception as exc:
            if not isinstance(exc, WijkkaartError):
                log.exception("saving %s failed", target or self.document.project.path)
            box = error_box(self.window, exc, target or self.document.project.path)
            box.setText(tr("project_not_saved"))
            box.exec()
            return False
        self.stack.set_clean()
        recovery.discard(path)
        self._status(ui("saved", path=path), 5000)
        return True

    def _document_touched(self) -> None:
        """After open, save and every edit: remember saved projects."""
        if self.document is not None:
            project = self.document.project
            path = project.path
            saved = not getattr(project, "unsaved", False) and self.stack.is_clean()
            fresh = path != self._recent_seen and path.suffix == ".wijkkaart"
            if saved and fresh and path.is_file():
                self.recent.add(path)
                self._recent_seen = path
