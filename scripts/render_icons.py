"""Render resources/icons/wijkkaart.svg to the PNG sizes the .desktop entry and the build use.

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/render_icons.py``
"""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def main() -> None:
    app = QGuiApplication([])  # noqa: F841 (QImage painting needs the application object)
    renderer = QSvgRenderer(str(ICONS / "wijkkaart.svg"))
    if not renderer.isValid():
        raise SystemExit("wijkkaart.svg is not a valid SVG")
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"wijkkaart-{size}.png"))
        print(ICONS / f"wijkkaart-{size}.png")


if __name__ == "__main__":
    main()
