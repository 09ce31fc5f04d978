"""Print layouts: the map with title, legend, scale bar, north arrow, sources and date.

One function paints a page onto any QPainter (PDF, PNG, SVG), using the same renderer and the
same legend as the screen. Sizes are given in millimetres and converted with the device's own
resolution, so a page looks the same at 96 or 300 dpi.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen, QPolygonF

from wijkkaart.catalogue import catalogue
from wijkkaart.export.page_layout import apply_layout, default_layout, legend_flows
from wijkkaart.export.profile_table import ProfileTable
from wijkkaart.layers.model import (
    AreaLayer,
    BasemapLayer,
    Layer,
)
from wijkkaart.layers.sources import sources_line
from wijkkaart.layers.style import BivariateStyle, format_number
from wijkkaart.messages import language, tr, ui
from wijkkaart.render.geometry import rings_to_qpolygons
from wijkkaart.render.job import MapSettings, RenderJob
from wijkkaart.render.legend import MIN_POINT_SIZE, fit_legend, legend_blocks, paint_fitted
from wijkkaart.render.renderer import GeometryStore, outline_image
from wijkkaart.render.viewport import Viewport

PAPER_MM = {
    "A4": (210.0, 297.0),
    "A3": (297.0, 420.0),
    "A2": (420.0, 594.0),
    "A1": (594.0, 841.0),
    "A0": (841.0, 1189.0),
}
FONT = "DejaVu Sans"
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
    scale: int | None = None  # fixed 1:N around the extent's centre; None = fitted to the frame
    layout: dict[str, list[float]] | None = None  # the user's moves: element -> page fractions

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
    """'5 maart 2026' / '5 March 2026': month names from babel's CLDR data, not the OS locale."""
    from babel.dates import format_date

    return format_date(day, "d MMMM y", locale=language())


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
        self.fetch_tiles = True  # the resident print fetches street tiles; the preview does not
        self.placed: dict[str, QRectF] = {}

    def font(self, size_pt: float, bold: bool = False) -> QFont:
        font = QFont(FONT)
        font.setPointSizeF(size_pt * self.options.text_scale)
        font.setBold(bold)
        return font

    def rects(self, below_map: float | None = None, trend: bool = False) -> dict[str, QRectF]:
        """Every element's rectangle in device pixels: the default layout with the user's moves."""
        o, mm = self.options, self.mm
        w_mm, h_mm = o.size_mm
        page = default_layout(w_mm, h_mm, o.text_scale, bool(o.subtitle), below_map, trend)
        rects = apply_layout(page, o.layout, w_mm, h_mm)
        return {k: QRectF(x * mm, y * mm, w * mm, h * mm) for k, (x, y, w, h) in rects.items()}

    def paint(
        self,
        layers: list[Layer],
        bounds: tuple[float, float, float, float],
        store: GeometryStore,
        focus_areas=None,
        table: ProfileTable | None = None,
        fade=None,
        overview=None,
        trend=None,
    ) -> QRectF:
        """Paint the page; returns the map frame (device pixels) that was used.

        ``trend`` (a :class:`wijkkaart.export.trend_print.TrendBlock`): the area's trend charts
        and goals table, in their own rectangle.

        ``self.placed`` afterwards holds where each element really went (the preview's handles).
        """
        o, mm = self.options, self.mm
        residents = o.preset == PRESET_RESIDENTS
        self.p.fillRect(QRectF(0, 0, self.width, self.height), QColor("white"))
        with_trend = trend is not None
        rects = self.rects(trend=with_trend)
        portrait = o.size_mm[1] > o.size_mm[0]
        own_legend = bool(o.layout and "legend" in o.layout)
        if portrait and table is None and not with_trend and not own_legend:
            # no table: the legend gets the width under the map and the map the rest
            blocks = legend_blocks(layers, focus_areas)
            wide = rects["legend"].united(rects["table"])
            fit = fit_legend(
                self.p, blocks, wide.width(), wide.height(), 9.0 * o.text_scale, 9.0 * o.text_scale
            )
            if not fit.dropped:
                rects = self.rects(below_map=fit.height / mm + 2)
        frame = rects["map"]
        self.placed = {"map": frame}
        self.basemap_shown: bool | None = None
        self._store = store  # the overview map reuses its geometry on every atlas page
        if residents:
            from wijkkaart.export.residents import MIN_COVERAGE, resident_layers, street_tiles

            coverage = street_tiles(self._viewport(frame, bounds), fetch=self.fetch_tiles)
            self.street_coverage = coverage
            layers = resident_layers(layers, streets=coverage >= MIN_COVERAGE)
            if table is not None:
                from wijkkaart.export.residents import resident_table

                table = resident_table(table)
        self._title(rects["title"], layers, focus_areas)
        self._map(frame, layers, bounds, store, focus_areas, fade)
        blocks = legend_blocks(layers, focus_areas)
        if residents:
            from wijkkaart.export.residents import plain_blocks

            blocks = plain_blocks(blocks, layers)
        self.legend_blocks = blocks
        legend_rect, table_rect = rects["legend"], rects["table"]
        flows = legend_flows(
            o.layout, {k: (r.x() / mm, r.y() / mm, r.width(), r.height()) for k, r in rects.items()}
        )
        base = 9.0 * o.text_scale  # residents: text_scale is already 1.5 times larger
        smallest = MIN_POINT_SIZE * o.text_scale

        def fitted(rect: QRectF):
            return fit_legend(
                self.p,
                blocks,
                rect.width(),
                rect.height(),
                base,
                smallest,
                max_columns=3 if rect.width() > 90 * mm else 2,
            )

        both = legend_rect.united(table_rect)
        own = bool(o.layout and ("legend" in o.layout or "table" in o.layout))
        if table is None and not own:  # the legend gets the table's room as well
            legend_rect = both
        if flows and table is not None:
            # the table follows the legend. For residents the legend gives up room (smaller
            # type, one column still) until every promised row fits; elsewhere the legend keeps
            # its size and the table says how many rows it leaves out.
            shares = (0.6, 0.5, 0.4, 0.3) if residents else (0.6,)
            for share in shares:
                legend_rect = QRectF(both.left(), both.top(), both.width(), both.height() * share)
                fit = fitted(legend_rect)
                if fit.dropped or fit.columns > 1:
                    continue
                top = both.top() + fit.height + 4 * mm
                rest = QRectF(both.left(), top, both.width(), both.bottom() - top)
                if not self._table_fits(rest, table):
                    continue
                break
            else:  # nothing lets the whole table fit: the legend keeps its room
                legend_rect = QRectF(both.left(), both.top(), both.width(), both.height() * 0.6)
        fit = fitted(legend_rect)
        self.legend_fit = fit
        used = paint_fitted(self.p, legend_rect, fit)
        self.placed["legend"] = used if flows or (table is None and not own) else legend_rect
        if table is not None:
            if flows:
                top = used.bottom() + 4 * mm
                table_rect = QRectF(both.left(), top, both.width(), both.bottom() - top)
            self.placed["table"] = self._table(table_rect, table)
        viewport = self._viewport(frame, bounds)
        self._scale_bar(rects["scalebar"], viewport)
        self._north_arrow(rects["north"])
        if o.overview and overview is not None:
            self._overview(rects["overview"], viewport, overview)
        if trend is not None:
            from wijkkaart.export.trend_print import paint_block

            self.placed["trend"] = paint_block(self.p, rects["trend"], trend, mm)
        self._footer(rects["footer"], layers, table)
        return frame

    def _viewport(self, frame: QRectF, bounds) -> Viewport:
        """Fitted to the frame, or at the fixed scale around the extent's centre."""
        if self.options.scale:
            from wijkkaart.export.extent import scale_resolution

            cx, cy = (bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2
            resolution = scale_resolution(self.options.scale, self.mm)
            return Viewport(cx, cy, resolution, int(frame.width()), int(frame.height()))
        return Viewport.fit(bounds, int(frame.width()), int(frame.height()), margin=0.02)

    def _title(self, rect: QRectF, layers: list[Layer], focus_areas=None) -> None:
        from wijkkaart.export.title import map_title

        title = map_title(self.options.title, layers, focus_areas)
        self.p.setPen(QColor("#111111"))
        self.p.setFont(self.font(18, bold=True))
        metrics = QFontMetricsF(self.p.font(), self.p.device())
        self.p.drawText(
            QRectF(rect.left(), rect.top(), rect.width(), metrics.height() * 1.2),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, rect.width()),
        )
        if self.options.subtitle:
            self.p.setFont(self.font(11))
            self.p.setPen(QColor("#444444"))
            small = QFontMetricsF(self.p.font(), self.p.device())
            self.p.drawText(
                QRectF(
                    rect.left(),
                    rect.top() + metrics.height() * 1.25,
                    rect.width(),
                    small.height() * 1.2,
                ),
                Qt.AlignmentFlag.AlignLeft,
                small.elidedText(self.options.subtitle, Qt.TextElideMode.ElideRight, rect.width()),
            )
        self.placed["title"] = rect

    def _map(self, frame: QRectF, layers, bounds, store, focus_areas, fade) -> None:
        viewport = self._viewport(frame, bounds)
        detail = viewport.resolution * max(self.mm * 0.25, 1.0)  # no detail under 0.25 mm
        self.p.save()
        self.p.setClipRect(frame)
        self.p.translate(frame.topLeft())
        label_size = 8.0
        if self.options.preset == PRESET_RESIDENTS:  # names residents can read from a chair
            label_size *= 1.4 * math.sqrt(self.options.text_scale / 1.5)
        settings = MapSettings.of(
            layers,
            viewport,
            focus_areas,
            background="#f4f4f2",
            pixel_ratio=self.pixel_ratio,
            detail=detail,
            label_size=label_size,
        )
        missing = RenderJob(settings, store).paint(self.p)  # the canvas's job, on paper
        if any(isinstance(layer, BasemapLayer) and layer.visible for layer in layers):
            from wijkkaart.render.basemap import tiles_for

            self.basemap_shown = len(missing) < len(tiles_for(viewport))
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
        # the page's own area in near-black: magenta is the selection's, colours are the data's
        self.p.setPen(QPen(QColor("#1a1a1a"), 0.8 * self.mm))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawPath(inner)

    def _scale_bar(self, rect: QRectF, viewport: Viewport) -> None:
        """Alternating black and white quarters, 0 and the length in m or km, in ``rect``."""
        mm = self.mm
        self.p.setFont(self.font(7.5))
        metrics = QFontMetricsF(self.p.font(), self.p.device())
        room = max(rect.width() - 4 * mm - metrics.horizontalAdvance("00 km") / 2, mm)
        metres = nice_length(viewport.resolution * room)
        length = metres / viewport.resolution
        height = 1.6 * mm * self.options.text_scale
        label = length_label(metres)
        x = rect.left() + 2 * mm
        y = rect.top() + metrics.height() + 2 * mm
        back = QRectF(
            rect.left(),
            rect.top(),
            length + 4 * mm + metrics.horizontalAdvance(label) / 2,
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
        self.placed["scalebar"] = QRectF(rect.left(), rect.top(), rect.width(), back.height())

    def _north_arrow(self, rect: QRectF) -> None:
        mm = self.mm
        size = min(rect.width() - 2 * mm, (rect.height() - 2 * mm) / 1.55)
        cx, top = rect.center().x(), rect.top() + mm
        self.p.fillRect(rect, QColor(255, 255, 255, 210))
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
        font = QFont(FONT)
        font.setPointSizeF(max(size / self.mm * 2.83 * 0.45, 4.0))  # mm -> pt, about half
        font.setBold(True)
        self.p.setFont(font)
        self.p.drawText(
            QRectF(cx - size / 2, top + size, size, size * 0.55), Qt.AlignmentFlag.AlignCenter, "N"
        )
        self.placed["north"] = rect

    def _overview(self, box: QRectF, viewport: Viewport, overview) -> None:
        """A small map of the whole gemeente with the printed part marked in red.

        Drawn on every page whose map does not already show the whole gemeente (single pages as
        well as atlas pages); a whole-gemeente page gets nothing, for it would mark everything.
        """
        mm = self.mm
        bounds = tuple(overview.total_bounds)
        if contains(viewport.bounds, bounds):
            return  # the map already shows everything
        size = min(box.width(), box.height())
        box = QRectF(box.left(), box.top(), box.width(), box.height())
        small = Viewport.fit(bounds, int(box.width()), int(box.height()), margin=0.05)
        self.p.save()
        self.p.fillRect(box, QColor("white"))
        self.p.setClipRect(box)
        self.p.translate(box.topLeft())
        store = self._store or GeometryStore()
        self.p.drawImage(QPointF(0, 0), outline_image(store, overview, small, self.pixel_ratio))
        x0, y0 = small.to_pixel(viewport.bounds[0], viewport.bounds[3])
        x1, y1 = small.to_pixel(viewport.bounds[2], viewport.bounds[1])
        marked = QRectF(QPointF(x0, y0), QPointF(x1, y1))
        if marked.width() < size * 0.04:  # a fixed large scale: mark the spot, not a dot
            marked = QRectF(
                marked.center().x() - 2 * mm, marked.center().y() - 2 * mm, 4 * mm, 4 * mm
            )
        self.p.setPen(QPen(QColor("#d7191c"), 0.5 * mm))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(marked)
        self.p.restore()
        self.p.setPen(QPen(QColor("#333333"), 0.2 * mm))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawRect(box)
        self.placed["overview"] = box

    def _table(self, rect: QRectF, table: ProfileTable) -> QRectF:
        """The profile table with column headers; long names wrap, headings keep a row.

        The type shrinks (to 6 pt on A4) before rows are left out; rows that still do not fit
        are counted in a last line, never dropped silently.
        """
        size, smallest = 7.5, 6.0  # times the paper's text scale (larger for residents)
        while size > smallest and self._table_at(rect, table, size, draw=False)[1]:
            size = max(size - 0.5, smallest)
        used, left = self._table_at(rect, table, size, draw=True)
        self.table_left = left
        return used

    def _table_fits(self, rect: QRectF, table: ProfileTable) -> bool:
        return rect.height() > 0 and not self._table_at(rect, table, 6.0, draw=False)[1]

    def _table_at(
        self, rect: QRectF, table: ProfileTable, size: float, draw: bool
    ) -> tuple[QRectF, int]:
        """Lay out (and with ``draw`` paint) the table at ``size`` pt; (used, rows left out)."""
        p = self.p if draw else _NullPainter(self.p)
        body = self.font(size)
        bold = self.font(size, bold=True)
        metrics = QFontMetricsF(body, self.p.device())
        pad = metrics.height() * 0.25
        n = len(table.columns)
        value_w = rect.width() * (0.17 if n >= 4 else 0.2 if n == 3 else 0.24)
        bold_metrics = QFontMetricsF(bold, self.p.device())
        widest = max(
            [bold_metrics.horizontalAdvance(c) for c in table.columns]
            + [metrics.horizontalAdvance(v) for r in table.rows for v in r.values[:1]]
        )
        value_w = min(max(value_w, widest + pad * 3), rect.width() * 0.6 / max(n, 1))
        label_w = rect.width() - value_w * n
        wrap = Qt.TextFlag.TextWordWrap
        y = rect.top()
        if table.title:
            p.setFont(self.font(size * 1.15, bold=True))
            p.setPen(QColor("#111111"))
            h = p.boundingRect(QRectF(0, 0, rect.width(), 1e6), wrap, table.title).height()
            p.drawText(QRectF(rect.left(), y, rect.width(), h), wrap, table.title)
            y += h + pad
        header_h = 0.0
        p.setFont(bold)
        for i, column in enumerate(table.columns):
            cell = QRectF(rect.left() + label_w + i * value_w, y, value_w - pad * 2, 1e6)
            header_h = max(header_h, p.boundingRect(cell, wrap, column).height())
        header_h += pad
        p.setPen(QColor("#111111"))
        for i, column in enumerate(table.columns):
            p.drawText(
                QRectF(
                    rect.left() + label_w + i * value_w + pad * 2, y, value_w - pad * 2, header_h
                ),
                wrap | Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                column,
            )
        y += header_h
        p.setPen(QPen(QColor("#555555"), 0.15 * self.mm))
        p.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
        y += pad
        heights = []
        for row in table.rows:
            p.setFont(bold if row.heading else body)
            width = rect.width() if row.heading else label_w - pad
            heights.append(p.boundingRect(QRectF(0, 0, width, 1e6), wrap, row.label).height() + pad)
        more_h = metrics.height() * 1.3
        shown = 0
        for i, (row, h) in enumerate(zip(table.rows, heights, strict=True)):
            last = i == len(table.rows) - 1
            room = rect.bottom() - (0 if last else more_h)
            # a heading is drawn only with at least its first row under it
            need = h + (heights[i + 1] if row.heading and not last else 0)
            if y + need > room:
                break
            p.setFont(bold if row.heading else body)
            p.setPen(QColor("#111111"))
            if row.heading:
                p.drawText(QRectF(rect.left(), y + pad * 0.5, rect.width(), h), wrap, row.label)
            else:
                p.drawText(
                    QRectF(rect.left(), y, label_w - pad, h),
                    wrap | Qt.AlignmentFlag.AlignVCenter,
                    row.label,
                )
                for j, value in enumerate(row.values):
                    p.setPen(QColor("#111111" if j == 0 else "#666666"))
                    p.drawText(
                        QRectF(rect.left() + label_w + j * value_w, y, value_w, h),
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                        metrics.elidedText(value, Qt.TextElideMode.ElideRight, value_w - pad),
                    )
            y += h
            shown += 1
        left = [r for r in table.rows[shown:] if not r.heading]
        if left:
            p.setFont(self.font(size * 0.9))
            p.setPen(QColor("#8a1c1c"))
            p.drawText(
                QRectF(rect.left(), y, rect.width(), more_h),
                Qt.AlignmentFlag.AlignVCenter,
                ui("table_more", n=len(left)),
            )
            y += more_h
        return QRectF(rect.left(), rect.top(), rect.width(), y - rect.top()), len(left)

    def _footer(self, rect: QRectF, layers: list[Layer], table: ProfileTable | None = None) -> None:
        """Sources of what the page shows (map and table), the maker, the date, the warnings."""
        text, illustrative = sources_line(layers, self.basemap_shown)
        if table is not None:
            illustrative |= table.illustrative
            more = [s for s in table.sources if s not in text]
            if more:
                text += f"; {ui('print_table_sources')}: " + "; ".join(more)
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


def contains(outer, inner, tolerance: float = 0.02) -> bool:
    """Does the box ``outer`` hold ``inner`` (within a tolerance of its size)?"""
    span = max(outer[2] - outer[0], outer[3] - outer[1]) * tolerance
    return (
        inner[0] >= outer[0] - span
        and inner[1] >= outer[1] - span
        and inner[2] <= outer[2] + span
        and inner[3] <= outer[3] + span
    )


class _NullPainter:
    """Measures like the page's painter but paints nothing (to try a table at a type size)."""

    def __init__(self, painter: QPainter) -> None:
        self._painter = painter

    def setFont(self, font: QFont) -> None:
        self._painter.setFont(font)

    def boundingRect(self, *args):
        return self._painter.boundingRect(*args)

    def drawText(self, *args) -> None:
        pass

    def setPen(self, *args) -> None:
        pass

    def drawLine(self, *args) -> None:
        pass
