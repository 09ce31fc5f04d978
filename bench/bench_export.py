"""Benchmark exports; prints its figures (not part of the test run).

Run: .venv/bin/python bench/bench_export.py
Targets (issue 5): A3 PDF of the national dataset < 3 s and < 15 MB (QGIS 3.22: 7.6 s, 21 MB);
Utrecht sample A4 PDF < 1 s; PNG A3 300 dpi national < 4 s; HTML of Utrecht < 2 s and < 3 MB;
a 20-page booklet < 20 s.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtGui import QGuiApplication

from bench.national import OUT, national_buurten
from wijkkaart.export.layout import PageOptions
from wijkkaart.export.printing import export_atlas, export_map
from wijkkaart.export.web import export_html
from wijkkaart.layers.document import MapDocument
from wijkkaart.paths import sample_project
from wijkkaart.project import SCHEMA_VERSION


def national_project() -> Path:
    path = OUT / "national.wijkkaart"
    gpkg = national_buurten()
    project = {
        "schema_version": SCHEMA_VERSION,
        "name": "Nederland (synthetisch)",
        "areas": {"path": gpkg.name},
        "layers": [
            {
                "kind": "areas",
                "name": "Koopwoningen",
                "source": {"dataset": "project"},
                "style": {"kind": "choropleth", "indicator": "percentage_koopwoningen"},
                "labels": True,
            }
        ],
    }
    path.write_text(json.dumps(project), encoding="utf-8")
    return path


def timed(label: str, func, target: str, size_of: Path | None = None) -> None:
    start = time.perf_counter()
    func()
    seconds = time.perf_counter() - start
    size = f"  {size_of.stat().st_size / 1e6:6.1f} MB" if size_of else ""
    print(f"{label:<44} {seconds:7.2f} s{size}   ({target})")


def main() -> None:
    app = QGuiApplication.instance() or QGuiApplication([])
    out = Path(tempfile.mkdtemp())
    national = MapDocument.open(national_project())
    utrecht = MapDocument.open(sample_project())
    a3 = PageOptions(paper="A3", title="Koopwoningen per buurt")
    timed(
        "A3 PDF, national (14,500 buurten)",
        lambda: export_map(national, out / "nl.pdf", a3, dpi=300),
        "< 3 s, < 15 MB",
        out / "nl.pdf",
    )
    timed(
        "A4 PDF, Utrecht sample",
        lambda: export_map(utrecht, out / "utrecht.pdf", PageOptions(), dpi=300),
        "< 1 s",
        out / "utrecht.pdf",
    )
    timed(
        "A3 PNG at 300 dpi, national",
        lambda: export_map(national, out / "nl.png", a3, dpi=300),
        "< 4 s",
        out / "nl.png",
    )
    timed(
        "HTML, Utrecht sample",
        lambda: export_html(utrecht, out / "utrecht.html"),
        "< 2 s, < 3 MB",
        out / "utrecht.html",
    )
    pages = [f"Pagina {i}" for i in range(20)]
    import shapely

    from wijkkaart.layers.focus import FocusArea

    frame = national.areas.frame
    for i, name in enumerate(pages):
        centre = frame.geometry.iloc[i * 700].centroid
        national.focus_areas.append(FocusArea(name, shapely.Point(centre.x, centre.y).buffer(4000)))
    timed(
        "20-page booklet (A4, national data)",
        lambda: export_atlas(national, out / "atlas.pdf", per="focusgebied", dpi=300),
        "< 20 s",
        out / "atlas.pdf",
    )
    del app


if __name__ == "__main__":
    main()
