"""Legend blocks painted with QPainter (panel, PDF, PNG and SVG alike).

The blocks themselves come from :mod:`wijkkaart.layers.legend` (Qt-free, shared with the HTML
map). Here they are laid out as rows (a title, an entry, a source, a note, a bivariate grid) so
a print can fit them into a box: first at the normal size, then smaller down to a readable
minimum, then in two or three columns; whatever still does not fit is counted on the page,
never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from wijkkaart.layers.legend import LegendBlock, point_block, raster_block  # noqa: F401
from wijkkaart.layers.legend import legend_blocks as _blocks
from wijkkaart.layers.model import Layer
from wijkkaart.layers.style import LegendEntry
from wijkkaart.messages import ui
from wijkkaart.render.points import add_symbol

FONT = "DejaVu Sans"
MIN_POINT_SIZE = 6.0  # the smallest legend type a print uses (A4; scaled with the paper)
WRAP = Qt.TextFlag.TextWordWrap


def legend_blocks(
    layers: list[Layer], focus_areas: list | None = None, known_only: bool = False
) -> list[LegendBlock]:
    """The Qt-free legend, with the renderer's raster stretch.

    ``known_only``: nothing classified, no raster read (GUI thread); raises
    :class:`~wijkkaart.layers.legend.LegendPending` when some of that work is still to do."""
    from wijkkaart.layers.raster_stretch import known_raster_range, raster_range

    stretch = known_raster_range if known_only else raster_range
    return _blocks(layers, focus_areas, stretch, known_only)


@dataclass
class _Row:
    height: float
    draw: Callable[[QPainter, float, float], None]  # (painter, x, y)
    entries: int = 0  # legend entries (swatches) this row shows
    keep_with_next: bool = False  # a block title stays with its first entry


class _Fonts:
    def __init__(self, painter: QPainter, point_size: float) -> None:
        self.size = point_size
        self.title = _font(point_size, bold=True)
        self.body = _font(point_size)
        self.source = _font(point_size * 0.85)
        self.note = _font(point_size * 0.9, italic=True)
        self.metrics = QFontMetricsF(self.body, painter.device())
        self.line = self.metrics.height() * 1.35
        self.swatch = self.metrics.height() * 1.1


def _font(size: float, bold: bool = False, italic: bool = False) -> QFont:
    font = QFont(FONT)
    font.setPointSizeF(size)
    font.setBold(bold)
    font.setItalic(italic)
    return font


def _text_height(painter: QPainter, font: QFont, width: float, text: str) -> float:
    painter.save()
    painter.setFont(font)
    rect = painter.boundingRect(QRectF(0, 0, max(width, 1.0), 1e6), WRAP, text)
    painter.restore()
    return rect.height()


def _rows(painter: QPainter, blocks: list[LegendBlock], width: float, size: float) -> list[_Row]:
    """The blocks as rows of known height at ``size`` points and ``width`` device pixels."""
    f = _Fonts(painter, size)
    rows: list[_Row] = []
    for block in blocks:
        title_h = _text_height(painter, f.title, width, block.title) + f.line * 0.3
        rows.append(
            _Row(title_h, _title_drawer(block.title, f, width), keep_with_next=bool(block.entries))
        )
        if block.bivariate:
            height = _bivariate_height(f, block)
            rows.append(
                _Row(
                    height,
                    partial(_paint_bivariate, block=block, f=f, width=width),
                    entries=len([e for e in block.entries if not e.hatched]),
                )
            )
            for entry in (e for e in block.entries if e.hatched):
                rows.append(_entry_row(painter, f, width, block, entry, 0))
        else:
            for index, entry in enumerate(block.entries):
                rows.append(_entry_row(painter, f, width, block, entry, index))
        if block.caption:
            h = _text_height(painter, f.source, width, block.caption) + f.line * 0.1
            rows.append(_Row(h, _text_drawer(block.caption, f.source, "#333333", width)))
        if block.source:
            h = _text_height(painter, f.source, width, block.source) + f.line * 0.1
            rows.append(_Row(h, _text_drawer(block.source, f.source, "#555555", width)))
        if block.note:
            h = _text_height(painter, f.note, width, block.note) + f.line * 0.1
            rows.append(_Row(h, _text_drawer(block.note, f.note, "#8a1c1c", width)))
        rows.append(_Row(f.line * 0.6, lambda p, x, y: None))  # space between blocks
    return rows


def _title_drawer(text: str, f: _Fonts, width: float):
    def draw(painter: QPainter, x: float, y: float) -> None:
        painter.setFont(f.title)
        painter.setPen(QColor("#1a1a1a"))
        painter.drawText(QRectF(x, y, width, 1e5), WRAP, text)

    return draw


def _text_drawer(text: str, font: QFont, colour: str, width: float):
    def draw(painter: QPainter, x: float, y: float) -> None:
        painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(QRectF(x, y, width, 1e5), WRAP, text)

    return draw


def _entry_row(
    painter: QPainter, f: _Fonts, width: float, block: LegendBlock, entry: LegendEntry, index: int
) -> _Row:
    text_w = width - f.swatch * 2.0
    needed = _text_height(painter, f.body, text_w, entry.label)
    height = max(f.line, needed + f.line * 0.35)  # long labels wrap

    def draw(p: QPainter, x: float, y: float) -> None:
        box = QRectF(x, y + (min(height, f.line) - f.swatch) / 2, f.swatch * 1.6, f.swatch)
        if block.symbol == "line":
            widths = block.line_widths
            pen_w = widths[index] if index < len(widths) else 1.6
            _line(p, box, entry.colour, pen_w * f.size / 9.0)
        elif block.symbol:
            _symbol(p, box, block.symbol, entry.colour, f.swatch * 0.75)
        else:
            _swatch(p, box, entry)
        p.setFont(f.body)
        p.setPen(QColor("#1a1a1a"))
        p.drawText(
            QRectF(x + f.swatch * 2.0, y, text_w, height),
            WRAP | Qt.AlignmentFlag.AlignVCenter,
            entry.label,
        )

    return _Row(height, draw, entries=1)


@dataclass
class LegendFit:
    point_size: float
    columns: int
    rows: list[list[_Row]]
    dropped: int  # entries that did not fit even at the minimum size in the most columns
    height: float  # the tallest column


def fit_legend(
    painter: QPainter,
    blocks: list[LegendBlock],
    width: float,
    height: float,
    point_size: float,
    min_point_size: float = MIN_POINT_SIZE,
    max_columns: int = 2,
) -> LegendFit:
    """The largest type, in the fewest columns, at which every row fits into width x height."""
    gap = width * 0.04
    sizes = []
    size = point_size
    while size > min_point_size + 1e-6:
        sizes.append(size)
        size = max(size * 0.9, min_point_size)
    sizes.append(min_point_size)
    for columns in range(1, max_columns + 1):
        col_w = (width - gap * (columns - 1)) / columns
        for size in sizes:
            rows = _rows(painter, blocks, col_w, size)
            packed, dropped = _pack(rows, columns, height)
            if not dropped:
                tallest = max((sum(r.height for r in col) for col in packed), default=0.0)
                return LegendFit(size, columns, packed, 0, tallest)
    col_w = (width - gap * (max_columns - 1)) / max_columns
    rows = _rows(painter, blocks, col_w, min_point_size)
    f = _Fonts(painter, min_point_size)
    packed, dropped = _pack(rows, max_columns, height - f.line * 1.2)
    tallest = max((sum(r.height for r in col) for col in packed), default=0.0)
    return LegendFit(min_point_size, max_columns, packed, dropped, tallest)


def _pack(rows: list[_Row], columns: int, height: float) -> tuple[list[list[_Row]], int]:
    """Fill columns top to bottom; returns the columns and the entries left over."""
    packed: list[list[_Row]] = [[] for _ in range(columns)]
    col, used = 0, 0.0
    i = 0
    while i < len(rows):
        row = rows[i]
        need = row.height + (rows[i + 1].height if row.keep_with_next and i + 1 < len(rows) else 0)
        if used + need > height + 0.5 and packed[col]:
            col += 1
            used = 0.0
            if col >= columns:
                return packed, sum(r.entries for r in rows[i:])
        if used + row.height > height + 0.5 and not packed[col]:  # taller than a whole column
            return packed, sum(r.entries for r in rows[i:])
        packed[col].append(row)
        used += row.height
        i += 1
    return packed, 0


def paint_fitted(painter: QPainter, rect: QRectF, fit: LegendFit) -> QRectF:
    """Paint a fitted legend into ``rect``; returns the part of ``rect`` it used."""
    columns = fit.columns
    gap = rect.width() * 0.04
    col_w = (rect.width() - gap * (columns - 1)) / columns
    for c, rows in enumerate(fit.rows):
        x = rect.left() + c * (col_w + gap)
        y = rect.top()
        for row in rows:
            row.draw(painter, x, y)
            y += row.height
    height = fit.height
    if fit.dropped:
        f = _Fonts(painter, fit.point_size)
        painter.setFont(f.note)
        painter.setPen(QColor("#8a1c1c"))
        text = ui("legend_more", n=fit.dropped)
        painter.drawText(
            QRectF(rect.left(), rect.top() + height, rect.width(), f.line * 1.2), WRAP, text
        )
        height += f.line * 1.2
    return QRectF(rect.left(), rect.top(), rect.width(), height)


def paint_legend(
    painter: QPainter,
    origin: QPointF,
    blocks: list[LegendBlock],
    width: float,
    point_size: float = 9.0,
) -> float:
    """Paint the blocks from ``origin`` down in one column (the panel); returns the height."""
    y = origin.y()
    for row in _rows(painter, blocks, width, point_size):
        row.draw(painter, origin.x(), y)
        y += row.height
    return y - origin.y()


def _swatch(painter: QPainter, rect: QRectF, entry: LegendEntry) -> None:
    painter.setPen(QPen(QColor("#7a7a7a"), 0.6))
    painter.setBrush(QColor(entry.colour))
    painter.drawRect(rect)
    if entry.hatched:
        painter.setBrush(QBrush(QColor("#6b6b6b"), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)


def _line(painter: QPainter, rect: QRectF, colour: str, width: float) -> None:
    """A boundary's line sample: a short stroke across the swatch box."""
    pen = QPen(QColor(colour), max(width, 0.8))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    y = rect.center().y()
    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))


