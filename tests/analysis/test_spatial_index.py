"""The one spatial index per area data set (analysis/spatial_index.py), on real CBS buurten: the
Utrecht sample, Zaanstad 2017, Baarn 2024 and Ermelo 2021 (the one with a water buurt).

Every caller gives what it gave with its own per-call index (the code it replaced is kept below
as the reference), the index is built once for all of them, on two threads at once too, goes
with its data and does not grow with data versions. The drawn shapes are circles and boxes
placed on the real buurten (chosen here, not taken from any output)."""

from __future__ import annotations

import dataclasses
import gc
import threading
import weakref

import numpy as np
import pandas as pd
import pytest
import shapely

from wijkkaart.analysis.neighbours import INSIDE as NEXT_TO
from wijkkaart.analysis.neighbours import neighbouring_buurten
from wijkkaart.analysis.profile import FULL, TOUCHING, shares_for_polygon
from wijkkaart.analysis.spatial_index import INDEXES, LIMIT, area_index
from wijkkaart.io.areas import read_areas
from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer
from wijkkaart.timeline import INSIDE, codes_inside
from wijkkaart.workspace import Workspace

# --- the per-call code the shared index replaced (as it was on main at b3a9b28) ---------------


def old_shares(areas: AreaData, polygon: shapely.Geometry, include_water: bool) -> pd.Series:
    frame = areas.statistics_frame(include_water)
    geoms = frame.geometry.to_numpy()
    candidates = shapely.STRtree(geoms).query(polygon, predicate="intersects")
    if not len(candidates):
        return pd.Series(dtype=float)
    chosen = geoms[candidates]
    polygon = shapely.from_wkb(shapely.to_wkb(polygon))
    shapely.prepare(polygon)
    within = shapely.contains(polygon, chosen)
    share = np.ones(len(chosen))
    crossing = ~within
    if crossing.any():
        parts = chosen[crossing]
        inside = shapely.area(shapely.intersection(parts, polygon))
        total = shapely.area(parts)
        with np.errstate(invalid="ignore", divide="ignore"):
            share[crossing] = np.where(total > 0, inside / total, 0.0)
    result = pd.Series(np.clip(share, 0, 1), index=frame.index[candidates])
    result = result[result >= TOUCHING]
    result[result >= FULL] = 1.0
    return result.sort_index()


def old_neighbours(areas: AreaData, polygon: shapely.Geometry, tolerance: float) -> pd.DataFrame:
    frame = areas.statistics_frame()
    geoms = frame.geometry.to_numpy()
    touching = shapely.STRtree(geoms).query(
        shapely.buffer(polygon, tolerance), predicate="intersects"
    )
    rows = []
    for i in touching.tolist():
        geom = geoms[i]
        inside = shapely.area(shapely.intersection(geom, polygon)) / max(shapely.area(geom), 1e-9)
        if inside < NEXT_TO:
            rows.append((frame.index[i], inside))
    chosen = [
        c
        for c in (
            "aantal_inwoners",
            "percentage_koopwoningen",
            "perc_huurwoningen_in_bezit_woningcorporaties",
            "leefbaarometer_score",
        )
        if c in frame
    ]
    result = frame.loc[[code for code, _ in rows], ["naam", *chosen]].copy()
    result.insert(1, "aandeel_binnen", [share for _, share in rows])
    return result.sort_index()


def old_codes_inside(frame, polygon: shapely.Geometry) -> list[str]:
    geoms = frame.geometry.to_numpy()
    hits = shapely.STRtree(geoms).query(polygon, predicate="intersects")
    inside = shapely.area(shapely.intersection(geoms[hits], polygon)) / shapely.area(geoms[hits])
    return sorted(
        str(frame.index[i]) for i, share in zip(hits, inside, strict=True) if share >= INSIDE
    )


def old_area_at(areas: AreaData, x: float, y: float) -> str | None:
    geoms = areas.frame.geometry.to_numpy()
    hits = shapely.STRtree(geoms).query(shapely.Point(x, y), predicate="intersects")
    return str(areas.frame.index[int(min(hits))]) if len(hits) else None


