"""The printed legend tells the truth (issue 12): what can be seen and nothing else, the focus
areas and boundaries too, and a long legend is never cut off."""

import shutil
import subprocess

import pytest
from PySide6.QtGui import QColor, QImage, QPainter

from wijkkaart.export.layout import PageOptions, PagePainter
from wijkkaart.export.printing import export_map
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.legend import legend_blocks, seen_layers
from wijkkaart.layers.model import AreaLayer, OutlineLayer, RasterLayer
from wijkkaart.layers.style import BivariateStyle, CategoricalStyle
from wijkkaart.render.renderer import GeometryStore

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


@pytest.fixture
def document(sample, tmp_path, qapp):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return MapDocument.open(folder / "utrecht.wijkkaart")


def area(document) -> AreaLayer:
    return next(x for x in document.layers if isinstance(x, AreaLayer))


def test_legend_entries_are_the_visible_layers_focus_areas_and_outlines(document):
    raster = next(x for x in document.layers if isinstance(x, RasterLayer))
    raster.visible = True  # switched on, but under the opaque buurt fill: not seen
    blocks = legend_blocks(document.layers, document.focus_areas)
    titles = [b.title for b in blocks]
    fill = area(document)
    assert raster not in seen_layers(list(document.layers))
    assert titles == [fill.symbology().title, "Focusgebieden", "Grenzen"]
    assert [e.label for e in blocks[1].entries] == [a.name for a in document.focus_areas]
    assert [e.colour for e in blocks[1].entries] == [a.colour for a in document.focus_areas]
    outlines = [x.name for x in document.layers if isinstance(x, OutlineLayer) and x.visible]
    assert [e.label for e in blocks[2].entries] == outlines
    # a translucent fill lets the raster show through: now it is in the legend
    fill.opacity = 0.6
    titles = [b.title for b in legend_blocks(document.layers, document.focus_areas)]
    assert raster.name in titles
    # a hidden fill is not in the legend at all
    fill.visible = False
    titles = [b.title for b in legend_blocks(document.layers, document.focus_areas)]
    assert fill.symbology().title not in titles


def legend_rect(options, dpi, document):
    """Where the legend goes on the page (same layout code as the file)."""
    w_mm, h_mm = options.size_mm
    image = QImage(round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    page = PagePainter(painter, image.width(), image.height(), options)
    from wijkkaart.export.extent import PrintExtent, resolve_bounds

    page.paint(
        list(document.layers),
        resolve_bounds(document, PrintExtent()),
        GeometryStore(),
        document.focus_areas,
        overview=document.areas.frame,
    )
    painter.end()
    return page.placed["legend"], page.legend_fit


@needs_poppler
def test_a_long_legend_is_never_cut(document, tmp_path):
    # an invented column for this test: the owner-occupied share in steps of 3 points, shown as
    # categories, so the legend has about 30 entries, each with its own colour
    frame = document.areas.frame
    frame["klasse_koop_test"] = (frame["percentage_koopwoningen"] // 3).astype("Int64")
    layer = area(document)
    layer.style = CategoricalStyle("klasse_koop_test")
    entries = [e for e in layer.symbology().legend if not e.hatched]
    assert len(entries) >= 25
    options = PageOptions(paper="A4")
    dpi = 100
    out = export_map(document, tmp_path / "lang.png", options, dpi=dpi)
    rect, fit = legend_rect(options, dpi, document)
    assert fit.dropped == 0 and fit.columns >= 1
    page = QImage(str(out))
    found = {
        QColor(page.pixel(x, y)).name()
        for x in range(int(rect.left()), int(rect.right()))
        for y in range(int(rect.top()), min(int(rect.bottom()), page.height()))
    }
    missing = [e.colour for e in entries if e.colour not in found]
    assert not missing, missing
    pdf = export_map(document, tmp_path / "lang.pdf", options, dpi=dpi)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "legenda-items meer" not in text
    for entry in entries:
        assert entry.label in text.split(), entry.label


def test_a_legend_too_long_for_any_column_says_how_much_is_left_out(document):
    frame = document.areas.frame
    frame["naam_test"] = frame["naam"]  # one category per buurt: 111 entries cannot fit on A4
    layer = area(document)
    layer.style = CategoricalStyle("naam_test")
    options = PageOptions(paper="A4")
    _, fit = legend_rect(options, 72, document)
    shown = sum(r.entries for column in fit.rows for r in column)
    total = sum(len(b.entries) for b in legend_blocks(document.layers, document.focus_areas))
    assert fit.dropped > 0 and shown + fit.dropped == total  # every entry counted somewhere
    assert fit.columns >= 2 and fit.point_size == pytest.approx(6.0)  # shrunk, then columns


@needs_poppler
def test_bivariate_legend_has_axes_and_class_values(document, tmp_path):
    layer = area(document)
    layer.style = BivariateStyle("percentage_koopwoningen", "gemiddelde_woningwaarde")
    block = legend_blocks(document.layers)[0]
    xs, ys = block.axis_values
    assert len(xs) == len(ys) == 3
    pdf = export_map(document, tmp_path / "bi.pdf", PageOptions(paper="A3"), dpi=72)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    x_name, y_name = block.bivariate
    assert f"↑ {y_name}" in flat and f"{x_name} →" in flat
    for value in xs + ys:
        assert value.split()[0] in flat, value
