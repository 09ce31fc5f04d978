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


def test_main_window_module_does_not_import_heavy_libraries():
    code = (
        "import json, sys\n"
        "import wijkkaart.ui.main_window\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"imported at start-up: {loaded}"


def test_building_the_window_does_not_import_the_analysis_libraries():
    """The panels' own imports count too: the trend view once pulled in mapclassify and with it
    scipy.stats (3 s of a 4.3 s start). Only branca may load here: the style panel draws its
    ramp icons with ColorBrewer's colours."""
    heavy = tuple(m for m in HEAVY if m != "branca")
    code = (
        "import json, sys\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from wijkkaart.ui.main_window import MainWindow\n"
        "app = QApplication([])\n"
        "window = MainWindow()\n"
        f"print(json.dumps([m for m in {heavy!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded == [], f"imported while building the window: {loaded}"
