"""Map labels in a print are text a planner can search, on a white halo, and cost little.

Until this round each printed label was its glyph outlines twice (a translucent stroke, which
Qt's PDF engine turns into a filled outline, and a fill): about 15 KB a label, pdftotext found no
buurt name, and QPdfWriter.newPage held the GIL for ~150 ms an atlas page.
"""

import re
import shutil
import subprocess
from html import unescape

import pytest
from PySide6.QtGui import QImage

from wijkkaart.export.layout import PageOptions
from wijkkaart.export.printing import export_map
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


@pytest.fixture
def document(sample, tmp_path, qapp):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return MapDocument.open(folder / "utrecht.wijkkaart")


def a3(document, out, labels: bool = True):
    next(x for x in document.layers if isinstance(x, AreaLayer)).labels = labels
    return export_map(document, out, PageOptions(paper="A3"), dpi=300)


def text_of(pdf) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout


def printed_names(document, text: str) -> list[str]:
    """The project's buurt names found in the text (names inside another name left out)."""
    names = {str(n) for n in document.areas.frame["naam"] if isinstance(n, str) and len(n) > 3}
    alone = [n for n in names if not any(n != m and n in m for m in names)]
    return [n for n in alone if n in text]


@needs_poppler
def test_buurt_names_in_a_printed_pdf_are_text_found_once(document, tmp_path):
    pdf = a3(document, tmp_path / "kaart.pdf")
    text = text_of(pdf)
    names = printed_names(document, text)
    assert len(names) >= 10, names  # the A3 of Utrecht labels a few dozen buurten
    for name in names:  # the halo is no second copy of the text: one hit per name
        assert text.count(name) == 1, name
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"DejaVuSans\s.*\byes\b", fonts), fonts  # the label font is embedded


@needs_poppler
def test_printed_labels_cost_few_bytes(document, tmp_path):
    with_labels = a3(document, tmp_path / "met.pdf")
    names = printed_names(document, text_of(with_labels))
    without = a3(document, tmp_path / "zonder.pdf", labels=False)
    assert printed_names(document, text_of(without)) == []
    per_label = (with_labels.stat().st_size - without.stat().st_size) / len(names)
    print(f"A3 Utrecht: {with_labels.stat().st_size / 1e3:.0f} KB, {per_label:.0f} B a label")
    assert per_label < 6_000  # glyph outlines twice cost ~15,000 bytes a label


@needs_poppler
def test_printed_labels_keep_a_white_halo(document, tmp_path):
    """Around each label word the page is white where the glyphs' halo lies; a little further
    out it is the map (no area colour of the ramp, no background, is pure white)."""
    pdf = a3(document, tmp_path / "kaart.pdf")
    names = printed_names(document, text_of(pdf))
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    dpi = 150
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    page = QImage(str(tmp_path / "page.png"))
    words = {word for name in names for word in name.split() if len(word) > 3}
    inside, outside = [], []
    for match in WORD.finditer(html):
        if unescape(match.group(5)) not in words:
            continue
        x0, y0, x1, y1 = (float(v) * dpi / 72 for v in match.groups()[:4])
        inside.append(white_share(page, x0 - 1, y0 - 1, x1 + 1, y1 + 1))
        outside.append(white_share(page, x0 - 14, y1 + 6, x1 + 14, y1 + 10))
    assert len(inside) >= 10
    inside.sort()
    outside.sort()
    assert inside[len(inside) // 2] > 0.2, inside  # the halo: white around the glyphs
    assert outside[len(outside) // 2] < 0.1, outside  # just below: the map again


def white_share(image: QImage, x0: float, y0: float, x1: float, y1: float) -> float:
    white = total = 0
    for y in range(max(int(y0), 0), min(int(y1), image.height() - 1) + 1):
        for x in range(max(int(x0), 0), min(int(x1), image.width() - 1) + 1):
            colour = image.pixelColor(x, y)
            total += 1
            white += min(colour.red(), colour.green(), colour.blue()) >= 250
    return white / max(total, 1)


def test_svg_labels_are_text(document, tmp_path):
    svg = a3(document, tmp_path / "kaart.svg").read_text(encoding="utf-8")
    texts = {unescape(t).strip() for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)}
    names = {str(n) for n in document.areas.frame["naam"] if isinstance(n, str)}
    assert len(names & texts) >= 10
