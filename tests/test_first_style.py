"""The first map of a new project shows a share or rate, never a raw count like "Mannen"."""

from tests.fixtures import write_gpkg_2022
from wijkkaart.catalogue import catalogue
from wijkkaart.layers.model import AreaLayer
from wijkkaart.new_project import PREFERRED_INDICATOR, has_data, new_project


def first_style(document) -> str:
    layer = next(x for x in document.layers if isinstance(x, AreaLayer))
    return layer.style.indicator


def test_ermelo_starts_with_a_rate_not_with_mannen(real):
    document = new_project(real / "cbs_buurten_2021.gpkg")
    cat = catalogue()
    areas = document.areas
    assert not has_data(areas, PREFERRED_INDICATOR)  # Ermelo 2021 has no koopwoningen figures
    indicator = first_style(document)
    assert indicator != "mannen"
    assert cat[indicator].aggregation in ("weighted_mean", "ratio")  # a share or a rate
    assert has_data(areas, indicator)
    assert document.project.data["map"]["indicator"] == indicator
    # It is the first such indicator of the catalogue that the file has figures for.
    rates = [
        k
        for k in cat.ids()
        if k in areas.indicators
        and cat[k].kind == "number"
        and not cat[k].sensitive
        and cat[k].aggregation in ("weighted_mean", "ratio")
        and has_data(areas, k)
    ]
    assert indicator == rates[0]


def test_koopwoningen_first_when_the_file_has_them(tmp_path):
    # Real Zaanstad geometry with test housing figures (tests/fixtures.py), koopwoningen among them.
    document = new_project(write_gpkg_2022(tmp_path))
    assert first_style(document) == PREFERRED_INDICATOR


def test_zaanstad_2017_starts_with_a_rate(real):
    document = new_project(real / "cbs_buurten_2017.geojson")
    indicator = first_style(document)
    assert catalogue()[indicator].aggregation in ("weighted_mean", "ratio")
