"""Every bad input gives a clear Dutch message and leaves the file untouched."""

import json
import shutil

import geopandas as gpd
import pytest
from shapely.geometry import Polygon, box

from tests.fixtures import zaanstad
from wijkkaart.io.areas import read_areas
from wijkkaart.messages import WijkkaartError, set_language


def _expect(path, fragment, unchanged, **kwargs):
    unchanged(path)
    with pytest.raises(WijkkaartError) as info:
        read_areas(path, **kwargs)
    message = str(info.value)
    assert fragment in message, message
    assert "Traceback" not in message
    return info.value


def test_missing_file(tmp_path):
    with pytest.raises(WijkkaartError, match="Bestand niet gevonden"):
        read_areas(tmp_path / "nergens.gpkg")


def test_empty_file(tmp_path, unchanged):
    path = tmp_path / "leeg.geojson"
    path.write_bytes(b"")
    _expect(path, "is leeg", unchanged)


def test_empty_csv(tmp_path, unchanged):
    path = tmp_path / "leeg.csv"
    path.write_text("\n\n", encoding="utf-8")
    _expect(path, "is leeg", unchanged)


def test_not_a_geodata_file(tmp_path, unchanged):
    path = tmp_path / "notities.geojson"
    path.write_text("Dit is een vergaderverslag, geen kaart.", encoding="utf-8")
    err = _expect(path, "geen kaartbestand", unchanged)
    assert err.key == "not_geodata"


def test_pdf_renamed_to_shapefile(tmp_path, unchanged):
    path = tmp_path / "kaart.shp"
    path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n" * 20)
    _expect(path, "wijkkaart", unchanged)


