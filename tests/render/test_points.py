"""Point layers drawn where they are, with symbol, halo, labels, legend, print and HTML map."""

from __future__ import annotations

import json
import shutil
import subprocess

import geopandas as gpd
import numpy as np
import pytest
import shapely
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QImage, QPainter

from wijkkaart.io.points import read_points
from wijkkaart.layers.model import OutlineLayer, PointLayer
from wijkkaart.render.legend import legend_blocks, paint_legend
from wijkkaart.render.renderer import (
    GeometryStore,
    _draw_point_labels,
    render_image,
    snapshot,
)
from wijkkaart.render.viewport import Viewport

PURPLE = QColor("#7b3294")
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils")


@pytest.fixture
def bag(real):
    return read_points(real / "bag_verblijfsobjecten_sample.csv")


@pytest.fixture
def document(real, tmp_path, qapp):
    """A real Appingedam project: its 6 buurten and the 100 BAG objects as a point layer."""
    from wijkkaart.layers.document import MapDocument

    folder = tmp_path / "appingedam"
    folder.mkdir()
    for name in ("buurten_2020_generalised.geojson", "bag_verblijfsobjecten_sample.csv"):
        shutil.copy(real / name, folder / name)
    project = folder / "appingedam.wijkkaart"
    areas = {"path": "buurten_2020_generalised.geojson"}
    project.write_text(json.dumps({"schema_version": 3, "name": "Appingedam", "areas": areas}))
    document = MapDocument.open(project)
    read = read_points(folder / "bag_verblijfsobjecten_sample.csv")
    document.layers.append(
        OutlineLayer(name="Buurtgrenzen", colour="#444444", width=1.0).attach(document.areas.frame)
    )
    source = {"path": "bag_verblijfsobjecten_sample.csv", "attribution": "BAG (Kadaster)"}
    layer = PointLayer(
        name="BAG-verblijfsobjecten", label_field=read.label_field, source=source
    ).attach(read.frame)
    document.layers.append(layer)
    return document


def colour_at(image: QImage, x: float, y: float) -> QColor:
    return QColor(image.pixel(round(x), round(y)))


