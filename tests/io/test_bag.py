"""BAG verblijfsobjecten: the real Appingedam sample (lon/lat), RD x/y, point layers, bad input."""

import csv
import os

import geopandas as gpd
import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkkaart.analysis.energy_labels import locate_points
from wijkkaart.io.areas import read_areas
from wijkkaart.io.bag import address_codes, format_bag_id, parse_ids, read_bag_points
from wijkkaart.messages import WijkkaartError

BAG_CSV = "bag_verblijfsobjecten_sample.csv"
BUURTEN = "buurten_2020_generalised.geojson"


def _rows(real):
    with (real / BAG_CSV).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_appingedam_sample_reads_with_int64_ids_and_rd_points(real, unchanged):
    unchanged(real / BAG_CSV)
    points = read_bag_points(real / BAG_CSV)
    rows = _rows(real)
    assert len(points) == len(rows) == 100
    assert points.crs.to_epsg() == 28992
    assert points["identificatie"].dtype == np.int64
    assert points["identificatie"].map(format_bag_id).tolist() == [r["identificatie"] for r in rows]
    assert int(points["woonfunctie"].sum()) == 84
    x, y = points.geometry.x, points.geometry.y
    assert x.between(250_000, 256_000).all() and y.between(590_000, 597_000).all()


def test_appingedam_dwellings_fall_in_three_buurten_as_sjoin_says(real):
    points = read_bag_points(real / BAG_CSV)
    areas = read_areas(real / BUURTEN)
    where = locate_points(
        points.geometry.x.to_numpy(), points.geometry.y.to_numpy(), areas.frame.geometry.values
    )
    codes = np.asarray(areas.frame.index)[where]
    dwellings = points["woonfunctie"].to_numpy()
    assert (where >= 0).all()
    assert len(set(codes[dwellings])) == 3
    peer = gpd.sjoin(points, areas.frame[["geometry"]].reset_index(), predicate="within")
    assert peer["code"].sort_index().tolist() == codes.tolist()


def test_locating_points_leaves_the_buurten_unprepared(real):
    """The buurten belong to the open document, read by other jobs at the same time: preparing
    them in place from two threads crashes the process, so the locator prepares copies."""
    import shapely

    points = read_bag_points(real / BAG_CSV)
    geometries = read_areas(real / BUURTEN).frame.geometry.values
    x, y = points.geometry.x.to_numpy(), points.geometry.y.to_numpy()
    first = locate_points(x, y, geometries)
    assert not shapely.is_prepared(np.asarray(geometries, dtype=object)).any()
    assert (locate_points(x, y, geometries) == first).all() and (first >= 0).all()


def test_rd_xy_with_dutch_decimal_commas_and_other_id_name(real, tmp_path):
    points = read_bag_points(real / BAG_CSV)
    path = tmp_path / "bag_rd.csv"
    lines = ["verblijfsobject_id;x;y"]
    for vid, geom in zip(points["identificatie"], points.geometry, strict=True):
        lines.append(f"{format_bag_id(vid)};{geom.x:.3f};{geom.y:.3f}".replace(".", ","))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    again = read_bag_points(path)
    assert again["identificatie"].tolist() == points["identificatie"].tolist()
    assert np.allclose(again.geometry.x, points.geometry.x, atol=0.001)
    assert np.allclose(again.geometry.y, points.geometry.y, atol=0.001)


def test_point_layer_gives_the_same_ids_and_points(real, tmp_path):
    points = read_bag_points(real / BAG_CSV)
    layer = points[["identificatie", "geometry"]].copy()
    layer["identificatie"] = layer["identificatie"].map(format_bag_id)
    path = tmp_path / "bag.gpkg"
    layer.to_file(path, driver="GPKG")
    again = read_bag_points(path)
    assert again["identificatie"].tolist() == points["identificatie"].tolist()
    assert np.allclose(again.geometry.x, points.geometry.x)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("postcode;x;y\n9901KB;252000;594000\n", "bag_unreadable"),  # no id column
        ("identificatie;postcode\n0003010000125985;9901KB\n", "bag_unreadable"),  # no coords
        ("identificatie;lon;lat\n0003010000125985;2.35;48.85\n", "bag_outside_nl"),  # Paris
        ("identificatie;x;y\n0003010000125985;900000;100000\n", "bag_outside_nl"),
    ],
)
def test_bad_bag_files_are_refused_in_dutch(tmp_path, text, key, unchanged):
    path = tmp_path / "bag.csv"
    path.write_text(text, encoding="utf-8")
    unchanged(path)
    with pytest.raises(WijkkaartError) as info:
        read_bag_points(path)
    assert info.value.key == key
    assert "Traceback" not in str(info.value)


def test_polygon_layer_and_fifo_are_refused(real, tmp_path):
    with pytest.raises(WijkkaartError) as info:
        read_bag_points(real / BUURTEN)
    assert info.value.key == "bag_not_points"
    fifo = tmp_path / "bag.csv"
    os.mkfifo(fifo)
    with pytest.raises(WijkkaartError) as info:
        read_bag_points(fifo)
    assert info.value.key == "path_not_regular"


def test_a_few_points_outside_nl_are_set_aside_with_a_warning(tmp_path):
    path = tmp_path / "bag.csv"
    rows = [f"000301000012598{i};252{i}00;594000" for i in range(5)]
    path.write_text("identificatie;x;y\n" + "\n".join(rows) + "\n0003010000999999;1;1\n")
    points = read_bag_points(path)
    assert points.geometry.is_empty.sum() + points.geometry.x.isna().sum() >= 1
    assert any("buiten Nederland" in w for w in points.attrs["warnings"])


@given(st.lists(st.text(max_size=24), max_size=30))
def test_parse_ids_never_raises_and_reads_digits_exactly(cells):
    ids, invalid = parse_ids(pa.chunked_array([pa.array(cells, type=pa.string())]))
    assert ids.dtype == np.int64 and len(ids) == len(cells)
    for cell, value in zip(cells, ids, strict=True):
        if cell.isascii() and cell.isdigit() and len(cell) <= 16:
            assert value == int(cell) and format_bag_id(value) == cell.zfill(16)
    assert 0 <= invalid <= len(cells)


@given(
    st.lists(
        st.tuples(
            st.integers(1000, 9999),
            st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2),
            st.integers(0, 99999),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_address_codes_are_one_to_one(addresses):
    postcodes = pa.chunked_array([pa.array([f"{d}{s}" for d, s, _ in addresses])])
    numbers = pa.chunked_array([pa.array([str(n) for _, _, n in addresses])])
    codes = address_codes(postcodes, numbers)
    assert (codes >= 0).all()
    assert len(set(codes.tolist())) == len(set(addresses))


def test_incomplete_addresses_have_no_code():
    postcodes = pa.chunked_array([pa.array(["", "9901 kb", "99011KB", "9901KB", "0901KB"])])
    numbers = pa.chunked_array([pa.array(["1", "16", "1", "12a", "1"])])
    codes = address_codes(postcodes, numbers)
    assert codes[0] == -1 and codes[1] >= 0 and codes[2] == -1 and codes[3] == -1
    assert codes[4] == -1
