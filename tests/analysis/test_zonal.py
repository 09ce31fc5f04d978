"""Area-weighted zonal statistics, checked against shapely cell by cell and against exactextract.

The buurten are real (the Utrecht sample); the 200 m raster is synthetic test data, the 50 m one
is the sample raster resources/sample/voorbeeld_waterdiepte.tif.
"""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
import shapely
from affine import Affine
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.rasters import SAMPLE, gradient, utrecht_areas, utrecht_grid, write_tif
from wijkkaart.analysis.zonal import (
    cell_coverage,
    weighted_statistics,
    zonal_for_polygon,
    zonal_statistics,
)
from wijkkaart.messages import WijkkaartError

DEPTH = SAMPLE / "voorbeeld_waterdiepte.tif"
CODE = "BU03440133"  # a real buurt of the Utrecht sample


@pytest.fixture(scope="module")
def areas():
    return utrecht_areas()


def _shapely_coverage(geom, transform, shape) -> np.ndarray:
    """Covered fraction of every cell, one intersection per cell: slow, plain, independent."""
    height, width = shape
    rows, cols = np.mgrid[0:height, 0:width]
    corners = [transform @ (cols + dc, rows + dr) for dc, dr in ((0, 0), (1, 0), (1, 1), (0, 1))]
    xs = np.stack([c[0] for c in corners], axis=-1).reshape(-1, 4)
    ys = np.stack([c[1] for c in corners], axis=-1).reshape(-1, 4)
    cells = shapely.polygons(np.stack([xs, ys], axis=-1))
    return shapely.area(shapely.intersection(cells, geom)) / shapely.area(cells)


def _ours_as_grid(geom, transform, shape) -> np.ndarray:
    _, cells, weights = cell_coverage(np.array([geom], dtype=object), transform, shape)
    grid = np.zeros(shape[0] * shape[1])
    np.add.at(grid, cells, weights)
    return grid


polygon = st.builds(
    lambda pts, hole: _polygon(pts, hole),
    st.lists(st.tuples(st.floats(-3, 15), st.floats(-3, 12)), min_size=3, max_size=12),
    st.booleans(),
)


def _polygon(points, hole):
    geom = shapely.convex_hull(shapely.multipoints(points)).buffer(0.3, quad_segs=3)
    if hole and geom.area > 4:
        geom = geom.difference(shapely.centroid(geom).buffer(0.6, quad_segs=2))
    return geom


offset = st.floats(-1, 1, allow_subnormal=False).map(lambda v: 0.0 if abs(v) < 1e-12 else v)


@settings(max_examples=60, deadline=None)
@given(
    polygon,
    st.floats(0.3, 2.0),
    # no offsets within 1e-12 of 0 (subnormal or near-underflow, e.g. 5e-308): GEOS (the
    # reference) then misjudges a corner cell by up to 0.007, while ours equals its value at 0
    offset,
    offset,
    st.booleans(),
)
def test_cell_fractions_equal_shapely_intersections(geom, size, dx, dy, north_up):
    """Any polygon (with a hole, partly outside the grid), any cell size and offset."""
    shape = (9, 13)
    if north_up:
        transform = Affine(size, 0, dx, 0, -size, 10 + dy)
    else:  # rows run north (positive e): the orientation flips, the fractions must not
        transform = Affine(size, 0, dx, 0, size, dy)
    expected = _shapely_coverage(geom, transform, shape)
    np.testing.assert_allclose(_ours_as_grid(geom, transform, shape), expected, atol=1e-9)


def test_real_buurt_fractions_and_area(areas):
    geom = areas.frame.geometry[CODE]
    minx, _, _, maxy = geom.bounds
    transform = Affine(37.0, 0, minx - 50, 0, -37.0, maxy + 50)
    shape = (int((maxy - geom.bounds[1]) / 37) + 4, int((geom.bounds[2] - minx) / 37) + 4)
    ours = _ours_as_grid(geom, transform, shape)
    np.testing.assert_allclose(ours, _shapely_coverage(geom, transform, shape), atol=1e-9)
    assert ours.sum() * 37.0**2 == pytest.approx(geom.area, rel=1e-9)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-5, 5, allow_nan=False), min_size=1, max_size=40))
