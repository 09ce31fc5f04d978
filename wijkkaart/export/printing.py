"""Write print layouts to PDF (vector), PNG (at a chosen dpi) and SVG, and atlas booklets.

Files are written to a temporary name beside the target, checked (PNG saved, PDF complete with
every page, SVG closed) and only then renamed over the target, and never over an input file.
A failure keeps the previous file and says so in Dutch. The painter is always ended before its
device goes away: an exception while painting must never become a native crash.
"""

from __future__ import annotations

import logging
import math
import os
import re
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, SupportsFloat

import shapely
from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageSize, QPainter, QPdfWriter

from wijkkaart.analysis.card import card_indicators
from wijkkaart.analysis.profile import profile, shares_for_polygon
from wijkkaart.export.extent import PrintExtent, resolve_bounds
from wijkkaart.export.layout import PageOptions, PagePainter
from wijkkaart.export.profile_table import ProfileTable, profile_table
from wijkkaart.export.title import map_title
from wijkkaart.export.trend_print import TrendBlock, build_block, check_project
from wijkkaart.export.trend_spec import TrendPrint
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.codes import parent_code
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer, Layer, OutlineLayer
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.renderer import GeometryStore
from wijkkaart.safe_output import atomic_path

if TYPE_CHECKING:
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtSvg import QSvgGenerator

logger = logging.getLogger(__name__)

FORMATS = (".pdf", ".png", ".svg")
DPI_RANGE = (36, 1200)
# 150 megapixels (600 MB in memory): every paper size up to A0 at 300 dpi fits (A0 at 300 dpi is
# 140 MP, A4 at 1200 dpi is 139 MP); A0 at 600 dpi (558 MP) is refused.
MAX_PIXELS = 150_000_000
LOW_SPACE = 1 << 20  # less free space than this after a failed write: the disk is full


_gui_app: QGuiApplication | None = None  # the one ensure_gui made, kept for the process


def ensure_gui() -> None:
    """Fonts and painting need a QGuiApplication; offscreen when there is no screen."""
    global _gui_app
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _gui_app = QGuiApplication([])


def map_bounds(document: MapDocument) -> tuple[float, float, float, float]:
    """The saved view of the project, else everything on the map."""
    view = document.view
    if view:
        half = 800 * view["resolution"]
        return (
            view["cx"] - half,
            view["cy"] - half * 0.7,
            view["cx"] + half,
            view["cy"] + half * 0.7,
        )
    minx, miny, maxx, maxy = (float(v) for v in document.areas.frame.total_bounds)
    return (minx, miny, maxx, maxy)


def _checked_bounds(bounds: Iterable[SupportsFloat]) -> tuple[float, float, float, float]:
    """Four finite numbers, min before max: else the page would be blank or divide by zero."""
    try:
        minx, miny, maxx, maxy = (float(v) for v in bounds)
    except (TypeError, ValueError):
        raise WijkkaartError("export_no_extent") from None
    if not all(math.isfinite(v) for v in (minx, miny, maxx, maxy)) or maxx < minx or maxy < miny:
        raise WijkkaartError("export_no_extent")
    return minx, miny, maxx, maxy


def check_output_size(options: PageOptions, dpi: object, suffix: str) -> int:
    """The dpi as an int within DPI_RANGE, and for PNG an image of at most MAX_PIXELS."""
    low, high = DPI_RANGE
    try:
        value = float(dpi)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value != round(value) or not low <= value <= high:
        raise WijkkaartError("export_dpi_out_of_range", dpi=dpi, low=low, high=high)
    value = int(value)
    if suffix == ".png":
        w_px, h_px = _page_pixels(options, value)
        if w_px * h_px > MAX_PIXELS:
            w_in, h_in = (v / 25.4 for v in options.size_mm)
            best = int(math.sqrt(MAX_PIXELS / (w_in * h_in)))
            raise WijkkaartError(
                "export_too_many_pixels",
                dpi=value,
                paper=options.paper,
                megapixels=round(w_px * h_px / 1e6),
                limit=MAX_PIXELS // 1_000_000,
                best=min(best, high),
            )
    return value


def _page_pixels(options: PageOptions, dpi: int) -> tuple[int, int]:
    w_mm, h_mm = options.size_mm
    return round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi)


def _failed(path: Path, key: str = "output_failed") -> WijkkaartError:
    """The error for a file that could not be completed; a nearly full disk is named as such."""
    try:
        if shutil.disk_usage(path.parent).free < LOW_SPACE:
            key = "output_disk_full"
    except OSError:
        pass
    return WijkkaartError(key, path=path)


