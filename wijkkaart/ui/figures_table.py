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


def figures_table(headers: list[str]) -> QTableWidget:
    """Read-only, compact rows; the first column stretches, the figures fit their contents.

    Long labels wrap onto a second line (the row grows to fit), and what still does not fit is
    elided in the middle, so "Waterdiepte bij overstroming, maximum" and "…, gemiddeld" stay
    two different rows instead of three times "Waterdiepte bij overstro…".
    """
    table = QTableWidget(0, len(headers))
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
