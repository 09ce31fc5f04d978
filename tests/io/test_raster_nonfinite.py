"""Zonal statistics with NaN, +/-inf and all-nodata rasters: same rules in both nodata modes.

These pin figures written out for whole cells (weighting="centre"); the same rules with exact area
weighting are checked against a shapely reference in tests/analysis/test_zonal.py.
"""

from __future__ import annotations

import numpy as np
import pytest
import rasterio
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasterio.features import geometry_mask

from tests.rasters import SAMPLE, gradient, utrecht_areas, utrecht_grid, write_tif
from wijkkaart.analysis.zonal import add_raster_statistics, zonal_statistics

CODES = ("BU03440133", "BU03440311", "BU03440111")  # real buurten of the Utrecht sample


@pytest.fixture(scope="module")
def areas():
    return utrecht_areas()


@pytest.fixture(scope="module")
def masks(areas):
    left, top, width, height = utrecht_grid(areas)
    transform = rasterio.transform.from_origin(left, top, 100.0, 100.0)
    return {
        code: ~geometry_mask([areas.frame.at[code, "geometry"]], (height, width), transform)
        for code in CODES
    }


def _reference(values: np.ndarray, nodata: float | None, zero: bool) -> np.ndarray:
    """The documented rule, written out plainly: NaN is nodata, inf is never a measurement."""
    fill = np.isnan(values)
    if nodata is not None:
        fill |= values == nodata
    if zero:
        values = np.where(fill, 0.0, values)
        keep = ~np.isinf(values)
    else:
        keep = ~fill & ~np.isinf(values)
    return values[keep]


def test_sample_depth_is_the_same_with_nan_as_nodata(areas, tmp_path):
    """The sample raster with -9999 rewritten as declared NaN nodata: identical numbers.

    Before the fix, BU03440133 went from 0.31 to 0.58 m and 26.9 % to 50.5 % above 0.5 m.
    """
    source = SAMPLE / "voorbeeld_waterdiepte.tif"
    with rasterio.open(source) as src:
        profile, data = src.profile, src.read(1)
    profile["nodata"] = float("nan")
    nan_path = tmp_path / "nan_nodata.tif"
    with rasterio.open(nan_path, "w", **profile) as dst:
        dst.write(np.where(data == -9999, np.nan, data).astype("float32"), 1)
    undeclared = tmp_path / "nan_undeclared.tif"
    profile["nodata"] = None
    with rasterio.open(undeclared, "w", **profile) as dst:
        dst.write(np.where(data == -9999, np.nan, data).astype("float32"), 1)
    for zero, mean, share in ((True, 0.3108, 26.9076), (False, 0.5835, 50.5184)):
        results = [
            zonal_statistics(
                p, areas, "w", nodata_is_zero=zero, threshold=0.5, weighting="centre"
            ).values
            for p in (source, nan_path, undeclared)
        ]
        assert results[0].at["BU03440133", "w_gemiddeld"] == pytest.approx(mean, abs=1e-4)
        assert results[0].at["BU03440133", "w_aandeel_boven_drempel"] == pytest.approx(
            share, abs=1e-4
        )
        for other in results[1:]:
            np.testing.assert_allclose(other.to_numpy(), results[0].to_numpy(), equal_nan=True)


@pytest.mark.parametrize("nodata", [-9999.0, float("nan"), None])
def test_all_nodata_gives_no_values_not_zero_or_crash(areas, tmp_path, nodata):
    left, top, width, height = utrecht_grid(areas)
    fill = np.nan if nodata is None or np.isnan(nodata) else nodata
    path = write_tif(
        tmp_path / "leeg.tif", np.full((height, width), fill), left, top, nodata=nodata
    )
    skipped = zonal_statistics(path, areas, "d", threshold=0.5)
    assert skipped.values.isna().all().all()
    assert skipped.reasons.eq("no_data").all().all()
    dry = zonal_statistics(path, areas, "d", nodata_is_zero=True, threshold=0.5).values
    assert (dry["d_gemiddeld"] == 0).all() and (dry["d_aandeel_boven_drempel"] == 0).all()


def test_infinite_cells_are_left_out_and_reported(areas, tmp_path, masks):
    left, top, width, height = utrecht_grid(areas)
    data = gradient(height, width)
    inside = np.argwhere(masks["BU03440133"])
    (r0, c0), (r1, c1) = inside[0], inside[-1]
    data[r0, c0], data[r1, c1] = np.inf, -np.inf
    path = write_tif(tmp_path / "inf.tif", data, left, top)
    result = add_raster_statistics(areas, path, "d", threshold=1.0, weighting="centre")
    values = data[masks["BU03440133"]]
    finite = values[np.isfinite(values)]
    row = result.frame.loc["BU03440133"]
    assert row["d_gemiddeld"] == pytest.approx(finite.mean())
    assert row["d_max"] == pytest.approx(finite.max())
    assert np.isfinite(result.frame["d_gemiddeld"]).all()
    assert any("oneindige waarde" in w and "2 rastercel" in w for w in result.warnings)


cell = st.sampled_from([np.nan, np.inf, -np.inf, -9999.0, 0.0, 0.3, 0.5, 1.7])


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.tuples(st.integers(0, 10**6), cell), min_size=1, max_size=60),
    st.booleans(),
    st.sampled_from([-9999.0, float("nan"), None]),
)
def test_statistics_follow_the_rule_for_any_mix(areas, masks, tmp_path, edits, zero, nodata):
    left, top, width, height = utrecht_grid(areas)
    data = gradient(height, width)
    cells = np.argwhere(np.logical_or.reduce(list(masks.values())))
    for index, value in edits:  # hostile values inside the buurten that are checked
        r, c = cells[index % len(cells)]
        data[r, c] = value
    path = write_tif(tmp_path / "mix.tif", data, left, top, nodata=nodata)
    result = zonal_statistics(
        path, areas, "d", nodata=None, nodata_is_zero=zero, threshold=0.5, weighting="centre"
    )
    declared = None if nodata is None or np.isnan(nodata) else nodata
    for code, mask in masks.items():
        expected = _reference(data[mask].astype("float32").astype(float), declared, zero)
        got = result.values.loc[code]
        if expected.size == 0:
            assert np.isnan(got["d_gemiddeld"]) and result.reasons.at[code, "d_gemiddeld"]
            continue
        assert got["d_gemiddeld"] == pytest.approx(expected.mean())
        assert got["d_max"] == pytest.approx(expected.max())
        assert got["d_p90"] == pytest.approx(np.percentile(expected, 90))
        assert got["d_aandeel_boven_drempel"] == pytest.approx((expected > 0.5).mean() * 100)