def output_check(target: Path, pages: int = 1) -> Callable[[Path], None]:
    """A check for :func:`atomic_path`: is the temporary file a complete PDF/PNG/SVG?

    Errors name ``target``, the file the user chose, not the temporary one.
    """
    suffix = target.suffix.lower()

    def check(tmp: Path) -> None:
        size = tmp.stat().st_size
        if size == 0:
            raise _failed(target, "output_incomplete")
        if suffix == ".pdf":
            data = tmp.read_bytes()
            found = len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", data))
            if not data.rstrip().endswith(b"%%EOF") or found != pages:
                logger.warning("PDF %s: %d of %d pages, %d bytes", tmp, found, pages, size)
                raise _failed(target, "output_incomplete")
        elif suffix == ".svg":
            with open(tmp, "rb") as fh:
                fh.seek(max(size - 64, 0))
                if not fh.read().rstrip().endswith(b"</svg>"):
                    raise _failed(target, "output_incomplete")
        elif suffix == ".png":
            with open(tmp, "rb") as fh:
                fh.seek(max(size - 12, 0))
                if b"IEND" not in fh.read():
                    raise _failed(target, "output_incomplete")

    return check


class _Pages:
    """Pages of one output file; each page gets a painter sized in device pixels.

    Use as a context manager: the painter is ended on every way out (an active painter on a
    destroyed device crashes the process), and on success the file is finished (PNG saved).
    """

    def __init__(
        self, path: Path, options: PageOptions, dpi: int, title: str, target: Path | None = None
    ) -> None:
        self.path, self.options, self.dpi = path, options, dpi
        self.target = target or path  # named in messages; ``path`` may be a temporary file
        w_mm, h_mm = options.size_mm
        self.width_px, self.height_px = _page_pixels(options, dpi)
        suffix = path.suffix.lower()
        self.kind = suffix
        self.image: QImage | None = None
        self.device: QPdfWriter | QSvgGenerator | QImage
        if suffix == ".pdf":
            pdf = QPdfWriter(str(path))
            pdf.setResolution(dpi)
            pdf.setPageSize(QPageSize(QSizeF(w_mm, h_mm), QPageSize.Unit.Millimeter))
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0))
            pdf.setTitle(title)
            pdf.setCreator("wijkkaart")
            self.device = pdf
        elif suffix == ".svg":
            from PySide6.QtSvg import QSvgGenerator

            svg = QSvgGenerator()
            svg.setFileName(str(path))
            svg.setSize(QSize(self.width_px, self.height_px))
            svg.setViewBox(QRectF(0, 0, self.width_px, self.height_px))
            svg.setResolution(dpi)
            svg.setTitle(title)
            self.device = svg
        else:
            self.image = QImage(self.width_px, self.height_px, QImage.Format.Format_RGB32)
            if self.image.isNull():  # Qt could not allocate it: too little memory
                raise WijkkaartError(
                    "export_image_failed", width=self.width_px, height=self.height_px
                )
            self.image.setDotsPerMeterX(round(dpi / 0.0254))
            self.image.setDotsPerMeterY(round(dpi / 0.0254))
            self.device = self.image
        self.painter = QPainter()
        if not self.painter.begin(self.device):
            logger.warning("could not start painting on %s", path)
            raise _failed(self.target)
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        self.pages = 1

    def __enter__(self) -> _Pages:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.close()
        finally:
            self._end()  # whatever close() did or failed to do, no painter outlives this

    def page(self) -> PagePainter:
        return PagePainter(self.painter, self.width_px, self.height_px, self.options)

    def new_page(self) -> None:
        assert isinstance(self.device, QPdfWriter)  # only the atlas has pages, and it is a PDF
        if not self.device.newPage():
            raise _failed(self.target)
        self.pages += 1

    def _end(self) -> None:
        if self.painter.isActive():
            self.painter.end()

    def close(self) -> None:
        """End painting (this writes PDF and SVG) and save a PNG; raise when that fails."""
        self._end()
        if self.kind == ".svg":
            from wijkkaart.export.svg import fix_svg

            try:  # line weights and hatching as in the PDF (Qt writes them in screen pixels)
                text = self.path.read_text(encoding="utf-8")
                self.path.write_text(fix_svg(text), encoding="utf-8")
            except (OSError, UnicodeError) as exc:
                logger.warning("could not finish the SVG %s: %s", self.path, exc)
                raise _failed(self.target) from None
        if self.image is not None:
            try:
                # PySide6 6.11 refuses a bytes format here (ValueError) though its stub asks
                saved = self.image.save(str(self.path), "PNG")  # type: ignore[call-overload]
            except OSError as exc:  # a patched or future save may raise instead
                logger.warning("saving %s failed: %s", self.path, exc)
                raise _failed(self.target) from None
            if not saved:
                logger.warning("QImage.save(%s) returned False", self.path)
                raise _failed(self.target)


