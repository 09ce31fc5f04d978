"""Figures a planner must defend: each checked against an independent reference.

References: mapclassify for class breaks, CBS's own published wijk figures, and sums written out
by hand in the test.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import mapclassify
import numpy as np
import pandas as pd
import pytest

from wijkkaart.analysis.aggregate import aggregate
from wijkkaart.analysis.profile import shares_for_wijk
from wijkkaart.io.areas import read_areas
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import WATER_COLOUR, ChoroplethStyle, symbolize
from wijkkaart.project import build_areas, load_project

DENSITY = "bevolkingsdichtheid_inwoners_per_km2"


@pytest.fixture(scope="module")
def zaanstad(real):
    return read_areas(real / "cbs_buurten_2017.geojson")


@pytest.fixture(scope="module")
def real():
    from tests.conftest import REAL

    return REAL


def test_density_of_a_wijk_is_recomputed_from_its_parts(zaanstad, real):
    """CBS publishes each wijk's density; summing buurt inhabitants and land gives it back."""
    wijken = gpd.read_file(real / "cbs_wijken_2017.geojson").set_index("wk_code")
    stats = zaanstad.statistics_frame()
    for code, published in wijken["bev_dichth"].items():
        value = aggregate(stats.loc[shares_for_wijk(zaanstad, code).index], DENSITY).value
        assert value == pytest.approx(published, rel=0.015), code
    # Wormerveer: an average of buurt densities said 3,267/km²; CBS publishes 2,227.
    wormerveer = aggregate(stats.loc[shares_for_wijk(zaanstad, "WK047951").index], DENSITY)
    assert round(wormerveer.value) in range(2200, 2255)
    assert wormerveer.coverage == 1.0


def test_density_uses_land_area_when_the_file_has_it(zaanstad):
    stats = zaanstad.statistics_frame().loc[shares_for_wijk(zaanstad, "WK047951").index].copy()
    inhabitants = stats["aantal_inwoners"]
    land = inhabitants * 100 / stats[DENSITY]  # what CBS divided by, in ha
    stats["oppervlakte_land_in_ha"] = land.round(0)
    by_hand = inhabitants.sum() / stats["oppervlakte_land_in_ha"].sum() * 100
    assert aggregate(stats, DENSITY).value == pytest.approx(by_hand)


@pytest.fixture(scope="module")
def utrecht():
    from wijkkaart.paths import sample_project

    return build_areas(load_project(sample_project()))


def test_a_missing_weight_lowers_coverage(utrecht):
    koop = "percentage_koopwoningen"
    stats = utrecht.statistics_frame()
    overvecht = stats.loc[shares_for_wijk(utrecht, "WK034403").index].copy()
    full = aggregate(overvecht, koop)
    assert full.coverage == 1.0
    gap = overvecht.index[0]
    overvecht.loc[gap, "woningvoorraad"] = np.nan
    result = aggregate(overvecht, koop)
    rest = overvecht.drop(index=gap)
    by_hand = (rest[koop] * rest["woningvoorraad"]).sum() / rest["woningvoorraad"].sum()
    assert result.value == pytest.approx(by_hand)
    assert result.coverage == pytest.approx(1 - 1 / len(overvecht))


def test_water_is_left_out_of_breaks_and_counts(real):
    """Class breaks and legend counts are those of the land buurten only (mapclassify agrees)."""
    areas = read_areas(real / "cbs_buurten_2021.gpkg")
    frame = areas.frame.copy()
    frame["hectare"] = frame.geometry.area / 10_000
    water = frame["water"].to_numpy()
    assert water.sum() == 1
    symbology = symbolize(frame, ChoroplethStyle("hectare", method="quantiles", k=4))
    land = frame.loc[~water, "hectare"].to_numpy()
    reference = mapclassify.Quantiles(land, k=4)
    np.testing.assert_allclose(symbology.breaks, reference.bins)
    counts = [e.count for e in symbology.legend if e.colour != WATER_COLOUR]
    assert counts == list(reference.counts)
    water_entry = [e for e in symbology.legend if e.colour == WATER_COLOUR]
    assert len(water_entry) == 1 and water_entry[0].count == 1
    assert symbology.colours[int(np.flatnonzero(water)[0])] == WATER_COLOUR


