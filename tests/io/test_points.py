"""Point layers are read from real BAG data into RD New, in the right buurt, or refused in Dutch."""

from __future__ import annotations

import csv
import json
import os

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer

from wijkkaart.io.points import read_points
from wijkkaart.layers.model import PointLayer, layer_from_dict
from wijkkaart.messages import WijkkaartError

BAG = "bag_verblijfsobjecten_sample.csv"
BUURTEN = "buurten_2020_generalised.geojson"
TO_RD = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)


def rows(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path, header, records, sep=","):
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep)
        writer.writerow(header)
        writer.writerows(records)
    return path


@pytest.fixture
def bag(real, unchanged):
    unchanged(real / BAG)
    return real / BAG


@pytest.fixture
def buurten(real):
    return gpd.read_file(real / BUURTEN)


def expected_buurten(path, buurten) -> list[str]:
    """The buurt of each BAG object by shapely point-in-polygon of its own lon/lat (pyproj)."""
    out = []
    for row in rows(path):
        x, y = TO_RD.transform(float(row["lon"]), float(row["lat"]))
        hits = buurten[buurten.contains(shapely.Point(x, y))]["statcode"].tolist()
        out.append(hits[0] if hits else None)
    return out


def placed(frame, buurten) -> list[str]:
    joined = gpd.sjoin(frame, buurten[["statcode", "geometry"]], predicate="within", how="left")
    return joined.sort_index()["statcode"].tolist()


def test_real_bag_points_land_in_their_buurt(bag, buurten):
    read = read_points(bag)
    frame = read.frame
    assert len(frame) == 100 and frame.crs.to_epsg() == 28992
    assert read.crs_found == "EPSG:4326" and read.warnings == []
    assert set(frame.geom_type) == {"Point"}
    expected = expected_buurten(bag, buurten)
    assert placed(frame, buurten) == expected
    assert len(set(expected)) == 3 and None not in expected
    assert frame["gebruiksdoel"].str.contains("woonfunctie").sum() == 84
    # RD coordinates agree with pyproj to the millimetre
    first = rows(bag)[0]
    x, y = TO_RD.transform(float(first["lon"]), float(first["lat"]))
    assert frame.geometry.iloc[0].x == pytest.approx(x, abs=1e-3)
    assert frame.geometry.iloc[0].y == pytest.approx(y, abs=1e-3)
    # no name column: the BAG address becomes the label
    assert read.label_field == "adres" and frame["adres"].iloc[0] == "Molenstraat 16"
    assert frame["identificatie"].iloc[0] == "0003010000125985"  # codes stay text


def test_dutch_excel_semicolons_decimal_commas_and_rd_xy(bag, buurten, tmp_path):
    """The same real points as Dutch Excel writes them, and as RD x/y (derived with pyproj)."""
    records = rows(bag)
    dutch = write(
        tmp_path / "nl.csv",
        ["naam", "lengtegraad", "breedtegraad"],
        [
            [r["openbare_ruimte"], r["lon"].replace(".", ","), r["lat"].replace(".", ",")]
            for r in records
        ],
        sep=";",
    )
    read = read_points(dutch)
    assert read.label_field == "naam" and read.crs_found == "EPSG:4326"
    assert placed(read.frame, buurten) == expected_buurten(bag, buurten)
    rd = []
    for r in records:
        x, y = TO_RD.transform(float(r["lon"]), float(r["lat"]))
        rd.append([r["identificatie"], f"{x:.2f}".replace(".", ","), f"{y:.2f}".replace(".", ",")])
    tabbed = write(tmp_path / "rd.txt", ["id", "X", "Y"], rd, sep="\t")
    read = read_points(tabbed)
    assert read.crs_found == "EPSG:28992"
    assert any("zeggen niet in welk stelsel" in w and "RD New" in w for w in read.warnings)
    assert placed(read.frame, buurten) == expected_buurten(bag, buurten)


def test_plain_xy_in_degrees_and_swapped_lon_lat(bag, buurten, tmp_path):
    records = rows(bag)
    degrees = write(tmp_path / "xy.csv", ["x", "y"], [[r["lon"], r["lat"]] for r in records])
    read = read_points(degrees)
    assert read.crs_found == "EPSG:4326" and "WGS84" in read.warnings[0]
    assert placed(read.frame, buurten) == expected_buurten(bag, buurten)
    swapped = write(tmp_path / "s.csv", ["lon", "lat"], [[r["lat"], r["lon"]] for r in records])
    read = read_points(swapped)
    assert any("verwisseld" in w for w in read.warnings)
    assert placed(read.frame, buurten) == expected_buurten(bag, buurten)


