"""The interactive HTML map is made without Qt (design point 6): its legend blocks and sources
line come from layers/, Qt-free, as the print's do. Before, export/web.py took ``sources_line``
from export/layout.py and the legend from render/legend.py, so the HTML export loaded QtGui;
``wijkkaart export --out kaart.html`` also made a QGuiApplication first, as for a PDF.

The export runs in a child process with PySide6 blocked (as tests/test_repository.py's
BLOCK_QT); its page must be byte for byte the page made here, where Qt may be loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.no_qt import BLOCK_PYSIDE6
from wijkkaart.export.settings import PrintSettings
from wijkkaart.export.web import export_html
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.sources import sources_line

ROOT = Path(__file__).resolve().parents[2]

BLOCK = (
    BLOCK_PYSIDE6
    + """
import json
from pathlib import Path
"""
)
LOADED = """
loaded = [m for m in sys.modules if m.startswith(("PySide6", "wijkkaart.render", "wijkkaart.ui"))]
print(json.dumps(loaded))
"""
WITHOUT_QT = (
    BLOCK
    + """
from wijkkaart.export.web import export_html
from wijkkaart.layers.document import MapDocument

document = MapDocument.open(Path(sys.argv[1]))
export_html(document, Path(sys.argv[2]))
"""
    + LOADED
)
CLI_WITHOUT_QT = (
    BLOCK
    + """
from wijkkaart.cli import main

code = main(sys.argv[1:])
"""
    + LOADED
    + """
sys.exit(code)
"""
)


def _run(script: str, *args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env={**os.environ, "WIJKKAART_LANG": "nl"},
    )


def test_the_html_export_runs_with_pyside6_blocked_and_makes_the_same_page(sample, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    project = folder / "utrecht.wijkkaart"
    blocked = tmp_path / "zonder_qt.html"
    result = _run(WITHOUT_QT, project, blocked)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    document = MapDocument.open(project)
    here = export_html(document, tmp_path / "hier.html")
    assert blocked.read_bytes() == here.read_bytes()
    sources, _ = sources_line(list(document.layers))
    assert sources.startswith("Bron: ") and "CBS" in sources
    page = blocked.read_text(encoding="utf-8")
    assert json.dumps(sources, ensure_ascii=True) in page  # the legend's sources, as data


def test_the_cli_writes_an_html_map_with_pyside6_blocked(sample, tmp_path):
    """On a server without Qt: ``wijkkaart export PROJECT --out kaart.html``, the same page."""
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    project = folder / "utrecht.wijkkaart"
    out = tmp_path / "kaart.html"
    result = _run(CLI_WITHOUT_QT, "export", project, "--out", out)
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    assert f"Geschreven: {out}" in result.stdout
    document = MapDocument.open(project)
    saved = PrintSettings.of(document)  # the project's print title, as the CLI takes it
    here = export_html(document, tmp_path / "hier.html", title=saved.title, subtitle=saved.subtitle)
    assert out.read_bytes() == here.read_bytes()
