"""The charts per area of a series on paper (PDF, A4 or A3), as a PNG, or as a CSV table.

Every file is written through :mod:`wijkkaart.safe_output` (temporary file, then rename; never
over an input). The page is painted by :func:`wijkkaart.render.trend_grid.draw_trend_grid`, the
function the window uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF
from PySide6.QtGui import QColor, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter

from wijkkaart.analysis.series_grid import SeriesGrid
from wijkkaart.export.painted_png import save_painted
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.messages import WijkkaartError
from wijkkaart.render.trend_grid import draw_trend_grid
from wijkkaart.safe_output import atomic_path, write_text

PAPERS = {"A4": QPageSize.PageSizeId.A4, "A3": QPageSize.PageSizeId.A3}
MARGIN_MM = 12.0


def write_trend_grid(
    grid: SeriesGrid,
    out: str | Path,
    paper: str = "A4",
    inputs: Iterable[str | Path] = (),
    dpi: int = 150,
    feedback: Feedback | None = None,
) -> Path:
    """The grid on a landscape ``paper`` page: a PDF, or a PNG of that page at ``dpi``.
    ``feedback``: a cancel before the page is painted and before it is put in place (the
    previous file stays)."""
    feedback = ensure(feedback)
    out = Path(out)
    if paper not in PAPERS:
        raise WijkkaartError("series_grid_paper", paper=paper, papers=", ".join(PAPERS))
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".png"):
        raise WijkkaartError("series_grid_format", path=out)
    size = QPageSize(PAPERS[paper])
    mm = dpi / 25.4
    with atomic_path(out, inputs) as tmp:
        feedback.check()
        if suffix == ".png":
            points = size.size(QPageSize.Unit.Millimeter).transposed()  # landscape
            image = QImage(
                round(points.width() * mm),
                round(points.height() * mm),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            image.setDotsPerMeterX(round(dpi / 0.0254))
            image.setDotsPerMeterY(round(dpi / 0.0254))
            image.fill(QColor("white"))

            def paint(painter: QPainter) -> None:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                margin = MARGIN_MM * mm
                rect = QRectF(0, 0, image.width(), image.height()).adjusted(
                    margin, margin, -margin, -margin
                )
                draw_trend_grid(painter, rect, grid, mm=mm)

            save_painted(image, paint, tmp, out)
        else:
            writer = QPdfWriter(str(tmp))
            writer.setPageSize(size)
            writer.setPageOrientation(QPageLayout.Orientation.Landscape)
            writer.setPageMargins(_margins(), QPageLayout.Unit.Millimeter)
            writer.setResolution(dpi)
            writer.setTitle(grid.label)
            writer.setCreator("wijkkaart")
            painter = QPainter(writer)
            try:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                page = writer.pageLayout().paintRectPixels(dpi)
                draw_trend_grid(painter, QRectF(0, 0, page.width(), page.height()), grid, mm=mm)
            finally:
                painter.end()
        feedback.progress(0.9)  # painted: a cancel now still leaves the previous file
    return out


def _margins() -> QMarginsF:
    return QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM)


def write_grid_csv(grid: SeriesGrid, out: str | Path, inputs: Iterable[str | Path] = ()) -> Path:
    """What the charts show as a table: code, name, one column per year, and the average row."""
    text = grid.table().to_csv(index=False, lineterminator="\n")
    return write_text(out, text, inputs)
