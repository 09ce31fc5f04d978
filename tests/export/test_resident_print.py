"""The resident-meeting print (wijkkaart/export/residents.py): buurt names, the rows it promises,
street context from the tile cache, and offline a complete page that claims nothing false."""

import shutil
import subprocess

import pytest
from PySide6.QtGui import QColor, QImage

from wijkkaart.export.extent import PrintExtent
from wijkkaart.export.layout import PageOptions
from wijkkaart.export.printing import export_map, single_page_table
from wijkkaart.export.residents import RESIDENT_GROUPS, STREET_STYLE, resident_table
from wijkkaart.layers.document import MapDocument

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")
OVERVECHT = PrintExtent("wijk", "WK034403")


@pytest.fixture
def document(sample, tmp_path, qapp, monkeypatch):
    monkeypatch.setenv("WIJKKAART_TILE_CACHE", str(tmp_path / "tiles"))  # an empty cache
    monkeypatch.setenv("WIJKKAART_OFFLINE", "1")  # as on this machine: no network
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return MapDocument.open(folder / "utrecht.wijkkaart")


def text_of(pdf) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    import unicodedata

    return " ".join(unicodedata.normalize("NFKC", out).split())  # "ﬂ" ligatures -> "fl"


@needs_poppler
def test_offline_resident_print_is_complete_and_says_nothing_false(document, tmp_path):
    options = PageOptions(paper="A3", preset="bewonersavond")
    pdf = export_map(document, tmp_path / "bewoners.pdf", options, dpi=100, extent=OVERVECHT)
    text = text_of(pdf)
    # every row the preset promises, and no "rows more" line
    table = resident_table(single_page_table(document))
    assert {r.group for r in table.rows} <= set(RESIDENT_GROUPS)
    words = set(text.replace("-", " ").replace("€", " ").split())
    for row in table.rows:  # wrapped names interleave with the values: compare words
        missing = set(row.label.rstrip(" *").replace("-", " ").split()) - words
        assert not missing, (row.label, missing)
    assert "rijen meer" not in text
    # no tiles: no background, so no credit for one; the data shown is named
    assert "BRT-Achtergrondkaart" not in text
    assert "Bron: CBS Kerncijfers wijken en buurten" in text
    # the table's figures are named too, and no local file path stands in for a source
    assert "tabel: voorbeeldgegevens: huur- en corporatiebezit" in text
    assert str(document.project.path.parent) not in text and ".csv" not in text


def test_buurt_names_are_on_the_resident_map_even_when_switched_off(document):
    from wijkkaart.export.residents import resident_layers
    from wijkkaart.layers.model import AreaLayer
    from wijkkaart.render.renderer import GeometryStore, snapshot

    fill = next(x for x in document.layers if isinstance(x, AreaLayer))
    fill.labels = False
    plain = snapshot(list(document.layers), GeometryStore())
    assert all(item.labels is None for item in plain if item.kind == "areas")
    items = snapshot(resident_layers(list(document.layers)), GeometryStore())
    labels = next(item.labels for item in items if item.kind == "areas")
    assert labels == fill.data.frame["naam"].astype(str).tolist()
    assert "Tigrisdreef e.o." in labels


@needs_poppler
def test_cached_street_tiles_are_used_and_credited(document, tmp_path):
    from wijkkaart.export.extent import resolve_bounds
    from wijkkaart.export.layout import PagePainter
    from wijkkaart.render.basemap import tile_path, tiles_for

    options = PageOptions(paper="A4", preset="bewonersavond")
    dpi = 72
    w_mm, h_mm = options.size_mm
    page = PagePainter(None, w_mm / 25.4 * dpi, h_mm / 25.4 * dpi, options)
    bounds = resolve_bounds(document, OVERVECHT)
    viewport = page._viewport(page.rects()["map"], bounds)
    offline = export_map(document, tmp_path / "zonder.png", options, dpi=dpi, extent=OVERVECHT)
    # invented tiles for this test: plain light-blue squares standing in for the PDOK cache
    tile = QImage(256, 256, QImage.Format.Format_RGB32)
    tile.fill(QColor("#a6cee3"))
    for z, x, y, _ in tiles_for(viewport):
        path = tile_path(STREET_STYLE, z, x, y)
        path.parent.mkdir(parents=True, exist_ok=True)
        assert tile.save(str(path), "PNG")
    pdf = export_map(document, tmp_path / "straten.pdf", options, dpi=dpi, extent=OVERVECHT)
    assert "BRT-Achtergrondkaart" in text_of(pdf)  # credited because it is on the page
    tinted = export_map(document, tmp_path / "straten.png", options, dpi=dpi, extent=OVERVECHT)
    frame = page.rects()["map"]

    def blueness(path) -> float:
        image = QImage(str(path))
        total = 0
        for x in range(int(frame.left()) + 5, int(frame.right()) - 5, 7):
            for y in range(int(frame.top()) + 5, int(frame.bottom()) - 5, 7):
                colour = QColor(image.pixel(x, y))
                total += colour.blue() - colour.red()
        return total

    # the fills are translucent over the street background: the tile colour tints the map
    assert blueness(tinted) > blueness(offline) + 1000


def test_street_tiles_are_fetched_for_the_print_when_there_is_a_network(
    document, tmp_path, monkeypatch
):
    """A local tile server stands in for PDOK (this machine has no network): the print fetches
    the missing tiles into the cache and draws them."""
    import http.server
    import threading

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from wijkkaart.render.basemap import tile_path

    tile = QImage(256, 256, QImage.Format.Format_RGB32)
    tile.fill(QColor("#a6cee3"))  # invented tile content for this test
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    tile.save(buffer, "PNG")
    body = bytes(data)
    asked: list[str] = []

    class Tiles(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            asked.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Tiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{{layer}}/{{z}}/{{x}}/{{y}}.png"
        monkeypatch.setenv("WIJKKAART_BASEMAP_URL", url)
        monkeypatch.delenv("WIJKKAART_OFFLINE")
        options = PageOptions(paper="A4", preset="bewonersavond")
        pdf = export_map(document, tmp_path / "online.pdf", options, dpi=72, extent=OVERVECHT)
    finally:
        server.shutdown()
    assert asked and all(path.startswith(f"/{STREET_STYLE}/") for path in asked)
    z, x, y = (int(v) for v in asked[0].removesuffix(".png").split("/")[2:])
    assert tile_path(STREET_STYLE, z, x, y).exists()  # kept in the cache for next time
    assert "BRT-Achtergrondkaart" in text_of(pdf)
