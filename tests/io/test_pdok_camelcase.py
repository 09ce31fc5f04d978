"""PDOK's OGC API / WFS files (2023+) use camelCase names; they map to the catalogue like the rest.

The file here is the real Baarn 2024 buurten file with its columns renamed to the PDOK camelCase
names listed in shared/docs/data-formats.md (values, geometry and codes unchanged).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkkaart.catalogue import catalogue, snake_forms
from wijkkaart.io.areas import read_areas
from wijkkaart.io.columns import STRUCTURAL

BAARN = Path(__file__).parents[1] / "data" / "real" / "cbs_buurten_2024.geojson"
CAMEL = {
    "gemeentecode": "gemeentecode",
    "gemeentenaam": "gemeentenaam",
    "wijkcode": "wijkCode",
    "buurtcode": "buurtCode",
    "buurtnaam": "buurtNaam",
    "aantal_inwoners": "aantalInwoners",
    "mannen": "mannen",
    "vrouwen": "vrouwen",
    "aantal_huishoudens": "aantalHuishoudens",
    "percentage_personen_0_tot_15_jaar": "percentagePersonen0Tot15Jaar",
    "percentage_personen_15_tot_25_jaar": "percentagePersonen15Tot25Jaar",
    "percentage_personen_25_tot_45_jaar": "percentagePersonen25Tot45Jaar",
    "percentage_personen_45_tot_65_jaar": "percentagePersonen45Tot65Jaar",
    "percentage_personen_65_jaar_en_ouder": "percentagePersonen65JaarEnOuder",
    "gemiddelde_huishoudsgrootte": "gemiddeldeHuishoudsgrootte",
    "percentage_eenpersoonshuishoudens": "percentageEenpersoonshuishoudens",
    "percentage_huishoudens_zonder_kinderen": "percentageHuishoudensZonderKinderen",
    "percentage_huishoudens_met_kinderen": "percentageHuishoudensMetKinderen",
    "bevolkingsdichtheid_inwoners_per_km2": "bevolkingsdichtheidInwonersPerKm2",
    "omgevingsadressendichtheid": "omgevingsadressendichtheid",
    "stedelijkheid_adressen_per_km2": "stedelijkheidAdressenPerKm2",
    "oppervlakte_totaal_in_ha": "oppervlakteTotaalInHa",
    "oppervlakte_land_in_ha": "oppervlakteLandInHa",
    "oppervlakte_water_in_ha": "oppervlakteWaterInHa",
    "percentage_met_herkomstland_nederland": "percentageMetHerkomstlandNederland",
    "perc_geb_in_nl_met_herkomstland_in_europa_ex_nl": "percGebInNlMetHerkomstlandInEuropaExNl",
    "perc_geb_buiten_nl_met_herkomstlnd_buiten_europa": "percGebBuitenNlMetHerkomstlndBuitenEuropa",
    "water": "water",
    "jrstatcode": "jrstatcode",
    "jaar": "jaar",
}


@pytest.fixture(scope="module")
def pdok_file(tmp_path_factory) -> Path:
    data = json.loads(BAARN.read_text(encoding="utf-8"))
    for feature in data["features"]:
        props = feature["properties"]
        feature["properties"] = {camel: props[long] for long, camel in CAMEL.items()}
        feature["properties"]["centroid"] = [5.28, 52.21]
    path = tmp_path_factory.mktemp("pdok") / "buurten_2024_pdok.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_at_least_90_percent_of_a_pdok_file_maps(pdok_file):
    columns = [*CAMEL.values(), "centroid"]
    cat = catalogue()
    known = [c for c in columns if cat.match_column(c) or c.lower() in STRUCTURAL]
    assert len(known) / len(columns) >= 0.9, sorted(set(columns) - set(known))
    areas = read_areas(pdok_file)
    assert areas.vintage == 2024 and len(areas.frame) == 21
    assert not areas.custom, areas.custom  # nothing is left to be averaged as "custom"


def test_camelcase_values_equal_the_long_name_reading(pdok_file):
    camel, long = read_areas(pdok_file), read_areas(BAARN)
    for indicator in (
        "aantal_inwoners",
        "aantal_huishoudens",
        "percentage_personen_65_jaar_en_ouder",
    ):
        assert camel.frame[indicator].equals(long.frame[indicator]), indicator
    assert camel.frame["naam"].equals(long.frame["naam"])


@given(
    st.lists(
        st.sampled_from(["aantal", "inwoners", "per", "km2", "met", "kinderen", "15", "tot"]),
        min_size=2,
        max_size=6,
    )
)
def test_camel_and_snake_names_meet(words):
    """Any snake_case name written in camelCase reads back to the same snake_case name."""
    snake = "_".join(words)
    camel = words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])
    if camel == snake or not words[0].isalpha():  # one word, or not a camelCase name
        return
    if any(a[-1].isdigit() and b[0].isdigit() for a, b in itertools.pairwise(words)):
        return  # "km2" + "15" is "km215" in camelCase: ambiguous in any reading
    assert snake in snake_forms(camel)
