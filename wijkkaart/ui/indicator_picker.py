"""Choosing an indicator: grouped by theme, searchable, each with its unit.

A hundred indicators in one flat list cannot be read, and "Woningen met label G" (a count) and
"Label G" (a share) look alike without their units. The picker groups them under the
catalogue's themes (Bevolking, Wonen, Energie, …), shows "Label G (%)" beside "Woningen met
label G (aantal)", and filters as the planner types (on label, unit and theme).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from wijkkaart.catalogue import CATEGORY_ORDER, catalogue
from wijkkaart.messages import has_text, ui

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1


def indicator_caption(column: str, illustrative: bool = False) -> str:
    """``Label G (%)``: the label with its unit, ``*`` for voorbeeldgegevens."""
    entry = catalogue().get(column)
    text = entry.label if entry else column
    if entry is not None and entry.unit:
        text += f" ({entry.unit_label})"
    return text + (" *" if illustrative else "")


def theme_name(category: str) -> str:
    return ui(f"cat_{category}") if has_text(f"cat_{category}") else category


class _Indicators(QSortFilterProxyModel):
    """The picker's own rows without the theme headers: what the search offers."""

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        return index.data(ID_ROLE) is not None


class IndicatorPicker(QComboBox):
    """A combo box of indicators; ``currentData()`` is the indicator id (None for nothing)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items = QStandardItemModel(self)
        self.setModel(self.items)
        self.search_box = QLineEdit(self)
        self.setLineEdit(self.search_box)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.search_box.setPlaceholderText(ui("indicator_search"))
        self.choices = _Indicators(self)
        self.choices.setSourceModel(self.items)
        self.search = search = QCompleter(self.choices, self)
        search.setCompletionRole(SEARCH_ROLE)
        search.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        search.setFilterMode(Qt.MatchFlag.MatchContains)
        search.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        search.setMaxVisibleItems(15)
        self.setCompleter(search)
        # Typing that matched nothing leaves the chosen indicator as it was, and says so.
        self.search_box.editingFinished.connect(self._show_current)

    def set_indicators(self, columns: Iterable[str], illustrative: Iterable[str] = ()) -> None:
        """Fill with ``columns``, grouped in theme order (custom columns last)."""
        marked = set(illustrative)
        cat = catalogue()
        groups: dict[str, list[str]] = {}
        for column in columns:
            entry = cat.get(column)
            groups.setdefault(entry.category if entry else "eigen", []).append(column)
        blocked = self.blockSignals(True)
        self.items.clear()
        for category in [*CATEGORY_ORDER, *groups]:
            if category not in groups:
                continue
            header = QStandardItem(theme_name(category))
            header.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, never a choice
            font = QFont(header.font())
            font.setBold(True)
            header.setFont(font)
            header.setForeground(QBrush(QColor("#555555")))
            self.items.appendRow(header)
            for column in groups.pop(category):
                caption = indicator_caption(column, column in marked)
                item = QStandardItem(caption)
                item.setData(column, ID_ROLE)
                item.setData(f"{caption} · {theme_name(category)}", SEARCH_ROLE)
                entry = cat.get(column)
                item.setToolTip(entry.definition if entry else column)
                self.items.appendRow(item)
        self.setCurrentIndex(-1)
        self.blockSignals(blocked)
        # The lists open as wide as their longest caption, however narrow the panel is.
        wide = self.view().sizeHintForColumn(0) + 2 * self.view().frameWidth() + 24
        self.view().setMinimumWidth(wide)
        popup = self.search.popup()
        if popup is not None:
            popup.setMinimumWidth(wide)

    def select(self, column: str | None) -> bool:
        """Make ``column`` the current indicator; False when the picker does not offer it."""
        index = self.findData(column, ID_ROLE) if column is not None else -1
        if index >= 0:
            self.setCurrentIndex(index)
        self._show_current()
        return index >= 0

    def indicators(self) -> list[str]:
        """The offered indicator ids, in the order shown."""
        return [
            self.itemData(row, ID_ROLE)
            for row in range(self.count())
            if self.itemData(row, ID_ROLE) is not None
        ]

    def caption(self, column: str) -> str:
        """The text shown for ``column``."""
        return self.itemText(self.findData(column, ID_ROLE))

    def _show_current(self) -> None:
        row = self.currentIndex()
        self.setEditText(self.itemText(row) if row >= 0 else "")
