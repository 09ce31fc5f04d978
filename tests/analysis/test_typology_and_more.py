"""Typologies, stacking, housing-mix scenarios, start-buurt ranking and neighbours on Utrecht."""

import numpy as np
import pandas as pd
import pytest
import shapely

from wijkkaart.analysis.neighbours import neighbouring_buurten
from wijkkaart.analysis.profile import profile, shares_for_wijk
from wijkkaart.analysis.ranking import Criterion, rank_start_buurten
from wijkkaart.analysis.scenario import Mix, current_mix, scenarios
from wijkkaart.analysis.stacking import stacking
from wijkkaart.analysis.typology import (
    DEFAULT_HEAT_RULES,
    DEFAULT_HOUSING_RULES,
    apply_rules,
    cluster,
    parse_rules,
)
from wijkkaart.messages import WijkkaartError
from wijkkaart.paths import sample_project
from wijkkaart.project import build_areas, load_project


@pytest.fixture(scope="module")
def areas():
    return build_areas(load_project(sample_project()))


def test_parse_rules_with_friendly_names_and_decimal_comma():
    rules = parse_rules(
        "Corporatiebuurt: corporatiebezit >= 60\n"
        "Koop en groen: Koopwoningen > 50,5 % en leefbaarometer >= 4\n"
        "# een opmerking\nRest"
    )
    assert [r.name for r in rules] == ["Corporatiebuurt", "Koop en groen", "Rest"]
    assert rules[0].conditions[0].indicator == "perc_huurwoningen_in_bezit_woningcorporaties"
    assert rules[1].conditions[0].value == 50.5
    assert rules[1].conditions[1].indicator == "leefbaarometer_score"
    assert rules[2].conditions == ()
    with pytest.raises(WijkkaartError, match="niet te lezen"):
        parse_rules("Kapot: corporatiebezit ongeveer 60")
    with pytest.raises(WijkkaartError, match="geen bekende indicator"):
        parse_rules("X: schoenmaat >= 40")


def test_rules_first_match_wins_on_known_buurten(areas):
    result = apply_rules(areas, parse_rules(DEFAULT_HOUSING_RULES))
    f = areas.frame
    for code, expected in (("BU03440311", None), ("BU03440112", "Koopbuurt")):
        if expected:
            assert result.types[code] == expected
    # Every buurt gets the first type whose conditions hold, checked independently here:
    for code in f.index:
        corp = f.at[code, "perc_huurwoningen_in_bezit_woningcorporaties"]
        private = f.at[code, "perc_huurwoningen_in_bezit_overige_verhuurders"]
        koop = f.at[code, "percentage_koopwoningen"]
        multi = f.at[code, "percentage_meergezinswoning"]
        # A missing value in a rule that might apply gives no type ("geen gegevens").
        want = None
        for value, limit, name in (
            (corp, 60, "Corporatiebuurt"),
            (private, 35, "Buurt met veel particuliere huur"),
            (koop, 70, "Koopbuurt"),
            (multi, 60, "Gemengde hoogbouwbuurt"),
            (0, 0, "Gemengde buurt"),
        ):
            if pd.isna(value) or value >= limit:
                want = None if pd.isna(value) else name
                break
        assert result.types[code] == want, code
    assert sorted(result.undetermined) == sorted(result.types.index[result.types.isna()])
    exp = result.explanation
    assert exp.loc["Gemeente", "buurten"] == 111
    assert exp.drop(index="Gemeente")["buurten"].sum() == 111 - len(result.undetermined)
    assert (
        exp.loc["Koopbuurt", "percentage_koopwoningen"]
        > exp.loc["Gemeente", "percentage_koopwoningen"]
    )


def test_heat_rules_run_on_sample(areas):
    result = apply_rules(areas, parse_rules(DEFAULT_HEAT_RULES))
    # Every buurt has a type, except those whose data the rules need is missing.
    assert set(result.types.index[result.types.isna()]) == set(result.undetermined)
    assert len(result.undetermined) < 5 and "geen gegevens" in result.warnings[0]
    assert "Overige buurten" not in result.types.reindex(result.undetermined).tolist()


def test_clustering_is_reproducible_with_stable_numbers(areas):
    chosen = [
        "percentage_koopwoningen",
        "percentage_meergezinswoning",
        "gemiddeld_gasverbruik_totaal",
        "leefbaarometer_score",
    ]
    first = cluster(areas, chosen, 4, seed=7)
    again = cluster(areas, chosen, 4, seed=7)
    pd.testing.assert_series_equal(first.types, again.types)
    means = first.explanation.drop(index="Gemeente")["percentage_koopwoningen"]
    assert list(means) == sorted(means)  # type 1 has the lowest owner share
    ward = cluster(areas, chosen, 4, method="ward")
    assert ward.types.dropna().nunique() == 4
    assert any("zonder alle indicatoren" in w for w in first.warnings)


def test_contiguous_regions_are_connected_and_large_enough(areas):
    chosen = ["percentage_koopwoningen", "percentage_meergezinswoning"]
    result = cluster(areas, chosen, 6, contiguous=True, min_inhabitants=20_000)
    frame = areas.statistics_frame()
    for name, members in result.types.dropna().groupby(result.types.dropna()):
        union = shapely.union_all(shapely.buffer(frame.loc[members.index].geometry.to_numpy(), 1))
        assert union.geom_type == "Polygon", name  # one connected region
        assert frame.loc[members.index, "aantal_inwoners"].sum() >= 20_000


