"""Print layouts: the map with title, legend, scale bar, north arrow, sources and date.

One function paints a page onto any QPainter (PDF, PNG, SVG), using the same renderer and the
same legend as the screen. Sizes are given in millimetres and converted with the device's own
resolution, so a page looks the same at 96 or 300 dpi.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from wijkkaart.catalogue import catalogue
from wijkkaart.layers.formatting import format_value, source_of
from wijkkaart.layers.model import AreaLayer, BasemapLayer, Layer, OutlineLayer, PointLayer
from wijkkaart.layers.style import BivariateStyle, ChoroplethStyle, format_number
from wijkkaart.messages import language, tr, ui
from wijkkaart.render.basemap import ATTRIBUTION
from wijkkaart.render.geometry import rings_to_qpolygons
from wijkkaart.render.job import MapSettings, RenderJob
from wijkkaart.render.legend import LegendBlock, legend_blocks, paint_legend
from wijkkaart.render.renderer import GeometryStore, render, snapshot
from wijkkaart.render.viewport import Viewport

PAPER_MM = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
    "A0": (841.0, 1189.0),
}
FONT = "DejaVu Sans"
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
PRESET_RESIDENTS = "bewonersavond"


@dataclass
class PageOptions:
    paper: str = "A4"
    orientation: str = "landscape"
    title: str = ""
    subtitle: str = ""
    preset: str | None = None
    overview: bool = True
    date: dt.date = field(default_factory=dt.date.today)

    @property
    def size_mm(self) -> tuple[float, float]:
        short, long = PAPER_MM[self.paper]
        return (long, short) if self.orientation == "landscape" else (short, long)

    @property
    def text_scale(self) -> float:
        """Type grows with the paper (A4 = 1) and is larger for resident meetings."""
        base = math.sqrt(self.size_mm[0] * self.size_mm[1] / (297.0 * 210.0))
        return base * (1.5 if self.preset == PRESET_RESIDENTS else 1.0)


def dutch_date(day: dt.date) -> str:
    if language() == "en":
        return day.strftime("%d %B %Y").lstrip("0")
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def nice_length(metres: float) -> float:
    """1, 2 or 5 times a power of ten, at most ``metres`` (1 for a non-finite length)."""
    if not math.isfinite(metres):
        return 1.0
    power = 10 ** math.floor(math.log10(max(metres, 1e-9)))
    for step in (5, 2, 1):
        if step * power <= metres:
            return step * power
    return power


def length_label(metres: float) -> str:
    if metres >= 1000:
        km = metres / 1000
        return f"{format_number(km, 0 if km.is_integer() else 1)} km"
    return f"{format_number(metres, 0)} m"


def resident_layers(layers: list[Layer]) -> list[Layer]:
    """Resident-meeting preset: at most 5 classes, thick dark boundaries."""
    out = []
    for layer in layers:
        if isinstance(layer, AreaLayer) and isinstance(layer.style, ChoroplethStyle):
            copy = AreaLayer(
                name=layer.name,
                visible=layer.visible,
                opacity=layer.opacity,
                style=replace(layer.style, k=min(layer.style.k, 5)),
                labels=layer.labels,
                outline="#333333",
                source=layer.source,
            )
            out.append(copy.attach(layer.data))
        else:
            out.append(layer)
    return out


def plain_blocks(blocks: list[LegendBlock], layers: list[Layer]) -> list[LegendBlock]:
    """Legend in plain Dutch for residents: "meer dan 68 procent koopwoningen", no jargon."""
    area = [x for x in reversed(layers) if isinstance(x, AreaLayer) and x.visible]
    out = []
    for block, layer in zip(blocks, area + [None] * len(blocks), strict=False):
        style = getattr(layer, "style", None)
        if not isinstance(style, ChoroplethStyle):
            out.append(block)
            continue
        ind = catalogue().get(style.indicator)
        noun = ind.label.lower() if ind else ""
        unit = (
            ui("plain_percent")
            if ind is not None and ind.unit == "%"
            else (ind.unit if ind else "")
        )
        breaks = layer.symbology().breaks
        entries = []
        classes = [e for e in block.entries if not e.hatched]
        for i, entry in enumerate(classes):
            low = round(breaks[i - 1]) if i > 0 else None
            high = round(breaks[i])
            if low is None:
                text = ui("plain_below", value=high, unit=unit)
            elif i == len(classes) - 1:
                text = ui("plain_above", value=low, unit=unit)
            else:
                text = ui("plain_between", low=low, high=high, unit=unit)
            entries.append(replace(entry, label=f"{text} {noun}".replace("  ", " ").strip()))
        entries += [replace(e, label=ui("plain_missing")) for e in block.entries if e.hatched]
        out.append(replace(block, entries=entries, source=""))
    return out


def implausible_notes(layers: list[Layer]) -> list[str]:
    """'Let op: n buurten met een onwaarschijnlijke waarde voor …' for each mapped indicator."""
    from wijkkaart.analysis.plausibility import implausible_in

    notes: list[str] = []
    for layer in layers:
        if not (isinstance(layer, AreaLayer) and layer.visible and layer.data is not None):
            continue
        style = layer.style
        used = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
        for indicator in used:
            codes = implausible_in(layer.data.statistics_frame(), indicator)
            if codes:
                label = catalogue()[indicator].label if indicator in catalogue() else indicator
                notes.append(tr("print_implausible", n=len(codes), indicator=label, code=codes[0]))
    return list(dict.fromkeys(notes))


def sources_line(layers: list[Layer]) -> tuple[str, bool]:
    """'Bron: …' for what is visible, and whether any of it is illustrative."""
    sources: list[str] = []
    illustrative = False
    for layer in layers:
        if not layer.visible:
            continue
        if isinstance(layer, AreaLayer) and layer.data is not None:
            style = layer.style
            used = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
            for indicator in used:
                text = source_of(layer.data, indicator)
                if text and text not in sources:
                    sources.append(text)
                illustrative |= indicator in layer.data.illustrative
            if ui("print_boundaries") not in sources:
                sources.append(ui("print_boundaries"))
        if isinstance(layer, OutlineLayer) and ui("print_boundaries") not in sources:
            sources.append(ui("print_boundaries"))
        if isinstance(layer, PointLayer) and layer.frame is not None:
            attribution = layer.source.get("attribution") or layer.source.get("source")
            if isinstance(attribution, str) and attribution and attribution not in sources:
                sources.append(attribution)
        if isinstance(layer, BasemapLayer):
            sources.append(ATTRIBUTION)
    return f"{ui('print_sources')}: " + "; ".join(sources), illustrative


class PagePainter:
    """Paints one page: a map frame with legend, title, scale bar, north arrow and sources."""

    def __init__(
        self, painter: QPainter, width_px: float, height_px: float, options: PageOptions
    ) -> None:
        self.p = painter
        self.options = options
        self.mm = width_px / options.size_mm[0]  # device pixels per millimetre
        self.width, self.height = width_px, height_px
        self.pixel_ratio = self.mm / (96 / 25.4)  # versus a 96 dpi screen
        self._store: GeometryStore | None = None  # set by paint(): the caller's caches

    def font(self, size_pt: float, bold: bool = False) -> QFont:
        font = QFont(FONT)
        font.setPointSizeF(size_pt * self.options.text_scale)
        font.setBold(bold)
        return font

    def paint(
        self,
        layers: list[Layer],
        bounds: tuple[float, float, float, float],
        store: GeometryStore,
        focus_areas=None,
        profile_rows=None,
        fade=None,
        overview=None,
    ) -> QRectF:
        """Paint the page; returns the map frame (device pixels) that was used."""
        o, mm = self.options, self.mm
        residents = o.preset == PRESET_RESIDENTS
        if residents:
            layers = resident_layers(layers)
        self.p.fillRect(QRectF(0, 0, self.width, self.height), QColor("white"))
        margin = 10 * mm
        title_h = (20 if o.subtitle else 14) * mm * o.text_scale
        footer_h = 11 * mm * o.text_scale
        side_w = min(max(62 * mm * o.text_scale, self.width * 0.22), self.width * 0.38)
        frame = QRectF(
            margin,
            margin + title_h,
            self.width - 2 * margin - side_w - 5 * mm,
            self.height - 2 * margin - title_h - footer_h,
        )
        self._title(QRectF(margin, margin, self.width - 2 * margin, title_h), layers)
        self._store = store  # the overview map reuses its geometry on every atlas page
        self._map(frame, layers, bounds, store, focus_areas, fade)
        blocks = legend_blocks(layers)
        if residents:
            blocks = plain_blocks(blocks, layers)
        side = QRectF(frame.right() + 5 * mm, frame.top(), side_w, frame.height())
        self.p.save()
        self.p.setClipRect(side)
        used = paint_legend(
            self.p,
            side.topLeft(),
            blocks,
            side.width(),
            9.0 * o.text_scale * (1.15 if residents else 1.0),
        )
        if profile_rows:
            self._table(
                QRectF(
                    side.left(),
                    side.top() + used + 4 * mm,
                    side.width(),
                    side.height() - used - 4 * mm,
                ),
                profile_rows,
            )
        self.p.restore()
        viewport = self._viewport(frame, bounds)
        self._scale_bar(frame, viewport)
        self._north_arrow(frame)
        if o.overview and overview is not None:
            self._overview(frame, viewport, overview)
        table_illustrative = any(label.endswith(" *") for label, _, _ in profile_rows or [])
        self._footer(
            QRectF(margin, frame.bottom() + 2 * mm, self.width - 2 * margin, footer_h),
            layers,
            table_illustrative,
        )
        return frame

    def _viewport(self, frame: QRectF, bounds) -> Viewport:
        return Viewport.fit(bounds, int(frame.width()), int(frame.height()), margin=0.02)

    def _title(self, rect: QRectF, layers: list[Layer]) -> None:
        title = self.options.title
        if not title:
            blocks = legend_blocks(layers)
            title = blocks[0].title if blocks else "wijkkaart"
        self.p.setPen(QColor("#111111"))
        self.p.setFont(self.font(18, bold=True))
        metrics = QFontMetricsF(self.p.font(), self.p.device())
        self.p.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), metrics.height() * 1.2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            title,
        )
        if self.options.subtitle:
            self.p.setFont(self.font(11))
            self.p.setPen(QColor("#444444"))
            self.p.drawText(
                QRectF(
                    rect.left(),
                    rect.top() + metrics.height() * 1.25,
                    rect.width(),
                    metrics.height(),
                ),
                Qt.AlignmentFlag.AlignLeft,
                self.options.subtitle,
            )

    def _map(self, frame: QRectF, layers, bounds, store, focus_areas, fade) -> None:
        viewport = self._viewport(frame, bounds)
        detail = viewport.resolution * max(self.mm * 0.25, 1.0)  # no detail under 0.25 mm
        self.p.save()
        self.p.setClipRect(frame)
        self.p.translate(frame.topLeft())
        label_size = 8.0 * (1.4 if self.options.preset == PRESET_RESIDENTS else 1.0)
        settings = MapSettings.of(
            layers,
            viewport,
            focus_areas,
            background="#f4f4f2",
            pixel_ratio=self.pixel_ratio,
            detail=detail,
            label_size=label_size,
        )
        RenderJob(settings, store).paint(self.p)  # the canvas's job and settings, on paper
        if fade is not None:
            self._fade_outside(viewport, fade)
        self.p.restore()
        self.p.setPen(QPen(QColor("#333333"), 0.3 * self.mm))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(frame)

    def _fade_outside(self, viewport: Viewport, area) -> None:
        """Surroundings faded so the area stands out (atlas pages)."""
        import shapely

        from wijkkaart.render.renderer import world_transform

        rings = shapely.get_exterior_ring(shapely.get_parts(area))
        polygons = rings_to_qpolygons(
            shapely.get_coordinates(rings), shapely.get_num_coordinates(rings)
        )
        path = QPainterPath()
        path.addRect(QRectF(0, 0, viewport.width, viewport.height))
        transform = world_transform(viewport)
        inner = QPainterPath()
        for polygon in polygons:
            inner.addPolygon(transform.map(polygon))
        self.p.setPen(Qt.PenStyle.NoPen)
        self.p.setBrush(QColor(255, 255, 255, 150))
        self.p.drawPath(path.subtracted(inner))
        self.p.setPen(QPen(QColor("#e6007e"), 0.7 * self.mm))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawPath(inner)

    def _scale_bar(self, frame: QRectF, viewport: Viewport) -> None:
        mm = self.mm
        metres = nice_length(viewport.resolution * frame.width() * 0.22)
        length = metres / viewport.resolution
        height = 1.6 * mm * self.options.text_scale
        x, y = frame.left() + 5 * mm, frame.bottom() - 6 * mm - height
        self.p.setFont(self.font(7.5))
        metrics = QFontMetricsF(self.p.font(), self.p.device())
        label = length_label(metres)
        back = QRectF(
            x - 2 * mm,
            y - metrics.height() - 2 * mm,
            length + 4 * mm + metrics.horizontalAdvance(label),
            height + metrics.height() + 3.5 * mm,
        )
        self.p.fillRect(back, QColor(255, 255, 255, 210))
        self.p.setPen(QPen(QColor("#111111"), 0.2 * mm))
        for i in range(4):
            self.p.setBrush(QColor("#111111") if i % 2 == 0 else QColor("white"))
            self.p.drawRect(QRectF(x + i * length / 4, y, length / 4, height))
        self.p.setPen(QColor("#111111"))
        self.p.drawText(QPointF(x - metrics.horizontalAdvance("0") / 2, y - 0.8 * mm), "0")
        self.p.drawText(
            QPointF(x + length - metrics.horizontalAdvance(label) / 2, y - 0.8 * mm), label
        )

    def _north_arrow(self, frame: QRectF) -> None:
        mm = self.mm
        size = 9 * mm * self.options.text_scale
        cx, top = frame.right() - 7 * mm - size / 2, frame.top() + 5 * mm
        self.p.fillRect(
            QRectF(cx - size / 2 - mm, top - mm, size + 2 * mm, size * 1.55 + 2 * mm),
            QColor(255, 255, 255, 210),
        )
        arrow = QPolygonF(
            [
                QPointF(cx, top),
                QPointF(cx + size / 2, top + size),
                QPointF(cx, top + size * 0.75),
                QPointF(cx - size / 2, top + size),
            ]
        )
        self.p.setPen(QPen(QColor("#111111"), 0.2 * mm))
        self.p.setBrush(QColor("#111111"))
        self.p.drawPolygon(arrow)
        self.p.setFont(self.font(9, bold=True))
        self.p.drawText(
            QRectF(cx - size / 2, top + size, size, size * 0.55), Qt.AlignmentFlag.AlignCenter, "N"
        )

    def _overview(self, frame: QRectF, viewport: Viewport, overview) -> None:
        """A small map of the whole gemeente with the printed part marked."""
        mm = self.mm
        size = min(38 * mm * self.options.text_scale, frame.width() * 0.25)
        box = QRectF(frame.right() - size - 4 * mm, frame.bottom() - size - 4 * mm, size, size)
        outline = OutlineLayer(name="overzicht", colour="#777777", width=0.5).attach(overview)
        bounds = tuple(overview.total_bounds)
        small = Viewport.fit(bounds, int(box.width()), int(box.height()), margin=0.05)
        if (viewport.bounds[2] - viewport.bounds[0]) >= 0.8 * (bounds[2] - bounds[0]):
            return  # the map already shows everything
        self.p.save()
        self.p.fillRect(box, QColor("white"))
        self.p.setClipRect(box)
        self.p.translate(box.topLeft())
        store = self._store or GeometryStore()
        render(self.p, snapshot([outline], store), small, None, self.pixel_ratio)
        x0, y0 = small.to_pixel(viewport.bounds[0], viewport.bounds[3])
        x1, y1 = small.to_pixel(viewport.bounds[2], viewport.bounds[1])
        self.p.setPen(QPen(QColor("#d7191c"), 0.5 * mm))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(QRectF(QPointF(x0, y0), QPointF(x1, y1)))
        self.p.restore()
        self.p.setPen(QPen(QColor("#333333"), 0.2 * mm))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(box)

    def _table(self, rect: QRectF, rows: list[tuple[str, str, str]]) -> None:
        """A small profile table: indicator, area value, gemeente value."""
        self.p.setFont(self.font(7.5))
        metrics = QFontMetricsF(self.p.font(), self.p.device())
        line = metrics.height() * 1.25
        y = rect.top()
        col = rect.width() * 0.52
        for label, value, gemeente in rows:
            if y + line > rect.bottom():
                break
            bold = not value and not gemeente
            self.p.setFont(self.font(7.5, bold=bold))
            self.p.setPen(QColor("#111111"))
            self.p.drawText(
                QRectF(rect.left(), y, col, line),
                Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, col),
            )
            self.p.drawText(
                QRectF(rect.left() + col, y, rect.width() * 0.24, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(value, Qt.TextElideMode.ElideRight, rect.width() * 0.23),
            )
            self.p.setPen(QColor("#666666"))
            self.p.drawText(
                QRectF(rect.left() + col + rect.width() * 0.24, y, rect.width() * 0.24, line),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(gemeente, Qt.TextElideMode.ElideRight, rect.width() * 0.23),
            )
            y += line

    def _footer(self, rect: QRectF, layers: list[Layer], table_illustrative: bool = False) -> None:
        text, illustrative = sources_line(layers)
        illustrative |= table_illustrative
        text += f" · {ui('print_made_with')} · {dutch_date(self.options.date)}"
        self.p.setFont(self.font(7.5))
        self.p.setPen(QColor("#333333"))
        self.p.drawText(rect, Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignTop, text)
        warnings = [ui("print_illustrative")] if illustrative else []
        warnings += implausible_notes(layers)
        if warnings:
            metrics = QFontMetricsF(self.p.font(), self.p.device())
            used = self.p.boundingRect(rect, Qt.TextFlag.TextWordWrap, text).height()
            self.p.setPen(QColor("#8a1c1c"))
            self.p.setFont(self.font(7.5, bold=True))
            for line in warnings:
                self.p.drawText(
                    QRectF(rect.left(), rect.top() + used, rect.width(), metrics.height() * 1.3),
                    Qt.AlignmentFlag.AlignLeft,
                    line,
                )
                used += metrics.height() * 1.2


def profile_rows(result, data) -> list[tuple[str, str, str]]:
    """The Kenmerken rows of a profile for a printed table (group headers have no values)."""
    from wijkkaart.analysis.card import CARD

    cat = catalogue()
    rows: list[tuple[str, str, str]] = []
    for key, ids in CARD:
        title = ui(key)
        present = [i for i in ids if i in result.indicators]
        if not present:
            continue
        rows.append((title, "", ""))
        for indicator in present:
            item = result.indicators[indicator]
            label = cat[indicator].label + (" *" if indicator in data.illustrative else "")
            value = item.value
            if value.distribution:
                top = max(value.distribution, key=lambda k: value.distribution[k])
                text = f"{format_value(indicator, top)} {value.distribution[top]:.0%}"
            elif value.low is not None:
                text = f"{int(value.low)}–{int(value.high)}"
            else:
                text = format_value(indicator, value.value) or "–"
            rows.append((label, text, format_value(indicator, item.gemeente.value)))
    return rows
