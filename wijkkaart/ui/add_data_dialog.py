"""Bestand → Gegevens toevoegen: add the gemeente's own files to the project, each in its role.

Roles are an indicator table, EP-Online energy labels (with an optional BAG file to place them),
a heat plan, a risk raster, wijk outlines or a point layer. The planner names the source (it goes
on the map). An indicator table goes through the column-mapping join dialog instead. A role the
project already has is replaced only after the planner agrees.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.commands import Command, ReplaceAreaData
from wijkkaart.feedback import Feedback
from wijkkaart.messages import WijkkaartError, has_text, lazy, ui
from wijkkaart.ui.errors import error_box
from wijkkaart.ui.jobs import JobRunner

log = logging.getLogger(__name__)

ROLES = ("table", "eponline", "heat_plan", "raster", "points", "wijken")
FILTERS = {
    "table": "CSV / Excel (*.csv *.txt *.tsv *.xlsx)",
    "eponline": "EP-Online (*.csv *.txt *.xml *.zip)",
    "heat_plan": "CSV / Excel (*.csv *.txt *.xlsx)",
    "raster": "Raster (*.tif *.tiff *.asc *.img)",
    "points": "Punten (*.csv *.txt *.geojson *.json *.gpkg *.shp)",
    "wijken": "Vlakken (*.gpkg *.geojson *.json *.shp)",
}


def _file_row(parent: QWidget) -> tuple[QLineEdit, QPushButton, QHBoxLayout]:
    edit = QLineEdit(parent)
    button = QPushButton(ui("new_project_choose"), parent)
    row = QHBoxLayout()
    row.addWidget(edit, 1)
    row.addWidget(button)
    return edit, button, row


class AddDataDialog(QDialog):
    """Choose role, file(s) and source; ``report`` holds the RoleReport after a successful add."""

    def __init__(self, document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ui("add_data_title"))
        self.document = document
        self.report = None
        # Adding is one command on the window's stack (undoable, marks the project dirty).
        self.apply: Callable[[Command], None] = lambda command: command.do()
        self.jobs: JobRunner | None = None  # the window's runner; without one, adds at once
        self.table_path: Path | None = None  # set when the table join dialog should take over
        self._close_when_done = False  # OK was pressed: accept once the data is in place
        self.role = QComboBox()
        for role in ROLES:
            self.role.addItem(ui(f"role_{role}"), role)
        self.file, choose, file_row = _file_row(self)
        self.bag, choose_bag, self.bag_row = _file_row(self)
        self.source = QLineEdit()
        self.illustrative = QCheckBox(ui("add_data_illustrative"))
        form = QFormLayout()
        form.addRow(ui("add_data_role"), self.role)
        form.addRow(ui("add_data_file"), file_row)
        form.addRow(ui("add_data_bag"), self.bag_row)
        form.addRow(ui("add_data_source"), self.source)
        form.addRow("", self.illustrative)
        self.form = form
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        choose.clicked.connect(lambda: self._choose(self.file, self.current_role()))
        choose_bag.clicked.connect(lambda: self._choose(self.bag, "points"))
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        self.resize(620, 240)

    def current_role(self) -> str:
        return str(self.role.currentData())

    def set_role(self, role: str) -> None:
        self.role.setCurrentIndex(ROLES.index(role))

    def _role_changed(self, *_args: object) -> None:
        eponline = self.current_role() == "eponline"
        self.form.setRowVisible(2, eponline)
        self.form.setRowVisible(3, self.current_role() != "table")

    def _choose(self, edit: QLineEdit, role: str) -> None:
        path, _ = QFileDialog.getOpenFileName(self, ui("add_data_title"), "", FILTERS[role])
        if path:
            edit.setText(path)

    def accept(self) -> None:
        path = self.file.text().strip()
        if not path:
            QMessageBox.warning(self, ui("add_data_title"), ui("add_data_no_file"))
            return
        if self.current_role() == "table":  # columns are mapped in the join dialog
            self.table_path = Path(path)
            super().accept()
            return
        self._close_when_done = True  # the dialog closes (accepted) when the data is in place
        self.run(path)

    def reject(self) -> None:
        """Annuleren or closing the dialog while the file is read: the job stops, nothing added."""
        if self.jobs is not None:
            self.jobs.cancel("role")
        super().reject()

    def run(self, path: str | Path, replace: bool = False):
        """Add the file in the chosen role, in a job; asks before replacing what the project has.

        The file is read on a draft of the document off the GUI thread (progress and
        *Annuleren* in the window's status bar; the dialog's OK waits greyed out) and put in
        place as one undoable command, so cancelling or a failure leaves the project exactly as
        it was. Once it is in place ``self.report`` says what was added and a shown dialog
        closes; without a runner that happens at once and the report is returned.
        """
        self.report = None
        self._attempt(Path(path), replace)
        return self.report

    def _attempt(self, path: Path, replace: bool) -> None:
        from wijkkaart.analysis.data_summary import prepare_state
        from wijkkaart.roles import add_role

        document = self.document
        role = self.current_role()
        bag = self.bag.text().strip() or None
        options: dict[str, Any] = {
            "bag": Path(bag) if bag and role == "eponline" else None,
            "replace": replace,
            "source": self.source.text().strip() or None,
            "illustrative": self.illustrative.isChecked(),
        }
        draft, basis = document.draft(), document.revision

        def work(feedback: Feedback):
            report = add_role(draft, role, path, feedback=feedback, **options)
            return prepare_state(draft.data_state()), report  # the panels' summary too

        def apply(outcome) -> None:
            if document.revision != basis:  # another change landed meanwhile: add to that
                if self.jobs is not None:
                    self.jobs.say_stale(ui("add_data_busy"))
                self._attempt(path, replace)
                return
            state, report = outcome
            self.apply(ReplaceAreaData(document, state, lazy("cmd_add_data")))
            self.report = report
            if self._close_when_done:
                QDialog.accept(self)  # layer_actions shows the report

        def failed(error: BaseException) -> None:
            if getattr(error, "key", "") == "role_exists" and not replace:
                answer = QMessageBox.question(
                    self,
                    ui("add_data_title"),
                    ui("add_data_replace", role=ui(f"role_{role}"), path=path.name),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                if answer == QMessageBox.StandardButton.Yes:
                    self._attempt(path, True)
                return
            error_box(self, error, path).exec()

        if self.jobs is None:  # a dialog without a window: at once
            try:
                outcome = work(Feedback())
            except Exception as exc:  # every failure a Dutch dialog, the project as it was
                if not isinstance(exc, WijkkaartError):
                    log.exception("adding %s as %s failed", path, role)
                failed(exc)
                return
            apply(outcome)
            return
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)  # one file at a time; Annuleren is in the status bar
        job = self.jobs.start(
            "role", work, apply, on_error=failed, label=ui("add_data_busy"), path=path
        )
        job_done = self.jobs.job_finished

        def finished(done: object) -> None:
            if done is job:
                ok.setEnabled(True)
                job_done.disconnect(finished)

        job_done.connect(finished)

    @staticmethod
    def report_text(report) -> tuple[str, str]:
        """(headline, details) of a RoleReport: counts, then unplaced labels and warnings."""
        role = getattr(report, "role", "")
        path = Path(getattr(report, "path", "") or "")
        headline = ui(
            "add_data_done", role=ui(f"role_{role}") if role in ROLES else role, name=path.name
        )
        # Counts in the planner's words; a count without a Dutch label is in the messages below.
        lines = [
            ui("add_data_counts", what=ui(f"count_{what}"), n=f"{n:,}".replace(",", "."))
            for what, n in (getattr(report, "counts", None) or {}).items()
            if has_text(f"count_{what}") and isinstance(n, int)
        ]
        lines.extend(str(m) for m in getattr(report, "messages", None) or [])
        return headline, "\n".join(lines)
