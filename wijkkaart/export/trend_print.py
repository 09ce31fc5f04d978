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
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from wijkkaart.export.trend_spec import TrendPrint
from wijkkaart.messages import WijkkaartError, tr


@dataclass
class TrendBlock:
    """The charts (Trend, its goals' statuses) and goal rows of one area, ready to paint."""

    charts: list[tuple[Any, list[Any]]]
    goal_rows: list[list[str]]
    notes: list[str]
    show_goals: bool
    # the waterbed table (indicator, change of the area, next door, rest), as the app's tab
    waterbed_rows: list[list[str]] = field(default_factory=list)
    waterbed_notes: list[str] = field(default_factory=list)  # under the waterbed table


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
    if (spec.indicators or spec.waterbed) and not project.data.get("series"):
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
    waterbed_rows: list[list[str]] = []
    waterbed_notes: list[str] = []
    if spec.waterbed:
        waterbed_rows, waterbed_notes = waterbed_table(series, areas, polygon, codes)
    notes = list(series.conversions)
    return TrendBlock(charts, rows, notes, spec.goals, waterbed_rows, waterbed_notes)


def waterbed_table(
    series: Any, areas: Any, polygon: Any, codes: list[str]
) -> tuple[list[list[str]], list[str]]:
    """The rows of the waterbed table and its notes: :func:`wijkkaart.timeline.area_waterbed`,
    the computation of the app's *Waterbedeffect* tab, with the tab's change texts."""
    from wijkkaart.analysis.waterbed_rows import FLAG, change_text
    from wijkkaart.timeline import area_waterbed

    watch = area_waterbed(series, areas, polygon, codes)
    if not watch.neighbours:
        raise WijkkaartError("wb_no_neighbours")
    rows = [
        [
            f"{FLAG} {row.label}" if row.flagged else row.label,
            *(change_text(line) for line in (row.focus, row.neighbours, row.rest)),
        ]
        for row in watch.rows
    ]
    flagged = sum(row.flagged for row in watch.rows)
    summary = (
        tr("wb_summary", n=flagged, total=len(watch.rows))
        if flagged
        else tr("wb_summary_none", total=len(watch.rows))
    )
    return rows, [tr("wb_print_caption", n=len(watch.neighbours)), summary, *watch.notes]


def _fmt(value: float | None) -> str:
    from wijkkaart.layers.style import format_number

    return "-" if value is None else format_number(value, 1)


HEADINGS = (
    "tp_col_indicator",
    "tp_col_baseline",
    "tp_col_target",
    "tp_col_horizon",
    "tp_col_status",
    "tp_col_party",
)
ONE_LINE = (False, True, False, True, True, False)  # baseline, horizon, status never wrap
WATERBED_HEADINGS = ("tp_col_indicator", "wb_col_focus", "wb_col_neighbours", "wb_col_rest")
WATERBED_ONE_LINE = (False, True, True, True)  # the changes never wrap
SMALLEST = 0.7  # the table's font may shrink to this share of its size to fit its rectangle


@dataclass
class TableLayout:
    """The goals table measured for one width: font, column widths and row heights (the
    heading row first), so every heading and value is shown whole, wrapped at words."""

    font: QFont
    widths: list[float]
    heights: list[float]
    title_h: float
    fits: bool
    least: float  # the narrowest width at which every word and one-line value fits
    wanted: float  # the width at which every value fits on one line

    @property
    def height(self) -> float:
        return self.title_h + sum(self.heights)

    @property
    def width(self) -> float:
        return sum(self.widths)


def table_rows(block: TrendBlock) -> list[list[str]]:
    head = [tr(k) for k in HEADINGS]
    return [head, *block.goal_rows] if block.goal_rows else [head, [tr("tp_no_goals_area")]]


def _metrics(font: QFont, device: Any) -> QFontMetricsF:
    return QFontMetricsF(font, device) if device is not None else QFontMetricsF(font)


def waterbed_table_rows(block: TrendBlock) -> list[list[str]]:
    return [[tr(k) for k in WATERBED_HEADINGS], *block.waterbed_rows]


