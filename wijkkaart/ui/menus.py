"""The menu bar: which actions (ui/actions.py) sit in which menu, in what order."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMenuBar

from wijkkaart.messages import ui

RECENT = "<recent>"  # the Recente projecten submenu
DOCKS = "<docks>"  # one show/hide toggle per dock
SETTINGS = "<settings>"  # Instellingen (Taal), a menu of its own

# (menu title key, entries); None is a separator
MENUS: tuple[tuple[str, tuple[str | None, ...]], ...] = (
    (
        "menu_file",
        (
            "new_project",
            "open_project",
            "open_sample",
            "open_series",
            RECENT,
            "save_project",
            "save_project_as",
            None,
            "add_layer",
            "join_table",
            "add_data",
            "remove_data",
            "new_map_layer",
            "remove_layer",
            "export",
            None,
            "quit",
        ),
    ),
    (
        "menu_edit",
        ("undo", "redo", None, "focus_draw", "focus_compose", "lasso", "measure", "identify"),
    ),
    (
        "menu_view",
        (
            "zoom_in",
            "zoom_out",
            "zoom_layer",
            "zoom_selection",
            "zoom_wijk",
            "zoom_gemeente",
            "search",
            "attribute_table",
            "full_extent",
            "basemap",
            None,
            DOCKS,
        ),
    ),
    ("menu_map", ("bivariate_map", None, "add_series", "reference_vintage")),
    (SETTINGS, ()),
    ("menu_help", ("menu_manual", "menu_sources", "about")),
)


def build_menus(
    bar: QMenuBar,
    actions: dict[str, QAction],
    recent_menu: QMenu,
    settings_menu: QMenu,
    dock_toggles: Iterable[QAction],
) -> None:
    """Fill ``bar`` with the menus of :data:`MENUS`."""
    for title, entries in MENUS:
        if title == SETTINGS:
            bar.addMenu(settings_menu)
            continue
        menu = bar.addMenu(ui(title))
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif entry == RECENT:
                menu.addMenu(recent_menu)
            elif entry == DOCKS:
                for toggle in dock_toggles:
                    menu.addAction(toggle)
            else:
                menu.addAction(actions[entry])