def old_lasso(areas: AreaData, polygon: shapely.Geometry) -> list[str]:
    frame = areas.frame
    candidates = sorted(int(i) for i in shapely.STRtree(frame.geometry.to_numpy()).query(polygon))
    if not candidates:
        return []
    inner = shapely.point_on_surface(frame.geometry.to_numpy()[candidates])
    inside = shapely.contains(polygon, inner)
    return [str(frame.index[i]) for i, hit in zip(candidates, inside, strict=True) if hit]


# --- the data and the shapes --------------------------------------------------------------------


@pytest.fixture(scope="module")
def datasets(request) -> dict[str, AreaData]:
    from wijkkaart.paths import sample_project

    real = request.config.rootpath / "tests" / "data" / "real"
    return {
        "utrecht": MapDocument.open(sample_project()).areas,
        "zaanstad": read_areas(real / "cbs_buurten_2017.geojson"),
        "baarn": read_areas(real / "cbs_buurten_2024.geojson"),
        "ermelo": read_areas(real / "cbs_buurten_2021.gpkg"),
    }


def shapes(areas: AreaData) -> list[shapely.Geometry]:
    """Circles of 300 m to 2.5 km around five buurten's inner points, a box over the middle of
    the gemeente, the union of the first three buurten (its edges on buurt edges) and a shape
    far outside."""
    geoms = areas.frame.geometry.to_numpy()
    picks = np.linspace(0, len(geoms) - 1, 5).astype(int)
    centres = shapely.point_on_surface(geoms[picks])
    out = [shapely.buffer(c, r) for c in centres for r in (300.0, 1000.0, 2500.0)]
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    w, h = maxx - minx, maxy - miny
    out.append(shapely.box(minx + w / 4, miny + h / 4, maxx - w / 3, maxy - h / 3))
    out.append(shapely.union_all(geoms[:3]))
    out.append(shapely.box(0, 0, 100, 100))  # off the Netherlands: nothing
    return out


NAMES = ["utrecht", "zaanstad", "baarn", "ermelo"]


@pytest.fixture(scope="module")
def workspace() -> Workspace:
    """A workspace (of the sample document): identify and lasso take the layer they ask of."""
    from wijkkaart.paths import sample_project

    return Workspace(MapDocument.open(sample_project()))


@pytest.mark.parametrize("name", NAMES)
def test_every_caller_gives_what_its_own_index_gave(datasets, workspace, name):
    areas = datasets[name]
    layer = AreaLayer(name="buurten").attach(areas)
    found = 0
    for polygon in shapes(areas):
        for water in (False, True):
            new = shares_for_polygon(areas, polygon, include_water=water)
            pd.testing.assert_series_equal(new, old_shares(areas, polygon, water))
        pd.testing.assert_frame_equal(
            neighbouring_buurten(areas, polygon, tolerance=1.0), old_neighbours(areas, polygon, 1.0)
        )
        inside = codes_inside(areas, polygon)
        assert inside == old_codes_inside(areas.statistics_frame(), polygon)
        assert workspace.codes_inside(layer, polygon) == old_lasso(areas, polygon)
        found += len(inside)
    assert found > 0  # the shapes do cover buurten
    for point in shapely.point_on_surface(areas.frame.geometry.to_numpy())[:40]:
        x, y = point.x, point.y
        code = workspace.area_at(layer, x, y)
        assert code == old_area_at(areas, x, y) and code is not None


def test_water_is_in_the_map_index_and_out_of_the_statistics_one(datasets, workspace):
    ermelo = datasets["ermelo"]
    water = ermelo.frame.index[ermelo.water.to_numpy()]
    assert list(water) == ["BU02339997"]
    assert "BU02339997" in set(area_index(ermelo, include_water=True).codes)
    assert "BU02339997" not in set(area_index(ermelo).codes)
    assert list(area_index(ermelo).codes) == list(ermelo.statistics_frame().index)
    layer = AreaLayer(name="buurten").attach(ermelo)
    inner = ermelo.frame.geometry["BU02339997"].point_on_surface()
    assert workspace.area_at(layer, inner.x, inner.y) == "BU02339997"