def test_a_count_is_centred_on_the_mean_of_its_buurten(zaanstad):
    """std_mean on inhabitants: around the buurt mean, not the gemeente total (one class)."""
    layer = AreaLayer(name="Inwoners", style=ChoroplethStyle("aantal_inwoners", method="std_mean"))
    layer.data = zaanstad
    symbology = layer.symbology()
    values = zaanstad.statistics_frame()["aantal_inwoners"].dropna().to_numpy(float)
    reference = mapclassify.StdMean(values, multiples=[-1.5, -0.5, 0.5, 1.5])
    expected = np.unique(np.clip(reference.bins, values.min(), values.max()))
    np.testing.assert_allclose(symbology.breaks, expected)
    populated = [e for e in symbology.legend if e.count and e.label != "Geen gegevens"]
    assert len(populated) >= 3


def test_a_share_is_still_centred_on_the_gemeente_average(utrecht):
    koop = "percentage_koopwoningen"
    layer = AreaLayer(name="Koop", style=ChoroplethStyle(koop, method="std_mean", k=4))
    layer.data = utrecht
    stats = utrecht.statistics_frame()
    weighted = np.average(
        stats[koop].dropna(), weights=stats.loc[stats[koop].notna(), "woningvoorraad"]
    )
    assert layer.symbology().breaks[1] == pytest.approx(weighted)


def test_no_zero_to_zero_class():
    frame = pd.DataFrame({"woz": [0, 0, 0, 0, 0, 210, 250, 320, 410]})
    symbology = symbolize(frame, ChoroplethStyle("woz", method="quantiles", k=5))
    labels = [e.label for e in symbology.legend]
    assert not any(label.startswith("0 – 0") for label in labels)
    assert labels[0].split()[0] == "0"


HERKOMST_2024 = (
    "percentage_met_herkomstland_nederland",
    "percentage_met_herkomstland_uit_europa_excl_nl",
    "percentage_met_herkomstland_buiten_europa",
    "percentage_geb_in_nl_met_herkomstland_nederland",
    "perc_geb_in_nl_met_herkomstland_in_europa_ex_nl",
    "perc_geb_in_nl_met_herkomstland_buiten_europa",
    "perc_geb_buiten_nl_met_herkomstlnd_in_europa_ex_nl",
    "perc_geb_buiten_nl_met_herkomstlnd_buiten_europa",
)


def test_herkomst_is_sensitive_and_refused_in_every_index():
    """The real 2024 Baarn file carries the herkomst columns; none may drive a score."""
    import json

    from wijkkaart.analysis.ranking import Criterion, rank_start_buurten
    from wijkkaart.analysis.typology import apply_rules, cluster, parse_rules
    from wijkkaart.catalogue import catalogue
    from wijkkaart.messages import WijkkaartError

    baarn = (
        Path(__file__).parents[2].parent / "shared" / "data" / "baarn" / "cbs_buurten_2024.geojson"
    )
    if baarn.exists():
        columns = json.loads(baarn.read_text())["features"][0]["properties"]
        assert set(HERKOMST_2024) <= set(columns)
    cat = catalogue()
    assert all(cat[c].sensitive for c in HERKOMST_2024)
    for camel in (
        "percentageMetHerkomstlandNederland",
        "percGebBuitenNlMetHerkomstlndBuitenEuropa",
    ):
        assert cat[cat.match_column(camel)[0]].sensitive
    frame = pd.DataFrame({c: [10.0, 20.0, 30.0] for c in HERKOMST_2024})
    frame["aantal_inwoners"] = [100.0, 200.0, 300.0]
    frame["water"] = False
    from wijkkaart.io.dataset import AreaData

    geo = gpd.GeoDataFrame(frame, geometry=[None] * 3, crs="EPSG:28992")
    areas = AreaData(geo, "buurt", "test", "test", indicators=list(frame.columns))
    for attempt in (
        lambda: apply_rules(areas, parse_rules(f"A: {HERKOMST_2024[2]} >= 20\nRest")),
        lambda: cluster(areas, [HERKOMST_2024[0], "aantal_inwoners"], 2),
        lambda: rank_start_buurten(areas, [Criterion(HERKOMST_2024[1], 1.0)]),
    ):
        with pytest.raises(WijkkaartError) as info:
            attempt()
        assert info.value.key == "sensitive_in_typology"


