"""A search field that finds a buurt, wijk or gemeente by name or code (Ctrl+F).

Matching is by substring, ignoring case and accents ("sudermeer" finds "Südermeer"), so a
planner can type what they remember of a name. The places and the matching are Qt-free in
``wijkkaart/places.py`` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from wijkkaart.messages import ui
from wijkkaart.places import MAX_SHOWN, Place, find, fold, names_from_frames, places_of

__all__ = ["MAX_SHOWN", "AreaSearchBox", "Place", "find", "fold", "names_from_frames", "places_of"]


class AreaSearchBox(QLineEdit):
    """Type part of a name or code; choose from the list (or Enter for the best) to go there."""

    found = Signal(object)  # Place
    not_found = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.places: list[Place] = []
        self.provider: Callable[[], list[Place]] | None = None  # asked at each search
        self.matches: list[Place] = []
        self.setPlaceholderText(ui("search_placeholder"))
        self.setClearButtonEnabled(True)
        self.setMinimumWidth(300)
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        # the text overload of the signal; PySide6's stub types no overloaded signal
        self._completer.activated[str].connect(self._chosen)  # type: ignore[index]
        self.textEdited.connect(self._update_matches)
        self.returnPressed.connect(self.go)

    def set_places(self, places: list[Place]) -> None:
        self.places = places
        self.matches = []
        self._model.setStringList([])

    def current_places(self) -> list[Place]:
        return self.provider() if self.provider is not None else self.places

    def _update_matches(self, text: str) -> None:
        self.matches = find(self.current_places(), text)
        self._model.setStringList([p.label for p in self.matches])
        if self.matches:
            self._completer.complete()
        else:
            self._popup().hide()

    def _popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None  # a popup completer makes its list view when first asked
        return popup

    def _chosen(self, label: str) -> None:
        place = next((p for p in self.matches if p.label == label), None)
        if place is not None:
            self._go_to(place)

    def go(self) -> Place | None:
        """Go to the best match of the text typed (Enter)."""
        popup = self._popup()
        row = popup.currentIndex().row() if popup.isVisible() else -1
        if 0 <= row < len(self.matches):  # the suggestion highlighted in the list
            self._go_to(self.matches[row])
            return self.matches[row]
        matches = find(self.current_places(), self.text())
        if not matches:
            if self.text().strip():
                self.not_found.emit(self.text().strip())
            return None
        self._go_to(matches[0])
        return matches[0]

    def _go_to(self, place: Place) -> None:
        self._popup().hide()
        self.blockSignals(True)
        self.setText(place.name or place.code)
        self.blockSignals(False)
        self.found.emit(place)
