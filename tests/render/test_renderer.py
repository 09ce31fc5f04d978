"""The renderer paints the right colour in the right place; missing values are hatched."""

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QColor
from shapely.geometry import box

from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.model import AreaLayer, OutlineLayer
from wijkkaart.layers.style import MISSING_COLOUR, ChoroplethStyle
from wijkkaart.render.renderer import HATCH_COLOUR, GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport


@pytest.fixture
def squares():
    frame = gpd.GeoDataFrame(
        {"naam": ["A", "B", "C"], "water": False, "percentage_koopwoningen": [10.0, 90.0, np.nan]},
        geometry=[box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100)],
        crs="EPSG:28992",
        index=pd.Index(["BU00010001", "BU00010002", "BU00010003"], name="code"),
    )
    return AreaData(
        frame=frame,
        level="buurt",
        schema="test",
        source="test",
        indicators=["percentage_koopwoningen"],
    )


def _pixel(image, x, y):
    return QColor(image.pixel(int(x), int(y)))


def test_class_colours_in_place_and_missing_hatched(qapp, squares):
    layer = AreaLayer(
        name="k", style=ChoroplethStyle("percentage_koopwoningen", k=2, ramp="Blues"), labels=False
    )
    layer.attach(squares)
    colours = layer.symbology().colours
    viewport = Viewport(150, 50, 1.0, 300, 100)
    image = render_image(snapshot([layer], GeometryStore()), viewport)
    assert _pixel(image, 50, 50).name() == colours[0]
    assert _pixel(image, 150, 50).name() == colours[1]
    assert colours[0] != colours[1]
    region = {_pixel(image, x, y).name() for x in range(210, 290, 3) for y in range(10, 90, 3)}
    assert QColor(MISSING_COLOUR).name() in region
    assert HATCH_COLOUR.name() in region  # the stripes


def test_opacity_and_hidden_layers(qapp, squares):
    layer = AreaLayer(
        name="k", style=ChoroplethStyle("percentage_koopwoningen", k=2), labels=False
    ).attach(squares)
    viewport = Viewport(150, 50, 1.0, 300, 100)
    store = GeometryStore()
    layer.visible = False
    assert _pixel(render_image(snapshot([layer], store), viewport), 50, 50).name() == "#ffffff"
    layer.visible = True
    layer.opacity = 0.5
    half = _pixel(render_image(snapshot([layer], store), viewport), 50, 50)
    full = QColor(layer.symbology().colours[0])
    assert half.red() == pytest.approx((full.red() + 255) / 2, abs=3)


def test_outline_layer_draws_boundaries_only(qapp, squares):
    outline = OutlineLayer(name="w", colour="#ff0000", width=3).attach(squares.frame)
    image = render_image(snapshot([outline], GeometryStore()), Viewport(150, 50, 1.0, 300, 100))
    assert _pixel(image, 50, 50).name() == "#ffffff"
    assert _pixel(image, 100, 50).red() > 200 and _pixel(image, 100, 50).green() < 80


def test_simplification_is_for_drawing_only(squares):
    from wijkkaart.render.geometry import GeometryCache

    cache = GeometryCache(squares.frame.geometry.to_numpy())
    assert cache.bucket(0.5) == 0.0
    assert cache.bucket(100.0) == 32.0
    cache.parts(100.0)
    assert squares.frame.geometry.iloc[0].area == 10_000  # data untouched


def test_rings_round_trip(qapp):
    from wijkkaart.render.geometry import rings_to_qpolygons

    coords = np.array([[0, 0], [1, 0], [1, 1], [0, 0], [5, 5], [6, 5], [5, 6], [5, 5]], float)
    polygons = rings_to_qpolygons(coords, np.array([4, 4]))
    assert [p.size() for p in polygons] == [4, 4]
    assert polygons[1][2].x() == 5 and polygons[1][2].y() == 6