def test_bad_rows_are_skipped_and_counted(bag, tmp_path):
    records = [[r["identificatie"], r["lon"], r["lat"]] for r in rows(bag)[:10]]
    records[2][1] = ""
    records[5][2] = "onbekend"
    records[7][1:] = ["-74.0", "40.7"]  # New York: not in the Netherlands
    path = write(tmp_path / "p.csv", ["id", "lon", "lat"], records)
    read = read_points(path)
    assert len(read.frame) == 7
    assert any("2 rijen zonder geldige coördinaten" in w and "3, 6" in w for w in read.warnings)
    assert any("1 punt ligt buiten Nederland" in w and "8" in w for w in read.warnings)
    assert "0003010000125985" in read.frame["id"].tolist()


def test_refusals_in_dutch(real, tmp_path):
    outside = write(tmp_path / "ny.csv", ["naam", "lon", "lat"], [["a", "-74.0", "40.7"]])
    with pytest.raises(WijkkaartError) as error:
        read_points(outside)
    assert error.value.key == "points_outside_nl" and "niet in Nederland" in str(error.value)
    none = write(tmp_path / "geen.csv", ["naam", "adres"], [["Buurthuis", "Kerkstraat 1"]])
    with pytest.raises(WijkkaartError) as error:
        read_points(none)
    text = str(error.value)
    assert error.value.key == "points_no_coordinates"
    assert "lengtegraad" in text and "rd_x" in text and "naam, adres" in text
    empty = write(tmp_path / "leeg.csv", ["lon", "lat"], [["", ""], ["x", "y"]])
    with pytest.raises(WijkkaartError) as error:
        read_points(empty)
    assert error.value.key == "points_none_valid"
    with pytest.raises(WijkkaartError) as error:
        read_points(real / BUURTEN)
    assert error.value.key == "points_are_polygons" and "gebieden" in str(error.value)
    lines = tmp_path / "lijn.geojson"
    line = {"type": "LineString", "coordinates": [[6.85, 53.32], [6.86, 53.33]]}
    feature = {"type": "Feature", "geometry": line, "properties": {}}
    lines.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    with pytest.raises(WijkkaartError) as error:
        read_points(lines)
    assert error.value.key == "points_not_points"
    for bad in (tmp_path, tmp_path / "nergens.csv"):
        with pytest.raises(WijkkaartError):
            read_points(bad)
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    with pytest.raises(WijkkaartError) as error:
        read_points(fifo)  # refused without opening: a FIFO would block forever
    assert error.value.key == "path_not_regular"


def test_geopackage_and_multipoint_geojson(bag, buurten, tmp_path):
    read = read_points(bag)
    wgs = read.frame.to_crs("EPSG:4326")
    gpkg = tmp_path / "punten.gpkg"
    wgs.to_file(gpkg, layer="bag", driver="GPKG")
    again = read_points(gpkg, layer="bag")
    assert placed(again.frame, buurten) == expected_buurten(bag, buurten)
    assert again.label_field == "adres"
    multi = gpd.GeoDataFrame(
        {"naam": ["twee", "een"]},
        geometry=[shapely.MultiPoint(wgs.geometry.iloc[:2].tolist()), wgs.geometry.iloc[2]],
        crs="EPSG:4326",
    )
    path = tmp_path / "multi.geojson"
    multi.to_file(path, driver="GeoJSON")
    split = read_points(path)
    assert len(split.frame) == 3 and split.frame["naam"].tolist() == ["twee", "twee", "een"]
    assert any("multipunt" in w for w in split.warnings)
    np.testing.assert_allclose(
        shapely.get_coordinates(split.frame.geometry.to_numpy()),
        shapely.get_coordinates(read.frame.geometry.iloc[:3].to_numpy()),
        atol=1e-3,
    )


def test_point_layer_round_trips_and_survives_hostile_project_values():
    layer = PointLayer(
        name="Buurthuizen",
        colour="#1b9e77",
        size_mm=3.0,
        symbol="square",
        label_field="naam",
        source={"path": "buurthuizen.csv", "attribution": "gemeente"},
    )
    data = layer.to_dict()
    assert data["kind"] == "points"
    again = layer_from_dict(json.loads(json.dumps(data)))
    assert isinstance(again, PointLayer) and again.to_dict() == data
    hostile = layer_from_dict(
        {"kind": "points", "name": "x", "size_mm": "groot", "symbol": "<svg>", "label_field": 3}
    )
    assert (hostile.size_mm, hostile.symbol, hostile.label_field) == (2.2, "circle", None)
    assert layer_from_dict({"kind": "points", "name": "x", "size_mm": 1e9}).size_mm == 20.0
    seen = []
    layer.events.colour.connect(seen.append)
    layer.colour = "#1b9e77"
    layer.colour = "#d95f02"
    assert seen == ["#d95f02"]
