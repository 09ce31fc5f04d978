"""A search field that finds a buurt, wijk or gemeente by name or code (Ctrl+F).

Matching is by substring, ignoring case and accents ("sudermeer" finds "Südermeer"), so a
planner can type what they remember of a name. Wijken and gemeenten are found through the codes of
their buurten; their names come from outline layers (wijkgrenzen) or a known list when present.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QCompleter, QLineEdit, QWidget

from wijkkaart.io.codes import level_of, parent_code
from wijkkaart.io.dataset import AreaData
from wijkkaart.messages import level_text, ui

LEVEL_ORDER = {"gemeente": 0, "wijk": 1, "buurt": 2}
MAX_SHOWN = 20


@dataclass(frozen=True)
class Place:
    """Something to find: its level, CBS code, name and the area codes that make it up."""

    level: str
    code: str
    name: str
    codes: tuple[str, ...]

    @property
    def label(self) -> str:
        level = level_text(self.level)
        return ui("search_found", level=level, name=self.name or self.code, code=self.code)


def fold(text: object) -> str:
    """Lower case without accents, for comparing what was typed with a name."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def places_of(data: AreaData, names: Mapping[str, str] | None = None) -> list[Place]:
    """Every area of ``data`` plus the wijken and gemeenten its codes belong to."""
    names = dict(names or {})
    frame = data.frame
    own = frame["naam"] if "naam" in frame.columns else pd.Series("", index=frame.index)
    groups: dict[str, list[str]] = {}
    out: list[Place] = []
    for code, name in zip(frame.index, own, strict=True):
        code = str(code)
        level = level_of(code) or data.level
        text = "" if pd.isna(name) else str(name)
        out.append(Place(level, code, text or names.get(code, ""), (code,)))
        for parent_level in ("wijk", "gemeente"):
            parent = parent_code(code, parent_level)
            if parent and parent != code:
                groups.setdefault(parent, []).append(code)
    known = {p.code for p in out}
    for parent, codes in groups.items():
        if parent not in known:
            out.append(Place(level_of(parent) or "", parent, names.get(parent, ""), tuple(codes)))
    return out


def names_from_frames(frames: Iterable[pd.DataFrame]) -> dict[str, str]:
    """CBS code -> name from outline layers: any column of codes beside a column of names."""
    names: dict[str, str] = {}
    for frame in frames:
        if frame is None or not len(frame):
            continue
        columns = [c for c in frame.columns if c != "geometry"]
        code_columns = [
            c
            for c in columns
            if not pd.api.types.is_numeric_dtype(frame[c])
            and frame[c].astype(str).str.match(r"^(WK|GM|BU)\d{4,8}$").mean() > 0.8
        ]
        if not code_columns and frame.index.astype(str).str.match(r"^(WK|GM|BU)\d").all():
            codes = frame.index.astype(str)
        elif code_columns:
            codes = frame[code_columns[0]].astype(str)
        else:
            continue
        name_column = next(
            (c for c in columns if "naam" in str(c).lower() or str(c).lower() == "name"), None
        )
        if name_column is None:
            continue
        for code, name in zip(codes, frame[name_column], strict=True):
            if pd.notna(name) and str(name).strip():
                names.setdefault(code, str(name).strip())
    return names


def find(places: Iterable[Place], text: str, limit: int = MAX_SHOWN) -> list[Place]:
    """Places whose name or code contains ``text``: exact first, then starts-with, then others."""
    wanted = fold(text)
    if not wanted:
        return []
    hits = []
    for place in places:
        name, code = fold(place.name), fold(place.code)
        if wanted in name or wanted in code:
            rank = 0 if wanted in (name, code) else 1 if name.startswith(wanted) else 2
            hits.append((rank, LEVEL_ORDER.get(place.level, 3), name, place))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits[:limit]]


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