def _region_checks(areas, result, minimum):
    """Each region reaches the minimum and is one connected piece (libpysal Queen contiguity)."""
    import libpysal
    from scipy.sparse.csgraph import connected_components

    stats = areas.statistics_frame()
    typed = result.types.dropna()
    for name in set(typed):
        members = stats.loc[typed.index[typed == name]]
        assert members["aantal_inwoners"].sum() >= minimum, name
        if len(members) > 1:
            w = libpysal.weights.Queen.from_dataframe(
                members.reset_index(), use_index=False, silence_warnings=True
            )
            assert connected_components(w.sparse)[0] == 1, name


def test_regions_with_a_minimum_reach_it_as_max_p_does(utrecht):
    """10 regions of at least 30,000 inhabitants: earlier a silent 3, now 10 (max-p finds 10)."""
    from wijkkaart.analysis.typology import cluster

    chosen = ["percentage_koopwoningen", "percentage_meergezinswoning"]
    result = cluster(utrecht, chosen, 10, contiguous=True, min_inhabitants=30_000)
    assert result.types.dropna().nunique() == 10
    _region_checks(utrecht, result, 30_000)
    assert "10 aaneengesloten gebieden" in result.warnings[0]


def test_regions_say_when_the_minimum_cannot_be_met(utrecht):
    from wijkkaart.analysis.typology import cluster

    chosen = ["percentage_koopwoningen", "percentage_meergezinswoning"]
    result = cluster(utrecht, chosen, 20, contiguous=True, min_inhabitants=30_000)
    achieved = result.types.dropna().nunique()
    total = utrecht.statistics_frame()["aantal_inwoners"].sum()
    assert achieved <= total // 30_000 < 20  # 20 regions of 30,000 need more people than live here
    _region_checks(utrecht, result, 30_000)
    assert "Gevraagd: 20" in result.warnings[0] and f"{achieved} gebieden" in result.warnings[0]


def test_each_area_is_compared_with_its_own_gemeente(real):
    """969 buurten of 26 gemeenten: an Utrecht area is compared with Utrecht, not the province."""
    from wijkkaart.analysis.profile import profile, shares_for_codes

    areas = read_areas(real / "kerncijfers_buurten_provincie_utrecht_ca2020.csv")
    stats = areas.statistics_frame()
    utrecht = [c for c in stats.index if c.startswith("BU0344")]
    result = profile(areas, shares_for_codes(areas, utrecht[:5]), ["percentage_koopwoningen"])
    item = result.indicators["percentage_koopwoningen"]

    def by_hand(frame):
        known = frame.dropna(subset=["percentage_koopwoningen", "woningvoorraad"])
        return (known["percentage_koopwoningen"] * known["woningvoorraad"]).sum() / known[
            "woningvoorraad"
        ].sum()

    assert result.gemeenten == ["GM0344"] and result.several_gemeenten
    assert item.gemeente.value == pytest.approx(by_hand(stats.loc[utrecht]))
    assert item.file_wide.value == pytest.approx(by_hand(stats))
    assert abs(item.gemeente.value - item.file_wide.value) > 1  # the two really differ here
    assert item.g4 is None  # only Utrecht of the four large cities is in this file
    data = result.to_dict()
    assert data["gemeenten"] == ["GM0344"]
    assert data["indicators"]["percentage_koopwoningen"]["all_gemeenten_in_file"] == pytest.approx(
        by_hand(stats)
    )


