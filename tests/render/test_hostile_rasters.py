"""Rasters with NaN, +/-inf or only nodata are drawn (nodata transparent), never crash Qt."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PySide6.QtGui import QColor, QImage, QPainter, QTransform

from tests.rasters import gradient, utrecht_areas, utrecht_grid, write_tif
from wijkkaart.layers.model import RasterLayer
from wijkkaart.layers.style import ramp_colours
from wijkkaart.messages import WijkkaartError
from wijkkaart.render.legend import raster_block
from wijkkaart.render.renderer import (
    GeometryStore,
    RenderItem,
    colour_raster,
    colour_values,
    ramp_lookup,
    raster_range,
    render,
    render_image,
    snapshot,
)
from wijkkaart.render.viewport import Viewport

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"
NAN_CELL = (40, 60)  # row, col


@pytest.fixture(scope="module")
def grid():
    return utrecht_grid(utrecht_areas())


def _expected_rgb(value: float, lo: float, hi: float) -> tuple[int, int, int]:
    """The Blues ramp interpolated by hand, independent of the renderer's numpy code."""
    colours = [QColor(c).getRgb()[:3] for c in ramp_colours("Blues", 9)]
    t = min(max((value - lo) / (hi - lo), 0.0), 1.0) * 8
    i = min(int(t), 7)
    f = t - i
    return tuple(
        round(a * (1 - f) + b * f) for a, b in zip(colours[i], colours[i + 1], strict=True)
    )


def _rgba(image: QImage, x: int, y: int) -> tuple[int, int, int, int]:
    return image.pixelColor(x, y).getRgb()


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
@pytest.mark.parametrize("nodata", [-9999.0, float("nan"), None])
def test_one_bad_cell_is_transparent_and_does_not_move_the_ramp(qapp, tmp_path, grid, bad, nodata):
    left, top, width, height = grid
    data = gradient(height, width)
    clean = write_tif(tmp_path / "schoon.tif", data, left, top, nodata=nodata)
    data[NAN_CELL] = bad
    path = write_tif(tmp_path / "kapot.tif", data, left, top, nodata=nodata)
    lo, hi = raster_range(path, None, None)
    assert (lo, hi) == raster_range(clean, None, None)
    finite = data[np.isfinite(data)]
    assert (lo, hi) == pytest.approx((np.percentile(finite, 2), np.percentile(finite, 98)))
    image, bounds = colour_raster(path, "Blues", None, None)
    assert (image.width(), image.height()) == (width, height)
    assert bounds == pytest.approx((left, top - height * 100, left + width * 100, top))
    row, col = NAN_CELL
    assert _rgba(image, col, row)[3] == 0
    for r, c in ((row, col + 1), (row + 1, col), (0, 0), (height - 1, width - 1)):
        *rgb, alpha = _rgba(image, c, r)
        assert alpha == 255
        assert np.abs(np.subtract(rgb, _expected_rgb(data[r, c], lo, hi))).max() <= 1


@pytest.mark.parametrize("nodata", [-9999.0, float("nan"), None])
def test_all_nodata_raster_is_fully_transparent(qapp, tmp_path, grid, nodata):
    left, top, width, height = grid
    fill = -9999.0 if nodata == -9999.0 else np.nan
    path = write_tif(
        tmp_path / "leeg.tif", np.full((height, width), fill), left, top, nodata=nodata
    )
    image, _ = colour_raster(path, "Blues", None, None)
    alpha = [
        image.pixelColor(x, y).alpha() for x in range(0, width, 7) for y in range(0, height, 7)
    ]
    assert max(alpha) == 0
    assert raster_range(path, None, None) == (0.0, 1.0)
    layer = RasterLayer(name="Leeg", ramp="Blues").attach(path)
    layer.visible = True
    assert raster_block(layer).entries[0].label == "0,00"