def _symbol(painter: QPainter, rect: QRectF, symbol: str, colour: str, size: float) -> None:
    """A point symbol centred in ``rect``, with a thin grey rim so a pale colour still shows."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    add_symbol(path, symbol, rect.center().x(), rect.center().y(), size)
    painter.strokePath(path, QPen(QColor("#7a7a7a"), max(size * 0.08, 0.6)))
    painter.fillPath(path, QColor(colour))


def _bivariate_height(f: _Fonts, block: LegendBlock) -> float:
    cell = f.swatch * 1.6
    ticks = f.metrics.height() if block.axis_values else 0.0
    return 3 * cell + ticks + f.metrics.height() * 5.2


def _paint_bivariate(
    painter: QPainter, x: float, y: float, block: LegendBlock, f: _Fonts, width: float
) -> None:
    """A 3x3 grid: x to the right, y upwards. The y axis is named above the grid and the x axis
    below it (horizontal, wrapping: never running into the title), each with its class bounds
    as ticks, so the reader can tell which corner means what."""
    metrics = f.metrics
    small = _font(f.size * 0.8)
    small_metrics = QFontMetricsF(small, painter.device())
    cell = f.swatch * 1.6
    grid = [e for e in block.entries if not e.hatched]
    x_values, y_values = block.axis_values or ([], [])
    x_name, y_name = block.bivariate or ("", "")
    painter.setPen(QColor("#1a1a1a"))
    painter.setFont(f.body)
    painter.drawText(
        QRectF(x, y, width, metrics.height() * 2.4),
        WRAP | Qt.AlignmentFlag.AlignLeft,
        f"↑ {y_name}",
    )
    y += metrics.height() * 2.4
    tick_w = max((small_metrics.horizontalAdvance(f"≤ {v}") for v in y_values), default=0.0)
    left = x + (tick_w + metrics.height() * 0.3 if y_values else metrics.height() * 0.5)
    # columns as wide as their tick labels ("≤ 57,3 %"), within the legend's width
    widest = max((small_metrics.horizontalAdvance(f"≤{v}") for v in x_values), default=0.0)
    cell_w = min(max(cell, widest * 1.15), max((x + width - left) / 3, cell))
    for j in range(3):
        for i in range(3):
            if j * 3 + i < len(grid):
                rect = QRectF(left + i * cell_w, y + (2 - j) * cell, cell_w, cell)
                _swatch(painter, rect, grid[j * 3 + i])
    painter.setPen(QColor("#1a1a1a"))
    painter.setFont(small)
    for j, text in enumerate(y_values[:3]):  # upper bound of each row, beside it
        top = y + (2 - j) * cell
        painter.drawText(
            QRectF(x, top, tick_w, cell),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            f"≤ {text}",
        )
    bottom = y + 3 * cell
    for i, text in enumerate(x_values[:3]):  # upper bound of each column, under it
        painter.drawText(
            QRectF(left + i * cell_w, bottom + 1, cell_w, small_metrics.height()),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            f"≤{text}",
        )
    ticks = small_metrics.height() if x_values else 0.0
    painter.setFont(f.body)
    painter.drawText(
        QRectF(x, bottom + ticks + 2, width, metrics.height() * 2.4),
        WRAP | Qt.AlignmentFlag.AlignLeft,
        f"{x_name} →",
    )
