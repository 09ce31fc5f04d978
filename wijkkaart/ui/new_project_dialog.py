"""Bestand → Nieuw project: start from your own gemeente's CBS file.

The planner picks a CBS buurt or wijk file of any year, national, provincial or one gemeente.
For a file with several gemeenten a list (filter as you type on name or code) lets them pick one
or more. The dialog then shows what it recognised (level, count, year, indicators with data,
warnings) before the project opens. A file without CBS codes cannot become a project; the dialog
says so and offers to add it as a plain layer to the open project instead.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.catalogue import catalogue
from wijkkaart.messages import WijkkaartError, has_text, short_list, ui
from wijkkaart.ui.errors import error_box
from wijkkaart.ui.search_box import fold

log = logging.getLogger(__name__)
CODE = Qt.ItemDataRole.UserRole


def _count(buurten: object) -> int:
    """GemeenteEntry.buurten may be a count or the codes themselves."""
    if isinstance(buurten, int):
        return buurten
    try:
        return len(buurten)  # type: ignore[arg-type]
    except TypeError:
        return 0


class NewProjectDialog(QDialog):
    """Choose a CBS file and gemeente(n); ``document`` holds the new unsaved project on OK."""

    add_as_layer = Signal(str)  # a file without CBS codes, to add to the current project

    def __init__(
        self, parent: QWidget | None = None, path: str | Path | None = None, can_add_layer=False
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(ui("new_project_title"))
        self.path: Path | None = None
        self.entries: list = []
        self.document = None
        self._built_for: tuple | None = None
        self._building_for: tuple | None = None  # the choice the running build reads
        self._accept_when_built = False  # OK was pressed while it was read
        self._listing: Path | None = None  # the file whose gemeenten the running job lists
        self.busy = False
        self.file = QLineEdit()
        self.file.setReadOnly(True)
        choose = QPushButton(ui("new_project_choose"))
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file, 1)
        file_row.addWidget(choose)
        hint = QLabel(ui("new_project_hint"))
        hint.setWordWrap(True)
        self.gemeenten_label = QLabel(ui("new_project_gemeenten"))
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(ui("new_project_filter"))
        self.filter.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMinimumHeight(220)
        self.chosen_label = QLabel()
        self.recognised = QLabel()
        self.recognised.setWordWrap(True)
        self.recognised.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet("color: #a33;")
        self.as_layer = QPushButton(ui("new_project_as_layer"))
        self.as_layer.setEnabled(can_add_layer)
        self.as_layer.clicked.connect(self._add_as_layer)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(ui("new_project_file")))
        layout.addLayout(file_row)
        layout.addWidget(hint)
        for widget in (self.gemeenten_label, self.filter, self.list, self.chosen_label):
            layout.addWidget(widget)
        layout.addWidget(self.recognised)
        layout.addWidget(self.missing)
        layout.addWidget(self.as_layer, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._preview = QTimer(self)
        self._preview.setSingleShot(True)
        self._preview.setInterval(350)
        self._preview.timeout.connect(self.build)
        self.filter.textChanged.connect(self._filter)
        self.filter.returnPressed.connect(self._check_only_visible)
        self.list.itemChanged.connect(self._chosen_changed)
        self._show_gemeenten(False)
        self._show_missing(False)
        self._update_ok()
        self.resize(620, 640)
        if path is not None:
            self.set_path(path)

    # --- file ------------------------------------------------------------------------------------

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, ui("new_project_title"), "", ui("file_filter_data")
        )
        if path:
            self.set_path(path)

    def set_path(self, path: str | Path) -> bool:
        """List the gemeenten in ``path``; a file without codes shows what is missing.

        With the window's runner the list is read in a job (a national file's code columns
        take a while; the dialog says it reads and keeps responding) and this returns True at
        once; without one it is read here and False means the file cannot be used.
        """
        from wijkkaart.new_project import list_gemeenten

        jobs = self._jobs()
        if jobs is not None and (self._building_for is not None or self._listing is not None):
            jobs.cancel("new_project")  # the file chosen before is not wanted any more
        self.path = Path(path)
        self.file.setText(str(self.path))
        self.document, self._built_for, self._building_for = None, None, None
        self.entries = []
        self.list.clear()
        self.recognised.clear()
        self._show_missing(False)
        self._show_gemeenten(False)
        self._update_ok()
        listed_path = self.path
        if jobs is not None:
            self._listing = listed_path

            def cancelled() -> None:
                if self._listing == listed_path:
                    self._listing = None
                    self._accept_when_built = False
                    self._set_busy(False)
                    self.recognised.clear()

            self._set_busy(True)
            jobs.start(
                "new_project",
                lambda _feedback: list(list_gemeenten(listed_path)),
                lambda entries: self._listed(listed_path, entries),
                on_error=lambda exc: self._list_failed(listed_path, exc),
                on_cancel=cancelled,
                label=ui("loading"),
                path=listed_path,
            )
            return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            entries = list(list_gemeenten(listed_path))
        except Exception as exc:  # a Dutch dialog for any input problem, never a traceback
            if not isinstance(exc, WijkkaartError):
                log.exception("listing gemeenten of %s failed", listed_path)
            self._list_failed(listed_path, exc)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._listed(listed_path, entries)
        return True

    def _list_failed(self, path: Path, error: BaseException) -> None:
        if path != self.path:
            return
        self._listing = None
        self._accept_when_built = False
        self._set_busy(False)
        self.recognised.clear()
        self._show_gemeenten(False)
        if getattr(error, "key", "") == "no_code_column":
            self.missing.setText(ui("new_project_no_codes", path=path.name))
            self._show_missing(True)
        else:
            error_box(self, error, path).exec()
        self._update_ok()

    def _listed(self, path: Path, entries: list) -> None:
        """The gemeenten of ``path`` are read: list them (one: read it at once)."""
        if path != self.path:
            return
        self._listing = None
        self._set_busy(False)
        self.recognised.clear()
        self.entries = entries
        self.list.blockSignals(True)
        for entry in sorted(self.entries, key=lambda e: (fold(e.name or e.code), e.code)):
            n = _count(entry.buurten)
            text = (
                ui("new_project_gemeente_item", name=entry.name, code=entry.code, n=n)
                if entry.name
                else ui("new_project_gemeente_code_item", code=entry.code, n=n)
            )
            item = QListWidgetItem(text)
            item.setData(CODE, entry.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            single = len(self.entries) == 1
            item.setCheckState(Qt.CheckState.Checked if single else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self._show_gemeenten(len(self.entries) > 1)
        self._chosen_changed()
        if len(self.entries) <= 1:
            self.build()  # OK pressed while the list was read: built() accepts
        else:
            self._accept_when_built = False

    # --- gemeenten -------------------------------------------------------------------------------

    def _show_gemeenten(self, shown: bool) -> None:
        for widget in (self.gemeenten_label, self.filter, self.list, self.chosen_label):
            widget.setVisible(shown)

    def _show_missing(self, shown: bool) -> None:
        self.missing.setVisible(shown)
        self.as_layer.setVisible(shown)

    def _filter(self, text: str) -> None:
        wanted = fold(text)
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(wanted) and wanted not in fold(item.text()))

    def visible_codes(self) -> list[str]:
        return [
            self.list.item(r).data(CODE)
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]

    def _check_only_visible(self) -> None:
        """Enter in the filter with one gemeente left: choose it."""
        visible = self.visible_codes()
        if len(visible) == 1:
            self.choose([*self.chosen(), visible[0]])

    def chosen(self) -> list[str]:
        return [
            self.list.item(r).data(CODE)
            for r in range(self.list.count())
            if self.list.item(r).checkState() == Qt.CheckState.Checked
        ]

    def choose(self, codes: list[str]) -> None:
        """Tick exactly these gemeenten (for the planner's Enter, and for tests)."""
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            item = self.list.item(row)
            on = item.data(CODE) in codes
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.list.blockSignals(False)
        self._chosen_changed()

    def _chosen_changed(self, *_args: object) -> None:
        chosen = self.chosen()
        self.chosen_label.setText(
            ui("new_project_chosen", n=len(chosen), total=len(self.entries))
            if chosen
            else ui("new_project_none_chosen")
        )
        self.document = None
        self._update_ok()
        if chosen and len(self.entries) > 1:
            self._preview.start()
        elif not chosen:
            self.recognised.clear()

    def _update_ok(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.path is not None and bool(self.entries) and bool(self.chosen()))

    # --- project ---------------------------------------------------------------------------------

    def _jobs(self):
        return getattr(self.parent(), "jobs", None)  # the window's runner: read off the GUI thread

    def build(self):
        """Make the project for the chosen gemeente(n) and show what was recognised.

        With the window's runner this reads in a job and returns None at once; its done
        callback shows what was recognised (and closes the dialog when OK is waiting for it).
        Meanwhile the dialog says it is reading and keeps responding; a new choice, Annuleren
        or closing the dialog cancels the read. Without a runner it reads here and returns
        the document (None on failure).
        """
        from wijkkaart.analysis.data_summary import prepare_document
        from wijkkaart.new_project import new_project, recognised

        self._preview.stop()
        if self.path is None or not self.chosen():
            return None
        wanted = (str(self.path), tuple(self.chosen()))
        if self.document is not None and self._built_for == wanted:
            return self.document
        jobs = self._jobs()
        if jobs is not None and jobs.running("new_project") and self._building_for == wanted:
            # already reading this very choice (OK during the preview): let that read finish.
            # Restarting read the file a second time, beside the first reader still running
            # (cancelled but not yet stopped): on the national file OK -> first frame took
            # twice as long.
            return None
        gemeenten = list(wanted[1]) if len(self.entries) > 1 else None
        path = self.path
        self.document, self._built_for = None, None
        self._building_for = wanted

        def read(feedback=None):
            """The project and what it holds, both off the GUI thread (recognised() counts
            per gemeente and may read the outline names from the file)."""
            document = new_project(path, gemeenten=gemeenten, feedback=feedback)
            prepare_document(document)  # what the window's panels show of it, made here
            return document, recognised(document)

        def built(outcome) -> None:
            document, found = outcome
            self._building_for = None
            self.document, self._built_for = document, wanted
            self.recognised.setText(self.describe(found))
            self._set_busy(False)
            if self._accept_when_built:
                self._accept_when_built = False
                QDialog.accept(self)

        def failed(exc: BaseException) -> None:
            self._building_for = None
            self._accept_when_built = False
            self._set_busy(False)
            self.recognised.clear()
            error_box(self, exc, path).exec()

        def cancelled() -> None:
            if self._building_for == wanted:
                self._building_for = None
                self._accept_when_built = False
                self._set_busy(False)

        if jobs is not None:
            self._set_busy(True)
            jobs.start(
                "new_project",
                read,
                built,
                on_error=failed,
                on_cancel=cancelled,
                label=ui("loading"),
                path=path,
            )
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        error: Exception | None = None
        try:
            built(read())
        except Exception as exc:
            if not isinstance(exc, WijkkaartError):
                log.exception("making a project of %s failed", path)
            error = exc
        finally:
            QApplication.restoreOverrideCursor()
        if error is not None:
            failed(error)
        return self.document

    def _set_busy(self, busy: bool) -> None:
        """While the file is read: say so; OK stays usable (it waits for this read)."""
        self.busy = busy
        if busy:
            self.recognised.setText(ui("new_project_busy"))

    @staticmethod
    def describe(found: dict) -> str:
        """What was recognised, in a few plain lines."""
        level = str(found.get("level") or "")
        count = found.get("count", 0)
        key = f"new_project_count_{level}"
        areas = ui(key, n=count) if has_text(key) else f"{count} {level}"
        vintage = found.get("vintage") or ui("new_project_vintage_unknown")
        gemeenten = [
            str(g.get("name") or g.get("code")) if isinstance(g, dict) else str(g)
            for g in found.get("gemeenten") or []
        ]
        lines = [
            ui(
                "new_project_recognised",
                areas=areas,
                vintage=vintage,
                gemeenten=short_list(gemeenten) or "—",
            )
        ]
        indicators = list(found.get("indicators") or [])
        if indicators:
            cat = catalogue()
            names = [cat[i].label if i in cat else str(i) for i in indicators]
            lines.append(ui("new_project_indicators", n=len(names), names=short_list(names, 8)))
        else:
            lines.append(ui("new_project_no_indicators"))
        warnings = [str(w) for w in found.get("warnings") or []]
        if warnings:
            lines.append(ui("new_project_warnings"))
            lines.extend(f"• {w}" for w in warnings[:6])
        return "\n".join(lines)

    def accept(self) -> None:
        """OK: open the project once it is read (at once when the preview already read it)."""
        self._accept_when_built = True
        if self._listing is not None:  # still listing the gemeenten: one gemeente opens then
            return
        if self.build() is not None:
            self._accept_when_built = False
            super().accept()
        elif self._building_for is None:  # nothing to read (no file, nothing chosen)
            self._accept_when_built = False

    def reject(self) -> None:
        """Annuleren or closing the dialog: a read still running stops."""
        jobs = self._jobs()
        if jobs is not None and (self._building_for is not None or self._listing is not None):
            jobs.cancel("new_project")
        super().reject()

    def _add_as_layer(self) -> None:
        if self.path is not None:
            self.add_as_layer.emit(str(self.path))
            self.reject()
