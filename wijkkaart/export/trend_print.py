"""Trend charts and the goals table of one area on a printed page or an atlas page.

The charts are drawn by :func:`wijkkaart.render.trend_chart.draw_trend`, the same function as the
profile panel's trend view, so the screen, the print and the atlas agree. The goals table gives
each goal's baseline, target, horizon, party and its status in the last year with data; a series
converted from an older buurt division carries its footnote onto the page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

from wijkkaart.messages import WijkkaartError, tr

MAX_CHARTS = 2


@dataclass
class TrendPrint:
    """What to add to a print: up to two indicators' charts and/or the goals table."""

    indicators: list[str] = field(default_factory=list)
    goals: bool = False
    area: str | None = None  # the focus area of a single print; None: the project's only one

    def wanted(self) -> bool:
        return bool(self.indicators) or self.goals


@dataclass
class TrendBlock:
    """The charts (Trend, its goals' statuses) and goal rows of one area, ready to paint."""

    charts: list[tuple[Any, list[Any]]]
    goal_rows: list[list[str]]
    notes: list[str]
    show_goals: bool


def parse_indicators(text: str | None) -> list[str]:
    names = [t.strip() for t in (text or "").split(",") if t.strip()]
    if len(names) > MAX_CHARTS:
        raise WijkkaartError("tp_too_many", n=len(names), most=MAX_CHARTS)
    return names


def series_indicators(project: Any) -> list[tuple[str, str]]:
    """(id, label) of every indicator of the project's series; empty without a series."""
    if not project.data.get("series"):
        return []
    from wijkkaart.timeline import project_series

    try:
        series = project_series(project)
    except WijkkaartError:
        return []
    return [(ind, series.label(ind)) for ind in series.indicators]


def check_project(project: Any, spec: TrendPrint) -> None:
    """Refuse (in Dutch) trend charts without a series and a goals table without goals."""
    if spec.indicators and not project.data.get("series"):
        raise WijkkaartError("tp_no_series")
    if spec.goals and not project.data.get("goals"):
        raise WijkkaartError("tp_no_goals")


def build_block(project: Any, areas: Any, polygon: Any, name: str, spec: TrendPrint) -> TrendBlock:
    """The charts and goals of the area ``polygon`` (goals: those kept for focus area ``name``)."""
    from wijkkaart.analysis.goals import evaluate, status_text
    from wijkkaart.analysis.trend import trend
    from wijkkaart.timeline import area_trend_inputs, project_goals

    check_project(project, spec)
    goals = project_goals(project, name) if spec.goals else []
    inputs = area_trend_inputs(project, areas, polygon, name)
    if inputs is None:  # goals without a series: no status can be computed
        raise WijkkaartError("tp_no_series")
    series, codes, _, _ = inputs
    wanted = [series.resolve(i) for i in spec.indicators]
    trends = {ind: trend(series, codes, ind, name=name) for ind in wanted}
    statuses = []
    for goal in goals:
        ind = series.resolve(goal.indicator)
        if ind not in trends:
            trends.setdefault(ind, trend(series, codes, ind, name=name))
        statuses.append(evaluate(goal, trends[ind]))
    charts = [
        (trends[ind], [s for s in statuses if series.resolve(s.goal.indicator) == ind])
        for ind in wanted
    ]
    rows = []
    for status in statuses:
        goal = status.goal
        latest = status.latest()
        when = (
            tr("tp_status_in", status=status_text(latest[1]), year=latest[0])
            if latest
            else (status_text("no_data"))
        )
        rows.append(
            [
                series.label(series.resolve(goal.indicator)),
                f"{goal.baseline_year}: {_fmt(status.baseline)}",
                f"{_fmt(status.target)}: {goal.describe()}",
                str(goal.horizon_year),
                when,
                goal.party or "-",
            ]
        )
    return TrendBlock(charts, rows, list(series.conversions), spec.goals)