def test_weighted_p90_with_equal_weights_is_numpy_percentile(values):
    x = np.array(values)
    labels = np.ones(len(x), dtype=np.int32)
    for w in (1.0, 0.37):
        stats = weighted_statistics(labels, x, np.full(len(x), w), 1, threshold=0.5)
        assert stats["p90"][1] == pytest.approx(np.percentile(x, 90), abs=1e-5)
        assert stats["max"][1] == pytest.approx(x.max(), abs=1e-6)
        assert stats["mean"][1] == pytest.approx(x.mean(), abs=1e-9)
        assert stats["above"][1] == pytest.approx((x > 0.5).mean() * 100)


def test_weighted_p90_follows_its_definition():
    """x = 0, 1, 2, 3 with weights 1, 1, 1, 0.5: positions (S_i - w_i) / (W - w_n)."""
    stats = weighted_statistics(
        np.ones(4, dtype=np.int32), np.array([2.0, 0.0, 3.0, 1.0]), np.array([1, 1, 0.5, 1]), 1
    )
    # positions 0, 1/3, 2/3, 1 -> 0.9 lies 0.7 of the way from 2 to 3
    assert stats["p90"][1] == pytest.approx(2.7)
    assert stats["mean"][1] == pytest.approx((0 + 1 + 2 + 1.5) / 3.5)


def _raster_200(areas, tmp_path):
    left, top, width, height = utrecht_grid(areas, 200.0)
    rng = np.random.default_rng(5)
    data = rng.uniform(0, 2, (height, width))
    data[rng.uniform(size=data.shape) < 0.3] = -9999.0  # "dry"
    return write_tif(tmp_path / "r200.tif", data, left, top, 200.0)


def _exactextract(path, areas, zero, tmp_path, threshold=0.5):
    """exactextract's coverage-weighted mean of the values and of a 0/1 'above' raster."""
    exactextract = pytest.importorskip("exactextract")
    with rasterio.open(path) as src:
        profile, data = src.profile, src.read(1).astype(float)
    profile.update(dtype="float64")
    if zero:
        data = np.where(data == profile["nodata"], 0.0, data)
    above = np.where(data == profile["nodata"], profile["nodata"], (data > threshold) * 1.0)
    frame = areas.frame[["geometry"]].reset_index()
    out = {}
    for name, grid in (("mean", data), ("above", above)):
        tif = tmp_path / f"ee_{name}_{zero}.tif"
        with rasterio.open(tif, "w", **profile) as dst:
            dst.write(grid, 1)
        got = exactextract.exact_extract(
            str(tif), frame, ["mean"], include_cols=["code"], output="pandas"
        )
        out[name] = got.set_index("code")["mean"].reindex(areas.frame.index)
    return out["mean"], out["above"] * 100


@pytest.mark.parametrize("which", ["synthetic_200m", "sample_50m"])
@pytest.mark.parametrize("zero", [True, False])
def test_agrees_with_exactextract_on_utrecht(areas, tmp_path, which, zero):
    path = _raster_200(areas, tmp_path) if which == "synthetic_200m" else DEPTH
    mean, above = _exactextract(path, areas, zero, tmp_path)
    got = zonal_statistics(path, areas, "w", nodata_is_zero=zero, threshold=0.5).values
    both = mean.notna()
    assert both.sum() > 100
    rel = (got["w_gemiddeld"][both] / mean[both] - 1).abs()
    share = (got["w_aandeel_boven_drempel"][both] - above[both]).abs()
    assert rel.max() < 0.01  # target: within 1 % relative
    assert share.max() < 1.0  # target: within 1 percentage point
    assert rel.max() < 1e-6 and share.max() < 1e-6  # measured: equal up to rounding
    if which == "synthetic_200m":  # cell centres were far off here
        centre = zonal_statistics(
            path, areas, "w", nodata_is_zero=zero, threshold=0.5, weighting="centre"
        ).values
        assert (centre["w_aandeel_boven_drempel"][both] - above[both]).abs().max() > 5


