"""Write print layouts to PDF (vector), PNG (at a chosen dpi) and SVG, and atlas booklets.

Files are written to a temporary name and renamed when complete, and never over an input file.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import shapely
from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF
from PySide6.QtGui import QImage, QPageSize, QPainter, QPdfWriter

from wijkkaart.analysis.card import card_indicators
from wijkkaart.analysis.profile import profile, shares_for_polygon
from wijkkaart.export.layout import PageOptions, PagePainter, profile_rows
from wijkkaart.io.codes import parent_code
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer, Layer, OutlineLayer
from wijkkaart.messages import WijkkaartError
from wijkkaart.render.renderer import GeometryStore

Progress = Callable[[float], None]
FORMATS = (".pdf", ".png", ".svg")


def ensure_gui() -> None:
    """Fonts and painting need a QGuiApplication; offscreen when there is no screen."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ensure_gui.app = QGuiApplication([])  # keep a reference for the process


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
    return tuple(float(v) for v in document.areas.frame.total_bounds)


def _guard(out: Path, document: MapDocument) -> None:
    inputs = {Path(document.project.path).resolve()}
    for entry in document.project.sources():
        inputs.add(document.project.resolve(entry["path"]))
    if out.resolve() in inputs:
        raise WijkkaartError("output_refused", path=out)
    if not out.parent.exists():
        raise WijkkaartError("file_not_found", path=out.parent)


