"""Join an indicator table: see which column is which indicator, change it, then join.

Known column names are recognised from the catalogue; the planner can map any column to a
catalogue indicator, keep it as a custom indicator, or skip it. After joining, the dialog says
how many buurten matched and which rows and buurten did not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import cast

from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.catalogue import catalogue
from wijkkaart.commands import Command, ReplaceAreaData
from wijkkaart.feedback import Feedback
from wijkkaart.io.columns import identify_rows, plausible_name
from wijkkaart.io.join import JoinReport
from wijkkaart.io.missing import looks_numeric
from wijkkaart.io.tables import read_table_raw
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError, lazy, short_list, ui
from wijkkaart.ui.jobs import JobRunner

AUTO, SKIP = "__auto__", ""


def _column_offers(raw_columns: list[str], found) -> list[tuple[str, str, str]]:
    """(column, example value, what *automatisch* means for it) per joinable column: the
    catalogue indicator it matches, a custom number, or text. Qt-free: the read job makes it."""
    cat = catalogue()
    offers = []
    # Row numbers written by pandas or R ("Unnamed: 0") are never offered as indicators.
    for column in (c for c in raw_columns if c != found.code_column and plausible_name(c)):
        example = next((v for v in found.rows[column].tolist() if str(v).strip()), "")
        hit = cat.match_column(column)
        if hit:
            auto = ui("join_auto", name=cat[hit[0]].label)
        elif looks_numeric(found.rows[column]):
            auto = ui("join_custom")
        else:
            auto = ui("join_text")
        offers.append((column, str(example), auto))
    return offers


class TableJoinDialog(QDialog):
    def __init__(
        self, document: MapDocument, path: str | Path, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(ui("join_title"))
        self.document, self.path = document, Path(path)
        self.report: JoinReport | None = None
        # The join is one command on the window's stack (undoable, marks the project dirty).
        self.apply: Callable[[Command], None] = lambda command: command.do()
        self.jobs: JobRunner | None = None  # the window's runner; without one, joins at once
        self.code_column: str | None = None  # known once the table is read
        self.combos: dict[str, QComboBox] = {}
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(
            [ui("join_column"), ui("join_example"), ui("join_indicator")]
        )
        self.illustrative = QCheckBox(ui("join_illustrative"))
        self.summary = QLabel(ui("table_reading"))
        self.summary.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.join_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.join_button.setText(ui("join_do"))
        self.join_button.setEnabled(False)  # until the table is read
        buttons.accepted.connect(self.join)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(str(self.path.name)))
        layout.addWidget(self.table)
        layout.addWidget(self.illustrative)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)
        self.resize(720, 480)

    def read(self) -> None:
        """Read the table and recognise its columns, in a ``table_read`` job (reading a large
        table froze the window before the dialog appeared); the dialog says "Bezig met lezen…"
        until then. A table that cannot be joined is the Dutch error dialog, and this dialog
        closes. Without a runner it reads at once (and raises)."""
        path, level = self.path, self.document.base_areas.level

        def work(feedback: Feedback):
            feedback.check()
            raw = read_table_raw(path)
            feedback.progress(0.5)
            found = identify_rows(raw, path, level=level)
            feedback.progress(0.7)
            return found, _column_offers(list(raw.columns), found)

        if self.jobs is None:
            self._fill(*work(Feedback()))
            return

        def failed(exc: BaseException) -> None:
            from wijkkaart.ui.errors import error_box

            self.reject()
            error_box(self.parentWidget(), exc, path).exec()

        self.jobs.start(
            "table_read",
            work,
            lambda outcome: self._fill(*outcome),
            on_error=failed,
            label=ui("job_table_read", name=path.name),
            path=path,
        )

    def _fill(self, found, offers: list[tuple[str, str, str]]) -> None:
        """The table's columns, each with an example value and its indicator choice (what each
        column looks like was found in the job: testing its cells as numbers took 90 of the
        dialog's 125 ms here on the Utrecht kerncijfers)."""
        self.code_column = found.code_column
        cat = catalogue()
        numeric_ids = sorted(
            (ind for ind in cat if ind.kind == "number" and not ind.sensitive),
            key=lambda ind: ind.label,
        )
        self.table.setRowCount(len(offers))
        for row, (column, example, auto) in enumerate(offers):
            self.table.setItem(row, 0, QTableWidgetItem(column))
            self.table.setItem(row, 1, QTableWidgetItem(example))
            combo = QComboBox()
            combo.addItem(auto, AUTO)
            combo.addItem(ui("join_skip"), SKIP)
            for ind in numeric_ids:
                combo.addItem(ind.label, ind.id)
            self.table.setCellWidget(row, 2, combo)
            self.combos[column] = combo
        self.table.resizeColumnsToContents()
        self.summary.setText(ui("join_code_column", column=found.code_column, n=len(found.codes)))
        self.join_button.setEnabled(True)

    def ask_existing(self, question: str) -> str | None:
        """Replace, keep or only fill values the map already has; None = cancel (tests patch)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(ui("join_title"))
        box.setText(question)
        answers: dict[QAbstractButton | None, str | None] = {
            box.addButton(ui("join_replace"), QMessageBox.ButtonRole.AcceptRole): "replace",
            box.addButton(ui("join_keep"), QMessageBox.ButtonRole.AcceptRole): "keep",
            box.addButton(ui("join_fill"), QMessageBox.ButtonRole.AcceptRole): "fill",
            box.addButton(ui("unsaved_cancel"), QMessageBox.ButtonRole.RejectRole): None,
        }
        box.exec()
        return answers.get(box.clickedButton())

    def ask_decimal_mark(self, column: str, explanation: str) -> str | None:
        """',' when 1.855 means 1855 (Dutch), '.' when it means 1,855; None = cancel."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(ui("join_title"))
        box.setText(ui("numbers_question", column=column))
        box.setInformativeText(explanation)
        answers: dict[QAbstractButton | None, str | None] = {
            box.addButton(ui("numbers_dutch"), QMessageBox.ButtonRole.AcceptRole): ",",
            box.addButton(ui("numbers_english"), QMessageBox.ButtonRole.AcceptRole): ".",
            box.addButton(ui("unsaved_cancel"), QMessageBox.ButtonRole.RejectRole): None,
        }
        box.exec()
        return answers.get(box.clickedButton())

    def mapping(self) -> dict[str, str]:
        return {
            column: combo.currentData()
            for column, combo in self.combos.items()
            if combo.currentData() != AUTO
        }

    def join(self) -> JoinReport | None:
        """Join the table in a job (at once without a runner: then the report, or None).

        The questions (overwrite values? which decimal mark?) come as dialogs between runs;
        each answer runs the job again. When the join is in place ``self.report`` holds its
        report and the dialog closes (accepted).
        """
        self.report = None
        if self.code_column is None:  # still being read (the button waits for it too)
            return None
        self._attempt(None, {})
        return self.report

    def reject(self) -> None:
        """Annuleren or closing the dialog while the join runs: it stops, nothing is joined."""
        if self.jobs is not None:
            self.jobs.cancel("table_read")
            self.jobs.cancel("join")
        super().reject()

    def _attempt(self, existing: str | None, formats: dict[str, str]) -> None:
        from wijkkaart.ui.errors import error_box

        document = self.document
        draft, basis = document.draft(), document.revision
        mapping, illustrative = self.mapping(), self.illustrative.isChecked()
        number_formats = dict(formats)

        from wijkkaart.analysis.data_summary import prepare_state

        def work(feedback: Feedback) -> tuple[object, JoinReport]:
            report = draft.add_table(
                self.path, mapping, illustrative, existing, number_formats, feedback=feedback
            )
            return prepare_state(draft.data_state()), report  # the panels' summary too

        def apply(outcome: tuple[object, JoinReport]) -> None:
            if document.revision != basis:  # another change landed: join on that
                if self.jobs is not None:
                    self.jobs.say_stale(ui("job_join", name=self.path.name))
                self._attempt(existing, formats)
                return
            state, report = outcome
            self.apply(ReplaceAreaData(document, state, lazy("cmd_join")))
            self.report = report
            self._joined(report)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, WijkkaartError):
                error_box(self, exc, self.path).exec()
                return
            if exc.key == "join_would_overwrite" and existing is None:
                answer = self.ask_existing(str(exc))
                if answer is not None:
                    self._attempt(answer, formats)
                return
            # the reader names the columns it asks about in a list
            given = cast("Iterable[object]", exc.values.get("column_names", ()))
            names = [c for c in given if isinstance(c, str) and c not in formats]
            if exc.key.startswith("numbers_") and names:
                for column in names:  # the planner says how the numbers are written
                    mark = self.ask_decimal_mark(column, str(exc))
                    if mark is None:
                        return
                    formats[column] = mark
                self._attempt(existing, formats)
                return
            error_box(self, exc, self.path).exec()

        if self.jobs is None:
            try:
                outcome = work(Feedback())
            except Exception as exc:
                failed(exc)
                return
            apply(outcome)
            return
        self.jobs.start(
            "join",
            work,
            apply,
            on_error=failed,
            label=ui("job_join", name=self.path.name),
            path=self.path,
        )

    def _joined(self, report: JoinReport) -> None:
        text = ui("join_done", n=report.matched)
        if report.unmatched_rows:
            text += " " + ui("join_unmatched", codes=short_list(report.unmatched_rows))
        if report.areas_without_row:
            text += " " + ui("join_without", n=len(report.areas_without_row))
        self.summary.setText(text)
        self.accept()