def _reference(areas, path, code, zero):
    """The documented rule with shapely coverages: NaN nodata, inf out, -9999 as 0 or out."""
    with rasterio.open(path) as src:
        data, transform, nodata = src.read(1).astype(float), src.transform, src.nodata
    cover = _shapely_coverage(areas.frame.geometry[code], transform, data.shape)
    x = data.ravel()
    fill = np.isnan(x) | ((x == nodata) if nodata is not None else False)
    if zero:
        x = np.where(fill, 0.0, x)
        keep = ~np.isinf(x) & (cover > 1e-9)
    else:
        keep = ~fill & ~np.isinf(x) & (cover > 1e-9)
    return x[keep], cover[keep]


hostile = st.sampled_from([np.nan, np.inf, -np.inf, -9999.0, 0.0, 0.3, 0.5, 1.7])


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 10**6), hostile), min_size=1, max_size=40),
    st.booleans(),
    st.sampled_from([-9999.0, float("nan"), None]),
)
def test_nodata_rules_hold_area_weighted(areas, tmp_path_factory, edits, zero, nodata):
    """The NaN / inf / nodata rules of earlier today, now with weights, for any mix of cells."""
    tmp = tmp_path_factory.mktemp("mix")
    left, top, width, height = utrecht_grid(areas)
    data = gradient(height, width)
    geom = areas.frame.geometry[CODE]
    near = np.argwhere(
        _shapely_coverage(
            geom, rasterio.transform.from_origin(left, top, 100.0, 100.0), (height, width)
        ).reshape(height, width)
        > 0
    )
    for index, value in edits:
        r, c = near[index % len(near)]
        data[r, c] = value
    path = write_tif(tmp / "mix.tif", data, left, top, nodata=nodata)
    got = zonal_statistics(path, areas, "d", nodata_is_zero=zero, threshold=0.5).values.loc[CODE]
    x, w = _reference(areas, path, CODE, zero)
    if w.sum() == 0:
        assert np.isnan(got["d_gemiddeld"])
        return
    assert got["d_gemiddeld"] == pytest.approx(np.sum(w * x) / w.sum())
    assert got["d_max"] == pytest.approx(x.max())
    assert got["d_aandeel_boven_drempel"] == pytest.approx(np.sum(w * (x > 0.5)) / w.sum() * 100)
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    pos = (np.cumsum(ws) - ws) / (ws.sum() - ws[-1]) if ws.sum() > ws[-1] else np.ones(1)
    expected_p90 = np.interp(0.9, pos, xs) if len(xs) > 1 else xs[0]
    assert got["d_p90"] == pytest.approx(expected_p90, abs=1e-6)


def test_centre_weighting_keeps_the_former_numbers(areas):
    """weighting='centre' reproduces the figures pinned before (tests/io/test_raster_nonfinite)."""
    for zero, mean, share in ((True, 0.3108, 26.9076), (False, 0.5835, 50.5184)):
        got = zonal_statistics(
            DEPTH, areas, "w", nodata_is_zero=zero, threshold=0.5, weighting="centre"
        ).values.loc[CODE]
        assert got["w_gemiddeld"] == pytest.approx(mean, abs=1e-4)
        assert got["w_aandeel_boven_drempel"] == pytest.approx(share, abs=1e-4)


