"""Heat-transition plans: strategies normalised, years read, unmatched codes reported."""

import math

import pandas as pd
import pytest

from wijkkaart.io.areas import read_areas
from wijkkaart.io.heatplan import add_heat_plan, normalise_strategy, read_heat_plan, years_from_text
from wijkkaart.messages import WijkkaartError


def test_amsterdam_categories_are_normalised(real):
    plan = read_heat_plan(real / "warmteprogramma_per_buurt.csv")
    raw = pd.read_csv(real / "warmteprogramma_per_buurt.csv", dtype=str).set_index("buurtcode")
    values = plan.values
    assert len(values) == len(raw) == 475
    by_id = {}
    for code, row in raw.iterrows():
        by_id.setdefault(row["warmteprogramma_id"], values.at[code, "warmtestrategie"])
    assert by_id["1"] == "nog_onbekend"  # Grotendeels onbebouwd
    assert by_id["2"] == "all_electric"
    assert by_id["3"] == "warmtenet_lt"  # Lokale bronnetten
    assert by_id["4"] == "warmtenet_ht_mt"  # Warmtenetbuurt
    assert by_id["7"] == "nog_onbekend"  # Nieuwbouw- en transformatiegebied
    assert by_id["8"] == "hybride_groengas"  # Aardgasvrij gasnet
    assert by_id["9"] == "warmtenet_ht_mt"  # Al (bijna) volledig op het warmtenet
    assert plan.warnings == []


def test_amsterdam_years_columns_and_9999(real):
    plan = read_heat_plan(real / "warmteprogramma_per_buurt.csv").values
    raw = pd.read_csv(real / "warmteprogramma_per_buurt.csv", dtype=str).set_index("buurtcode")
    code4 = raw.index[raw.warmteprogramma_id == "4"][0]
    assert plan.at[code4, "startjaar_warmtetransitie"] == 2030
    assert plan.at[code4, "jaar_aardgasvrij"] == 2040
    code1 = raw.index[raw.warmteprogramma_id == "1"][0]
    assert math.isnan(plan.at[code1, "jaar_aardgasvrij"])  # 9999 = no date
    code9 = raw.index[raw.warmteprogramma_id == "9"][0]
    assert math.isnan(plan.at[code9, "jaar_aardgasvrij"])  # 0 = no date
    # All electric has 9999 in the columns but "tussen 2020 en 2040" in its text.
    code2 = raw.index[raw.warmteprogramma_id == "2"][0]
    assert plan.at[code2, "startjaar_warmtetransitie"] == 2020
    assert plan.at[code2, "jaar_aardgasvrij"] == 2040


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Warmtenet HT", "warmtenet_ht_mt"),
        ("warmtenet (LT)", "warmtenet_lt"),
        ("Stadsverwarming", "warmtenet_ht_mt"),
        ("All-electric", "all_electric"),
        ("individuele warmtepomp", "all_electric"),
        ("Hybride warmtepomp", "hybride_groengas"),
        ("groen gas", "hybride_groengas"),
        ("s1a", "all_electric"),
        ("S3b", "warmtenet_lt"),
        ("s4b", "hybride_groengas"),
        ("", "nog_onbekend"),
        ("Nog onbekend", "nog_onbekend"),
        ("kernfusie", None),
    ],
)
def test_strategy_rules(text, key):
    assert normalise_strategy(text) == key


def test_years_from_text():
    assert years_from_text("gestaag aardgasvrij tussen 2020 en 2040") == (2020, 2040)
    start, end = years_from_text("gefaseerd starten vanaf 2030")
    assert start == 2030 and math.isnan(end)


def test_unrecognised_strategy_is_reported(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("buurtcode;strategie;startjaar\nBU04791110;kernfusie;2030\n", encoding="utf-8")
    plan = read_heat_plan(path)
    assert plan.values.at["BU04791110", "warmtestrategie"] == "nog_onbekend"
    assert any("kernfusie" in w for w in plan.warnings)


def test_missing_strategy_column(tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text("buurtcode,jaar\nBU04791110,2030\n", encoding="utf-8")
    with pytest.raises(WijkkaartError, match="warmtestrategie"):
        read_heat_plan(path)


def test_join_to_areas_reports_unmatched(real, tmp_path):
    areas = read_areas(real / "cbs_buurten_2017.geojson")
    path = tmp_path / "plan.csv"
    path.write_text(
        "buurtcode,strategie,jaar_aardgasvrij\nBU04791110,Warmtenet,2035\n"
        "BU04799999,All-electric,2040\n",
        encoding="utf-8",
    )
    result = add_heat_plan(areas, path, illustrative=True)
    assert result.frame.at["BU04791110", "warmtestrategie"] == "warmtenet_ht_mt"
    assert result.frame.at["BU04791110", "jaar_aardgasvrij"] == 2035
    assert "warmtestrategie" in result.illustrative
    assert result.reason("BU04791120", "warmtestrategie") == "no_row"
    assert any("BU04799999" in w for w in result.warnings)