def test_one_build_for_the_profile_the_neighbours_and_the_trend(datasets, workspace):
    areas = dataclasses.replace(datasets["zaanstad"])  # a new data version, same figures
    polygon = shapes(areas)[2]
    before = INDEXES.builds
    shares_for_polygon(areas, polygon)
    neighbouring_buurten(areas, polygon)
    codes_inside(areas, polygon)
    shares_for_polygon(areas, shapes(areas)[5])
    assert INDEXES.builds == before + 1
    layer = AreaLayer(name="buurten").attach(areas)
    for _ in range(3):  # identify and lasso: the map's index (water included), once
        workspace.codes_inside(layer, polygon)
        workspace.area_at(layer, polygon.centroid.x, polygon.centroid.y)
    assert INDEXES.builds == before + 2
    shares_for_polygon(areas, polygon, include_water=True)  # water included: the map's index
    assert INDEXES.builds == before + 2


def test_two_threads_asking_at_once_get_one_index(datasets):
    areas = dataclasses.replace(datasets["utrecht"])
    polygon = shapes(areas)[7]
    expected = old_shares(areas, polygon, False)
    start = threading.Barrier(6)
    got: list[object] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            start.wait()
            got.append(area_index(areas))
            pd.testing.assert_series_equal(shares_for_polygon(areas, polygon), expected)
            neighbouring_buurten(areas, polygon)
        except BaseException as error:  # kept, said below (a thread cannot fail the test)
            errors.append(error)

    before = INDEXES.builds
    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert INDEXES.builds == before + 1
    assert all(index is got[0] for index in got)


def test_shared_shapes_are_never_prepared_nor_writable(datasets):
    areas = dataclasses.replace(datasets["baarn"])
    for polygon in shapes(areas):
        shares_for_polygon(areas, polygon)
        neighbouring_buurten(areas, polygon)
        codes_inside(areas, polygon)
        assert not shapely.is_prepared(polygon)  # the caller's area: not prepared either
    index = area_index(areas)
    assert not shapely.is_prepared(index.geoms).any()
    assert not shapely.is_prepared(areas.frame.geometry.to_numpy()).any()
    assert not index.geoms.flags.writeable
    assert areas.frame.geometry.to_numpy().flags.writeable  # the frame's own array is not frozen


def test_the_index_goes_with_its_data(datasets):
    areas = dataclasses.replace(datasets["baarn"])
    index = area_index(areas)
    tree = weakref.ref(index.tree)
    data = weakref.ref(areas)
    size = len(INDEXES)
    del areas, index
    gc.collect()
    assert data() is None  # the cache does not keep the data alive
    assert tree() is None  # and its tree went with it
    assert len(INDEXES) <= size - 1  # its entry went too


def test_twenty_data_versions_do_not_grow_the_cache(datasets):
    base = datasets["zaanstad"]
    polygon = shapes(base)[4]
    kept = []  # held, as the undo stack holds earlier data
    sizes = []
    for _ in range(20):
        version = dataclasses.replace(base)
        kept.append(version)
        assert codes_inside(version, polygon) == old_codes_inside(base.statistics_frame(), polygon)
        sizes.append(len(INDEXES))
    assert max(sizes) <= LIMIT
    assert area_index(kept[-1]) is area_index(kept[-1])  # the latest is still kept


def test_a_frame_swapped_in_place_is_indexed_anew(datasets):
    """Data are never mutated in place; should a frame be swapped anyway, its index is new."""
    areas = dataclasses.replace(datasets["zaanstad"])
    first = area_index(areas)
    areas.frame = areas.frame.iloc[:10]
    second = area_index(areas)
    assert second is not first and len(second.codes) == 10
