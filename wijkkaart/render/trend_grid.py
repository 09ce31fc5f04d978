"""Small trend charts in a grid, one per area, on one value scale: a series without a map.

Each cell is :func:`wijkkaart.render.trend_chart.draw_trend` (the chart of the profile panel and
the print), given the grid's shared value range, the area's name as its title and no legend; one
legend, the heading and the notes are drawn once for the whole grid. The same function paints
the window, the PDF and the PNG, so they agree.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from wijkkaart.analysis.series_grid import SeriesGrid
from wijkkaart.layers.style import format_number
from wijkkaart.messages import level_text, tr
from wijkkaart.render.trend_chart import STYLES, draw_trend

CELL_ASPECT = 1.5  # width / height a small chart reads best at
GAP_MM = 3.0


def grid_columns(n: int, width: float, height: float) -> int:
    """How many charts side by side so that ``n`` cells fill ``width`` × ``height`` best."""
    if n <= 1:
        return 1
    best, best_score = 1, -1.0
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        w, h = width / cols, height / rows
        cell = min(w, h * CELL_ASPECT)  # the usable size of a cell of the right shape
        if cell > best_score:
            best, best_score = cols, cell
    return best


def heading(grid: SeriesGrid) -> str:
    label = f"{grid.label} ({grid.unit})" if grid.unit else grid.label
    years = f"{grid.years[0]}–{grid.years[-1]}" if grid.years else ""
    return tr("series_grid_title", label=label, level=level_text(grid.level), years=years)


def notes(grid: SeriesGrid) -> list[str]:
    """The lines under the grid: the shared scale, the reference and its weighting, the source."""
    low, high = grid.value_range
    decimals = 0 if high - low >= 10 else 1
    if high - low < 1 and (abs(round(low, 1) - low) > 1e-9 or abs(round(high, 1) - high) > 1e-9):
        decimals = 2
    lines = [
        tr(
            "series_grid_scale",
            low=format_number(low, decimals),
            high=format_number(high, decimals),
            average=grid.average.label,
        )
    ]
    if grid.unweighted:
        lines.append(tr("series_grid_unweighted_note", level_one=level_text(grid.level)))
    lines.extend(grid.notes)
    if grid.source:
        lines.append(tr("series_grid_source", source=grid.source))
    return lines


def draw_trend_grid(
    painter: QPainter, rect: QRectF, grid: SeriesGrid, mm: float = 1.0
) -> list[QRectF]:
    """Draw the whole grid into ``rect``; returns each chart's cell, in ``grid.codes`` order."""
    painter.save()
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(7, int(4.2 * mm)))
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#1a1a1a"))
    top = rect.top()
    title_h = QFontMetricsF(font).height() * 1.3
    painter.drawText(QRectF(rect.left(), top, rect.width(), title_h), heading(grid))
    top += title_h
    small = QFont("DejaVu Sans")
    small.setPixelSize(max(6, int(3.0 * mm)))
    painter.setFont(small)
    metrics = QFontMetricsF(small)
    line_h = metrics.height() * 1.15
    # one legend for every chart: the area's line and the reference line
    x = rect.left()
    own = level_text(grid.level).capitalize()
    for kind, label in (("area", own), ("gemeente", grid.average.label)):
        colour, width, style = STYLES[kind]
        painter.setPen(QPen(QColor(colour), width * mm, style))
        y = top + line_h / 2
        painter.drawLine(QLineF(x, y, x + 6 * mm, y))
        painter.setPen(QColor("#1a1a1a"))
        text_w = metrics.horizontalAdvance(label) + 2 * mm
        painter.drawText(QRectF(x + 7 * mm, top, text_w, line_h), label)
        x += 7 * mm + text_w + 4 * mm
    top += line_h * 1.4
    foot_lines = [
        metrics.elidedText(n, Qt.TextElideMode.ElideRight, rect.width()) for n in notes(grid)
    ]
    foot_h = line_h * len(foot_lines)
    area = QRectF(rect.left(), top, rect.width(), rect.bottom() - foot_h - top - GAP_MM * mm)
    n = len(grid.trends)
    cols = grid_columns(n, area.width(), area.height())
    rows = max(1, math.ceil(n / cols))
    gap = GAP_MM * mm
    cell_w = (area.width() - gap * (cols - 1)) / cols
    cell_h = (area.height() - gap * (rows - 1)) / rows
    # the cells' own text scales with the cell, so a 14-chart A4 and a 4-chart A3 both read
    cell_mm = max(0.55 * mm, min(mm, cell_w / 62, cell_h / 42))
    chart_font = QFont("DejaVu Sans")
    chart_font.setPixelSize(max(6, int(3.2 * cell_mm)))
    chart_metrics = QFontMetricsF(chart_font)
    cells = []
    for i, trend in enumerate(grid.trends):
        r, c = divmod(i, cols)
        cell = QRectF(
            area.left() + c * (cell_w + gap), area.top() + r * (cell_h + gap), cell_w, cell_h
        )
        painter.setPen(QPen(QColor("#dddddd"), 0.2 * mm))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(cell)
        inner = cell.adjusted(cell_mm, cell_mm, -3 * cell_mm, 0)  # room for the last year
        title = chart_metrics.elidedText(
            trend.area.label, Qt.TextElideMode.ElideMiddle, inner.width()
        )
        draw_trend(
            painter,
            inner,
            trend,
            mm=cell_mm,
            value_range=grid.value_range,
            title=title,
            legend=False,
        )
        cells.append(cell)
    painter.setFont(small)
    painter.setPen(QColor("#333333"))
    y = rect.bottom() - foot_h
    for line in foot_lines:
        painter.drawText(QRectF(rect.left(), y, rect.width(), line_h), line)
        y += line_h
    painter.restore()
    return cells
