"""The interactive HTML map is made without Qt (design point 6): its legend blocks and sources
line come from layers/, Qt-free, as the print's do. Before, export/web.py took ``sources_line``
from export/layout.py and the legend from render/legend.py, so the HTML export loaded QtGui.

The export runs in a child process with PySide6 blocked (as tests/test_repository.py's
BLOCK_QT); its page must be byte for byte the page made here, where Qt may be loaded.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from wijkkaart.export.web import export_html
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.sources import sources_line

ROOT = Path(__file__).resolve().parents[2]

WITHOUT_QT = """
import json, sys
from pathlib import Path

class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith("PySide6."):
            raise ImportError(f"blocked for this test: {name}")
        return None

sys.meta_path.insert(0, NoQt())
from wijkkaart.export.web import export_html
from wijkkaart.layers.document import MapDocument

document = MapDocument.open(Path(sys.argv[1]))
export_html(document, Path(sys.argv[2]))
loaded = [m for m in sys.modules if m.startswith(("PySide6", "wijkkaart.render", "wijkkaart.ui"))]
print(json.dumps(loaded))
"""


def test_the_html_export_runs_with_pyside6_blocked_and_makes_the_same_page(sample, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    project = folder / "utrecht.wijkkaart"
    blocked = tmp_path / "zonder_qt.html"
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_QT, str(project), str(blocked)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
    document = MapDocument.open(project)
    here = export_html(document, tmp_path / "hier.html")
    assert blocked.read_bytes() == here.read_bytes()
    sources, _ = sources_line(list(document.layers))
    assert sources.startswith("Bron: ") and "CBS" in sources
    page = blocked.read_text(encoding="utf-8")
    assert json.dumps(sources, ensure_ascii=True) in page  # the legend's sources, as data
