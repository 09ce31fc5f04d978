"""A page painted into a QImage and saved as the PNG of an :func:`atomic_path` write.

The trend grid and the small multiples both paint their page this way; a failed save is the
same refusal for both (``output_incomplete`` naming the file the user chose).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QImage, QPainter

from wijkkaart.messages import WijkkaartError


def save_painted(image: QImage, paint: Callable[[QPainter], None], tmp: Path, out: Path) -> None:
    """Run ``paint`` on a painter over ``image`` (ended on every way out), then save it to
    ``tmp`` (whose name ends in .png); ``out`` is the name an error gives."""
    painter = QPainter(image)
    try:
        paint(painter)
    finally:
        painter.end()
    if not image.save(str(tmp)):
        raise WijkkaartError("output_incomplete", path=out)
