"""Start-up stays light: the main window's module does not load the heavy analysis libraries.

sklearn, scipy and rasterio (with spopt and libpysal) cost about a second together; they are
imported where they are needed (clustering, regions, rasters), never to show the window.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sklearn", "scipy", "rasterio", "spopt", "libpysal", "branca", "folium", "mapclassify")


def _loaded(setup: str, names: tuple[str, ...]) -> list[str]:
    """Which of ``names`` a fresh interpreter has imported after running ``setup``."""
    report = f"print(json.dumps([m for m in {names!r} if m in sys.modules]))\n"
    code = f"import json, sys\n{setup}{report}"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_main_window_module_does_not_import_heavy_libraries():
    loaded = _loaded("import wijkkaart.ui.main_window\n", HEAVY)
    assert loaded == [], f"imported at start-up: {loaded}"


def test_building_the_window_does_not_import_the_analysis_libraries():
    """The panels' own imports count too: the trend view once pulled in mapclassify and with it
    scipy.stats (3 s of a 4.3 s start). Not even branca: the style panel's ramp icons take
    ColorBrewer's colours from branca's table without importing branca (jinja2 and all)."""
    setup = (
        "from PySide6.QtWidgets import QApplication\n"
        "from wijkkaart.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "window = MainWindow()\n"
    )
    loaded = _loaded(setup, (*HEAVY, "jinja2"))
    assert loaded == [], f"imported while building the window: {loaded}"