def test_migration_background_refused_in_clustering(areas):
    with pytest.raises(WijkkaartError, match="Migratieachtergrond"):
        cluster(areas, ["percentage_niet_westerse_migratieachtergrond"], 3)


def test_stacking_counts_worse_than_average_with_direction(areas):
    result = stacking(areas, ["leefbaarometer_score", "gemiddeld_gasverbruik_totaal"], margin=0.5)
    f = areas.statistics_frame()
    lbm = f.leefbaarometer_score
    worse_lbm = lbm < result.averages["leefbaarometer_score"] - 0.5 * np.nanstd(lbm)
    gas = f.gemiddeld_gasverbruik_totaal
    worse_gas = gas > result.averages["gemiddeld_gasverbruik_totaal"] + 0.5 * np.nanstd(gas)
    expected = worse_lbm.fillna(False).astype(int) + worse_gas.fillna(False).astype(int)
    assert (result.count == expected).all()
    code = result.count.idxmax()
    assert len(result.contributing(code)) == result.count[code]
    with pytest.raises(WijkkaartError, match="beter of slechter"):
        stacking(areas, ["percentage_koopwoningen"])


def test_scenarios_in_dwellings():
    current = Mix(koop=200, corporatie=700, particulier=100)
    table = scenarios(current, {"koop": 40, "corporatie": 50, "particulier": 10})
    sale = table.loc["verkoop"]
    assert sale["verkopen"] == 200 and sale["totaal"] == 1000 and sale["koop_pct"] == 40
    assert sale["haalbaar"]
    rebuild = table.loc["sloop-nieuwbouw"]
    assert rebuild["slopen"] == 200 and rebuild["bouwen"] == 200 and rebuild["totaal"] == 1000
    add = table.loc["toevoegen"]
    assert add["slopen"] == 0 and add["corporatie"] == 700
    assert add["totaal"] == 1400 and add["koop_pct"] == 40 and add["bouwen"] == 400
    with pytest.raises(WijkkaartError, match="100"):
        scenarios(current, {"koop": 50, "corporatie": 30, "particulier": 10})


def test_current_mix_from_profile(areas):
    result = profile(areas, shares_for_wijk(areas, "WK034403"))
    mix = current_mix(result)
    stock = result.indicators["woningvoorraad"].value.value
    assert mix.koop == pytest.approx(
        result.indicators["percentage_koopwoningen"].value.value / 100 * stock
    )


def test_ranking_contributions_add_up_and_weights_matter(areas):
    crits = [
        Criterion("perc_huurwoningen_in_bezit_woningcorporaties", 3),
        Criterion("gemiddeld_gasverbruik_totaal", 1),
    ]
    ranking = rank_start_buurten(areas, crits)
    assert (ranking.contributions.sum(axis=1) - ranking.score).abs().max() < 1e-12
    best = ranking.rank.idxmin()
    corp = areas.frame["perc_huurwoningen_in_bezit_woningcorporaties"]
    assert corp[best] >= corp.quantile(0.75)
    only_gas = rank_start_buurten(areas, [Criterion("gemiddeld_gasverbruik_totaal", 1)])
    gas = areas.statistics_frame()["gemiddeld_gasverbruik_totaal"]
    assert only_gas.rank.idxmin() == gas.idxmax()


def test_neighbours_of_overvecht(areas):
    codes = shares_for_wijk(areas, "WK034403").index
    polygon = areas.frame.loc[list(codes)].geometry.union_all()
    result = neighbouring_buurten(areas, polygon)
    assert len(result) > 3
    assert not set(result.index) & set(codes)
    for code in result.index:
        assert areas.frame.at[code, "geometry"].distance(polygon) < 2


def test_kmeans_one_initialisation_at_a_time_equals_sklearn_and_stops_on_cancel(areas):
    """The typology's k-means runs sklearn's ten initialisations one by one (a cancel point
    between two) and gives sklearn's own labels; Annuleren stops it after the current one."""
    from sklearn.cluster import KMeans

    from wijkkaart.analysis.typology import _kmeans
    from wijkkaart.feedback import Cancelled, Feedback

    chosen = ["percentage_koopwoningen", "gemiddeld_gasverbruik_totaal", "leefbaarometer_score"]
    frame = areas.statistics_frame()[chosen].apply(pd.to_numeric, errors="coerce").dropna()
    x = frame.to_numpy(dtype=float)
    z = (x - x.mean(axis=0)) / x.std(axis=0)
    for k, seed in ((3, 0), (4, 7), (6, 1)):
        expected = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(z)
        assert (_kmeans(z, k, seed, Feedback()) == expected).all()
    reports: list[float] = []
    feedback = Feedback(lambda fraction, _message: reports.append(fraction))

    def cancel_after_three(fraction: float, _message: str) -> None:
        reports.append(fraction)
        if len(reports) == 3:
            feedback.cancel()

    feedback = Feedback(cancel_after_three)
    with pytest.raises(Cancelled):
        _kmeans(z, 4, 0, feedback)
    assert reports == [0.0, 0.1, 0.2]  # the fourth initialisation never started