def _temporary(out: Path) -> Path:
    fd, name = tempfile.mkstemp(prefix=".wijkkaart-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    return Path(name)


class _Pages:
    """Pages of one output file; each page gets a painter sized in device pixels."""

    def __init__(self, path: Path, options: PageOptions, dpi: int, title: str) -> None:
        self.path, self.options, self.dpi = path, options, dpi
        w_mm, h_mm = options.size_mm
        self.width_px = round(w_mm / 25.4 * dpi)
        self.height_px = round(h_mm / 25.4 * dpi)
        suffix = path.suffix.lower()
        self.kind = suffix
        self.image: QImage | None = None
        if suffix == ".pdf":
            self.device = QPdfWriter(str(path))
            self.device.setResolution(dpi)
            self.device.setPageSize(QPageSize(QSizeF(w_mm, h_mm), QPageSize.Unit.Millimeter))
            self.device.setPageMargins(QMarginsF(0, 0, 0, 0))
            self.device.setTitle(title)
            self.device.setCreator("wijkkaart")
        elif suffix == ".svg":
            from PySide6.QtSvg import QSvgGenerator

            self.device = QSvgGenerator()
            self.device.setFileName(str(path))
            self.device.setSize(QSize(self.width_px, self.height_px))
            self.device.setViewBox(QRectF(0, 0, self.width_px, self.height_px))
            self.device.setResolution(dpi)
            self.device.setTitle(title)
        else:
            self.image = QImage(self.width_px, self.height_px, QImage.Format.Format_RGB32)
            self.image.setDotsPerMeterX(round(dpi / 0.0254))
            self.image.setDotsPerMeterY(round(dpi / 0.0254))
            self.device = self.image
        self.painter = QPainter(self.device)
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        self.painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    def page(self) -> PagePainter:
        return PagePainter(self.painter, self.width_px, self.height_px, self.options)

    def new_page(self) -> None:
        self.device.newPage()

    def close(self) -> None:
        self.painter.end()
        if self.image is not None:
            self.image.save(str(self.path), "PNG")


def export_map(
    document: MapDocument,
    out: str | Path,
    options: PageOptions | None = None,
    dpi: int = 300,
    layers: list[Layer] | None = None,
    bounds: tuple[float, float, float, float] | None = None,
    focus_profile: bool = True,
) -> Path:
    """One page with the current map: PDF, PNG or SVG by the file's suffix."""
    ensure_gui()
    out = Path(out)
    if out.suffix.lower() not in FORMATS:
        raise WijkkaartError("export_unknown_format", path=out)
    _guard(out, document)
    options = options or PageOptions()
    layers = list(layers if layers is not None else document.layers)
    rows = None
    if focus_profile and len(document.focus_areas) == 1:
        area = document.focus_areas[0]
        shares = shares_for_polygon(document.areas, area.geometry)
        if not shares.empty:
            result = profile(document.areas, shares, card_indicators(document.areas))
            rows = [(area.name, "", ""), *profile_rows(result, document.areas)]
    tmp = _temporary(out)
    try:
        pages = _Pages(tmp, options, dpi, options.title or document.project.name)
        pages.page().paint(
            layers,
            bounds or map_bounds(document),
            GeometryStore(),
            document.focus_areas,
            rows,
            overview=document.areas.frame,
        )
        pages.close()
        _publish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out


def _publish(tmp: Path, out: Path) -> None:
    """Move the finished file into place with ordinary permissions (mkstemp makes it private)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)
    os.replace(tmp, out)


def atlas_areas(document: MapDocument, per: str) -> list[tuple[str, object]]:
    """(name, polygon) per page: every focus area, or every wijk of the project."""
    if per == "focusgebied":
        areas = [(a.name, a.geometry) for a in document.focus_areas if a.geometry is not None]
        if not areas:
            raise WijkkaartError("atlas_no_focus_areas")
        return areas
    frame = document.areas.statistics_frame()
    names: dict[str, str] = {}
    for layer in document.layers:
        if isinstance(layer, OutlineLayer) and layer.frame is not None:
            columns = layer.frame.columns
            if "wijkcode" in columns and "wijknaam" in columns:
                names.update(zip(layer.frame["wijkcode"], layer.frame["wijknaam"], strict=True))
    groups = frame.groupby(frame.index.map(lambda c: parent_code(c, "wijk")))
    pages = []
    for code, rows in groups:
        if code is None:
            continue
        polygon = shapely.union_all(rows.geometry.to_numpy())
        pages.append((f"{str(names.get(code, code)).title()} ({code})", polygon))
    return pages


def export_atlas(
    document: MapDocument,
    out: str | Path,
    per: str = "wijk",
    options: PageOptions | None = None,
    dpi: int = 300,
    progress: Progress | None = None,
) -> Path:
    """A booklet: one page per area, zoomed in with the surroundings faded, its profile beside,
    the same classes on every page (the breaks come from the whole gemeente)."""
    ensure_gui()
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise WijkkaartError("export_unknown_format", path=out)
    _guard(out, document)
    options = options or PageOptions()
    pages_spec = atlas_areas(document, per)
    layers = [layer for layer in document.layers]
    for layer in layers:  # classes computed once over all areas, so every page matches
        if isinstance(layer, AreaLayer) and layer.data is not None:
            layer.symbology()
    store = GeometryStore()
    tmp = _temporary(out)
    try:
        pages = _Pages(tmp, options, dpi, f"{document.project.name} — atlas")
        for i, (name, polygon) in enumerate(pages_spec):
            if i:
                pages.new_page()
            minx, miny, maxx, maxy = polygon.bounds
            pad = 0.15 * max(maxx - minx, maxy - miny)
            shares = shares_for_polygon(document.areas, polygon)
            result = profile(document.areas, shares, card_indicators(document.areas))
            page_options = PageOptions(
                **{**options.__dict__, "title": name, "subtitle": options.title or options.subtitle}
            )
            painter = PagePainter(pages.painter, pages.width_px, pages.height_px, page_options)
            painter.paint(
                layers,
                (minx - pad, miny - pad, maxx + pad, maxy + pad),
                store,
                document.focus_areas,
                profile_rows(result, document.areas),
                fade=polygon,
                overview=document.areas.frame,
            )
            if progress:
                progress((i + 1) / len(pages_spec))
        pages.close()
        _publish(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return out
