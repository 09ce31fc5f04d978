"""Legend blocks for the visible layers, painted with QPainter (panel, PDF and PNG alike)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen

from wijkkaart.catalogue import catalogue
from wijkkaart.layers.formatting import source_of
from wijkkaart.layers.model import AreaLayer, Layer, PointLayer, RasterLayer
from wijkkaart.layers.style import BivariateStyle, LegendEntry
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.points import add_symbol

FONT = "DejaVu Sans"


@dataclass
class LegendBlock:
    title: str
    entries: list[LegendEntry]
    bivariate: tuple[str, str] | None = None
    note: str = ""
    source: str = ""
    symbol: str | None = None  # point layers: their entries show this symbol, not a swatch


def legend_blocks(layers: list[Layer]) -> list[LegendBlock]:
    """One block per visible area layer, top layer first; then point layers, then rasters."""
    blocks = []
    for layer in reversed(list(layers)):
        if not isinstance(layer, AreaLayer) or not layer.visible or layer.data is None:
            continue
        symbology = layer.symbology()
        style = layer.style
        used = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
        note = ui("illustrative_note") if set(used) & layer.data.illustrative else ""
        bivariate = None
        cat = catalogue()
        if isinstance(style, BivariateStyle):
            bivariate = tuple(cat[i].label if i in cat else i for i in used)
        sources = sorted({s for i in used if (s := source_of(layer.data, i))})
        source = f"{ui('source')}: {'; '.join(sources)}" if sources else ""
        blocks.append(LegendBlock(symbology.title, symbology.legend, bivariate, note, source))
    for layer in reversed(list(layers)):
        if isinstance(layer, PointLayer) and layer.visible and layer.frame is not None:
            blocks.append(point_block(layer))
    for layer in reversed(list(layers)):
        if isinstance(layer, RasterLayer) and layer.visible and layer.path is not None:
            try:
                blocks.append(raster_block(layer))
            except WijkkaartError as exc:  # the file went away: say so in the legend
                blocks.append(LegendBlock(layer.name, [], note=str(exc)))
    return blocks


def point_block(layer: PointLayer) -> LegendBlock:
    """The layer's name over its symbol and the number of points."""
    from wijkkaart.layers.style import format_number

    count = ui("points_count", n=format_number(len(layer.frame), 0))
    source = layer.source.get("attribution") or layer.source.get("source")
    source = f"{ui('source')}: {source}" if isinstance(source, str) and source else ""
    symbol = layer.symbol if layer.symbol in ("circle", "square", "triangle") else "circle"
    colour = QColor(layer.colour) if isinstance(layer.colour, str) else QColor()
    colour_name = colour.name() if colour.isValid() else "#7b3294"
    return LegendBlock(layer.name, [LegendEntry(colour_name, count)], source=source, symbol=symbol)


def raster_block(layer: RasterLayer) -> LegendBlock:
    """Five steps of the raster's ramp between the values it is stretched over."""
    from wijkkaart.layers.style import format_number
    from wijkkaart.render.renderer import raster_ramp, raster_range

    lo, hi = raster_range(layer.path, layer.vmin, layer.vmax)
    colours = raster_ramp(layer.ramp, 5)
    steps = [lo + (hi - lo) * i / 4 for i in range(5)]
    decimals = 2 if hi - lo < 10 else 0
    entries = [
        LegendEntry(c, format_number(v, decimals)) for c, v in zip(colours, steps, strict=True)
    ]
    return LegendBlock(layer.name, entries)


