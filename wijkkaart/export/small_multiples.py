"""Small multiples: one map per year on one page, with the same class breaks and one legend.

The breaks are pooled over every year of the series (mapclassify's ``Pooled``), so a colour means
the same value on each small map. Each map is drawn by the same renderer as the canvas and the
print; the page is a PNG or a PDF, written through :mod:`wijkkaart.safe_output`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

from wijkkaart.export.layout import PAPER_MM
from wijkkaart.export.painted_png import save_painted
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.series import Series
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import (
    MISSING_COLOUR,
    missing_label,
)
from wijkkaart.messages import WijkkaartError, tr
from wijkkaart.render.renderer import GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport
from wijkkaart.safe_output import atomic_path

MAX_YEARS = 12
PAGE_IDS = {
    "A4": QPageSize.PageSizeId.A4,
    "A3": QPageSize.PageSizeId.A3,
    "A2": QPageSize.PageSizeId.A2,
    "A1": QPageSize.PageSizeId.A1,
    "A0": QPageSize.PageSizeId.A0,
}


def year_layers(
    document: Any, series: Series, indicator: str, years: list[int], fixed: tuple[float, ...] = ()
) -> list[AreaLayer]:
    """One area layer per year on the reference buurten, all with the same breaks: pooled over
    every year of the series (the year bar's :class:`~wijkkaart.year_map.YearMap`, so the
    canvas, a single year's print and the small maps agree), or the planner's ``fixed`` ones."""
    from wijkkaart.year_map import YearMap

    chart = YearMap(series, indicator, document.areas, fixed=fixed)
    table = chart.table
    absent = [y for y in years if y not in table.columns or not table[y].notna().any()]
    if absent:
        raise WijkkaartError(
            "trend_year_absent", year=absent[0], years=", ".join(map(str, chart.years))
        )
    layers = []
    for year in years:
        layer = AreaLayer(name=chart.column(year), style=chart.year_style(year), labels=False)
        layers.append(layer.attach(chart.year_data))
    return layers


def legend_rows(layer: AreaLayer) -> list[tuple[str, str]]:
    """The classes as the single-year print and the canvas word them (one legend function;
    the same in every year, since the breaks and the lowest bound are shared); the page draws
    its own 'geen gegevens' row."""
    return [(e.colour, e.label) for e in layer.symbology().legend if not e.hatched]


def best_columns(maps: list[tuple[int, QImage]], width: float, height: float, unit: float) -> int:
    """The number of columns that draws the maps largest in a grid of ``width`` x ``height``
    (each cell keeps room for its year above and a small margin)."""
    if not maps:
        return 1
    image = maps[0][1]
    best, best_scale = 1, 0.0
    for cols in range(1, len(maps) + 1):
        rows = math.ceil(len(maps) / cols)
        cell_w, cell_h = width / cols - 4 * unit, height / rows - 10 * unit
        scale = min(cell_w / max(image.width(), 1), cell_h / max(image.height(), 1))
        if scale > best_scale * 1.001:
            best, best_scale = cols, scale
    return best


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
    unit = min(width, height) / 210.0  # one millimetre of an A4 page (scaled to larger paper)
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
    cols = best_columns(maps, grid.width(), grid.height(), unit)
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


def page_mm(paper: str = "A4", orientation: str = "landscape") -> tuple[float, float]:
    """(width, height) of the page in millimetres."""
    short, long = PAPER_MM.get(paper, PAPER_MM["A4"])
    return (long, short) if orientation == "landscape" else (short, long)


@dataclass
class YearsPage:
    """A page of small maps, ready to paint at any size (the preview, the PDF, the PNG)."""

    maps: list[tuple[int, QImage]]
    legend: list[tuple[str, str]]
    title: str
    source: str
    chart: tuple[Any, list[Any]] | None = None
    goals: Any = None

    def paint(self, painter: QPainter, width: float, height: float) -> None:
        paint_page(
            painter,
            width,
            height,
            self.maps,
            self.legend,
            self.title,
            self.source,
            self.chart,
            self.goals,
        )


def years_page(
    document: Any,
    settings: Any,
    dpi: int = 150,
    series: Series | None = None,
    feedback: Feedback | None = None,
) -> YearsPage:
    """The small multiples the print settings ask for (``settings.time``, kind 'years'): one
    map per year with the same breaks, one legend; with ``time.area`` that focus area's trend
    chart of the indicator, and with ``settings.goals`` its goals table under the maps. The
    one function behind the app's dialog (its preview too) and ``wijkkaart export --years``."""
    from wijkkaart.export.map_time import resolve

    feedback = ensure(feedback)
    if series is None:
        from wijkkaart.timeline import cached_project_series

        series = cached_project_series(document.project)
    when = resolve(settings.time, series)
    years = list(when.years)
    if not 2 <= len(years) <= MAX_YEARS:
        raise WijkkaartError("sm_years", n=len(years), most=MAX_YEARS)
    indicator = when.indicator
    layers = year_layers(document, series, indicator, years, when.breaks)
    width_mm, _ = page_mm(settings.paper, settings.orientation)
    width = int(width_mm / 25.4 * max(36, min(int(dpi), 300)))
    cols = max(1, math.ceil(math.sqrt(len(years) * 1.5)))
    cell = max(120, int(width / cols))
    minx, miny, maxx, maxy = (float(v) for v in document.areas.frame.total_bounds)
    aspect = min(max((maxy - miny) / max(maxx - minx, 1.0), 0.5), 2.0)  # the gemeente's shape
    viewport = Viewport.fit((minx, miny, maxx, maxy), cell, int(cell * aspect))
    store = GeometryStore()
    maps = []
    for i, (year, layer) in enumerate(zip(years, layers, strict=True)):
        feedback.progress(0.8 * i / len(years))
        maps.append((year, render_image(snapshot([layer], store), viewport)))
    chart, goals = None, None
    if when.area:
        from wijkkaart.analysis.goals import evaluate
        from wijkkaart.analysis.trend import trend
        from wijkkaart.timeline import codes_inside, focus_buurten, project_goals

        area = next((a for a in document.focus_areas if a.name == when.area), None)
        if area is not None and area.geometry is not None and not area.geometry.is_empty:
            # the document's own area: one drawn in the app is in the saved data only after save
            codes = codes_inside(document.areas, area.geometry)
        else:
            codes, _ = focus_buurten(document.project, when.area)
        line = trend(series, codes, indicator, name=when.area)
        kept = project_goals(document.project, when.area)
        statuses = [evaluate(g, line) for g in kept if series.resolve(g.indicator) == indicator]
        chart = (line, statuses)
        if settings.goals and area is not None and area.geometry is not None:
            from wijkkaart.export.trend_print import build_block
            from wijkkaart.export.trend_spec import TrendPrint

            spec = TrendPrint([], goals=True, area=area.name)
            goals = build_block(document.project, document.areas, area.geometry, area.name, spec)
    heading = settings.title or tr(
        "sm_title", label=series.label(indicator), years=", ".join(map(str, years))
    )
    source = " ".join([tr("sm_source", source=series.source), *series.conversions])
    return YearsPage(maps, legend_rows(layers[0]), heading, source, chart, goals)


def export_years(
    document: Any,
    settings: Any,
    out: str | Path,
    dpi: int = 150,
    series: Series | None = None,
    feedback: Feedback | None = None,
) -> Path:
    """The small multiples of ``settings`` as a PNG or a PDF (by the suffix of ``out``), on the
    settings' paper; written through a temporary file."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".png", ".pdf"):
        raise WijkkaartError("sm_format", path=out)
    feedback = ensure(feedback)
    dpi = max(60, min(int(dpi), 300))
    page = years_page(document, settings, dpi, series, feedback)
    feedback.check()
    w_mm, h_mm = page_mm(settings.paper, settings.orientation)
    width = int(w_mm / 25.4 * dpi)
    height = int(h_mm / 25.4 * dpi)
    inputs = document.project.input_paths()
    with atomic_path(out, inputs) as tmp:
        if suffix == ".png":
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            save_painted(image, lambda painter: page.paint(painter, width, height), tmp, out)
        else:
            writer = QPdfWriter(str(tmp))
            size = PAGE_IDS.get(settings.paper, QPageSize.PageSizeId.A4)
            writer.setPageSize(QPageSize(size))
            landscape = settings.orientation == "landscape"
            writer.setPageOrientation(
                QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
            )
            writer.setResolution(dpi)
            writer.setTitle(page.title)
            writer.setCreator("wijkkaart")
            painter = QPainter(writer)
            try:
                rect = writer.pageLayout().paintRectPixels(dpi)
                page.paint(painter, rect.width(), rect.height())
            finally:
                painter.end()
    feedback.progress(1.0)
    return out
