"""The built program folder works without Python (issue 14). Slow: skipped unless asked for.

    WIJKKAART_SMOKE_BUILD=1 .venv/bin/python -m pytest -m slow tests/test_build_smoke.py

uses the folder in ``WIJKKAART_DIST`` (default ``dist/wijkkaart``; ``WIJKKAART_SMOKE_BUILD=build``
builds it first). The checks themselves are in ``scripts/smoke_build.sh``, which CI can call on its
own; this test runs it and looks again at what it left behind.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ASKED = os.environ.get("WIJKKAART_SMOKE_BUILD", "")
DIST = Path(os.environ.get("WIJKKAART_DIST", ROOT / "dist" / "wijkkaart"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ASKED, reason="set WIJKKAART_SMOKE_BUILD=1 to test the built program"),
]


@pytest.fixture(scope="module")
def smoke(tmp_path_factory) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path_factory.mktemp("smoke")
    command = ["bash", str(ROOT / "scripts" / "smoke_build.sh")]
    if ASKED == "build":
        command.append("--build")
    env = {**os.environ, "SMOKE_OUT": str(out), "PYTHON": sys.executable}
    result = subprocess.run(
        [*command, str(DIST)], capture_output=True, text=True, env=env, timeout=3600
    )
    return result, out


def test_the_smoke_script_passes(smoke):
    result, _ = smoke
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.rstrip().endswith("SMOKE OK")
    assert "ok: no python on the PATH" in result.stdout
    assert "ok: program folder unchanged" in result.stdout


def test_the_screenshot_shows_the_map(smoke):
    from PySide6.QtGui import QImage

    _, out = smoke
    image = QImage(str(out / "sample.png"))
    assert image.width() > 800 and image.height() > 500
    small = image.scaled(200, 120)
    colours = Counter(small.pixel(x, y) for x in range(200) for y in range(120))
    assert len(colours) > 50  # a drawn choropleth, legend and panels, not a blank window


def test_the_pdf_is_a3_with_its_title(smoke):
    _, out = smoke
    pdf = out / "sample-a3.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Rookproef A3" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = sorted(float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(width - 841.9) < 1.5 and abs(height - 1190.6) < 1.5


def test_the_geopackage_is_read(smoke):
    _, out = smoke
    info = (out / "info.txt").read_text()
    assert "Niveau: buurt" in info and "gebieden: 17" in info  # Ermelo, CBS 2021: 17 buurten