def paint_legend(
    painter: QPainter,
    origin: QPointF,
    blocks: list[LegendBlock],
    width: float,
    point_size: float = 9.0,
) -> float:
    """Paint the blocks from ``origin`` down; returns the height used."""
    title_font = QFont(FONT)
    title_font.setPointSizeF(point_size)
    title_font.setBold(True)
    font = QFont(FONT)
    font.setPointSizeF(point_size)
    metrics = QFontMetricsF(font, painter.device())
    line = metrics.height() * 1.35
    swatch = metrics.height() * 1.1
    y = origin.y()
    x = origin.x()
    for block in blocks:
        painter.setFont(title_font)
        painter.setPen(QColor("#1a1a1a"))
        title_rect = QRectF(x, y, width, line * 3)
        bounding = painter.boundingRect(title_rect, Qt.TextFlag.TextWordWrap, block.title)
        painter.drawText(title_rect, Qt.TextFlag.TextWordWrap, block.title)
        y += bounding.height() + line * 0.3
        painter.setFont(font)
        if block.bivariate:
            y = _paint_bivariate(painter, x, y, block, swatch, metrics)
        else:
            for entry in block.entries:
                box = QRectF(x, y + (line - swatch) / 2, swatch * 1.6, swatch)
                if block.symbol:
                    _symbol(painter, box, block.symbol, entry.colour, swatch * 0.75)
                else:
                    _swatch(painter, box, entry)
                painter.setPen(QColor("#1a1a1a"))
                text_rect = QRectF(x + swatch * 2.0, y, width - swatch * 2, line)
                needed = painter.boundingRect(text_rect, Qt.TextFlag.TextWordWrap, entry.label)
                if needed.height() > line * 1.1:  # long plain-language labels wrap
                    text_rect.setHeight(needed.height() + line * 0.35)
                painter.drawText(
                    text_rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignVCenter, entry.label
                )
                y += text_rect.height()
        if block.source:
            painter.setPen(QColor("#555555"))
            source_font = QFont(FONT)
            source_font.setPointSizeF(point_size * 0.85)
            painter.setFont(source_font)
            rect = QRectF(x, y, width, line * 3)
            used = painter.boundingRect(rect, Qt.TextFlag.TextWordWrap, block.source)
            painter.drawText(rect, Qt.TextFlag.TextWordWrap, block.source)
            y += used.height() + line * 0.1
        if block.note:
            painter.setPen(QColor("#8a1c1c"))
            note_font = QFont(FONT)
            note_font.setPointSizeF(point_size * 0.9)
            note_font.setItalic(True)
            painter.setFont(note_font)
            painter.drawText(QRectF(x, y, width, line), Qt.AlignmentFlag.AlignVCenter, block.note)
            y += line
        y += line * 0.6
    return y - origin.y()


def _swatch(painter: QPainter, rect: QRectF, entry: LegendEntry) -> None:
    painter.setPen(QPen(QColor("#7a7a7a"), 0.6))
    painter.setBrush(QColor(entry.colour))
    painter.drawRect(rect)
    if entry.hatched:
        painter.setBrush(QBrush(QColor("#6b6b6b"), Qt.BrushStyle.BDiagPattern))
        painter.drawRect(rect)


def _symbol(painter: QPainter, rect: QRectF, symbol: str, colour: str, size: float) -> None:
    """A point symbol centred in ``rect``, with a thin grey rim so a pale colour still shows."""
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.WindingFill)
    add_symbol(path, symbol, rect.center().x(), rect.center().y(), size)
    painter.strokePath(path, QPen(QColor("#7a7a7a"), max(size * 0.08, 0.6)))
    painter.fillPath(path, QColor(colour))


def _paint_bivariate(
    painter: QPainter, x: float, y: float, block: LegendBlock, swatch: float, metrics: QFontMetricsF
) -> float:
    """The 3x3 square: x to the right, y upwards, with axis names."""
    cell = swatch * 1.6
    grid = [e for e in block.entries if not e.hatched]
    left = x + metrics.height() * 1.2
    for j in range(3):
        for i in range(3):
            entry = grid[j * 3 + i]
            rect = QRectF(left + i * cell, y + (2 - j) * cell, cell, cell)
            _swatch(painter, rect, entry)
    painter.setPen(QColor("#1a1a1a"))
    x_name, y_name = block.bivariate or ("", "")
    painter.drawText(
        QRectF(left, y + 3 * cell + 2, 20 * cell, metrics.height()),
        Qt.AlignmentFlag.AlignLeft,
        f"{x_name} →",
    )
    painter.save()
    painter.translate(x + metrics.height() * 0.9, y + 3 * cell)
    painter.rotate(-90)
    painter.drawText(
        QRectF(0, -metrics.height(), 20 * cell, metrics.height()),
        Qt.AlignmentFlag.AlignLeft,
        f"{y_name} →",
    )
    painter.restore()
    y += 3 * cell + metrics.height() * 1.6
    for entry in block.entries:
        if entry.hatched:
            _swatch(painter, QRectF(x, y, swatch * 1.6, swatch), entry)
            painter.drawText(
                QRectF(x + swatch * 2, y, 20 * cell, swatch),
                Qt.AlignmentFlag.AlignVCenter,
                entry.label,
            )
            y += metrics.height() * 1.35
    return y