def measure_table(
    rows: list[list[str]],
    width: float,
    px: int,
    max_height: float | None,
    device: Any = None,
    one_line: tuple[bool, ...] = ONE_LINE,
) -> TableLayout:
    """The largest font from ``px`` down to SMALLEST of it at which the table's headings and
    values fit ``width`` (and ``max_height``, when given); the smallest when none does."""
    layout = None
    for size in range(px, max(5, int(px * SMALLEST)) - 1, -1):
        layout = _measure(rows, width, size, device, one_line)
        if layout.fits and (max_height is None or layout.height <= max_height):
            return layout
    assert layout is not None
    return layout


def _measure(
    rows: list[list[str]], width: float, px: int, device: Any, one_line: tuple[bool, ...] = ONE_LINE
) -> TableLayout:
    font = QFont("DejaVu Sans")
    font.setPixelSize(px)
    bold = QFont(font)
    bold.setBold(True)
    plain_m, bold_m = _metrics(font, device), _metrics(bold, device)
    pad = 0.6 * plain_m.height()
    columns = len(rows[0])
    least = [0.0] * columns
    wanted = [0.0] * columns
    for r, row in enumerate(rows):
        metrics = bold_m if r == 0 else plain_m
        if len(row) == 1:  # "no goals": a line across the table
            continue
        for i, text in enumerate(row):
            full = metrics.horizontalAdvance(text) + pad
            words = max((metrics.horizontalAdvance(w) for w in text.split()), default=0.0) + pad
            least[i] = max(least[i], full if r == 0 or one_line[i] else words)
            wanted[i] = max(wanted[i], full)
    fits = sum(least) <= width
    spare = width - sum(least)
    need = [w - m for w, m in zip(wanted, least, strict=True)]
    if not fits:
        widths = [m * width / sum(least) for m in least]
    elif sum(need) <= spare:  # every value on one line; the rest of the width to the text columns
        rest = spare - sum(need)
        text_cols = [i for i in range(columns) if not one_line[i]]
        widths = [
            w + (rest / len(text_cols) if i in text_cols else 0) for i, w in enumerate(wanted)
        ]
    else:
        widths = [m + n * spare / sum(need) for m, n in zip(least, need, strict=True)]
    heights = []
    flags = int(Qt.TextFlag.TextWordWrap)
    for r, row in enumerate(rows):
        metrics = bold_m if r == 0 else plain_m
        cells = zip(row, widths if len(row) > 1 else [width], strict=False)
        tallest = max(
            metrics.boundingRect(QRectF(0, 0, max(w - pad, 1), 10**6), flags, t).height()
            for t, w in cells
        )
        heights.append(tallest + 0.3 * plain_m.height())
    return TableLayout(font, widths, heights, bold_m.height() * 1.2, fits, sum(least), sum(wanted))


