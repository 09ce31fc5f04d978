"""A gemeente file without housing figures (CBS buurten 2017 of Zaanstad: no woningvoorraad, no
tenure shares): the scenario and the ranking say in Dutch what is missing, never a KeyError or
'ontbreken in de gegevens: .' with an empty list (issue 11 walk)."""

from __future__ import annotations

import pytest

from tests.conftest import REAL
from wijkkaart.analysis.indicators import labels_of
from wijkkaart.analysis.profile import profile, shares_for_wijk
from wijkkaart.analysis.ranking import DEFAULT_CRITERIA, Criterion, rank_start_buurten
from wijkkaart.analysis.scenario import current_mix
from wijkkaart.analysis.stacking import DEFAULT_STACKING, stacking
from wijkkaart.analysis.typology import cluster
from wijkkaart.io.areas import read_areas
from wijkkaart.messages import WijkkaartError


@pytest.fixture(scope="module")
def zaanstad():
    areas = read_areas(REAL / "cbs_buurten_2017.geojson")
    assert "woningvoorraad" not in areas.frame  # the real file has no dwelling counts
    return areas


def test_scenario_without_dwellings_is_the_dutch_message(zaanstad):
    result = profile(zaanstad, shares_for_wijk(zaanstad, "WK047951"))  # Wormerveer
    with pytest.raises(WijkkaartError) as caught:
        current_mix(result)
    assert caught.value.key == "scenario_needs_mix"
    assert "koop, corporatiebezit en particuliere huur" in str(caught.value)


def test_ranking_with_no_criterion_in_the_data_names_the_criteria(zaanstad):
    # the panel lists only the default criteria that the data has: here none
    present = [c for c in DEFAULT_CRITERIA if c.indicator in zaanstad.frame]
    assert present == []
    with pytest.raises(WijkkaartError) as caught:
        rank_start_buurten(zaanstad, present)
    message = str(caught.value)
    assert caught.value.key == "ranking_no_criteria"
    assert "Corporatiebezit" in message and "Gemiddeld aardgasverbruik" in message
    assert ": ." not in message
    with pytest.raises(WijkkaartError) as missing:  # the defaults themselves: their labels
        rank_start_buurten(zaanstad, DEFAULT_CRITERIA)
    assert missing.value.key == "ranking_no_criteria"


def test_ranking_with_every_weight_zero_says_so(zaanstad):
    with pytest.raises(WijkkaartError) as caught:
        rank_start_buurten(zaanstad, [Criterion("aantal_inwoners", 0.0)])
    assert caught.value.key == "ranking_no_weight"


def test_stacking_with_none_ticked_names_the_defaults_it_lacks(zaanstad):
    with pytest.raises(WijkkaartError) as caught:
        stacking(zaanstad, [])  # the panel with no indicator ticked: the defaults
    message = str(caught.value)
    assert ": ." not in message
    assert labels_of(list(DEFAULT_STACKING)) in message


def test_ranking_on_criteria_without_a_single_value_is_refused():
    # Baarn 2024: corporatiebezit and gasverbruik are columns, every value 'later gepubliceerd'
    baarn = read_areas(REAL / "cbs_buurten_2024.geojson")
    frame = baarn.statistics_frame()
    present = [c for c in DEFAULT_CRITERIA if c.indicator in frame]
    assert len(present) == 2 and all(frame[c.indicator].isna().all() for c in present)
    with pytest.raises(WijkkaartError) as caught:  # it scored every buurt 0
        rank_start_buurten(baarn, present)
    assert caught.value.key == "ranking_no_criteria"
    assert "Corporatiebezit" in str(caught.value)


def test_regions_without_inhabitant_counts_say_so():
    # Ermelo 2021: aantal_inwoners is there but empty; it said 'samen 0 mensen'
    ermelo = read_areas(REAL / "cbs_buurten_2021.gpkg")
    assert ermelo.frame["aantal_inwoners"].isna().all()
    with pytest.raises(WijkkaartError) as caught:
        cluster(ermelo, ["mannen", "vrouwen"], k=3, contiguous=True, min_inhabitants=5000)
    assert caught.value.key == "indicator_not_in_data"
    assert "Inwoners" in str(caught.value)
