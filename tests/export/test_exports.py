"""Exports checked like a reader checks them: text in the PDF, page size, colours on the page."""

import re
import shutil
import subprocess

import pytest
import shapely
from PySide6.QtGui import QColor, QImage, QPainter

from wijkkaart.analysis.profile import shares_for_wijk
from wijkkaart.export.layout import PageOptions, PagePainter
from wijkkaart.export.printing import atlas_areas, export_atlas, export_map, map_bounds
from wijkkaart.export.web import export_html
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.focus import FocusArea
from wijkkaart.layers.model import AreaLayer, OutlineLayer
from wijkkaart.messages import WijkkaartError
from wijkkaart.render.renderer import GeometryStore

TAAGDREEF = "BU03440311"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


@pytest.fixture
def document(sample, tmp_path, qapp):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return MapDocument.open(folder / "utrecht.wijkkaart")


def pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def raster(path, dpi, page=1) -> QImage:
    prefix = path.with_suffix("")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(dpi),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(path),
            str(prefix),
        ],
        check=True,
    )
    return QImage(str(prefix) + ".png")


def frame_of(document, options, dpi):
    """Where the map frame lands on the page (same layout code, painted on a scratch image)."""
    w_mm, h_mm = options.size_mm
    image = QImage(round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi), QImage.Format.Format_RGB32)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    painter = QPainter(image)
    frame = PagePainter(painter, image.width(), image.height(), options).paint(
        list(document.layers), map_bounds(document), GeometryStore()
    )
    painter.end()
    return frame


def close(a: QColor, b: QColor, tolerance: int = 8) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def area_layer(document) -> AreaLayer:
    return next(x for x in document.layers if isinstance(x, AreaLayer))


def hide_labels(document):
    area_layer(document).labels = False
    for layer in document.layers:
        if isinstance(layer, OutlineLayer):
            layer.visible = False


@needs_poppler
def test_a4_pdf_text_size_and_sources(document, tmp_path):
    out = export_map(
        document,
        tmp_path / "kaart.pdf",
        PageOptions(paper="A4", title="Koopwoningen in Utrecht"),
        dpi=150,
    )
    info = pdf_info(out)
    assert info["Pages"].strip() == "1"
    assert "842 x 595 pts (A4)" in info["Page size"]
    text = pdf_text(out)
    assert "Koopwoningen in Utrecht" in text
    assert "Koopwoningen (%)" in text and "Geen gegevens" in text
    assert re.search(r"\d+ – \d+ %", text)
    assert "Bron: CBS Kerncijfers wijken en buurten" in text
    assert re.search(r"\b\d+ (km|m)\b", text)  # the scale bar
    from datetime import date

    from wijkkaart.export.layout import dutch_date

    assert "Kaart: wijkkaart" in text and dutch_date(date.today()) in text


@needs_poppler
def test_known_buurt_has_its_class_colour_on_the_printed_page(document, tmp_path):
    hide_labels(document)
    dpi = 100
    options = PageOptions(paper="A4")
    out = export_map(document, tmp_path / "kaart.pdf", options, dpi=dpi)
    page = raster(out, dpi)
    frame = frame_of(document, options, dpi)
    from wijkkaart.render.viewport import Viewport

    viewport = Viewport.fit(
        map_bounds(document), int(frame.width()), int(frame.height()), margin=0.02
    )
    layer = area_layer(document)
    point = layer.data.frame.at[TAAGDREEF, "geometry"].representative_point()
    x, y = viewport.to_pixel(point.x, point.y)
    index = list(layer.data.frame.index).index(TAAGDREEF)
    expected = QColor(layer.symbology().colours[index])
    got = QColor(page.pixel(int(frame.left() + x), int(frame.top() + y)))
    assert close(got, expected), (got.name(), expected.name())
    # every legend colour also appears on the page (the legend matches the map)
    colours = {
        QColor(page.pixel(i, j)).name()
        for i in range(0, page.width(), 2)
        for j in range(0, page.height(), 2)
    }
    for entry in layer.symbology().legend:
        if not entry.hatched:
            assert any(close(QColor(c), QColor(entry.colour), 3) for c in colours)


def test_png_at_chosen_dpi_and_svg(document, tmp_path):
    png = export_map(document, tmp_path / "kaart.png", PageOptions(paper="A3"), dpi=120)
    image = QImage(str(png))
    assert (image.width(), image.height()) == (round(420 / 25.4 * 120), round(297 / 25.4 * 120))
    svg = export_map(document, tmp_path / "kaart.svg", PageOptions(title="SVG-kaart"), dpi=96)
    text = svg.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text and "SVG-kaart" in text


@needs_poppler
def test_resident_meeting_preset(document, tmp_path):
    area = area_layer(document)
    from dataclasses import replace

    area.style = replace(area.style, k=8)
    out = export_map(
        document,
        tmp_path / "bewoners.pdf",
        PageOptions(paper="A3", preset="bewonersavond"),
        dpi=100,
    )
    text = " ".join(pdf_text(out).split())  # legend labels wrap over lines
    assert "meer dan" in text and "procent koopwoningen" in text
    assert "geen cijfers bekend" in text
    assert len(re.findall(r"procent\s+koopwoningen", text)) <= 5  # at most 5 classes
    assert "Geen gegevens" not in text


@needs_poppler
def test_atlas_per_wijk_and_per_focus_area(document, tmp_path):
    out = export_atlas(document, tmp_path / "atlas.pdf", dpi=72)
    pages = atlas_areas(document, "wijk")
    assert int(pdf_info(out)["Pages"]) == len(pages) == 10
    text = pdf_text(out)
    assert "Overvecht (WK034403)" in text
    document.focus_areas.clear()
    with pytest.raises(WijkkaartError, match="geen focusgebieden"):
        export_atlas(document, tmp_path / "leeg.pdf", per="focusgebied")
    codes = list(shares_for_wijk(document.areas, "WK034403").index)
    geometry = shapely.union_all(document.areas.frame.loc[codes].geometry.to_numpy())
    document.focus_areas.append(FocusArea("Overvecht", geometry))
    one = export_atlas(document, tmp_path / "focus.pdf", per="focusgebied", dpi=72)
    assert pdf_info(one)["Pages"].strip() == "1"
    text = pdf_text(one)
    assert "Overvecht" in text and "Inwoners" in text and "34.555" in text
    assert "voorbeeldgegevens" in text  # the profile shows illustrative tenure figures


def test_html_is_self_contained_with_the_same_colours(document, tmp_path):
    area = area_layer(document)
    out = export_html(document, tmp_path / "kaart.html", title="Utrecht interactief")
    page = out.read_text(encoding="utf-8")
    assert not re.search(r'<script[^>]+src=["\']https?:', page)
    assert not re.search(r'<link[^>]+href=["\']https?:', page)
    assert "L.map(" in page and "Utrecht interactief" in page
    assert "Taagdreef, Rubicondr" in page
    for colour in set(c for c in area.symbology().colours if c):
        assert colour in page
    assert "Geen gegevens" in page and "Bron: CBS" in page
    assert out.stat().st_size < 3_000_000


def test_outputs_never_overwrite_project_files(document, tmp_path):
    project = document.project.path
    before = project.read_bytes()
    with pytest.raises(WijkkaartError):
        export_map(document, project.with_suffix(".pdf").with_name("utrecht_buurten.gpkg"))
    with pytest.raises(WijkkaartError, match=r"kies \.pdf"):
        export_map(document, tmp_path / "kaart.docx")
    assert project.read_bytes() == before
    assert not list(tmp_path.glob(".wijkkaart-*"))
