"""The shared look of the information and profile panels: a bold title and a figures table."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem


def title_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


FIGURE_WIDTH = 120  # the widest a figures column gets
LABEL_SHARE = 0.4  # of the table's width kept for the indicator names


class FiguresTable(QTableWidget):
    """A figures table that fits its width: the figures columns share what the labels leave.

    A figures column is as wide as its contents, at most :data:`FIGURE_WIDTH`, and all of them
    together at most 60 % of the width, so at 1366×768 the Gemeente column stays on screen
    (a longer text is elided in the middle).
    """

    def fit_columns(self) -> None:
        columns = self.columnCount()
        if columns < 2:
            return
        width = self.viewport().width()
        share = max(48, int(width * (1 - LABEL_SHARE) / (columns - 1)))
        for column in range(1, columns):
            self.resizeColumnToContents(column)
            self.setColumnWidth(column, min(self.columnWidth(column), FIGURE_WIDTH, share))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()


def figures_table(headers: list[str]) -> FiguresTable:
    """Read-only, compact rows; the first column stretches, the figures fit their contents.

    Long labels wrap onto a second line (the row grows to fit), and what still does not fit is
    elided in the middle, so "Waterdiepte bij overstroming, maximum" and "…, gemiddeld" stay
    two different rows instead of three times "Waterdiepte bij overstro…".
    """
    table = FiguresTable(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    table.verticalHeader().setMinimumSectionSize(22)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
    return table


def add_group_row(table: QTableWidget, text: str) -> None:
    """A grey, bold row that spans the table: the name of a group of indicators."""
    row = table.rowCount()
    table.insertRow(row)
    item = QTableWidgetItem(text)
    font = QFont(item.font())
    font.setBold(True)
    item.setFont(font)
    item.setBackground(QBrush(QColor("#ececec")))
    table.setItem(row, 0, item)
    table.setSpan(row, 0, 1, table.columnCount())


def table_rows(table: QTableWidget) -> list[tuple[str, ...]]:
    """The table as text (for tests and copying)."""
    out = []
    for r in range(table.rowCount()):
        cells = [table.item(r, c) for c in range(table.columnCount())]
        out.append(tuple(c.text() if c else "" for c in cells))
    return out
