"""The canvas renders through the render job: the last good picture stays while a new one is
made, and a map that cannot be drawn says so once (real Utrecht sample)."""

from __future__ import annotations

from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import RasterLayer
from wijkkaart.paths import sample_project
from wijkkaart.ui.canvas import BACKGROUND, MapCanvas


def _canvas(qtbot) -> tuple[MapCanvas, MapDocument]:
    document = MapDocument.open(sample_project())
    canvas = MapCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(500, 400)
    canvas.show()
    canvas.set_layers(document.layers)
    canvas.zoom_to(tuple(document.areas.frame.total_bounds))
    assert canvas.wait_rendered(20_000)
    return canvas, document


def _map_pixels(image) -> int:
    """How many sampled pixels are not the canvas background: the map is on screen."""
    background = BACKGROUND.rgb()
    return sum(
        image.pixel(x, y) != background
        for x in range(0, image.width(), 10)
        for y in range(0, image.height(), 10)
    )


def test_the_last_picture_stays_while_a_new_one_renders(qtbot):
    canvas, _ = _canvas(qtbot)
    first = canvas._image
    assert _map_pixels(first) > 100
    canvas.zoom(2.0)  # a new render is asked for; it runs on the worker
    assert canvas._image is first  # the old picture is still what the canvas paints
    shown = canvas.grab().toImage()
    assert _map_pixels(shown) > 100  # scaled, not blank, while waiting
    assert canvas.wait_rendered(20_000)
    assert canvas._image is not first and canvas._image_viewport == canvas.viewport


def test_a_map_that_cannot_be_drawn_is_reported_once_and_keeps_its_picture(qtbot, tmp_path):
    canvas, document = _canvas(qtbot)
    good = canvas._image
    failures = []
    canvas.render_failed.connect(failures.append)
    document.layers.append(RasterLayer(name="weg").attach(tmp_path / "weg.tif"))
    qtbot.waitUntil(lambda: len(failures) == 1 and canvas.is_idle(), timeout=20_000)
    canvas.zoom(1.5)  # every further render fails the same way: no second message
    qtbot.waitUntil(canvas.is_idle, timeout=20_000)
    canvas.zoom(1.5)
    qtbot.waitUntil(canvas.is_idle, timeout=20_000)
    assert len(failures) == 1 and "weg.tif" in str(failures[0])
    assert canvas._image is good  # the last good picture, not a blank map
    assert _map_pixels(canvas.grab().toImage()) > 50  # and it is on screen