def test_corrupt_geopackage(tmp_path, real, unchanged):
    path = tmp_path / "kapot.gpkg"
    data = (real / "cbs_buurten_2021.gpkg").read_bytes()
    path.write_bytes(data[: len(data) // 3])
    err = _expect(path, "beschadigd", unchanged)
    assert err.key == "corrupt_file"


def test_missing_layer_lists_available_layers(real, unchanged):
    err = _expect(real / "cbs_buurten_2021.gpkg", "CBS_Buurten", unchanged, layer="buurten")
    assert err.key == "layer_not_found"


def _write_without_crs(gdf, path):
    gdf = gdf.set_crs(None, allow_override=True)
    with pytest.warns(UserWarning, match="crs"):
        gdf.to_file(path)
    assert not path.with_suffix(".prj").exists()


def test_no_crs_with_plain_rd_coordinates_is_assumed_and_said(tmp_path):
    path = tmp_path / "zonder_prj.shp"
    _write_without_crs(zaanstad()[["bu_code", "geometry"]], path)
    areas = read_areas(path)
    assert areas.crs_found is None
    assert areas.frame.crs.to_epsg() == 28992
    assert any("neemt RD New (EPSG:28992) aan" in w for w in areas.warnings)


def test_no_crs_with_plain_wgs84_coordinates_is_reprojected(tmp_path):
    src = zaanstad()[["bu_code", "geometry"]].to_crs("EPSG:4326")
    path = tmp_path / "wgs_zonder_prj.shp"
    _write_without_crs(src, path)
    areas = read_areas(path)
    assert any("WGS84" in w for w in areas.warnings)
    minx, miny, _, _ = areas.frame.total_bounds
    assert 100_000 < minx < 130_000 and 480_000 < miny < 510_000


def test_no_crs_with_unrecognisable_coordinates(tmp_path, unchanged):
    src = zaanstad()[["bu_code", "geometry"]].to_crs("EPSG:3857")
    path = tmp_path / "mercator_zonder_prj.shp"
    _write_without_crs(src, path)
    err = _expect(path, "coördinatenstelsel", unchanged)
    assert err.key == "no_crs"


def test_unexpected_crs_is_reprojected_with_a_note(tmp_path):
    path = tmp_path / "mercator.gpkg"
    zaanstad()[["bu_code", "geometry"]].to_crs("EPSG:3857").to_file(path)
    areas = read_areas(path)
    assert areas.crs_found == "EPSG:3857"
    assert areas.frame.crs.to_epsg() == 28992
    assert any("EPSG:3857" in w for w in areas.warnings)


def test_wrong_crs_putting_areas_outside_nl(tmp_path, unchanged):
    src = zaanstad()[["bu_code", "geometry"]]
    path = tmp_path / "verkeerd.geojson"
    wrong = src.set_crs("EPSG:4326", allow_override=True)  # RD metres labelled as degrees
    path.write_text(wrong.to_json(), encoding="utf-8")
    err = _expect(path, "niet in Nederland", unchanged)
    assert err.key == "crs_outside_nl"


def test_self_intersection_is_repaired_with_a_warning(tmp_path, unchanged):
    bowtie = Polygon([(120000, 490000), (121000, 491000), (121000, 490000), (120000, 491000)])
    frame = gpd.GeoDataFrame(
        {"buurtcode": ["BU04790101", "BU04790102"]},
        geometry=[bowtie, box(122000, 490000, 123000, 491000)],
        crs="EPSG:28992",
    )
    path = tmp_path / "vlinder.gpkg"
    frame.to_file(path)
    unchanged(path)
    areas = read_areas(path)
    assert areas.frame.geometry.is_valid.all()
    assert areas.frame.at["BU04790101", "geometry"].area == pytest.approx(500_000)
    assert areas.frame.at["BU04790101", "geometry"].geom_type in ("Polygon", "MultiPolygon")
    assert any("gerepareerd: BU04790101" in w for w in areas.warnings)


def test_duplicate_codes_are_refused(tmp_path, unchanged):
    src = zaanstad()[["bu_code", "geometry"]].head(3).copy()
    src.loc[2, "bu_code"] = src.loc[0, "bu_code"]
    path = tmp_path / "dubbel.geojson"
    src.to_file(path)
    err = _expect(path, src.loc[0, "bu_code"], unchanged)
    assert err.key == "duplicate_codes"


def test_codes_stored_as_numbers_are_restored(tmp_path):
    src = zaanstad()[["bu_code", "geometry"]].head(3)
    numeric = gpd.GeoDataFrame(
        {"buurtcode": src["bu_code"].str[2:].astype(int)}, geometry=src.geometry, crs=src.crs
    )
    path = tmp_path / "getallen.gpkg"
    numeric.to_file(path)
    areas = read_areas(path)
    assert areas.codes == src["bu_code"].tolist()
    assert any("als getal opgeslagen" in w for w in areas.warnings)


def test_file_without_code_column(tmp_path, unchanged):
    path = tmp_path / "vlakken.geojson"
    gpd.GeoDataFrame(
        {"naam": ["a"]}, geometry=[box(120000, 490000, 121000, 491000)], crs="EPSG:28992"
    ).to_file(path)
    err = _expect(path, "geen kolom met gebiedscodes", unchanged)
    assert err.key == "no_code_column"


def test_messages_in_english(tmp_path):
    path = tmp_path / "leeg.gpkg"
    path.write_bytes(b"")
    set_language("en")
    with pytest.raises(WijkkaartError, match="is empty"):
        read_areas(path)


def test_reading_never_modifies_real_files(real, tmp_path, unchanged):
    copy = tmp_path / "kopie"
    shutil.copytree(real, copy)
    files = sorted(copy.iterdir())
    unchanged(*files)
    for path in files:
        if path.suffix in (".geojson", ".gpkg"):
            read_areas(path)
    json.dumps([f.name for f in files])


def test_points_are_not_areas(tmp_path, unchanged):
    src = zaanstad()[["bu_code", "geometry"]]
    points = src.set_geometry(src.geometry.representative_point())
    path = tmp_path / "punten.gpkg"
    points.to_file(path)
    err = _expect(path, "geen vlakken", unchanged)
    assert err.key == "not_polygons"
