"""Focus areas: draw one, compose one from selected buurten, name, describe, colour, delete.

Every edit goes through the window's undo stack (``apply``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QColorDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.commands import Command, SetAttribute
from wijkkaart.layers.colours import is_reserved
from wijkkaart.layers.focus import FocusArea, FocusAreaList
from wijkkaart.layers.model import Follower, follow
from wijkkaart.messages import lazy, ui

UID = Qt.ItemDataRole.UserRole


def swatch(colour: str) -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


class FocusPanel(QWidget):
    current_changed = Signal(object)  # FocusArea | None
    draw_requested = Signal()
    compose_requested = Signal()
    delete_requested = Signal(object)
    edit_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.areas: FocusAreaList | None = None
        self.apply: Callable[[Command], None] = lambda command: command.do()
        self.list = QListWidget()
        self.draw = QPushButton(ui("focus_draw"))
        self.compose = QPushButton(ui("focus_compose"))
        self.delete = QPushButton(ui("focus_delete"))
        self.edit = QPushButton(ui("focus_edit"))
        self.edit.setCheckable(True)
        buttons = QHBoxLayout()
        for button in (self.draw, self.compose, self.edit, self.delete):
            buttons.addWidget(button)
        self.name = QLineEdit()
        self.description = QLineEdit()
        self.colour = QPushButton()
        form = QFormLayout()
        form.addRow(ui("focus_name"), self.name)
        form.addRow(ui("focus_description"), self.description)
        form.addRow(ui("focus_colour"), self.colour)
        self.colour_note = QLabel()  # says why the selection colour cannot be picked
        self.colour_note.setWordWrap(True)
        form.addRow(self.colour_note)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.list)
        layout.addLayout(form)
        self.draw.clicked.connect(self.draw_requested)
        self.compose.clicked.connect(self.compose_requested)
        self.delete.clicked.connect(self._request_delete)
        self.edit.toggled.connect(
            lambda on: self.edit_requested.emit(self.current() if on else None)
        )
        self.list.currentItemChanged.connect(self._current_changed)
        self.name.editingFinished.connect(lambda: self._set("name", self.name.text().strip()))
        self.description.editingFinished.connect(
            lambda: self._set("description", self.description.text().strip())
        )
        self.colour.clicked.connect(self.choose_colour)
        self._refreshing = False
        self._sync_form()

    def set_areas(self, areas: FocusAreaList) -> None:
        """Show ``areas`` and follow them; the previous list is let go."""
        follower = getattr(self, "_follower", None)
        if follower is not None:
            follower.close()
        self.areas = areas
        self._follower: Follower | None = follow(areas, self.refresh)
        self.refresh()

    def closeEvent(self, event) -> None:
        follower = getattr(self, "_follower", None)
        if follower is not None:
            follower.close()
            self._follower = None
        super().closeEvent(event)

    def _request_delete(self) -> None:
        area = self.current()
        if area is not None:
            self.delete_requested.emit(area)

    def current(self) -> FocusArea | None:
        item = self.list.currentItem()
        if item is None or self.areas is None:
            return None
        return next((a for a in self.areas if a.uid == item.data(UID)), None)

    def select(self, area: FocusArea | None, notify: bool = True) -> None:
        """Show ``area`` as chosen; ``notify=False`` does not emit ``current_changed``."""
        blocked = self.list.blockSignals(not notify) if not notify else None
        try:
            for row in range(self.list.count()):
                if area is not None and self.list.item(row).data(UID) == area.uid:
                    self.list.setCurrentRow(row)
                    return
            self.list.setCurrentRow(-1)
        finally:
            if blocked is not None:
                self.list.blockSignals(blocked)

    def refresh(self) -> None:
        if self.areas is None:
            return
        current = self.current()
        self._refreshing = True
        self.list.clear()
        for area in self.areas:
            item = QListWidgetItem(swatch(area.colour), area.name)
            item.setData(UID, area.uid)
            self.list.addItem(item)
        if current is not None and current in list(self.areas):
            self.select(current, notify=False)  # the same area again: no current_changed echo
        self._refreshing = False
        self._sync_form()

    def show_current(self, area: FocusArea | None) -> None:
        """The workspace chose ``area`` (a buurt selected un-chooses it): shown, not re-sent."""
        if area is not self.current():
            self.select(area, notify=False)
            self._sync_form()

    def _current_changed(self, *_args: object) -> None:
        self._sync_form()
        if not self._refreshing:
            self.current_changed.emit(self.current())

    def _sync_form(self) -> None:
        area = self.current()
        for widget in (self.name, self.description, self.colour, self.delete, self.edit):
            widget.setEnabled(area is not None)
        self.name.setText(area.name if area else "")
        self.description.setText(area.description if area else "")
        self.colour.setIcon(swatch(area.colour) if area else QIcon())
        self.colour.setText(area.colour if area else "")

    def _set(self, name: str, value: str) -> None:
        area = self.current()
        if area is not None and value and getattr(area, name) != value:
            self.apply(SetAttribute(area, name, value, lazy(f"cmd_focus_{name}")))

    def choose_colour(self, colour: str | None = None) -> None:
        area = self.current()
        if area is None:
            return
        if colour is None:
            picked = QColorDialog.getColor(QColor(area.colour), self)
            if not picked.isValid():
                return
            colour = picked.name()
        if is_reserved(colour):
            self.colour_note.setText(ui("focus_colour_reserved"))
            return
        self.colour_note.setText("")
        self._set("colour", colour)