def _fmt(value: float | None) -> str:
    from wijkkaart.layers.style import format_number

    return "-" if value is None else format_number(value, 1)


def paint_block(painter: QPainter, rect: QRectF, block: TrendBlock, mm: float) -> QRectF:
    """Charts side by side on top, the goals table under them, the footnote last; in a wide,
    low band (a landscape page) one chart on the left and the table on the right."""
    if len(block.charts) == 1 and block.show_goals and rect.width() > 2.5 * rect.height():
        left = QRectF(rect.left(), rect.top(), rect.width() * 0.45, rect.height())
        right = QRectF(
            left.right() + 4 * mm, rect.top(), rect.width() * 0.55 - 4 * mm, rect.height()
        )
        paint_block(painter, left, TrendBlock(block.charts, [], block.notes, False), mm)
        paint_block(painter, right, TrendBlock([], block.goal_rows, [], True), mm)
        return rect
    painter.save()
    font = QFont("DejaVu Sans")
    font.setPixelSize(max(6, int(2.9 * mm)))
    metrics_h = font.pixelSize() * 1.35
    note_h = metrics_h * len(block.notes)
    table_h = metrics_h * (2 * max(len(block.goal_rows), 1) + 2) if block.show_goals else 0.0
    charts_h = rect.height() - table_h - note_h - (2 * mm if block.charts else 0)
    if block.charts:
        gap = 4 * mm
        width = (rect.width() - gap * (len(block.charts) - 1)) / len(block.charts)
        for i, (line, statuses) in enumerate(block.charts):
            box = QRectF(rect.left() + i * (width + gap), rect.top(), width, max(charts_h, 30 * mm))
            from wijkkaart.render.trend_chart import draw_trend

            draw_trend(painter, box, line, statuses, mm=mm)
    y = rect.top() + (charts_h + 2 * mm if block.charts else 0)
    painter.setFont(font)
    if block.show_goals:
        y = _goals_table(painter, QRectF(rect.left(), y, rect.width(), table_h), block, font)
    painter.setPen(QColor("#333333"))
    for note in block.notes:
        painter.drawText(QRectF(rect.left(), y, rect.width(), metrics_h), note)
        y += metrics_h
    painter.restore()
    return rect


def _goals_table(painter: QPainter, rect: QRectF, block: TrendBlock, font: QFont) -> float:
    row_h = font.pixelSize() * 1.35
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(QColor("#1a1a1a"))
    painter.drawText(QRectF(rect.left(), rect.top(), rect.width(), row_h), tr("tp_goals_title"))
    shares = (0.22, 0.12, 0.30, 0.08, 0.16, 0.12)
    xs = [rect.left()]
    for share in shares[:-1]:
        xs.append(xs[-1] + share * rect.width())
    head = [
        tr(k)
        for k in (
            "tp_col_indicator",
            "tp_col_baseline",
            "tp_col_target",
            "tp_col_horizon",
            "tp_col_status",
            "tp_col_party",
        )
    ]
    y = rect.top() + row_h
    rows = [head, *block.goal_rows] if block.goal_rows else [head, [tr("tp_no_goals_area")]]
    for r, row in enumerate(rows):
        painter.setFont(bold if r == 0 else font)
        height = row_h if r == 0 else 2 * row_h  # a goal's text may take two lines
        for i, text in enumerate(row):
            cell_w = (shares[i] if len(row) > 1 else 1.0) * rect.width() - 2
            cell = QRectF(xs[i], y, cell_w, height)
            flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter
            if painter.boundingRect(cell, flags, text).height() > height + 1:
                text = painter.fontMetrics().elidedText(
                    text, Qt.TextElideMode.ElideRight, int(cell_w * 1.7)
                )
            painter.drawText(cell, flags, text)
        painter.setPen(QPen(QColor("#cccccc"), 0))
        painter.drawLine(QPointF(rect.left(), y + height), QPointF(rect.right(), y + height))
        painter.setPen(QColor("#1a1a1a"))
        y += height
    return y
