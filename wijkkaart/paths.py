"""Where the bundled resources live (a checkout, an editable install or a PyInstaller build)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The ``resources/`` folder: next to the package in a checkout, in ``_MEIPASS`` when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def sample_project() -> Path:
    """The embedded Utrecht sample project file."""
    return resources_dir() / "sample" / "utrecht.wijkkaart"