def export_map(
    document: MapDocument,
    out: str | Path,
    options: PageOptions | None = None,
    dpi: int = 300,
    layers: list[Layer] | None = None,
    bounds: tuple[float, float, float, float] | None = None,
    focus_profile: bool = True,
    feedback: Feedback | None = None,
    extent: PrintExtent | None = None,
    view_bounds: tuple[float, float, float, float] | None = None,
    trend: TrendPrint | None = None,
) -> Path:
    """One page with the current map: PDF, PNG or SVG by the file's suffix.

    The map shows ``bounds`` when given, else the ``extent`` (default: the whole gemeente;
    'view' is ``view_bounds``, the canvas, or the project's saved view). ``trend``: the one
    focus area's trend charts and goals table on the page.
    """
    feedback = ensure(feedback)
    ensure_gui()
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise WijkkaartError("export_unknown_format", path=out)
    options = options or PageOptions()
    dpi = check_output_size(options, dpi, suffix)
    if bounds is None:
        bounds = resolve_bounds(document, extent or PrintExtent(), view_bounds)
    box = _checked_bounds(bounds)
    layers = list(layers if layers is not None else document.layers)
    rows = single_page_table(document) if focus_profile else None
    block = single_page_trend(document, trend)
    feedback.progress(0.1)
    title = map_title(options.title, layers, list(document.focus_areas))  # the PDF's metadata title
    with (
        atomic_path(out, document.project.input_paths(), output_check(out)) as tmp,
        _Pages(tmp, options, dpi, title, out) as pages,
    ):
        pages.page().paint(
            layers,
            box,
            GeometryStore(),
            document.focus_areas,
            rows,
            overview=document.areas.frame,
            trend=block,
        )
        feedback.progress(0.9)  # the last cancel point: after it the file is finished
    return out


def single_page_table(document: MapDocument) -> ProfileTable | None:
    """The profile table of a single page: the one focus area's, when there is exactly one."""
    if len(document.focus_areas) != 1:
        return None
    area = document.focus_areas[0]
    if area.geometry is None or area.geometry.is_empty:
        return None
    shares = shares_for_polygon(document.areas, area.geometry)
    if shares.empty:
        return None
    result = profile(document.areas, shares, card_indicators(document.areas))
    return profile_table(result, document.areas, title=area.name)


def single_page_trend(document: MapDocument, spec: TrendPrint | None) -> TrendBlock | None:
    """The trend block of a single page: that of the project's one focus area (or the one the
    spec names); refused in Dutch without a series, goals or one area."""
    if spec is None or not spec.wanted():
        return None
    check_project(document.project, spec)
    areas = [a for a in document.focus_areas if a.geometry is not None and not a.geometry.is_empty]
    if spec.area:
        areas = [a for a in areas if a.name == spec.area]
        if not areas:
            raise WijkkaartError("trend_unknown_area", name=spec.area, known="-")
    if len(areas) != 1:
        raise WijkkaartError("tp_no_area", n=len(areas))
    area = areas[0]
    return build_block(document.project, document.areas, area.geometry, area.name, spec)


ATLAS_PAGE_LIMIT = 200
"""Pages an atlas may have unless the caller allows more: a whole-country project (2,072 wijken)
ran for more than 12 minutes without a word. A gemeente's atlas stays well below."""


def atlas_areas(
    document: MapDocument, per: str, gemeente: str | None = None
) -> list[tuple[str, shapely.Geometry]]:
    """(name, polygon) per page: every focus area, or every wijk of the project (of one
    ``gemeente``, a GM code, when given)."""
    if per == "focusgebied":
        areas = [(a.name, a.geometry) for a in document.focus_areas if a.geometry is not None]
        if not areas:
            raise WijkkaartError("atlas_no_focus_areas")
        return areas
    frame = document.areas.statistics_frame()
    names = wijk_names(document)
    if gemeente:
        wanted = gemeente_code(gemeente)
        frame = frame[[parent_code(c, "gemeente") == wanted for c in frame.index]]
        if frame.empty:
            raise WijkkaartError("atlas_no_such_gemeente", gemeente=gemeente)
    groups = frame.groupby(frame.index.map(lambda c: parent_code(c, "wijk")))
    pages = []
    for code, rows in groups:
        if code is None:
            continue
        polygon = shapely.union_all(rows.geometry.to_numpy())
        name = names.get(code)
        pages.append((f"{name} ({code})" if name else code, polygon))
    return pages


