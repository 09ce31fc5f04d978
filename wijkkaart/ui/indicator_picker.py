"""Choosing an indicator: grouped by theme, searchable, each with its unit.

A hundred indicators in one flat list cannot be read, and "Woningen met label G" (a count) and
"Label G" (a share) look alike without their units. The picker groups them under the
catalogue's themes (Bevolking, Wonen, Energie, …), shows "Label G (%)" beside "Woningen met
label G (aantal)", and filters as the planner types (on label, unit and theme). Indicators
without a single figure in the data (27 of 30 in the real Ermelo 2021 file) are not offered:
they stand greyed in their own group at the end, each saying why, and the search skips them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import cast

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from wijkkaart.catalogue import CATEGORY_ORDER, catalogue
from wijkkaart.messages import has_text, reason_text, ui

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
        model = cast(QStandardItemModel, self.sourceModel())  # the picker's own items
        item = model.itemFromIndex(index)
        return index.data(ID_ROLE) is not None and item is not None and item.isEnabled()


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

    def set_indicators(
        self,
        columns: Iterable[str],
        illustrative: Iterable[str] = (),
        without_figures: Mapping[str, str] | None = None,
    ) -> None:
        """Fill with ``columns``, grouped in theme order (custom columns last).

        ``without_figures`` maps the columns that have no figure at all to a reason key: they
        are shown greyed in a last group, not offered.
        """
        marked = set(illustrative)
        empty = dict(without_figures or {})
        cat = catalogue()
        groups: dict[str, list[str]] = {}
        for column in columns:
            if column in empty:
                continue
            entry = cat.get(column)
            groups.setdefault(entry.category if entry else "eigen", []).append(column)
        blocked = self.blockSignals(True)
        self.items.clear()
        for category in [*CATEGORY_ORDER, *groups]:
            if category not in groups:
                continue
            self._add_header(theme_name(category))
            for column in groups.pop(category):
                caption = indicator_caption(column, column in marked)
                item = QStandardItem(caption)
                item.setData(column, ID_ROLE)
                item.setData(f"{caption} · {theme_name(category)}", SEARCH_ROLE)
                entry = cat.get(column)
                item.setToolTip(entry.definition if entry else column)
                self.items.appendRow(item)
        shown = [c for c in columns if c in empty]
        if shown:
            self._add_header(ui("picker_without_figures", n=len(shown)))
            for column in shown:
                item = QStandardItem(indicator_caption(column, column in marked))
                item.setData(column, ID_ROLE)
                item.setFlags(Qt.ItemFlag.NoItemFlags)  # greyed: nothing to map
                item.setToolTip(ui("picker_no_figures_tip", reason=reason_text(empty[column])))
                self.items.appendRow(item)
        self.setCurrentIndex(-1)
        self.blockSignals(blocked)
        # The lists open as wide as their longest caption, however narrow the panel is.
        wide = self.view().sizeHintForColumn(0) + 2 * self.view().frameWidth() + 24
        self.view().setMinimumWidth(wide)
        popup = self.search.popup()
        if popup is not None:
            popup.setMinimumWidth(wide)

    def _add_header(self, text: str) -> None:
        header = QStandardItem(text)
        header.setFlags(Qt.ItemFlag.NoItemFlags)  # a heading, never a choice
        font = QFont(header.font())
        font.setBold(True)
        header.setFont(font)
        header.setForeground(QBrush(QColor("#555555")))
        self.items.appendRow(header)

    def select(self, column: str | None) -> bool:
        """Make ``column`` the current indicator; False when the picker does not offer it."""
        index = self.findData(column, ID_ROLE) if column is not None else -1
        if index >= 0:
            self.setCurrentIndex(index)
        self._show_current()
        return index >= 0

    def indicators(self) -> list[str]:
        """The offered indicator ids (those with figures), in the order shown."""
        return [
            self.itemData(row, ID_ROLE)
            for row in range(self.count())
            if self.itemData(row, ID_ROLE) is not None and self._enabled(row)
        ]

    def unavailable(self) -> list[str]:
        """The indicators shown greyed because the data hold no figure of them."""
        return [
            self.itemData(row, ID_ROLE)
            for row in range(self.count())
            if self.itemData(row, ID_ROLE) is not None and not self._enabled(row)
        ]

    def _enabled(self, row: int) -> bool:
        item = self.items.item(row)
        return item is not None and item.isEnabled()

    def caption(self, column: str) -> str:
        """The text shown for ``column``."""
        return self.itemText(self.findData(column, ID_ROLE))

    def _show_current(self) -> None:
        row = self.currentIndex()
        self.setEditText(self.itemText(row) if row >= 0 else "")
