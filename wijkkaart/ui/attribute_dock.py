"""The attribute table in a dock under the map, following the document's selection model.

It shows the areas of the layer the map identifies on, and follows the document by itself: a
selection made anywhere (a click, the lasso, the search box, an undo) is shown in the table,
new columns (a join, an analysis, their undo) refill it, and rows chosen in the table become the
selection. It never waits for the window to refresh it, and lets go of a document it no longer
shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QDockWidget, QWidget

from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.model import AreaLayer
from wijkkaart.messages import ui
from wijkkaart.ui.attribute_table import AttributeTable

_EVENTS = ("selection", "data_changed", "layer_inserted", "layer_removed")


class AttributeDock(QDockWidget):
    def __init__(
        self,
        parent: QWidget,
        layer_of: Callable[[], AreaLayer | None],
        show_area: Callable[[AreaData, str], None],
        inputs: Callable[[], list[Path]],
        show_error: Callable[[Exception], object],
    ) -> None:
        super().__init__(ui("attribute_table").replace("&", ""), parent)
        self.setObjectName("attribute_table")
        self.layer_of = layer_of  # the layer the map identifies on (the window decides)
        self.show_area = show_area
        self.table = AttributeTable()
        self.table.inputs = inputs
        self._show_error = show_error
        self.table.show_error = self._error
        self.table.selection_changed.connect(self._table_selected)
        self.setWidget(self.table)
        self.document: Any = None
        self._data: AreaData | None = None
        self._from_table = False

    def _error(self, exc: Exception) -> None:
        self._show_error(exc)

    def set_document(self, document: Any) -> None:
        """Show ``document``'s areas and follow it (and no longer the one before)."""
        if document is self.document:
            self.refresh()
            return
        self._unfollow()
        self.document = document
        if document is not None:
            for name in _EVENTS:
                document.events[name].connect(self._document_changed)
        self._data = None
        self.refresh()

    def _unfollow(self) -> None:
        if self.document is not None:
            for name in _EVENTS:
                self.document.events[name].disconnect(self._document_changed)
        self.document = None

    def closeEvent(self, event) -> None:
        self._unfollow()
        super().closeEvent(event)

    def _document_changed(self, *_: object) -> None:
        if not self._from_table:
            self.refresh()

    def refresh(self) -> None:
        """Show the identify layer's data (refilled only when it is other data) and the
        selection of that layer."""
        if not self.isVisible() and self._data is not None:
            return  # hidden: filled again when shown
        layer = self.layer_of()
        data = layer.data if layer is not None else None
        if data is not self._data:
            self._data = data
            self.table.set_data(data)
            self.setWindowTitle(ui("attribute_table_title", name=layer.name if layer else ""))
        selection = self.document.selection if self.document is not None else None
        codes = selection.of(layer.uid) if selection is not None and layer is not None else []
        self.table.set_selection(codes)

    def _table_selected(self, codes: list[str]) -> None:
        layer = self.layer_of()
        if layer is None or layer.data is None or self.document is None:
            return
        index = layer.data.frame.index
        self._from_table = True  # the table already shows it: no echo
        try:
            self.document.selection.select(layer.uid, [c for c in codes if c in index])
        finally:
            self._from_table = False
        if len(codes) == 1:
            self.show_area(layer.data, codes[0])