def gemeente_code(text: str) -> str:
    """``GM0344`` from "GM0344", "gm0344" or "344" (a CBS gemeente code as people type it)."""
    text = text.strip().upper()
    digits = text[2:] if text.startswith("GM") else text
    return "GM" + digits.zfill(4) if digits.isdigit() else text


def wijk_names(document: MapDocument) -> dict[str, str]:
    """Wijk code -> name from the project's wijk outlines (a CBS wijk file or dissolved ones)."""
    from wijkkaart.io.codes import normalise_code

    names: dict[str, str] = {}
    for layer in document.layers:
        if not isinstance(layer, OutlineLayer) or layer.frame is None:
            continue
        frame = layer.frame
        lower = {str(c).lower(): c for c in frame.columns}
        code_col = next((lower[c] for c in ("wijkcode", "wk_code", "statcode") if c in lower), None)
        name_col = next(
            (lower[c] for c in ("wijknaam", "wk_naam", "statnaam", "naam") if c in lower), None
        )
        if name_col is None:
            continue
        codes = frame[code_col] if code_col is not None else frame.index.to_series()
        for raw, text in zip(codes, frame[name_col], strict=True):
            code = normalise_code(str(raw), "wijk") if raw is not None else None
            if code and isinstance(text, str) and text.strip():
                text = text.strip()  # "OVERVECHT" (gemeente Utrecht's files) reads "Overvecht"
                names.setdefault(code, text.title() if text.isupper() else text)
    return names


def export_atlas(
    document: MapDocument,
    out: str | Path,
    per: str = "wijk",
    options: PageOptions | None = None,
    dpi: int = 300,
    feedback: Feedback | None = None,
    max_pages: int | None = None,
    gemeente: str | None = None,
    trend: TrendPrint | None = None,
    layers: list[Layer] | None = None,
) -> Path:
    """A booklet: one page per area, zoomed in with the surroundings faded, its profile beside,
    the same classes on every page (the breaks come from the whole gemeente).

    A cancel (``feedback``) between pages removes the unfinished file; the old one stays. More
    pages than ``max_pages`` (when given) are refused before any work; every page reports
    "pagina i van n" to ``feedback``. ``trend``: each page carries its own area's trend charts
    and goals table. ``layers``: what the pages draw (a year or a change of the series,
    :func:`wijkkaart.export.map_time.print_layers`), else the document's own."""
    feedback = ensure(feedback)
    ensure_gui()
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise WijkkaartError("export_unknown_format", path=out)
    options = options or PageOptions()
    dpi = check_output_size(options, dpi, ".pdf")
    pages_spec = atlas_areas(document, per, gemeente)
    if max_pages is not None and len(pages_spec) > max_pages:
        raise WijkkaartError("atlas_too_many_pages", pages=len(pages_spec), limit=max_pages)
    total = len(pages_spec)
    with_trend = trend is not None and trend.wanted()
    if with_trend:
        assert trend is not None
        check_project(document.project, trend)
    feedback.progress(0.0, ui("atlas_progress", done=0, total=total, name=""))
    layers = list(document.layers if layers is None else layers)
    for layer in layers:  # classes computed once over all areas, so every page matches
        if isinstance(layer, AreaLayer) and layer.data is not None:
            layer.symbology()
    store = GeometryStore()
    title = f"{document.project.name} — atlas"
    check = output_check(out, len(pages_spec))
    with (
        atomic_path(out, document.project.input_paths(), check) as tmp,
        _Pages(tmp, options, dpi, title, out) as pages,
    ):
        for i, (name, polygon) in enumerate(pages_spec):
            feedback.check()
            if i:
                pages.new_page()
            minx, miny, maxx, maxy = _checked_bounds(polygon.bounds)
            pad = 0.15 * max(maxx - minx, maxy - miny)
            shares = shares_for_polygon(document.areas, polygon)
            result = profile(document.areas, shares, card_indicators(document.areas))
            page_options = PageOptions(  # per-page extents: fitted, whatever the single-page scale
                **{
                    **options.__dict__,
                    "title": name,
                    "subtitle": options.title or options.subtitle,
                    "scale": None,
                }
            )
            painter = PagePainter(pages.painter, pages.width_px, pages.height_px, page_options)
            painter.paint(
                layers,
                (minx - pad, miny - pad, maxx + pad, maxy + pad),
                store,
                document.focus_areas,
                profile_table(result, document.areas),
                fade=polygon,
                overview=document.areas.frame,
                trend=build_block(document.project, document.areas, polygon, name, trend)
                if with_trend and trend is not None
                else None,
            )
            feedback.progress(
                (i + 1) / total, ui("atlas_progress", done=i + 1, total=total, name=name)
            )
    return out
