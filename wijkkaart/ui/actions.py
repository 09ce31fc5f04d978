"""The window's commands as QActions: text, shortcut and slot, in one table.

The menus (ui/menus.py) and the toolbar (ui/toolbar.py, which adds icons) show these same
actions, so every shortcut is bound once. The actions are children of the window, so a language
switch re-translates their texts with the rest of the window (``retranslate_tree`` in
ui/language.py); undo and redo name their step and are rebuilt by the window on each stack change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence

from wijkkaart.messages import ui
from wijkkaart.ui.about_dialog import show_about

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow

Key = QKeySequence.StandardKey | str
Shortcut = Key | list[Key] | None
Std = QKeySequence.StandardKey


def make_action(parent: QObject, key: str, slot: Callable, shortcut: Shortcut = None) -> QAction:
    """An action with the text of message ``key``; each key sequence bound once."""
    action = QAction(ui(key), parent)
    if shortcut is not None:
        shortcuts = shortcut if isinstance(shortcut, list) else [shortcut]
        # One key sequence once: Redo is Ctrl+Shift+Z on Linux already (a twice-bound key
        # is ambiguous to Qt and then does nothing).
        keys = list(dict.fromkeys(QKeySequence(s).toString() for s in shortcuts))
        action.setShortcuts([QKeySequence(k) for k in keys if k])
    action.triggered.connect(slot)
    return action


def action_table(window: MainWindow) -> list[tuple[str, Callable, Shortcut]]:
    """(message key, slot, shortcut) of every menu command, in menu order."""
    canvas, files, navigation = window.canvas, window.files, window.navigation
    layers = window.layer_actions
    return [
        # Bestand
        ("new_project", files.new_project, Std.New),
        ("open_project", files.choose_project, Std.Open),
        ("open_sample", files.open_sample, None),
        ("open_series", window.series_opener.choose, "Ctrl+Shift+O"),
        ("save_project", files.save_or_save_as, Std.Save),
        ("save_project_as", files.save_as, Std.SaveAs),
        ("add_layer", layers.choose_layer_file, "Ctrl+L"),
        ("join_table", layers.choose_table, "Ctrl+T"),
        ("add_data", layers.add_data, "Ctrl+Shift+D"),
        ("remove_data", lambda: layers.remove_data(), None),
        ("new_map_layer", layers.add_area_layer, "Ctrl+Shift+N"),
        ("remove_layer", layers.remove_current_layer, "Del"),
        ("export", window.open_export, "Ctrl+E"),
        ("quit", window.close, Std.Quit),
        # Bewerken
        ("undo", window.stack.undo, Std.Undo),
        ("redo", window.stack.redo, [Std.Redo, "Ctrl+Shift+Z"]),
        ("focus_draw", window.focus_actions.start_drawing, "Ctrl+D"),
        ("focus_compose", window.focus_actions.focus_from_selection, None),
        # Ctrl+Shift+S is Save As: the lasso gets its own shortcut.
        ("lasso", canvas.start_lasso, "Ctrl+Shift+K"),
        ("measure", canvas.start_measuring, "Ctrl+M"),
        ("identify", lambda: canvas.set_tool("identify"), "Ctrl+I"),
        # Beeld
        ("zoom_in", lambda: canvas.zoom(1.5), [Std.ZoomIn, "Ctrl+="]),
        ("zoom_out", lambda: canvas.zoom(1 / 1.5), Std.ZoomOut),
        ("zoom_layer", navigation.zoom_to_layer, "Ctrl+Shift+L"),
        ("zoom_selection", navigation.zoom_to_selection, "Ctrl+J"),
        ("zoom_wijk", navigation.zoom_to_wijk, None),
        ("zoom_gemeente", navigation.zoom_to_gemeente, None),
        ("search", navigation.focus_search, Std.Find),
        ("attribute_table", window.show_attribute_table, "Ctrl+Shift+A"),
        ("full_extent", navigation.full_extent, ["Ctrl+Shift+F", "Home"]),
        ("basemap", layers.toggle_basemap, None),
        # Kaart
        ("bivariate_map", layers.make_bivariate, None),
        ("add_series", lambda: window.series_actions.add_series(), None),
        ("reference_vintage", lambda: window.series_actions.choose_reference(), None),
        # Help
        ("menu_manual", window.show_manual, "F1"),
        ("menu_sources", window.show_sources, None),
        ("about", lambda: show_about(window), None),
    ]


CHECKABLE = ("basemap",)


def build_actions(window: MainWindow) -> dict[str, QAction]:
    """The window's actions by message key (``window.actions_by_key``)."""
    actions = {
        key: make_action(window, key, slot, shortcut)
        for key, slot, shortcut in action_table(window)
    }
    for key in CHECKABLE:
        actions[key].setCheckable(True)
    return actions
