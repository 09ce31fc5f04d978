"""The optional PDOK background map: tiles from a disk cache, fetched in the background,
and a map that keeps working (and says so once) without a network."""

import http.server
import shutil
import threading

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint
from PySide6.QtGui import QColor, QImage

from tests.ui.waiting import open_project
from wijkkaart.layers.model import BasemapLayer
from wijkkaart.render.basemap import RESOLUTION_0, tiles_for, zoom_for
from wijkkaart.render.viewport import Viewport
from wijkkaart.ui.main_window import MainWindow


def test_tile_grid_of_the_dutch_rd_scheme():
    assert zoom_for(RESOLUTION_0) == 0
    assert zoom_for(3.36) == 10
    view = Viewport(136_000, 456_000, 13.44, 800, 600)
    tiles = tiles_for(view)
    assert {z for z, *_ in tiles} == {8}
    minx, miny, maxx, maxy = view.bounds
    assert min(r.left() for *_, r in tiles) <= minx and max(r.right() for *_, r in tiles) >= maxx
    assert min(r.top() for *_, r in tiles) <= miny and max(r.bottom() for *_, r in tiles) >= maxy


@pytest.fixture
def window(qtbot, sample, tmp_path, monkeypatch):
    monkeypatch.setenv("WIJKKAART_TILE_CACHE", str(tmp_path / "cache"))
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    win = MainWindow()
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    assert open_project(win, folder / "utrecht.wijkkaart")
    assert win.canvas.wait_rendered()
    return win


def test_without_network_the_map_works_and_says_so_once(window, qtbot, monkeypatch):
    monkeypatch.setenv("WIJKKAART_BASEMAP_URL", "http://127.0.0.1:9/{layer}/{z}/{x}/{y}.png")
    said = []
    window.canvas.basemap_offline.connect(said.append)
    window.actions_by_key["basemap"].trigger()
    assert isinstance(window.document.layers[0], BasemapLayer)
    qtbot.waitUntil(lambda: window.canvas.fetcher.is_offline, timeout=10_000)
    assert window.statusBar().currentMessage() == (
        "Achtergrondkaart niet beschikbaar (geen netwerk); de kaart werkt zonder."
    )
    window.canvas.zoom(2.0)
    assert window.canvas.wait_rendered()
    qtbot.wait(200)
    assert len(said) == 1
    window.actions_by_key["basemap"].trigger()
    assert not any(isinstance(layer, BasemapLayer) for layer in window.document.layers)


def _red_tile() -> bytes:
    image = QImage(256, 256, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff0000"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def test_tiles_are_fetched_cached_and_drawn(window, qtbot, monkeypatch, tmp_path):
    tile = _red_tile()
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(tile)))
            self.end_headers()
            self.wfile.write(tile)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        monkeypatch.setenv(
            "WIJKKAART_BASEMAP_URL", f"http://127.0.0.1:{port}/{{layer}}/{{z}}/{{x}}/{{y}}.png"
        )
        window.actions_by_key["basemap"].trigger()
        corner = QPoint(5, 5)  # outside Utrecht: only the background map shows there
        qtbot.waitUntil(
            lambda: (
                QColor(window.canvas.grab().toImage().pixel(corner)).red() > 240
                and QColor(window.canvas.grab().toImage().pixel(corner)).green() < 20
            ),
            timeout=15_000,
        )
    finally:
        server.shutdown()
    assert requests and requests[0].startswith("/grijs/")
    cached = list((tmp_path / "cache" / "wijkkaart-tiles" / "grijs").rglob("*.png"))
    assert len(cached) == len(set(requests))


def test_two_writers_of_one_tile_never_mix_their_bytes(tmp_path):
    """A tile fetched by the window and by a print at once: the cache holds one whole tile."""
    from wijkkaart.render.basemap import store_tile

    target = tmp_path / "grijs" / "10" / "5" / "7.png"
    payloads = [bytes([n]) * 300_000 for n in (1, 2)]
    writers = [
        threading.Thread(target=lambda p=p: [store_tile(target, p) for _ in range(20)])
        for p in payloads
    ]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert target.read_bytes() in payloads
    assert [p.name for p in target.parent.iterdir()] == ["7.png"]  # no part file left


def test_the_background_credit_is_in_the_print_language():
    from wijkkaart.layers.sources import sources_line
    from wijkkaart.messages import language, set_language

    before = language()
    try:
        for lang, credit in (("nl", "Achtergrond: BRT"), ("en", "Background: BRT")):
            set_language(lang)
            line, _ = sources_line([BasemapLayer(name="achtergrond")], basemap_shown=True)
            assert credit in line, line
    finally:
        set_language(before)