def test_drawn_area_gets_max_and_p90_from_the_raster(areas):
    """A drawn polygon equal to a buurt gets that buurt's values, and 100 % coverage."""
    per_buurt = zonal_statistics(DEPTH, areas, "w", nodata_is_zero=True, threshold=0.5).values
    geom = areas.frame.geometry[CODE]
    got = zonal_for_polygon(DEPTH, geom, crs=areas.frame.crs, nodata_is_zero=True, threshold=0.5)
    row = per_buurt.loc[CODE]
    assert got["mean"] == pytest.approx(row["w_gemiddeld"])
    assert got["max"] == pytest.approx(row["w_max"])
    assert got["p90"] == pytest.approx(row["w_p90"])
    assert got["share_above"] == pytest.approx(row["w_aandeel_boven_drempel"])
    assert got["coverage"] == pytest.approx(1.0)
    # half of it outside the raster: the coverage says so
    with rasterio.open(DEPTH) as src:
        b = src.bounds
    half = shapely.box(b.left - (b.right - b.left), b.bottom, (b.left + b.right) / 2, b.top)
    outside = zonal_for_polygon(DEPTH, half)
    assert 0.2 < outside["coverage"] < 0.3
    with pytest.raises(WijkkaartError, match="getekende gebied is leeg"):
        zonal_for_polygon(DEPTH, shapely.Polygon())


def test_area_profile_reads_flood_max_and_p90_from_the_raster():
    """Drawn over two real buurten: max and p90 were 'geen gegevens'; now the raster's values."""
    from wijkkaart.analysis.profile import profile, shares_for_polygon
    from wijkkaart.paths import sample_project
    from wijkkaart.project import build_areas, load_project

    project = load_project(sample_project())
    areas = build_areas(project)
    polygon = shapely.union(areas.frame.geometry[CODE], areas.frame.geometry["BU03440311"]).buffer(
        -5
    )
    shares = shares_for_polygon(areas, polygon)
    columns = ["waterdiepte_max", "waterdiepte_p90", "waterdiepte_gemiddeld"]
    before = profile(areas, shares, columns)
    assert np.isnan(before.indicators["waterdiepte_max"].value.value)
    rasters = [{**e, "path": project.resolve(e["path"])} for e in project.data["rasters"]]
    after = profile(areas, shares, columns, polygon=polygon, rasters=rasters)
    direct = zonal_for_polygon(
        project.resolve("voorbeeld_waterdiepte.tif"), polygon, nodata_is_zero=True, threshold=0.5
    )
    for key, column in (("max", "waterdiepte_max"), ("p90", "waterdiepte_p90")):
        item = after.indicators[column].value
        assert item.value == pytest.approx(direct[key]) and np.isfinite(item.value)
        assert item.coverage == pytest.approx(1.0)
    # the max of the drawn area is the larger of the two buurten' maxima (it lies within both)
    per_buurt = zonal_statistics(
        project.resolve("voorbeeld_waterdiepte.tif"), areas, "w", nodata_is_zero=True
    ).values
    assert direct["max"] <= per_buurt.loc[[CODE, "BU03440311"], "w_max"].max() + 1e-9
    # the mean is still the area-weighted aggregation of the buurten, unchanged by the hook
    assert after.indicators["waterdiepte_gemiddeld"].value.value == pytest.approx(
        before.indicators["waterdiepte_gemiddeld"].value.value
    )


def test_a_near_underflow_offset_gives_the_fractions_of_no_offset():
    """Hypothesis found GEOS off by 0.007 in a corner cell at an offset of 5e-308; ours is
    continuous there: the fractions equal those without an offset and those of 1e-12."""
    geom = _polygon([(0.0, 0.0), (0.0, 1.0), (1.0, 0.0)], False)
    grids = [_ours_as_grid(geom, Affine(1.0, 0, dx, 0, 1.0, 0.0), (9, 13)) for dx in (0.0, 5e-308)]
    np.testing.assert_allclose(grids[0], grids[1], atol=1e-12)
    at_zero = _shapely_coverage(geom, Affine(1.0, 0, 0.0, 0, 1.0, 0.0), (9, 13))
    np.testing.assert_allclose(grids[1], at_zero, atol=1e-9)
