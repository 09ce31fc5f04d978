"""The SVG print has the PDF's line weights and hatching (issue 12): Qt's non-scaling strokes
and its hatch pattern in map metres are rewritten into page units."""

import re
import shutil

import pytest

from wijkkaart.export.layout import PageOptions
from wijkkaart.export.printing import export_map
from wijkkaart.layers.document import MapDocument

MATRIX = re.compile(r'transform="matrix\(([^)]*)\)"')


@pytest.fixture
def document(sample, tmp_path, qapp):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return MapDocument.open(folder / "utrecht.wijkkaart")


def groups(svg: str):
    """(attributes of each <g>, its scale, its body) in document order."""
    tags = list(re.finditer(r"<g\b[^>]*>", svg))
    for i, tag in enumerate(tags):
        end = tags[i + 1].start() if i + 1 < len(tags) else len(svg)
        matrix = MATRIX.search(tag.group(0))
        a, b, c, d = (float(v) for v in matrix.group(1).split(",")[:4]) if matrix else (1, 0, 0, 1)
        yield tag.group(0), abs(a * d - b * c) ** 0.5, svg[tag.end() : end]


def pdf_pattern_mm(path) -> float:
    """The hatch period of the PDF's tiling pattern in mm (XStep times its matrix)."""
    data = path.read_bytes()
    match = re.search(rb"/PatternType 1.*?/XStep (\d+).*?/Matrix \[([0-9.]+)", data, re.S)
    assert match, "no tiling pattern in the PDF"
    return float(match.group(1)) * float(match.group(2)) * 25.4 / 72


def test_svg_line_weights_and_hatching_match_the_pdf(document, tmp_path):
    dpi = 300
    svg = export_map(document, tmp_path / "kaart.svg", PageOptions(), dpi=dpi).read_text("utf-8")
    assert "non-scaling-stroke" not in svg  # no width in screen pixels is left
    px_mm = 25.4 / dpi  # one viewBox unit on the page
    # the buurt outlines: 0.6 screen px scaled to print = 0.6/96 inch = 0.159 mm, as in the PDF
    white = [
        float(re.search(r'stroke-width="([^"]+)"', tag).group(1)) * scale * px_mm
        for tag, scale, body in groups(svg)
        if 'stroke="#ffffff"' in tag and "<polygon" in body and scale < 0.5
    ]
    assert white and all(w == pytest.approx(0.6 / 96 * 25.4, rel=0.01) for w in white), white[:3]
    # the hatching: the map's pattern has a period on the page equal to the PDF's
    hatched = [
        (tag, scale) for tag, scale, _ in groups(svg) if "fillpattern" in tag and scale < 0.5
    ]
    assert hatched
    pattern_id = re.search(r"url\(#([^)]+)\)", hatched[0][0]).group(1)
    pattern = re.search(rf'<pattern [^>]*id="{pattern_id}"[^>]*>', svg).group(0)
    factor = float(re.search(r"scale\(([^)]+)\)", pattern).group(1))
    width = float(re.search(r'width="([^"]+)"', pattern).group(1))
    svg_period_mm = width * factor * hatched[0][1] * px_mm
    pdf = export_map(document, tmp_path / "kaart.pdf", PageOptions(), dpi=dpi)
    assert svg_period_mm == pytest.approx(pdf_pattern_mm(pdf), rel=0.01)
    assert svg_period_mm > 0.5  # visible stripes, not a grey film (was 8 m on the map: 0.06 mm)