def paint_block(painter: QPainter, rect: QRectF, block: TrendBlock, mm: float) -> QRectF:
    """Charts side by side on top, the goals table under them, the footnote last; in a wide,
    low band (a landscape page) one chart on the left and the table on the right, as wide as
    its measured columns need."""
    px = max(6, int(2.9 * mm))
    device = painter.device()
    rows = table_rows(block) if block.show_goals else []
    tables = block.show_goals or bool(block.waterbed_rows)
    if len(block.charts) == 1 and tables and rect.width() > 2.5 * rect.height():
        gap = 4 * mm
        room = rect.width() - gap - 60 * mm  # the chart keeps 6 cm at least
        widest, one_line = (
            (rows, ONE_LINE) if rows else (waterbed_table_rows(block), WATERBED_ONE_LINE)
        )
        natural = _measure(widest, 10**6, px, device, one_line)
        # every one-line value whole and the wrapped columns half their one-line width; the
        # chart keeps 35% of the band at least (6 cm at least)
        balanced = natural.least + 0.5 * (natural.wanted - natural.least)
        table_w = min(max(balanced, 0.55 * rect.width()), 0.65 * rect.width(), room)
        table_w = max(table_w, min(natural.least, room))
        while table_w < room:  # too tall for the band: wider, at the chart's cost
            trial = measure_table(widest, table_w, px, None, device, one_line)
            if trial.fits and trial.height <= rect.height():
                break
            table_w = min(table_w + 0.05 * rect.width(), room)
        right = QRectF(rect.right() - table_w, rect.top(), table_w, rect.height())
        left = QRectF(rect.left(), rect.top(), right.left() - gap - rect.left(), rect.height())
        paint_block(painter, left, TrendBlock(block.charts, [], block.notes, False), mm)
        tables_only = TrendBlock(
            [], block.goal_rows, [], block.show_goals, block.waterbed_rows, block.waterbed_notes
        )
        paint_block(painter, right, tables_only, mm)
        return rect
    painter.save()
    font = QFont("DejaVu Sans")
    font.setPixelSize(px)
    metrics = _metrics(font, device)
    notes = [*block.notes, *(block.waterbed_notes if block.waterbed_rows else [])]
    wrap = int(Qt.TextFlag.TextWordWrap)
    note_hs = [  # each note wrapped at words to the block's width
        metrics.boundingRect(QRectF(0, 0, rect.width(), 10**6), wrap, note).height()
        + 0.2 * metrics.height()
        for note in notes
    ]
    notes_h = sum(note_hs)
    table: TableLayout | None = None
    least_charts = 30 * mm if block.charts else 0.0
    room = rect.height() - notes_h - least_charts - (2 * mm if block.charts else 0)
    waterbed_rows = waterbed_table_rows(block) if block.waterbed_rows else []
    waterbed: TableLayout | None = None
    if waterbed_rows:  # the goals table and the waterbed table share the room (half each)
        share = room / 2 if block.show_goals else room
        waterbed = measure_table(waterbed_rows, rect.width(), px, share, device, WATERBED_ONE_LINE)
        room -= waterbed.height
    if block.show_goals:
        table = measure_table(rows, rect.width(), px, room, device)
    table_h = table.height if table is not None else 0.0
    table_h += waterbed.height if waterbed is not None else 0.0
    charts_h = rect.height() - table_h - notes_h - (2 * mm if block.charts else 0)
    if block.charts:
        from wijkkaart.render.trend_chart import draw_trend

        gap = 4 * mm
        width = (rect.width() - gap * (len(block.charts) - 1)) / len(block.charts)
        for i, (line, statuses) in enumerate(block.charts):
            box = QRectF(rect.left() + i * (width + gap), rect.top(), width, max(charts_h, 30 * mm))
            draw_trend(painter, box, line, statuses, mm=mm)
    y = rect.top() + (charts_h + 2 * mm if block.charts else 0)
    if table is not None:
        box = QRectF(rect.left(), y, rect.width(), table.height)
        y = paint_goals_table(painter, box, rows, table)
    if waterbed is not None:
        box = QRectF(rect.left(), y, rect.width(), waterbed.height)
        y = paint_goals_table(painter, box, waterbed_rows, waterbed, tr("wb_print_title"))
    painter.setFont(font)
    painter.setPen(QColor("#333333"))
    for note, note_h in zip(notes, note_hs, strict=True):
        painter.drawText(QRectF(rect.left(), y, rect.width(), note_h), wrap, note)
        y += note_h
    painter.restore()
    return rect


def paint_goals_table(
    painter: QPainter,
    rect: QRectF,
    rows: list[list[str]],
    table: TableLayout,
    title: str | None = None,
) -> float:
    """A measured table with its title (the goals table's unless ``title``); the bottom y."""
    font = table.font
    bold = QFont(font)
    bold.setBold(True)
    pad = 0.6 * _metrics(font, painter.device()).height()
    painter.setFont(bold)
    painter.setPen(QColor("#1a1a1a"))
    painter.drawText(
        QRectF(rect.left(), rect.top(), rect.width(), table.title_h),
        title if title is not None else tr("tp_goals_title"),
    )
    y = rect.top() + table.title_h
    flags = Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter
    for r, row in enumerate(rows):
        painter.setFont(bold if r == 0 else font)
        height = table.heights[r]
        x = rect.left()
        widths = table.widths if len(row) > 1 else [rect.width()]
        for text, width in zip(row, widths, strict=False):
            painter.drawText(QRectF(x, y, max(width - pad, 1), height), flags, text)
            x += width
        painter.setPen(QPen(QColor("#cccccc"), 0))
        painter.drawLine(QPointF(rect.left(), y + height), QPointF(rect.right(), y + height))
        painter.setPen(QColor("#1a1a1a"))
        y += height
    return y