def test_nan_raster_renders_on_the_map_with_a_hole(qapp, tmp_path, grid):
    """Through snapshot + render_image, as the canvas and every export do: check pixels."""
    left, top, width, height = grid
    data = gradient(height, width)
    data[NAN_CELL] = np.nan
    path = write_tif(tmp_path / "nan.tif", data, left, top)
    layer = RasterLayer(name="Waterdiepte", ramp="Blues", opacity=1.0).attach(path)
    viewport = Viewport(left + width * 50, top - height * 50, 100.0, width, height)  # 1 px/cell
    image = render_image(snapshot([layer], GeometryStore()), viewport, QColor("white"))
    row, col = NAN_CELL
    assert _rgba(image, col, row)[:3] == (255, 255, 255)  # the background shows through
    lo, hi = raster_range(path, None, None)
    for r, c in ((row, col + 2), (row + 2, col), (10, 10), (height - 10, width - 10)):
        rgb = _rgba(image, c, r)[:3]
        assert np.abs(np.subtract(rgb, _expected_rgb(data[r, c], lo, hi))).max() <= 2


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.integers(1, 6)),
        elements=st.floats(allow_nan=True, allow_infinity=True, width=32),
    ),
    st.floats(-1e30, 1e30),
    st.floats(-1e30, 1e30),
)
def test_colour_values_never_fail_and_mark_only_finite_cells(data, lo, hi):
    rgba = colour_values(data, min(lo, hi), max(lo, hi), ramp_lookup("Blues"))
    assert rgba.shape == (*data.shape, 4) and rgba.dtype == np.uint8
    assert np.array_equal(rgba[..., 3] == 255, np.isfinite(data))


@pytest.mark.parametrize("name", ["raster_truncated.tif", "raster_not_a_tiff.tif"])
def test_unreadable_raster_is_a_clear_error(qapp, name):
    with pytest.raises(WijkkaartError, match="geen rasterbestand"):
        colour_raster(HOSTILE / name, "Blues", None, None)


def test_missing_raster_and_unknown_ramp(qapp, tmp_path, grid):
    with pytest.raises(WijkkaartError, match="niet gevonden"):
        colour_raster(tmp_path / "weg.tif", "Blues", None, None)
    left, top, width, height = grid
    path = write_tif(tmp_path / "d.tif", gradient(height, width), left, top)
    odd, _ = colour_raster(path, "GeenRamp", None, None)
    blues, _ = colour_raster(path, "Blues", None, None)
    assert odd == blues


def test_given_limits_are_used_and_swapped_when_reversed(qapp, tmp_path, grid):
    left, top, width, height = grid
    path = write_tif(tmp_path / "d.tif", gradient(height, width), left, top)
    assert raster_range(path, 0.0, 2.0) == (0.0, 2.0)
    assert raster_range(path, 2.0, 0.0) == (0.0, 2.0)
    image, _ = colour_raster(path, "Blues", 0.0, 2.0)
    first, last = ramp_colours("Blues", 9)[0], ramp_colours("Blues", 9)[-1]
    assert _rgba(image, 0, 0)[:3] == QColor(first).getRgb()[:3]
    assert _rgba(image, width - 1, 0)[:3] == QColor(last).getRgb()[:3]


def test_failing_layer_leaves_the_painter_usable(qapp):
    """An exception inside render() restores the painter, so the caller can end it cleanly."""
    image = QImage(50, 50, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        painter.translate(5, 5)
        broken = RenderItem("areas", 1.0, cache=None)  # no geometry: raises inside render
        with pytest.raises(AttributeError):
            render(painter, [broken], Viewport(0, 0, 1.0, 50, 50), QColor("black"))
        assert painter.isActive()
        assert painter.transform() == QTransform.fromTranslate(5, 5)
        assert painter.opacity() == 1.0
    finally:
        painter.end()


def test_raster_in_wgs84_is_warped_onto_the_map(qapp, tmp_path):
    """A raster in another CRS is drawn where it lies in RD New, not at its degree numbers."""
    from rasterio.warp import transform_bounds

    areas = utrecht_areas()
    minx, miny, maxx, maxy = areas.frame.to_crs("EPSG:4326").total_bounds
    cell = 0.002
    width, height = int((maxx - minx) / cell) + 1, int((maxy - miny) / cell) + 1
    data = gradient(height, width)
    data[5, 5] = np.nan
    path = write_tif(tmp_path / "wgs.tif", data, minx, maxy, cell=cell, crs="EPSG:4326")
    image, bounds = colour_raster(path, "Blues", 0.0, 2.0)
    expected = transform_bounds(
        "EPSG:4326", "EPSG:28992", minx, maxy - height * cell, minx + width * cell, maxy
    )
    assert bounds == pytest.approx(expected, abs=300)  # within a warped cell or two
    first, last = (QColor(c).getRgb()[:3] for c in (ramp_colours("Blues", 9)[i] for i in (0, -1)))
    middle = image.height() // 2
    assert np.abs(np.subtract(_rgba(image, 1, middle)[:3], first)).max() <= 12
    assert np.abs(np.subtract(_rgba(image, image.width() - 2, middle)[:3], last)).max() <= 12
