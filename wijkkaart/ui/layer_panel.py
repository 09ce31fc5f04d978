"""The layer list: visibility, order (drag), name (double-click), opacity, remove."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.commands import Command, Macro, MoveItem, SetAttribute
from wijkkaart.layers.model import Follower, Layer, LayerList, follow
from wijkkaart.messages import lazy, ui

if TYPE_CHECKING:
    from wijkkaart.year_map import YearView

UID = Qt.ItemDataRole.UserRole


class LayerPanel(QWidget):
    """Top of the list is the top of the map (the reverse of drawing order)."""

    current_changed = Signal(object)  # Layer | None
    layer_inserted = Signal(object)  # Layer: added (or put back), so the window can zoom to it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layers: LayerList | None = None
        self.apply: Callable[[Command], None] = lambda command: command.do()
        self.end_merge: Callable[[], None] = lambda: None
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.list.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.opacity = QSlider(Qt.Orientation.Horizontal)
        self.opacity.setRange(0, 100)
        self.opacity.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(QLabel(ui("opacity")))
        row.addWidget(self.opacity)
        self.buttons: dict[str, QToolButton] = {}
        buttons = QHBoxLayout()
        for key, text in (("add", "+"), ("new", "▦"), ("remove", "−"), ("up", "▲"), ("down", "▼")):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(
                ui(
                    {
                        "add": "add_layer",
                        "new": "new_map_layer",
                        "remove": "remove_layer",
                        "up": "layer_up",
                        "down": "layer_down",
                    }[key]
                ).replace("&", "")
            )
            buttons.addWidget(button)
            self.buttons[key] = button
        buttons.addStretch(1)
        self.buttons["up"].clicked.connect(lambda: self.move_current(+1))
        self.buttons["down"].clicked.connect(lambda: self.move_current(-1))
        # the year bar's map (Door de jaren): said above the list, and on the row it takes
        self.year_view: YearView | None = None
        self.year_note = QLabel()
        self.year_note.setWordWrap(True)
        self.year_note.setStyleSheet("color: #1f4e79")
        self.year_note.hide()
        layout = self._layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.year_note)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self._syncing = False
        self.list.itemChanged.connect(self._item_changed)
        self.list.currentItemChanged.connect(self._current_changed)
        self.list.model().rowsMoved.connect(self._rows_moved)
        self.opacity.valueChanged.connect(self._opacity_changed)
        self.opacity.sliderReleased.connect(lambda: self.end_merge())

    def set_layers(self, layers: LayerList) -> None:
        """Show ``layers`` and follow them; the previous list is let go."""
        self.close_layers()
        self.layers = layers
        # what the list shows: names, order, visibility (and the current layer's opacity)
        skip = ("data_version", "style", "labels")
        self._follower: Follower | None = follow(layers, self.refresh, skip=skip)
        layers.events.inserted.connect(self._inserted)
        self.refresh()
        if self.list.count():
            self.list.setCurrentRow(0)

    def close_layers(self) -> None:
        """Disconnect from the shown list (a new document, or the panel closes)."""
        follower = getattr(self, "_follower", None)
        if follower is not None and self.layers is not None:
            follower.close()
            self.layers.events.inserted.disconnect(self._inserted)
        self._follower = None

    def closeEvent(self, event) -> None:
        self.close_layers()
        super().closeEvent(event)

    def _inserted(self, _index: int, layer: Layer) -> None:
        if layer is not None and self.layers is not None and layer in self.layers:
            self.select(layer)  # added or put back (an undo): the layer the planner works on
            self.layer_inserted.emit(layer)

    def current_layer(self) -> Layer | None:
        item = self.list.currentItem()
        if item is None or self.layers is None:
            return None
        return self.layers.find(item.data(UID))

    def select(self, layer: Layer) -> None:
        for row in range(self.list.count()):
            if self.list.item(row).data(UID) == layer.uid:
                self.list.setCurrentRow(row)

    def refresh(self) -> None:
        if self.layers is None or self._syncing:
            return
        self._syncing = True
        current = self.current_layer()
        item = self.list.currentItem()
        shown = item.data(UID) if item is not None else None  # its layer may be gone already
        row = self.list.currentRow()
        self.list.clear()
        for layer in reversed(list(self.layers)):
            item = QListWidgetItem(layer.name)
            item.setData(UID, layer.uid)
            item.setFlags(
                item.flags()
                | Qt.ItemFlag.ItemIsUserCheckable
                | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemIsDragEnabled
            )
            if self._hidden_by_year(layer):  # the row says what the map shows in its place
                item.setText(self.year_view.name)  # type: ignore[union-attr]
                item.setToolTip(ui("yv_layer_row_tip", layer=layer.name))
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
            item.setCheckState(Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.list.addItem(item)
            if current is not None and layer.uid == current.uid:
                self.list.setCurrentItem(item)
        if current is None and shown is not None and self.list.count():
            # the current layer was removed: its neighbour becomes current, as in QGIS, so the
            # style panel shows a layer that is there rather than the removed one's settings
            self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        self._syncing = False
        self._sync_opacity()
        self._say_year_view()
        after = self.current_layer()
        if (after.uid if after is not None else None) != shown:
            # the current layer was removed (an undo, a redo, the Remove button): said once,
            # so the style panel and the attribute table follow without being told by hand
            self.current_changed.emit(after)

    def heightForWidth(self, width: int) -> int:
        """As little as the panel needs at ``width``. The dock's scroll area gives a panel that
        wraps a line (the year note) the height it would like, taller than a laptop's dock: a
        scroll bar, where the list can simply be shorter."""
        height = self.minimumSizeHint().height()
        note = self.year_note
        if not note.isHidden():
            margins = self._layout.contentsMargins()
            inner = width - margins.left() - margins.right()
            height += max(0, note.heightForWidth(inner) - note.minimumSizeHint().height())
        return height

    def show_year_view(self, view: YearView | None) -> None:
        """The year bar's map is on (``view``) or off (None): the list says what is shown."""
        before, self.year_view = self.year_view, view
        if self._syncing:  # said while an edit made here is applied: refilled right after it
            QTimer.singleShot(0, self.refresh)
        elif before is not None and view is not None and before.replaced is view.replaced:
            self._rename_year_row()  # another year on the same row (playing): no refill
        else:
            self.refresh()

    def _rename_year_row(self) -> None:
        view = self.year_view
        assert view is not None
        self._syncing = True  # the new text is no rename
        for row in range(self.list.count()):
            item = self.list.item(row)
            if view.replaced is not None and item.data(UID) == view.replaced.uid:
                item.setText(view.name)
        self._syncing = False
        self._say_year_view()

    def _hidden_by_year(self, layer: Layer) -> bool:
        return self.year_view is not None and self.year_view.replaced is layer

    def _say_year_view(self) -> None:
        view = self.year_view
        if view is None:
            self.year_note.hide()
            return
        if view.replaced is not None:
            text = ui("yv_layer_note", name=view.name, layer=view.replaced.name)
        else:
            text = ui("yv_layer_note_above", name=view.name)
        self.year_note.setText(text)
        self.year_note.show()

    def _item_changed(self, item: QListWidgetItem) -> None:
        if self._syncing or self.layers is None:
            return
        layer = self.layers.find(item.data(UID))
        if layer is None:
            return
        self._syncing = True
        # the row of the year map shows its name, not the layer's: never taken as a rename
        # (decided now: the visibility change below may take the year map off this row)
        renamable = not self._hidden_by_year(layer)
        visible = item.checkState() == Qt.CheckState.Checked
        if visible != layer.visible:
            self.apply(SetAttribute(layer, "visible", visible, lazy("cmd_visible")))
        name = item.text().strip()
        if name and name != layer.name and renamable:
            rename: Command = SetAttribute(layer, "name", name, lazy("cmd_rename"))
            if getattr(layer, "auto_name", False):  # named by the user: no longer follows
                rename = Macro(
                    lazy("cmd_rename"),
                    [rename, SetAttribute(layer, "auto_name", False)],
                )
            self.apply(rename)
        self._syncing = False

    def _rows_moved(self, *_args: object) -> None:
        """Apply the order shown after a drag to the layer list."""
        if self.layers is None:
            return
        wanted = [self.list.item(r).data(UID) for r in range(self.list.count())][::-1]
        current = [layer.uid for layer in self.layers]
        if wanted == current or sorted(wanted) != sorted(current):
            return
        # One drag moves one layer: find it, and move it as one undoable step.
        first = next(i for i, (w, c) in enumerate(zip(wanted, current, strict=True)) if w != c)
        candidates = (wanted[first], current[first])
        for uid in candidates:
            trial = [u for u in current if u != uid]
            trial.insert(wanted.index(uid), uid)
            if trial == wanted:
                layer = self.layers.find(uid)
                self._syncing = True
                self.apply(MoveItem(self.layers, layer, wanted.index(uid), lazy("cmd_order")))
                self._syncing = False
                break
        self.refresh()

    def move_current(self, steps: int) -> None:
        """Move the selected layer up (positive) or down the map."""
        layer = self.current_layer()
        if layer is None or self.layers is None:
            return
        index = list(self.layers).index(layer)
        target = min(max(index + steps, 0), len(self.layers) - 1)
        if target != index:
            self.apply(MoveItem(self.layers, layer, target, lazy("cmd_order")))
            self.select(layer)

    def _current_changed(self, *_args: object) -> None:
        self._sync_opacity()
        if not self._syncing:
            self.current_changed.emit(self.current_layer())

    def _sync_opacity(self) -> None:
        layer = self.current_layer()
        self.opacity.setEnabled(layer is not None)
        if layer is not None:
            self.opacity.blockSignals(True)
            self.opacity.setValue(round(layer.opacity * 100))
            self.opacity.blockSignals(False)

    def _opacity_changed(self, value: int) -> None:
        layer = self.current_layer()
        if layer is not None and abs(layer.opacity - value / 100) > 1e-9:
            self.apply(
                SetAttribute(
                    layer,
                    "opacity",
                    value / 100,
                    lazy("cmd_opacity"),
                    merge_key=("opacity", layer.uid),
                )
            )
