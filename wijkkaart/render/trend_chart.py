"""A trend chart drawn with QPainter: the area's line per year beside the gemeente, G4 and NL,
and each goal as the straight line from its baseline to its target.

One function draws on any paint device (an image, a PDF page, a widget), so the screen, the
print and the atlas show the same chart. Missing years break the line; they are never drawn as 0.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

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


def year_ticks(years: list[int], x_of: Callable[[int], float], label_w: float) -> list[int]:
    """The years to label: always the first and the last (the latest figures), between them
    each year at least ``label_w`` (a label's measured width and a gap) from the one labelled
    before it and from the last, so no two labels touch."""
    if not years:
        return []
    last = years[-1]
    ticks = [years[0]]
    for year in years[1:-1]:
        if x_of(year) - x_of(ticks[-1]) >= label_w and x_of(last) - x_of(year) >= label_w:
            ticks.append(year)
    if last != ticks[-1] and x_of(last) - x_of(ticks[-1]) >= label_w:
        ticks.append(last)
    elif last != ticks[-1] and len(ticks) > 1:
        ticks[-1] = last  # too narrow for both: the latest year wins
    return ticks


def legend_rows(labels: list[str], width: float, metrics: QFontMetricsF, mm: float) -> list[list]:
    """Legend entries (sample line, label) flowed into rows no wider than ``width``."""
    rows: list[list[tuple[int, str, float]]] = [[]]
    used = 0.0
    for i, label in enumerate(labels):
        item_w = 6 * mm + metrics.horizontalAdvance(label) + 3 * mm
        if rows[-1] and used + item_w > width:
            rows.append([])
            used = 0.0
        rows[-1].append((i, label, item_w))
        used += item_w
    return rows


def chart_trend(trend: Trend) -> Trend:
    """What the chart draws: a count as an index (first common year = 100), else the trend."""
    return trend.indexed() if trend.count else trend


def area_label(trend: Trend) -> str:
    """The area's legend entry; for a count with its own first and last figure, so the index
    chart keeps the real numbers."""
    span = trend.area.first_last() if trend.count else None
    if span is None:
        return trend.area.label
    return tr(
        "chart_count_span",
        name=trend.area.label,
        first=span[0],
        first_value=format_number(span[1], 0),
        last=span[2],
        last_value=format_number(span[3], 0),
    )


def draw_trend(
    painter: QPainter,
    rect: QRectF,
    trend: Trend,
    goals: list[Any] | None = None,
    mm: float = 1.0,
    value_range: tuple[float, float] | None = None,
    title: str | None = None,
    legend: bool = True,
) -> list[tuple[int, QRectF]]:
    """Draw ``trend`` (and the goal lines of ``goals``, GoalStatus objects) into ``rect``;
    return the year labels drawn, each with its text's measured rectangle.

    ``mm`` is the size of one millimetre in the painter's units. A count is drawn as an index
    (see :meth:`Trend.indexed`), its goals on the same index scale. Small multiples pass one
    ``value_range`` (low, high) for all their charts, so they compare, their own ``title`` (the
    area's name) and ``legend=False`` (one legend for the whole grid).
    """
    goals = goals or []
    shown_trend = chart_trend(trend)

    def scale(value: float | None) -> float | None:
        return trend.index_value(value) if trend.count else value

    lines = [
        ("area", shown_trend.area),
        ("gemeente", shown_trend.gemeente),
        ("g4", shown_trend.g4),
        ("national", shown_trend.national),
    ]
    shown = [(kind, line) for kind, line in lines if line is not None and line.known()]
    years = trend.years
    values = [v for _, line in shown for v in line.known().values()]
    goal_lines = []
    for status in goals:
        if status.baseline is None or status.target is None:
            continue
        end_year = min(status.goal.horizon_year, years[-1]) if years else status.goal.horizon_year
        start = scale(status.baseline)
        end = scale(status.expected.get(end_year, status.target))
        if start is None or end is None:
            continue
        goal_lines.append((status.goal.baseline_year, start, end_year, end))
        values += [start, end]
    painter.save()
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(6, int(3.2 * mm)))
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    line_h = metrics.height()
    painter.setPen(QColor("#1a1a1a"))
    unit = shown_trend.unit
    if title is None:
        title = f"{trend.label} ({unit})" if unit else trend.label
    title = metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width())
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), line_h), title)
    labels = [(kind, area_label(trend) if kind == "area" else line.label) for kind, line in shown]
    if goal_lines:
        labels.append(("goal", tr("chart_goal")))
    rows = legend_rows([label for _, label in labels], rect.width(), metrics, mm) if legend else []
    legend_h = len(rows) * line_h + 0.5 * mm if rows else 0.0
    if value_range is not None and not trend.count:
        low, high = value_range
    else:
        low, high = (min(values), max(values)) if values else (0.0, 1.0)
        pad = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
        low, high = low - pad, high + pad
    decimals = 0 if high - low >= 10 else 1
    if high - low < 1 and any(  # a narrow axis: two decimals unless its ticks are round
        abs(round(low + (high - low) * i / 3, 1) - (low + (high - low) * i / 3)) > 1e-9
        for i in range(4)
    ):
        decimals = 2
    axis_values = [low + (high - low) * i / 3 for i in range(4)]
    axis_w = max(metrics.horizontalAdvance(format_number(v, decimals)) for v in axis_values)
    plot = QRectF(
        rect.left() + axis_w + 1.5 * mm,
        rect.top() + line_h + 2 * mm,
        rect.width() - axis_w - 1.5 * mm - metrics.horizontalAdvance("0000") / 2,
        rect.height() - line_h - 2 * mm - (1.5 * line_h + 1.5 * mm) - legend_h,
    )
    if not values or len(years) < 2 or plot.height() < 2 * line_h:
        painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, tr("chart_no_data"))
        painter.restore()
        return []
    first, last = years[0], years[-1]

    def point(year: float, value: float) -> QPointF:
        x = plot.left() + (year - first) / max(last - first, 1) * plot.width()
        y = plot.bottom() - (value - low) / (high - low) * plot.height()
        return QPointF(x, y)

    for value in axis_values:
        y = point(first, value).y()
        painter.setPen(QPen(QColor("#bbbbbb"), 0.2 * mm))
        painter.drawLine(QLineF(plot.left(), y, plot.right(), y))
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(
            QRectF(rect.left(), y - line_h / 2, axis_w, line_h),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            format_number(value, decimals),
        )
    label_w = max(metrics.horizontalAdvance(str(y)) for y in years) + 1.5 * mm
    placed = []
    for year in year_ticks(years, lambda y: point(y, low).x(), label_w):
        x = point(year, low).x()
        text_w = metrics.horizontalAdvance(str(year))
        box = QRectF(x - text_w / 2, plot.bottom() + line_h / 2 + 0.5 * mm, text_w, line_h)
        painter.drawText(box, Qt.AlignmentFlag.AlignHCenter, str(year))
        placed.append((year, box))
    for kind, line in shown:
        colour, width, style = STYLES[kind]
        painter.setPen(QPen(QColor(colour), width * mm, style))
        for run in _segments(line, years):
            points = [point(y, v) for y, v in run]
            if len(points) == 1:
                painter.drawEllipse(points[0], 0.6 * mm, 0.6 * mm)
            for a, b in itertools.pairwise(points):
                painter.drawLine(QLineF(a, b))
    colour, width, style = STYLES["goal"]
    for start_year, start, end_year, end in goal_lines:
        painter.setPen(QPen(QColor(colour), width * mm, style))
        painter.drawLine(QLineF(point(start_year, start), point(end_year, end)))
        painter.drawEllipse(point(end_year, end), 0.8 * mm, 0.8 * mm)
    y = rect.bottom() - legend_h
    for row in rows:
        x = rect.left()
        for i, label, item_w in row:
            colour, width, style = STYLES[labels[i][0]]
            painter.setPen(QPen(QColor(colour), width * mm, style))
            painter.drawLine(QLineF(x, y + line_h / 2, x + 5 * mm, y + line_h / 2))
            painter.setPen(QColor("#1a1a1a"))
            painter.drawText(
                QRectF(x + 6 * mm, y, item_w - 6 * mm, line_h),
                Qt.AlignmentFlag.AlignVCenter,
                label,
            )
            x += item_w
        y += line_h
    painter.restore()
    return placed
