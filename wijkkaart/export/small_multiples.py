"""Small multiples: one map per year on one page, with the same class breaks and one legend.

The breaks are pooled over every year of the series (mapclassify's ``Pooled``), so a colour means
the same value on each small map. Each map is drawn by the same renderer as the canvas and the
print; the page is a PNG or a PDF, written through :mod:`wijkkaart.safe_output`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
)

from wijkkaart.analysis.trend import higher_worse, pooled_breaks
from wijkkaart.io.series import Series
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import (
    MISSING_COLOUR,
    ChoroplethStyle,
    format_number,
    missing_label,
    ramp_colours,
)
from wijkkaart.messages import WijkkaartError, tr
from wijkkaart.render.renderer import GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport
from wijkkaart.safe_output import atomic_path

PAGE_MM = (297.0, 210.0)  # A4 landscape
MAX_YEARS = 12


def year_layers(
    document: Any, series: Series, indicator: str, years: list[int]
) -> tuple[list[AreaLayer], list[float], list[str]]:
    """One area layer per year on the reference buurten, all with the same pooled breaks."""
    codes = list(document.areas.frame.index)
    table = series.table(indicator).reindex(index=codes)
    absent = [y for y in years if y not in table.columns]
    if absent:
        raise WijkkaartError(
            "trend_year_absent", year=absent[0], years=", ".join(map(str, series.years))
        )
    breaks = pooled_breaks(table, k=5)
    ramp = "YlOrRd" if higher_worse(series, indicator) else "YlGnBu"
    colours = ramp_colours(ramp, len(breaks))
    layers = []
    for year in years:
        column = f"{series.label(indicator)} {year}"
        values = pd.DataFrame({column: table[year]})
        areas = document.areas.add_columns(values, pd.DataFrame(index=values.index), series.source)
        style = ChoroplethStyle(
            column, method="manual", k=len(breaks), ramp=ramp, fixed_breaks=tuple(breaks)
        )
        layer = AreaLayer(name=column, style=style, labels=False)
        layers.append(layer.attach(areas))
    return layers, breaks, colours


def legend_rows(breaks: list[float], colours: list[str]) -> list[tuple[str, str]]:
    decimals = 1 if any(abs(b - round(b)) > 1e-9 for b in breaks) else 0
    rows = []
    lower: float | None = None
    for colour, upper in zip(colours, breaks, strict=True):
        high = format_number(upper, decimals)
        text = f"≤ {high}" if lower is None else f"{format_number(lower, decimals)} – {high}"
        rows.append((colour, text))
        lower = upper
    return rows


def paint_page(
    painter: QPainter,
    width: float,
    height: float,
    maps: list[tuple[int, QImage]],
    legend: list[tuple[str, str]],
    title: str,
    source: str,
    chart: tuple[Any, list[Any]] | None = None,
    goals: Any = None,
) -> None:
    """Title, a grid of small maps with their year, one legend, the source line and, when
    given, the trend chart of an area (a Trend and its goals' statuses) and, under the maps,
    the area's goals table (a :class:`~wijkkaart.export.trend_print.TrendBlock`)."""
    unit = height / 210.0  # one millimetre of an A4 landscape page
    painter.fillRect(QRectF(0, 0, width, height), QColor("white"))
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(8, int(6 * unit)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#1a1a1a"))
    painter.drawText(QRectF(10 * unit, 6 * unit, width - 20 * unit, 12 * unit), title)
    legend_w = (85 if chart else 55) * unit
    grid = QRectF(10 * unit, 22 * unit, width - 30 * unit - legend_w, height - 36 * unit)
    if goals is not None:  # the goals table takes what it measures from the bottom of the grid
        from wijkkaart.export.trend_print import measure_table, paint_goals_table, table_rows

        cells = table_rows(goals)
        px = max(6, int(2.9 * unit))
        table = measure_table(cells, grid.width(), px, grid.height() * 0.4, painter.device())
        grid.setHeight(grid.height() - table.height - 3 * unit)
        box = QRectF(grid.left(), grid.bottom() + 3 * unit, grid.width(), table.height)
        paint_goals_table(painter, box, cells, table)
        painter.setFont(font)
        painter.setPen(QColor("#1a1a1a"))
    cols = round(math.sqrt(len(maps) * grid.width() / grid.height()))
    cols = max(1, min(cols, len(maps)))
    rows = math.ceil(len(maps) / cols)
    cell_w, cell_h = grid.width() / cols, grid.height() / rows
    caption = QFont(font)
    caption.setPixelSize(max(7, int(4.5 * unit)))
    for i, (year, image) in enumerate(maps):
        x = grid.left() + (i % cols) * cell_w
        y = grid.top() + (i // cols) * cell_h
        painter.setFont(caption)
        painter.drawText(QRectF(x, y, cell_w, 7 * unit), Qt.AlignmentFlag.AlignHCenter, str(year))
        target = QRectF(x + 2 * unit, y + 8 * unit, cell_w - 4 * unit, cell_h - 10 * unit)
        scale = min(target.width() / image.width(), target.height() / image.height())
        size = QSizeF(image.width() * scale, image.height() * scale)
        left = target.left() + (target.width() - size.width()) / 2
        painter.drawImage(QRectF(left, target.top(), size.width(), size.height()), image)
    small = QFont(font)
    small.setBold(False)
    small.setPixelSize(max(6, int(3.6 * unit)))
    painter.setFont(small)
    lx, ly = width - 10 * unit - legend_w, 24 * unit
    painter.drawText(QRectF(lx, ly, legend_w, 6 * unit), tr("sm_legend"))
    for colour, text in legend:
        ly += 7 * unit
        painter.fillRect(QRectF(lx, ly, 6 * unit, 5 * unit), QColor(colour))
        painter.setPen(QPen(QColor("#888888"), 0.3 * unit))
        painter.drawRect(QRectF(lx, ly, 6 * unit, 5 * unit))
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(QRectF(lx + 8 * unit, ly, legend_w - 8 * unit, 5 * unit), text)
    ly += 7 * unit
    painter.fillRect(QRectF(lx, ly, 6 * unit, 5 * unit), QColor(MISSING_COLOUR))
    painter.fillRect(
        QRectF(lx, ly, 6 * unit, 5 * unit), QBrush(QColor("#888888"), Qt.BrushStyle.BDiagPattern)
    )
    painter.drawText(QRectF(lx + 8 * unit, ly, legend_w - 8 * unit, 5 * unit), missing_label())
    painter.drawText(
        QRectF(lx, ly + 8 * unit, legend_w, 12 * unit),
        Qt.TextFlag.TextWordWrap,
        tr("sm_same_breaks"),
    )
    painter.drawText(QRectF(10 * unit, height - 10 * unit, width - 20 * unit, 6 * unit), source)
    if chart is not None:
        from wijkkaart.render.trend_chart import draw_trend

        top = ly + 22 * unit
        box = QRectF(lx, top, legend_w, min(75 * unit, height - 14 * unit - top))
        draw_trend(painter, box, chart[0], chart[1], mm=unit)


def export_small_multiples(
    document: Any,
    series: Series,
    indicator: str,
    years: list[int],
    out: str | Path,
    title: str = "",
    dpi: int = 150,
    chart: tuple[Any, list[Any]] | None = None,
    goals: Any = None,
) -> Path:
    """A page of small maps, one per year (PNG or PDF by the suffix of ``out``)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".pdf"):
        raise WijkkaartError("sm_format", path=out)
    if not 2 <= len(years) <= MAX_YEARS:
        raise WijkkaartError("sm_years", n=len(years), most=MAX_YEARS)
    layers, breaks, colours = year_layers(document, series, indicator, years)
    dpi = max(60, min(int(dpi), 300))
    width = int(PAGE_MM[0] / 25.4 * dpi)
    height = int(PAGE_MM[1] / 25.4 * dpi)
    cols = max(1, math.ceil(math.sqrt(len(years) * 1.5)))
    cell = max(120, int(width / cols))
    minx, miny, maxx, maxy = (float(v) for v in document.areas.frame.total_bounds)
    viewport = Viewport.fit((minx, miny, maxx, maxy), cell, int(cell * 0.8))
    store = GeometryStore()
    maps = [
        (y, render_image(snapshot([layer], store), viewport))
        for y, layer in zip(years, layers, strict=True)
    ]
    legend = legend_rows(breaks, colours)
    heading = title or tr(
        "sm_title", label=series.label(indicator), years=", ".join(map(str, years))
    )
    source = " ".join([tr("sm_source", source=series.source), *series.conversions])
    inputs = document.project.input_paths()
    with atomic_path(out, inputs) as tmp:
        if suffix == ".png":
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            painter = QPainter(image)
            try:
                paint_page(painter, width, height, maps, legend, heading, source, chart, goals)
            finally:
                painter.end()
            if not image.save(str(tmp)):  # the temporary name ends in .png
                raise WijkkaartError("output_incomplete", path=out)
        else:
            writer = QPdfWriter(str(tmp))
            writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
            writer.setPageOrientation(QPageLayout.Orientation.Landscape)
            writer.setResolution(dpi)
            painter = QPainter(writer)
            try:
                rect = writer.pageLayout().paintRectPixels(dpi)
                paint_page(
                    painter,
                    rect.width(),
                    rect.height(),
                    maps,
                    legend,
                    heading,
                    source,
                    chart,
                    goals,
                )
            finally:
                painter.end()
    return out
