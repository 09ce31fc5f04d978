"""A trend chart drawn with QPainter: the area's line per year beside the gemeente, G4 and NL,
and each goal as the straight line from its baseline to its target.

One function draws on any paint device (an image, a PDF page, a widget), so the screen, the
print and the atlas show the same chart. Missing years break the line; they are never drawn as 0.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from wijkkaart.analysis.trend import Line, Trend
from wijkkaart.layers.style import format_number
from wijkkaart.messages import tr

AREA_COLOUR = "#e6007e"
STYLES = {  # line kind -> (colour, width in mm, pen style)
    "area": (AREA_COLOUR, 0.8, Qt.PenStyle.SolidLine),
    "gemeente": ("#555555", 0.45, Qt.PenStyle.SolidLine),
    "g4": ("#1f78b4", 0.45, Qt.PenStyle.DashLine),
    "national": ("#000000", 0.35, Qt.PenStyle.DotLine),
    "goal": ("#33a02c", 0.45, Qt.PenStyle.DashLine),
}


def _segments(line: Line, years: list[int]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive known years: a gap in the data is a gap in the line."""
    runs: list[list[tuple[int, float]]] = [[]]
    for year in years:
        value = line.values.get(year, math.nan)
        if value != value:
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].append((year, float(value)))
    return [r for r in runs if r]


def draw_trend(
    painter: QPainter, rect: QRectF, trend: Trend, goals: list[Any] | None = None, mm: float = 1.0
) -> None:
    """Draw ``trend`` (and the goal lines of ``goals``, GoalStatus objects) into ``rect``.

    ``mm`` is the size of one millimetre in the painter's units.
    """
    goals = goals or []
    lines = [
        ("area", trend.area),
        ("gemeente", trend.gemeente),
        ("g4", trend.g4),
        ("national", trend.national),
    ]
    shown = [(kind, line) for kind, line in lines if line is not None and line.known()]
    years = trend.years
    values = [v for _, line in shown for v in line.known().values()]
    for status in goals:
        values += [v for v in (status.baseline, status.target) if v is not None]
    painter.save()
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(6, int(3.2 * mm)))
    painter.setFont(font)
    painter.setPen(QColor("#1a1a1a"))
    title = f"{trend.label} ({trend.unit})" if trend.unit else trend.label
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), 5 * mm), title)
    plot = QRectF(
        rect.left() + 12 * mm, rect.top() + 7 * mm, rect.width() - 14 * mm, rect.height() - 20 * mm
    )
    if not values or len(years) < 2:
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, tr("chart_no_data"))
        painter.restore()
        return
    low, high = min(values), max(values)
    pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low, high = low - pad, high + pad
    first, last = years[0], years[-1]

    def point(year: float, value: float) -> QPointF:
        x = plot.left() + (year - first) / max(last - first, 1) * plot.width()
        y = plot.bottom() - (value - low) / (high - low) * plot.height()
        return QPointF(x, y)

    decimals = 0 if high - low >= 10 else 1
    for i in range(4):
        value = low + (high - low) * i / 3
        y = point(first, value).y()
        painter.setPen(QPen(QColor("#bbbbbb"), 0.2 * mm))
        painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(
            QRectF(rect.left(), y - 2 * mm, 11 * mm, 4 * mm),
            Qt.AlignmentFlag.AlignRight,
            format_number(value, decimals),
        )
    step = max(1, math.ceil(len(years) / 6))
    ticks = years[::step]
    if ticks[-1] != last and (len(years) - 1) % step >= step / 2:
        ticks.append(last)
    for year in ticks:
        x = point(year, low).x()
        painter.drawText(
            QRectF(x - 6 * mm, plot.bottom() + mm, 12 * mm, 4 * mm),
            Qt.AlignmentFlag.AlignHCenter,
            str(year),
        )
    for kind, line in shown:
        colour, width, style = STYLES[kind]
        painter.setPen(QPen(QColor(colour), width * mm, style))
        for run in _segments(line, years):
            points = [point(y, v) for y, v in run]
            if len(points) == 1:
                painter.drawEllipse(points[0], 0.6 * mm, 0.6 * mm)
            for a, b in itertools.pairwise(points):
                painter.drawLine(QLineF(a, b))
    for status in goals:
        if status.baseline is None or status.target is None:
            continue
        colour, width, style = STYLES["goal"]
        painter.setPen(QPen(QColor(colour), width * mm, style))
        start = point(status.goal.baseline_year, status.baseline)
        end = point(
            min(status.goal.horizon_year, last),
            status.expected.get(min(status.goal.horizon_year, last), status.target),
        )
        painter.drawLine(QLineF(start, end))
        painter.drawEllipse(end, 0.8 * mm, 0.8 * mm)
    legend_y = rect.bottom() - 5 * mm
    x = plot.left()
    labels = [(kind, line.label) for kind, line in shown]
    if goals:
        labels.append(("goal", tr("chart_goal")))
    for kind, label in labels:
        colour, width, style = STYLES[kind]
        painter.setPen(QPen(QColor(colour), width * mm, style))
        painter.drawLine(QLineF(x, legend_y + 2 * mm, x + 5 * mm, legend_y + 2 * mm))
        painter.setPen(QColor("#1a1a1a"))
        text_w = painter.fontMetrics().horizontalAdvance(label) + 2 * mm
        painter.drawText(QRectF(x + 6 * mm, legend_y, text_w, 4 * mm), label)
        x += 6 * mm + text_w + 2 * mm
    painter.restore()
