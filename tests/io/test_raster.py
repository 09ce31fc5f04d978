"""Zonal statistics of risk rasters, checked against a per-area mask computed independently."""

import math

import numpy as np
import pytest
import rasterio
from rasterio.features import geometry_mask
from rasterio.transform import from_origin

from wijkkaart.analysis.zonal import add_raster_statistics, zonal_statistics
from wijkkaart.io.areas import read_areas
from wijkkaart.messages import WijkkaartError


@pytest.fixture
def areas(real):
    return read_areas(real / "cbs_buurten_2017.geojson")


def _write(path, data, left, top, size, crs="EPSG:28992", nodata=-9999.0):
    profile = {
        "driver": "GTiff",
        "width": data.shape[1],
        "height": data.shape[0],
        "count": 1,
        "dtype": "float32",
        "crs": crs,
        "nodata": nodata,
        "transform": from_origin(left, top, size, size),
    }
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(data.astype("float32"), 1)
    return path


@pytest.fixture
def flood(areas, tmp_path):
    minx, miny, maxx, maxy = areas.frame.total_bounds
    size = 50.0
    width, height = int((maxx - minx) / size) + 4, int((maxy - miny) / size) + 4
    rng = np.random.default_rng(1)
    data = rng.uniform(0, 2, (height, width))
    data[rng.uniform(size=data.shape) < 0.4] = -9999.0  # dry cells
    return _write(tmp_path / "diepte.tif", data, minx - 100, maxy + 100, size), data


def _expected(areas, path, code, dry_is_zero):
    with rasterio.open(path) as src:
        data = src.read(1).astype(float)
        mask = ~geometry_mask([areas.frame.at[code, "geometry"]], data.shape, src.transform)
    values = data[mask]
    values = np.where(values == -9999, 0, values) if dry_is_zero else values[values != -9999]
    return values


def test_dry_cells_count_as_zero_when_asked(areas, flood):
    path, _ = flood
    # Pinned cell-centre figures test the nodata rule; area weighting: tests/analysis/test_zonal.py
    result = zonal_statistics(
        path, areas, "waterdiepte", nodata_is_zero=True, threshold=0.5, weighting="centre"
    )
    for code in ("BU04791110", "BU04798150"):
        values = _expected(areas, path, code, dry_is_zero=True)
        assert result.values.at[code, "waterdiepte_gemiddeld"] == pytest.approx(values.mean())
        assert result.values.at[code, "waterdiepte_max"] == pytest.approx(values.max())
        assert result.values.at[code, "waterdiepte_p90"] == pytest.approx(np.percentile(values, 90))
        assert result.values.at[code, "waterdiepte_aandeel_boven_drempel"] == pytest.approx(
            (values > 0.5).mean() * 100
        )


def test_nodata_skipped_by_default_overstates_the_mean(areas, flood):
    path, _ = flood
    skipped = zonal_statistics(path, areas, "d", weighting="centre").values
    zero = zonal_statistics(path, areas, "d", nodata_is_zero=True, weighting="centre").values
    code = "BU04791110"
    assert skipped.at[code, "d_gemiddeld"] == pytest.approx(
        _expected(areas, path, code, dry_is_zero=False).mean()
    )
    assert skipped.at[code, "d_gemiddeld"] > zero.at[code, "d_gemiddeld"]


def test_user_nodata_value_overrides_file(areas, tmp_path):
    minx, miny, maxx, maxy = areas.frame.total_bounds
    data = np.full((int((maxy - miny) / 100) + 2, int((maxx - minx) / 100) + 2), 0.0)
    path = _write(tmp_path / "nul.tif", data, minx - 100, maxy + 100, 100, nodata=None)
    result = zonal_statistics(path, areas, "h", nodata=0.0)
    assert result.values["h_gemiddeld"].isna().all()
    assert result.reasons["h_gemiddeld"].eq("no_data").all()


def test_vectors_are_reprojected_to_the_raster(areas, tmp_path):
    """A raster in WGS84 over Zaanstad: areas are projected to it, not the other way round."""
    wgs = areas.frame.to_crs("EPSG:4326")
    minx, miny, maxx, maxy = wgs.total_bounds
    size = 0.001
    data = np.ones((int((maxy - miny) / size) + 4, int((maxx - minx) / size) + 4)) * 3.5
    path = _write(tmp_path / "wgs.tif", data, minx - 2 * size, maxy + 2 * size, size, "EPSG:4326")
    result = zonal_statistics(path, areas, "hitte")
    assert result.crs == "EPSG:4326"
    assert result.values["hitte_gemiddeld"].dropna().eq(3.5).all()
    assert result.values["hitte_gemiddeld"].notna().all()


def test_small_area_gets_value_from_touched_cells(areas, tmp_path):
    # Cells of 2 km: most buurten catch no cell centre, yet every buurt gets a value.
    minx, miny, maxx, maxy = areas.frame.total_bounds
    data = np.ones((int((maxy - miny) / 2000) + 3, int((maxx - minx) / 2000) + 3))
    path = _write(tmp_path / "grof.tif", data, minx - 2000, maxy + 2000, 2000)
    result = zonal_statistics(path, areas, "g")
    assert result.values["g_gemiddeld"].notna().all()


def test_raster_that_does_not_overlap(areas, tmp_path, unchanged):
    path = _write(tmp_path / "limburg.tif", np.ones((10, 10)), 180000, 320000, 100)
    unchanged(path)
    with pytest.raises(WijkkaartError, match="overlapt geen enkel gebied"):
        zonal_statistics(path, areas, "x")


def test_partial_overlap_is_reported(areas, tmp_path):
    minx, miny, maxx, maxy = areas.frame.total_bounds
    data = np.ones((int((maxy - miny) / 100) // 2, int((maxx - minx) / 100)))
    path = _write(tmp_path / "half.tif", data, minx, maxy, 100)
    result = add_raster_statistics(areas, path, "x")
    assert any("buiten het raster" in w for w in result.warnings)
    assert result.frame["x_gemiddeld"].isna().any()
    assert any(math.isclose(v, 1.0) for v in result.frame["x_gemiddeld"].dropna())


def test_not_a_raster_and_no_crs(tmp_path):
    path = tmp_path / "geen.tif"
    path.write_text("geen raster", encoding="utf-8")
    with pytest.raises(WijkkaartError, match="geen rasterbestand"):
        zonal_statistics(path, None, "x")
    bare = _write(tmp_path / "zonder_crs.tif", np.ones((3, 3)), 0, 3, 1, crs=None)
    with pytest.raises(WijkkaartError, match="geen coördinatenstelsel"):
        zonal_statistics(bare, None, "x")
