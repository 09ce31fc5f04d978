"""Reading CBS kaarten and tables in every vintage and channel."""

import math

import pytest

from tests.fixtures import (
    housing_values,
    write_gpkg_2022,
    write_kwb_csv,
    write_shapefile_upper,
    write_statline_csv,
)
from wijkkaart.io.areas import read_areas


def test_zaanstad_2017_short_lowercase_names(real, unchanged):
    path = real / "cbs_buurten_2017.geojson"
    unchanged(path)
    areas = read_areas(path)
    assert areas.level == "buurt"
    assert areas.schema == "shp_lower"
    assert areas.vintage == 2017
    assert areas.crs_found == "EPSG:28992"
    assert len(areas.frame) == 50
    assert areas.frame.crs.to_epsg() == 28992
    assert all(isinstance(c, str) and c.startswith("BU0479") for c in areas.codes)
    # Middel (BU04798150, 95 inhabitants) has -99999999 for p_marokko: missing, reason kept.
    assert math.isnan(areas.frame.at["BU04798150", "percentage_uit_marokko"])
    assert areas.reason("BU04798150", "percentage_uit_marokko") == "unknown"
    assert areas.frame.at["BU04798150", "aantal_inwoners"] == 95
    assert areas.missing_counts("percentage_uit_marokko") == {"unknown": 7}


def test_ermelo_2021_geopackage_long_names_with_water_buurt(real):
    areas = read_areas(real / "cbs_buurten_2021.gpkg")
    assert areas.schema == "cbs_gpkg"
    assert areas.vintage == 2021
    assert len(areas.frame) == 17
    assert areas.frame.at["BU02339997", "water"]
    assert areas.frame.water.sum() == 1
    assert len(areas.statistics_frame()) == 16
    assert any("BU02339997" in w for w in areas.warnings)
    # NULL cells in the real file become missing values with reason 'empty', never 0.
    assert areas.missing_counts("aantal_inwoners") == {"empty": 16}
    # The water buurt's -99999999 is missing too (counted only when water is included).
    assert areas.missing_counts("mannen") == {}
    assert areas.missing_counts("mannen", include_water=True) == {"unknown": 1}


def test_wijk_level_file(real):
    areas = read_areas(real / "cbs_wijken_2017.geojson")
    assert areas.level == "wijk"
    assert len(areas.frame) == 19
    assert all(c.startswith("WK0479") for c in areas.codes)


def test_shapefile_upper_names(tmp_path):
    path = write_shapefile_upper(tmp_path)
    areas = read_areas(path)
    h = housing_values(50)
    assert areas.schema == "shp_upper"
    assert areas.vintage == 2015
    code = areas.codes[1]
    assert areas.frame.at[code, "percentage_koopwoningen"] == h["koop"][1]
    assert areas.frame.at[code, "perc_huurwoningen_in_bezit_woningcorporaties"] == h["corp"][1]
    # Private rent is derived as rent minus corporation when the file lacks it.
    assert areas.frame.at[code, "perc_huurwoningen_in_bezit_overige_verhuurders"] == h["overig"][1]
    first = areas.codes[0]
    assert math.isnan(areas.frame.at[first, "perc_huurwoningen_in_bezit_woningcorporaties"])
    assert areas.reason(first, "perc_huurwoningen_in_bezit_overige_verhuurders") == "unknown"
    assert areas.frame.at[code, "huur_koop_verhouding"] == pytest.approx(
        h["huur"][1] / h["koop"][1]
    )


def test_gpkg_2022_layers_and_missing_reasons(tmp_path):
    path = write_gpkg_2022(tmp_path)
    areas = read_areas(path)  # picks the buurten layer
    assert areas.level == "buurt" and len(areas.frame) == 50
    assert areas.schema == "cbs_gpkg"
    assert areas.vintage == 2023
    assert areas.missing_counts("percentage_koopwoningen") == {
        "secret": 1,
        "later": 1,
        "discontinued": 1,
    }
    # 2023+ name of gas use maps to the canonical id
    assert areas.frame["gemiddeld_gasverbruik_totaal"].eq(1200).all()
    wijken = read_areas(path, layer="wijken")
    assert wijken.level == "wijk" and len(wijken.frame) == 19


def test_kwb_csv_mixed_levels_semicolon_decimal_comma_cp1252(tmp_path):
    path = write_kwb_csv(tmp_path)
    areas = read_areas(path)
    assert areas.schema == "kwb"
    assert areas.level == "buurt"
    assert areas.codes == ["BU04790101", "BU04790102", "BU04790103"]
    assert areas.frame.at["BU04790101", "percentage_koopwoningen"] == 40.5
    assert areas.frame.at["BU04790101", "perc_huurwoningen_in_bezit_overige_verhuurders"] == 28.5
    assert areas.frame.at["BU04790103", "naam"] == "Café Süd"
    assert areas.reason("BU04790102", "percentage_koopwoningen") == "unknown"
    assert not areas.has_geometry
    assert any("gemeenten, wijken en buurten door elkaar" in w for w in areas.warnings)
    gemeente = read_areas(path, level="gemeente")
    assert gemeente.codes == ["GM0479"]
    assert gemeente.frame.at["GM0479", "woningvoorraad"] == 70000


def test_kwb_csv_in_utf8_reads_the_same(tmp_path):
    areas = read_areas(write_kwb_csv(tmp_path, encoding="utf-8-sig"))
    assert areas.frame.at["BU04790103", "naam"] == "Café Süd"


def test_statline_keys_by_title_not_suffix(tmp_path):
    areas = read_areas(write_statline_csv(tmp_path))
    assert areas.schema == "statline"
    assert areas.codes == ["BU04790101", "BU04790102"]  # padded codes stripped
    assert areas.frame.at["BU04790101", "percentage_koopwoningen"] == 45
    assert areas.frame.at["BU04790102", "perc_huurwoningen_in_bezit_woningcorporaties"] == 25
    assert areas.frame.at["BU04790101", "woningvoorraad"] == 120


def test_sample_utrecht_buurten_file(sample):
    areas = read_areas(sample / "utrecht_buurten.gpkg")
    assert len(areas.frame) == 111
    assert "BU03440311" in areas.codes
    assert areas.frame.geometry.is_valid.all()


def test_generalised_cbs_layer_names_come_from_statnaam(real):
    """The CBS/PDOK generalised buurten (Appingedam 2020) name their buurten in ``statnaam``."""
    areas = read_areas(real / "buurten_2020_generalised.geojson")
    assert areas.frame.loc["BU00030000", "naam"] == "Appingedam-Centrum"
    assert "statnaam" not in areas.unknown_columns