def test_g4_value_when_the_four_large_cities_are_there():
    """Test values (not real figures): two buurten in each of the G4, hand-computed total."""
    from wijkkaart.analysis.profile import G4, profile, shares_for_codes
    from wijkkaart.io.dataset import AreaData

    codes = [f"BU{g[2:]}{w:02d}{b:02d}" for g in G4 for w, b in ((1, 1), (1, 2))]
    codes.append("BU03070101")  # Amersfoort: in the file, not in the G4
    people = [1000.0 * (i + 1) for i in range(len(codes))]
    koop = [10.0 + 5 * i for i in range(len(codes))]
    stock = [400.0 + 50 * i for i in range(len(codes))]
    frame = gpd.GeoDataFrame(
        {
            "naam": codes,
            "water": False,
            "aantal_inwoners": people,
            "woningvoorraad": stock,
            "percentage_koopwoningen": koop,
        },
        geometry=[None] * len(codes),
        index=pd.Index(codes, name="code"),
        crs="EPSG:28992",
    )
    areas = AreaData(
        frame, "buurt", "test", "test", indicators=["aantal_inwoners", "percentage_koopwoningen"]
    )
    result = profile(areas, shares_for_codes(areas, codes[:2]))
    assert result.has_g4
    g4_rows = slice(0, 8)
    want = sum(k * s for k, s in zip(koop[g4_rows], stock[g4_rows], strict=True)) / sum(
        stock[g4_rows]
    )
    assert result.indicators["percentage_koopwoningen"].g4.value == pytest.approx(want)
    assert result.indicators["aantal_inwoners"].g4.value == pytest.approx(sum(people[g4_rows]))
    assert result.indicators["aantal_inwoners"].gemeente.value == pytest.approx(sum(people[:2]))


def test_a_custom_total_is_summed_not_averaged(real):
    """Baarn 2024: cars and motorbikes are totals the catalogue does not know; a wijk sums them."""
    from wijkkaart.analysis.profile import profile, shares_for_wijk

    areas = read_areas(real / "cbs_buurten_2024.geojson")
    stats = areas.statistics_frame()
    shares = shares_for_wijk(areas, "WK030800")
    result = profile(areas, shares, ["personenautos_totaal", "motortweewielers_totaal"])
    for column in ("personenautos_totaal", "motortweewielers_totaal"):
        assert column in areas.custom
        by_hand = stats.loc[shares.index, column].sum()
        assert result.indicators[column].value.value == pytest.approx(by_hand), column
        assert result.to_dict()["indicators"][column]["aggregation"] == "sum"
    assert result.indicators["personenautos_totaal"].value.value == 5985  # as the file sums


def test_rules_on_data_that_is_not_there_say_what_is_missing_in_words(real):
    """Zaanstad 2017 carries population only; Baarn 2024's housing is all 'later gepubliceerd'."""
    from wijkkaart.analysis.typology import DEFAULT_HOUSING_RULES, apply_rules, parse_rules
    from wijkkaart.messages import WijkkaartError

    rules = parse_rules(DEFAULT_HOUSING_RULES)
    with pytest.raises(WijkkaartError) as info:
        apply_rules(read_areas(real / "cbs_buurten_2017.geojson"), rules)
    assert info.value.key == "rules_need_data" and "Koopwoningen" in str(info.value)
    assert "percentage_koopwoningen" not in str(info.value)
    with pytest.raises(WijkkaartError) as info:
        apply_rules(read_areas(real / "cbs_buurten_2024.geojson"), rules)
    assert info.value.key == "rules_no_buurt_has_data"
    assert "later gepubliceerd" in str(info.value)


@pytest.mark.parametrize(
    "source", ["cbs_buurten_2017.geojson", "cbs_buurten_2021.gpkg", "cbs_buurten_2024.geojson"]
)
def test_rules_refusal_says_what_apply_rules_raises(real, source):
    """The panel's cheap question (do the default rules run here?) has apply_rules' answer."""
    from wijkkaart.analysis.typology import (
        DEFAULT_HEAT_RULES,
        DEFAULT_HOUSING_RULES,
        apply_rules,
        parse_rules,
        rules_refusal,
    )
    from wijkkaart.messages import WijkkaartError

    areas = read_areas(real / source)
    for text in (DEFAULT_HOUSING_RULES, DEFAULT_HEAT_RULES, "Rest"):
        rules = parse_rules(text)
        refusal = rules_refusal(areas, rules)
        try:
            apply_rules(areas, rules)
        except WijkkaartError as exc:
            assert refusal is not None and (refusal.key, str(refusal)) == (exc.key, str(exc))
        else:
            assert refusal is None