def close(a: QColor, b: QColor, tolerance: int = 8) -> bool:
    return all(abs(p - q) <= tolerance for p, q in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def lone_point(frame: gpd.GeoDataFrame) -> int:
    """The BAG object farthest from all others (Westersingel 70 and the like)."""
    xy = shapely.get_coordinates(frame.geometry.to_numpy())
    d = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(d, np.inf)
    return int(d.min(axis=1).argmax())


def test_point_colour_at_its_projected_pixel_with_white_halo(qapp, bag):
    layer = PointLayer(name="BAG").attach(bag.frame)
    viewport = Viewport.fit(bag.frame.total_bounds, 800, 500)
    image = render_image(snapshot([layer], GeometryStore()), viewport, QColor("#cccccc"))
    for i in range(len(bag.frame)):  # every point's pixel shows the layer colour
        x, y = viewport.to_pixel(bag.frame.geometry.iloc[i].x, bag.frame.geometry.iloc[i].y)
        assert close(colour_at(image, x, y), PURPLE), i
    i = lone_point(bag.frame)
    x, y = viewport.to_pixel(bag.frame.geometry.iloc[i].x, bag.frame.geometry.iloc[i].y)
    size = 2.2 * 96 / 25.4  # 8.3 px on a 96 dpi screen
    ring = [colour_at(image, x + size / 2 + d, y).lightness() for d in (0.5, 1.0, 1.5)]
    assert max(ring) > 240  # just outside the symbol: the white halo
    assert colour_at(image, x + size + 6, y).name() == "#cccccc"  # beyond it: the map


def test_points_are_drawn_over_fills_and_boundaries(qapp, bag, real):
    buurten = gpd.read_file(real / "buurten_2020_generalised.geojson")
    point = PointLayer(name="BAG").attach(bag.frame)
    border = OutlineLayer(name="grens", colour="#00ff00", width=12).attach(buurten)
    viewport = Viewport.fit(buurten.total_bounds, 800, 600)
    image = render_image(
        snapshot([point, border], GeometryStore()), viewport
    )  # points listed first
    hit = 0
    for geom in bag.frame.geometry:
        x, y = viewport.to_pixel(geom.x, geom.y)
        hit += close(colour_at(image, x, y), PURPLE)
    assert hit == len(bag.frame)  # none hidden under the thick boundary


def test_symbols_differ_and_scale_with_the_device(qapp):
    frame = gpd.GeoDataFrame(geometry=[shapely.Point(1000, 1000)], crs="EPSG:28992")
    viewport = Viewport(1000, 1000, 1.0, 101, 101)

    def draw(symbol: str, ratio: float = 1.0) -> QImage:
        from wijkkaart.render.renderer import render

        image = QImage(101, 101, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor("#cccccc"))
        layer = PointLayer(name="p", symbol=symbol, size_mm=5.0).attach(frame)
        painter = QPainter(image)
        render(painter, snapshot([layer], GeometryStore()), viewport, pixel_ratio=ratio)
        painter.end()
        return image

    def width(image: QImage) -> int:
        return sum(close(colour_at(image, x, 50), PURPLE, 30) for x in range(101))

    circle, square, triangle = draw("circle"), draw("square"), draw("triangle")
    corner = (50 + 7.5, 50 + 7.5)  # inside the square's corner, outside the circle
    assert close(colour_at(square, *corner), PURPLE) and not close(
        colour_at(circle, *corner), PURPLE
    )
    assert close(colour_at(triangle, 50 + 6, 55), PURPLE)  # wide base
    assert not close(colour_at(triangle, 42, 44), PURPLE)  # narrow top
    assert abs(width(circle) - 5 * 96 / 25.4) <= 2  # 5 mm at 96 dpi: about 19 px
    assert abs(width(draw("circle", 2.0)) - 2 * width(circle)) <= 3  # print: twice the pixels


def test_many_points_are_stamped_in_the_same_place(qapp):
    rng = np.random.default_rng(7)
    n = 100_000
    xy = np.c_[rng.uniform(120_000, 140_000, n), rng.uniform(480_000, 495_000, n)]
    frame = gpd.GeoDataFrame(
        {"naam": [f"punt {i}" for i in range(n)]}, geometry=shapely.points(xy), crs="EPSG:28992"
    )
    layer = PointLayer(name="veel", colour="#1b9e77", label_field="naam").attach(frame)
    viewport = Viewport.fit(frame.total_bounds, 1400, 1000)
    store = GeometryStore()
    image = render_image(snapshot([layer], store), viewport)  # speed: bench/bench_points.py
    green = QColor("#1b9e77")
    for x, y in xy[:200]:
        assert close(colour_at(image, *viewport.to_pixel(x, y)), green, 12)
    # the stamped and the vector path agree for a sparse subset of the same points
    few = PointLayer(name="weinig", colour="#1b9e77").attach(frame.iloc[:500])
    vector = render_image(snapshot([few], GeometryStore()), viewport)
    for x, y in xy[:50]:
        assert close(colour_at(vector, *viewport.to_pixel(x, y)), green, 12)


def test_labels_beside_points_never_overlap(qapp, bag):
    layer = PointLayer(name="BAG", label_field=bag.label_field).attach(bag.frame)
    viewport = Viewport.fit(bag.frame.total_bounds, 900, 600)
    item = snapshot([layer], GeometryStore())[0]
    image = QImage(900, 600, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    placed = []
    _draw_point_labels(painter, item, viewport, placed)
    painter.end()
    assert 5 <= len(placed) < len(bag.frame)  # a dense centre: some labels give way
    for i, a in enumerate(placed):
        assert a.left() >= -2 and a.right() <= 900 + 2 and a.top() >= -1 and a.bottom() <= 601
        assert not any(a.intersects(b) for b in placed[i + 1 :])
    dark = sum(
        QColor(image.pixel(int(r.center().x()), y)).lightness() < 100
        for r in placed
        for y in range(int(r.top()), int(r.bottom()))
    )
    assert dark > 0  # text was painted in the label boxes


def test_legend_lists_the_layer_with_its_symbol(qapp, bag):
    layer = PointLayer(name="Ontmoetingsplekken", colour="#d95f02", symbol="triangle")
    layer.attach(bag.frame)
    blocks = legend_blocks([layer])
    assert [b.title for b in blocks] == ["Ontmoetingsplekken"]
    assert blocks[0].symbol == "triangle" and blocks[0].entries[0].label == "100 punten"
    image = QImage(300, 120, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    paint_legend(painter, QPointF(5, 5), blocks, 290)
    painter.end()
    orange = QColor("#d95f02")
    assert any(close(colour_at(image, x, y), orange) for x in range(40) for y in range(120))
    layer.visible = False
    assert legend_blocks([layer]) == []


@needs_poppler
def test_print_shows_points_and_lists_them(document, tmp_path):
    from wijkkaart.export.layout import PageOptions
    from wijkkaart.export.printing import export_map

    out = export_map(document, tmp_path / "kaart.pdf", PageOptions(title="Appingedam"), dpi=150)
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BAG-verblijfsobjecten" in text and "100 punten" in text
    assert "BAG (Kadaster)" in text  # in the legend and the sources line
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-singlefile", str(out), str(tmp_path / "kaart")],
        check=True,
    )
    page = QImage(str(tmp_path / "kaart.png"))
    purple = sum(
        close(QColor(page.pixel(x, y)), PURPLE, 20)
        for x in range(0, page.width(), 2)
        for y in range(0, page.height(), 2)
    )
    assert purple > 20  # the symbols on the map (and the one in the legend)


HOSTILE = '<img src=x onerror="window.__pwned=1"></script>{{ 7*7 }}'


def test_html_map_has_points_with_text_labels(document, tmp_path):
    from tests.export.test_web_security import blob
    from wijkkaart.export.web import export_html

    layer = document.layers[-1]
    layer.frame.loc[0, layer.label_field] = HOSTILE
    page = export_html(document, tmp_path / "kaart.html").read_text(encoding="utf-8")
    assert "<img" not in page
    spec = next(x for x in blob(page)["layers"] if x["kind"] == "points")
    assert spec["name"] == "BAG-verblijfsobjecten" and len(spec["points"]) == 100
    assert spec["labels"][0] == HOSTILE
    lat, lng = spec["points"][0]
    assert (lat, lng) == pytest.approx((53.321191, 6.854402), abs=2e-6)  # the BAG lon/lat


def test_html_tooltip_in_chromium(document, tmp_path):
    from tests.export.test_web_security import CHROMIUM, FLAGS
    from wijkkaart.export.web import export_html

    playwright = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium ontbreekt")
    layer = document.layers[-1]
    i = lone_point(layer.frame)
    layer.frame.loc[i, layer.label_field] = HOSTILE
    point = layer.frame.to_crs("EPSG:4326").geometry.iloc[i]
    out = export_html(document, tmp_path / "kaart.html")
    errors: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(out.as_uri())
        page.wait_for_function("window.wijkkaart !== undefined", timeout=15_000)
        x, y = page.evaluate(
            "([lat, lng]) => { const p = wijkkaart.map.latLngToContainerPoint([lat, lng]);"
            " return [p.x, p.y]; }",
            [point.y, point.x],
        )
        page.mouse.move(x, y)
        page.wait_for_selector(".leaflet-tooltip", timeout=5_000)
        tooltip = page.text_content(".leaflet-tooltip")
        markup = page.evaluate(
            "() => [...document.querySelectorAll('.leaflet-tooltip *')].map(n => n.tagName)"
        )
        pwned = page.evaluate("() => typeof window.__pwned")
        legend = page.text_content("#wijkkaart-legend")
        markers = page.evaluate(
            "() => document.querySelectorAll('path.leaflet-interactive').length"
        )
        shot = tmp_path / "kaart.png"
        page.screenshot(path=str(shot))
        browser.close()
    assert errors == [] and pwned == "undefined"
    assert tooltip == HOSTILE and set(markup) <= {"DIV"}
    assert "BAG-verblijfsobjecten" in legend and "100 punten" in legend
    assert markers >= 100
    assert close(QColor(QImage(str(shot)).pixel(round(x), round(y))), PURPLE, 20)
