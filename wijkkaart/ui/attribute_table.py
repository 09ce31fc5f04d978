"""The attribute table of the area layer: every buurt with its figures, linked to the map.

Selecting rows selects the buurten on the map and the other way round; "alleen selectie" shows
just the selected buurten; the rows shown (in the order shown) can be saved as CSV, never over one
of the project's inputs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.catalogue import catalogue
from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.formatting import format_value
from wijkkaart.messages import WijkkaartError, ui

CODE_ROLE = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex  # what Qt passes to a model's methods


class AreaTableModel(QAbstractTableModel):
    """Rows are areas (in the order and filter chosen), columns the code and the attributes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frame = pd.DataFrame()
        self.rows: list[int] = []  # positions in ``frame`` shown, in display order
        self.only: set[str] | None = None
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_data(self, data: AreaData | None) -> None:
        self.beginResetModel()
        if data is None:
            self.frame = pd.DataFrame()
        else:
            frame = pd.DataFrame(data.frame.drop(columns="geometry", errors="ignore"))
            first = [c for c in ("naam",) if c in frame.columns]
            self.frame = frame[first + [c for c in frame.columns if c not in first]]
        self._refilter()
        self.endResetModel()

    def set_only(self, codes: Iterable[str] | None) -> None:
        """Show only these codes (None: all)."""
        self.beginResetModel()
        self.only = None if codes is None else set(codes)
        self._refilter()
        self.endResetModel()

    def _refilter(self) -> None:
        positions = np.arange(len(self.frame))
        if self.only is not None:
            positions = positions[self.frame.index.isin(list(self.only))]
        self.rows = positions.tolist()
        if self._sort is not None:
            self._apply_sort(*self._sort)

    def columns(self) -> list[str]:
        return ["code", *map(str, self.frame.columns)]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.frame.columns) + 1

    def code_at(self, row: int) -> str:
        return str(self.frame.index[self.rows[row]])

    def row_of(self, code: str) -> int | None:
        try:
            position = self.frame.index.get_loc(code)
        except KeyError:
            return None
        try:
            return self.rows.index(int(position))
        except (ValueError, TypeError):
            return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == CODE_ROLE:
            return str(self.frame.index[row])
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() > 0:
            value = self.frame.iat[row, index.column() - 1]
            if isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if index.column() == 0:
            return str(self.frame.index[row])
        column = self.frame.columns[index.column() - 1]
        return self.text(self.frame.iat[row, index.column() - 1], str(column))

    @staticmethod
    def text(value: object, column: str) -> str:
        if isinstance(value, (bool, np.bool_)):
            return ui("attribute_yes") if value else ui("attribute_no")
        if value is None or (isinstance(value, float) and np.isnan(value)):
            return ""
        if isinstance(value, (int, float, np.number)):
            return format_value(column, float(value))
        return str(value)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return section + 1
        if section == 0:
            return ui("attribute_code")
        column = str(self.frame.columns[section - 1])
        entry = catalogue().get(column)
        return entry.label if entry is not None else column

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort(column, order)
        self.layoutChanged.emit()

    def _apply_sort(self, column: int, order: Qt.SortOrder) -> None:
        if column == 0:
            keys = pd.Series(self.frame.index.astype(str), index=range(len(self.frame)))
        else:
            keys = self.frame.iloc[:, column - 1].reset_index(drop=True)
        shown = keys.iloc[self.rows]
        ascending = order == Qt.SortOrder.AscendingOrder
        try:
            ordered = shown.sort_values(ascending=ascending, na_position="last", kind="stable")
        except TypeError:  # mixed text and numbers: sort as text
            ordered = shown.astype(str).sort_values(ascending=ascending, kind="stable")
        self.rows = ordered.index.tolist()

    def shown_frame(self) -> pd.DataFrame:
        """The rows shown, in the order shown, for export."""
        frame = self.frame.iloc[self.rows]
        frame.index.name = "code"
        return frame


class AttributeTable(QWidget):
    """Table view with the "alleen selectie" filter and CSV export."""

    selection_changed = Signal(list)  # codes chosen in the table

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: AreaData | None = None
        self.selected: list[str] = []
        self.inputs: Callable[[], list[Path]] = list
        self.show_error: Callable[[Exception], None] = lambda exc: None
        self.model = AreaTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicatorShown(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by code, as CBS lists them
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.setAlternatingRowColors(True)
        self.only_selection = QCheckBox(ui("attribute_only_selection"))
        self.export_button = QPushButton(ui("attribute_export"))
        self.count = QLabel()
        row = QHBoxLayout()
        row.addWidget(self.only_selection)
        row.addWidget(self.count, 1)
        row.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.view)
        self._syncing = False
        self.view.selectionModel().selectionChanged.connect(self._rows_selected)
        self.only_selection.toggled.connect(lambda _on: self._filter())
        self.export_button.clicked.connect(lambda: self.export())
        self.model.modelReset.connect(self._update_count)
        self.model.layoutChanged.connect(lambda *_: self._show_selected())

    def set_data(self, data: AreaData | None) -> None:
        self.data = data
        self.model.set_data(data)
        self.selected = [c for c in self.selected if data is not None and c in data.frame.index]
        self._filter()
        self.view.resizeColumnsToContents()
        for column in range(self.model.columnCount()):
            if self.view.columnWidth(column) > 220:
                self.view.setColumnWidth(column, 220)

    def set_selection(self, codes: list[str]) -> None:
        """Show the map's selection (does not signal back)."""
        self.selected = list(codes)
        if self.only_selection.isChecked():
            self._filter()
        else:
            self._show_selected()

    def _filter(self) -> None:
        self.model.set_only(self.selected if self.only_selection.isChecked() else None)
        self._show_selected()

    def _show_selected(self) -> None:
        self._syncing = True
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for code in self.selected:
            row = self.model.row_of(code)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        self.view.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        if self.selected:
            row = self.model.row_of(self.selected[0])
            if row is not None:
                self.view.scrollTo(self.model.index(row, 0))
        self._syncing = False
        self._update_count()

    def _rows_selected(self, *_args: object) -> None:
        if self._syncing:
            return
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        self.selected = [self.model.code_at(r) for r in rows]
        self._update_count()
        self.selection_changed.emit(list(self.selected))

    def _update_count(self) -> None:
        self.count.setText(
            ui("attribute_count", shown=self.model.rowCount(), total=len(self.model.frame))
        )

    def export(self, path: str | None = None) -> Path | None:
        """Save the rows shown as CSV (Dutch Excel style), atomically, never over an input."""
        if path is None:
            from wijkkaart.ui import folders

            near = next(iter(self.inputs()), None)
            name = ui("file_attributes")
            path = folders.ask_save(self, ui("attribute_export"), name, near, "CSV (*.csv)")
        if not path:
            return None
        from wijkkaart.safe_output import atomic_path

        target = Path(path)
        try:
            with atomic_path(target, inputs=self.inputs()) as tmp:
                self.model.shown_frame().to_csv(tmp, sep=";", decimal=",", encoding="utf-8-sig")
        except (WijkkaartError, OSError) as exc:
            self.show_error(exc)
            return None
        return target
