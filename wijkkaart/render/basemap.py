"""The Dutch topographic background map (PDOK BRT-Achtergrondkaart, WMTS in RD New).

Tiles are drawn from a disk cache only, so rendering never waits for the network; missing tiles
are fetched in the background (:class:`TileFetcher`) and the map is redrawn when they arrive.
Without a network the map works as before and the fetcher says so once.
"""

from __future__ import annotations

import math
import os
import tempfile
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, QRectF, QUrl, Signal
from PySide6.QtGui import QImage, QPainter
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from wijkkaart.render.viewport import Viewport

URL_TEMPLATE = (
    "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/{layer}/EPSG:28992/{z}/{x}/{y}.png"
)
STYLES = ("grijs", "standaard", "pastel", "water")
ORIGIN_X, ORIGIN_Y = -285_401.92, 903_401.92  # top-left of the Dutch RD tiling scheme
RESOLUTION_0 = 3_440.64  # metres per pixel at zoom level 0; halves per level
MAX_ZOOM = 14
TILE = 256


def tile_url_template() -> str:
    return os.environ.get("WIJKKAART_BASEMAP_URL", URL_TEMPLATE)


def cache_dir() -> Path:
    base = os.environ.get("WIJKKAART_TILE_CACHE") or platformdirs.user_cache_dir(
        "wijkkaart", appauthor=False
    )
    return Path(base) / "wijkkaart-tiles"


def zoom_for(resolution: float) -> int:
    """The level whose resolution is closest to (and not much coarser than) the view's."""
    z = math.ceil(math.log2(RESOLUTION_0 / max(resolution, 1e-6)) - 0.3)
    return int(min(max(z, 0), MAX_ZOOM))


def tiles_for(viewport: Viewport) -> list[tuple[int, int, int, QRectF]]:
    """(z, x, y, map rectangle) of every tile that covers the view."""
    z = zoom_for(viewport.resolution)
    size = RESOLUTION_0 / 2**z * TILE
    minx, miny, maxx, maxy = viewport.bounds
    x0 = max(math.floor((minx - ORIGIN_X) / size), 0)
    x1 = min(math.floor((maxx - ORIGIN_X) / size), 2**z - 1)
    y0 = max(math.floor((ORIGIN_Y - maxy) / size), 0)
    y1 = min(math.floor((ORIGIN_Y - miny) / size), 2**z - 1)
    out = []
    for tx in range(x0, x1 + 1):
        for ty in range(y0, y1 + 1):
            left = ORIGIN_X + tx * size
            top = ORIGIN_Y - ty * size
            out.append((z, tx, ty, QRectF(left, top - size, size, size)))
    return out


def tile_path(style: str, z: int, x: int, y: int) -> Path:
    return cache_dir() / style / str(z) / str(x) / f"{y}.png"


def store_tile(path: Path, data: bytes) -> None:
    """Put a fetched tile in the cache: written under a name of its own, then renamed, so two
    writers (the window and a print, or two windows) never mix their bytes in one file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(part, path)
    finally:
        if os.path.exists(part):
            os.unlink(part)


def draw_basemap(painter: QPainter, style: str, viewport: Viewport) -> list[tuple[int, int, int]]:
    """Draw the cached tiles for the view (world transform already set); return the missing ones."""
    missing = []
    for z, x, y, rect in tiles_for(viewport):
        path = tile_path(style, z, x, y)
        image = QImage(str(path)) if path.exists() else QImage()
        if image.isNull():
            missing.append((z, x, y))
            continue
        painter.save()
        painter.translate(rect.left(), rect.bottom())
        painter.scale(rect.width() / image.width(), -rect.height() / image.height())
        painter.drawImage(0, 0, image)
        painter.restore()
    return missing


class TileFetcher(QObject):
    """Downloads missing tiles into the disk cache; says once when there is no network."""

    arrived = Signal()
    offline = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._manager = QNetworkAccessManager(self)
        self._pending: set[tuple[str, int, int, int]] = set()
        self._failed: set[tuple[str, int, int, int]] = set()
        self.is_offline = False
        self._told = False

    def fetch(self, style: str, tiles: list[tuple[int, int, int]]) -> None:
        if self.is_offline:
            return
        for z, x, y in tiles[:64]:
            key = (style, z, x, y)
            if key in self._pending or key in self._failed:
                continue
            self._pending.add(key)
            url = tile_url_template().format(layer=style, z=z, x=x, y=y)
            request = QNetworkRequest(QUrl(url))
            request.setTransferTimeout(5000)
            request.setHeader(QNetworkRequest.KnownHeaders.UserAgentHeader, "wijkkaart")
            reply = self._manager.get(request)
            reply.finished.connect(lambda r=reply, k=key: self._done(r, k))

    def _done(self, reply: QNetworkReply, key: tuple[str, int, int, int]) -> None:
        self._pending.discard(key)
        error = reply.error()
        data = bytes(reply.readAll().data())  # the stub says bytes | bytearray | memoryview
        reply.deleteLater()
        if error != QNetworkReply.NetworkError.NoError or not data:
            self._failed.add(key)
            if error in _NETWORK_DOWN:
                self.is_offline = True
                if not self._told:
                    self._told = True
                    self.offline.emit(reply.errorString())
            return
        store_tile(tile_path(*key), data)
        if not self._pending:
            self.arrived.emit()


_NETWORK_DOWN = {
    QNetworkReply.NetworkError.HostNotFoundError,
    QNetworkReply.NetworkError.ConnectionRefusedError,
    QNetworkReply.NetworkError.TimeoutError,
    QNetworkReply.NetworkError.OperationCanceledError,
    QNetworkReply.NetworkError.NetworkSessionFailedError,
    QNetworkReply.NetworkError.TemporaryNetworkFailureError,
    QNetworkReply.NetworkError.UnknownNetworkError,
    QNetworkReply.NetworkError.ProxyConnectionRefusedError,
}
