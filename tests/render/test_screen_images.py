"""The canvas's per-view images (render(..., outline_images=...)) draw what the vectors draw.

Real data: the Utrecht sample project (111 buurten). The pixel lookup for many areas normally
starts at 3,000 areas in view; here the threshold is lowered so the real buurten take that path.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QImage

from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer
from wijkkaart.paths import sample_project
from wijkkaart.render import renderer
from wijkkaart.render.job import MapSettings, RenderJob
from wijkkaart.render.renderer import GeometryStore, prepare, render_image
from wijkkaart.render.viewport import Viewport


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), dtype=np.uint32)
    return raw.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()] & 0xFFFFFF


def _fill_colours(pixels: np.ndarray, frame, viewport: Viewport) -> dict[str, int]:
    """Per buurt big enough to tell: the most common colour inside it (edges, labels aside)."""
    ys, xs = np.mgrid[0 : pixels.shape[0], 0 : pixels.shape[1]]
    mx, my = viewport.to_map(xs + 0.5, ys + 0.5)
    out = {}
    for code, geometry in frame.geometry.items():
        inside = shapely.contains_xy(geometry.buffer(-25), mx, my)
        if inside.sum() >= 30:
            out[code] = Counter(pixels[inside].tolist()).most_common(1)[0][0]
    return out


@pytest.mark.parametrize("dense", [False, True])
def test_screen_images_paint_the_same_colours_as_the_vectors(qapp, monkeypatch, dense):
    if dense:
        monkeypatch.setattr(renderer, "DENSE_AREAS", 10)
    document = MapDocument.open(sample_project())
    layer = next(x for x in document.layers if isinstance(x, AreaLayer))
    frame = document.areas.frame
    viewport = Viewport.fit(tuple(frame.total_bounds), 700, 560)
    store = GeometryStore()
    settings = MapSettings.of(list(document.layers), viewport, background="#f4f4f2")
    vectors = _fill_colours(
        _pixels(render_image(prepare(settings.layers, store), viewport)), frame, viewport
    )
    on_screen = RenderJob(settings, store).run()
    assert on_screen.ok
    assert len(vectors) > 50
    assert _fill_colours(_pixels(on_screen.image), frame, viewport) == vectors
    # another colouring of the same view: the kept images, new colours (as a year step)
    layer.style = replace(layer.style, ramp="YlOrRd", reverse=True)
    settings = MapSettings.of(list(document.layers), viewport, background="#f4f4f2")
    vectors = _fill_colours(
        _pixels(render_image(prepare(settings.layers, store), viewport)), frame, viewport
    )
    again = RenderJob(settings, store).run()
    assert _fill_colours(_pixels(again.image), frame, viewport) == vectors
    assert len(store.outlines) >= 1  # an outline layer (and, dense, the areas) kept per view


def test_few_and_many_areas_in_view_draw_the_same_picture(qapp, monkeypatch):
    """The canvas draws a view of few areas as vectors and one of many by the per-pixel lookup;
    both paint fills without antialiasing under antialiased outlines, so the picture does not
    change at ``DENSE_AREAS`` (before, the vector path antialiased its fills: 3.8 % of the
    pixels of this view differed, by up to 99 levels). What remains is rounding, at most 2."""
    document = MapDocument.open(sample_project())
    layer = next(x for x in document.layers if isinstance(x, AreaLayer))
    layer.labels = False
    frame = document.areas.frame
    viewport = Viewport.fit(tuple(frame.total_bounds), 700, 560)
    settings = MapSettings.of([layer], viewport, background="#f4f4f2")
    assert len(frame) < renderer.DENSE_AREAS
    vectors = RenderJob(settings, GeometryStore()).run()
    monkeypatch.setattr(renderer, "DENSE_AREAS", 10)
    lookup = RenderJob(settings, GeometryStore()).run()
    assert vectors.ok and lookup.ok
    a = _channels(vectors.image)
    b = _channels(lookup.image)
    assert np.abs(a - b).max() <= 2
    painted = (a != np.array([0xF4, 0xF4, 0xF2])).any(axis=2).mean()
    assert painted > 0.3  # the buurten cover a good part of the view


def _channels(image: QImage) -> np.ndarray:
    rgb = _pixels(image)
    return np.stack([(rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255], axis=2).astype(int)
