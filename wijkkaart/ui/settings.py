"""The user's settings file, found through ``platformdirs``: per user, never in the program folder.

One INI file on every platform (``~/.config/wijkkaart/wijkkaart.conf`` on Linux, which is where
``QSettings("wijkkaart", "wijkkaart")`` kept it, so existing settings stay; ``%LOCALAPPDATA%``
on Windows instead of the registry), so the built program can run from a read-only folder and IT
can inspect or pre-fill the file.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QSettings

APP = "wijkkaart"


def settings_file() -> Path:
    """Where the settings live for this user (the folder is created when first written)."""
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / f"{APP}.conf"


def user_settings() -> QSettings:
    """wijkkaart's settings (recent projects, last folder, autosave interval)."""
    return QSettings(str(settings_file()), QSettings.Format.IniFormat)
