"""The map toolbar: file and undo actions, zoom, and the map tools as one exclusive group.

Icons are our own SVGs under ``resources/icons/`` (see the README there). The file, undo and zoom
buttons are the menu's own actions (one shortcut each, never bound twice); the tool buttons are
checkable and follow the canvas, so Esc in a tool or a menu shortcut shows on the toolbar too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize
from PySide6.QtGui import QAction, QActionGroup, QIcon
from PySide6.QtWidgets import QToolBar

from wijkkaart.messages import ui
from wijkkaart.paths import resources_dir

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow

# menu action key -> icon name
MENU_ACTIONS: tuple[tuple[str | None, str], ...] = (
    ("open_project", "open"),
    ("save_project", "save"),
    ("undo", "undo"),
    ("redo", "redo"),
    (None, ""),
    ("zoom_in", "zoom_in"),
    ("zoom_out", "zoom_out"),
    ("full_extent", "zoom_full"),
    (None, ""),
)
TOOL_ORDER = ("pan", "identify", "select", "lasso", "measure", "draw", "edit")


def icon(name: str) -> QIcon:
    return QIcon(str(resources_dir() / "icons" / f"{name}.svg"))


def build_toolbar(window: MainWindow) -> QToolBar:
    """The toolbar of ``window``; ``window.tool_actions`` maps tool names to their buttons."""
    bar = QToolBar(ui("toolbar_map"), window)
    bar.setObjectName("map_tools")
    bar.setIconSize(QSize(22, 22))
    actions = window.actions_by_key
    for key, name in MENU_ACTIONS:
        if key is None:
            bar.addSeparator()
            continue
        action = actions[key]
        action.setIcon(icon(name))
        bar.addAction(action)
    group = QActionGroup(bar)
    group.setExclusive(True)
    tools: dict[str, QAction] = {}
    starts: dict[str, Callable[[], object]] = {
        "draw": window.focus_actions.start_drawing,
        "edit": window.focus_actions.edit_current_focus_area,
    }
    for name in TOOL_ORDER:
        action = QAction(icon(name), ui(f"tool_{name}"), bar)
        action.setCheckable(True)
        action.triggered.connect(starts.get(name) or _set_tool(window, name))
        group.addAction(action)
        bar.addAction(action)
        tools[name] = action
    tools["pan"].setChecked(True)
    bar.addSeparator()
    export = actions["export"]
    export.setIcon(icon("export"))
    bar.addAction(export)

    def follow(name: str) -> None:
        action = tools.get(name)
        if action is not None:
            action.setChecked(True)

    window.canvas.tool_changed.connect(follow)
    window.tool_actions = tools
    return bar


def _set_tool(window: MainWindow, name: str) -> Callable[[], object]:
    return lambda: window.canvas.set_tool(name)
