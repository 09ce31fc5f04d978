"""Trends, pooled and change classes, goals and the waterbed watch on the real Baarn series.

Where a test needs a situation the real data do not show (a waterbed pattern, a fast-growing
population), it builds a small series of INVENTED values, marked as such.
"""

from __future__ import annotations

import mapclassify
import numpy as np
import pandas as pd
import pytest

from tests.conftest import REAL
from wijkkaart.analysis.goals import Goal, evaluate
from wijkkaart.analysis.trend import (
    area_codes,
    change,
    classify,
    diverging_breaks,
    pooled_breaks,
    trend,
    waterbed,
)
from wijkkaart.io.series import Series, read_series
from wijkkaart.messages import WijkkaartError, text

BAARN = REAL / "baarn_kerncijfers_buurten_2016_2025.json"


@pytest.fixture(scope="module")
def baarn() -> Series:
    return read_series(BAARN)


def test_a_wijk_is_its_buurten_weighted_by_inhabitants(baarn):
    codes = area_codes(baarn, wijk="WK030800")
    assert codes == [f"BU030800{i:02d}" for i in range(8)]
    result = trend(baarn, codes, "huishoudens_laag_inkomen")
    rate = baarn.table("huishoudens_laag_inkomen").loc[codes]
    people = baarn.table("aantal_inwoners").loc[codes]
    for year in (2016, 2020, 2023):
        expected = (rate[year] * people[year]).sum() / people[year].sum()
        assert result.area.values[year] == pytest.approx(expected)
    assert np.isnan(result.area.values[2024])  # not published: no value, never 0
    # The gemeente line is the gemeente's own published row.
    assert result.gemeente is not None
    assert (
        result.gemeente.values[2016] == baarn.table("huishoudens_laag_inkomen").loc["GM0308", 2016]
    )
    notes = " ".join(result.notes)
    assert "een benadering" in notes  # households are not in the data: said, not hidden
    assert "Geen G4-vergelijking" in notes and "Geen landelijke vergelijking" in notes


def test_counts_of_several_buurten_are_summed(baarn):
    codes = area_codes(baarn, wijk="WK030801")
    result = trend(baarn, codes, "aantal_inwoners")
    people = baarn.table("aantal_inwoners").loc[codes]
    assert result.area.values == {int(y): float(people[y].sum()) for y in people.columns}


def test_pooled_breaks_are_mapclassifys_and_hold_for_every_year(baarn):
    table = baarn.table("huishoudens_laag_inkomen").loc[baarn.codes("buurt"), 2016:2023]
    breaks = pooled_breaks(table, k=5)
    complete = table.dropna().to_numpy()
    expected = mapclassify.Pooled(complete, classifier="Quantiles", k=5).global_classifier.bins
    assert breaks == pytest.approx(list(expected))
    # one value, one class, whatever the year
    classes = classify(table.to_numpy().ravel(), breaks)
    value = table.iloc[0, 0]
    same = table.to_numpy().ravel() == value
    assert len(set(classes[same])) == 1


def test_change_between_two_years_in_percentage_points(baarn):
    table = baarn.table("huishoudens_laag_inkomen").loc[baarn.codes("buurt")]
    result = change(table, 2016, 2023, unit="%")
    assert result.is_percentage and "procentpunten" in result.label
    assert result.absolute["BU03080000"] == pytest.approx(4.3 - 7.8)
    assert result.relative["BU03080000"] == pytest.approx((4.3 - 7.8) / 7.8 * 100)
    breaks = result.breaks
    assert len(breaks) == 5
    assert breaks[:2] == pytest.approx([-b for b in reversed(breaks[2:4])])
    middle = classify(np.array([0.0]), breaks)[0]
    assert middle == 2  # 'no change' is the middle class of a diverging scale
    with pytest.raises(WijkkaartError, match="niet in de gegevens"):
        change(table, 2015, 2023)
    with pytest.raises(WijkkaartError, match="twee verschillende jaren"):
        change(table, 2020, 2020)


def test_diverging_breaks_are_symmetric_around_zero():
    breaks = diverging_breaks(np.array([-3.0, 1.0, 2.0]), k=5)
    assert breaks[-1] == 3.0
    assert breaks[0] == pytest.approx(-breaks[-2])


def test_goal_status_per_year_follows_the_line_to_the_target(baarn):
    result = trend(baarn, ["BU03080000"], "huishoudens_laag_inkomen")
    goal = Goal("huishoudens_laag_inkomen", 2016, "absolute", 2023, target_value=5.0)
    status = evaluate(goal, result)
    values = baarn.table("huishoudens_laag_inkomen").loc["BU03080000"]
    assert status.baseline == values[2016] == 7.8
    for year in range(2017, 2024):
        path = 7.8 + (year - 2016) / 7 * (5.0 - 7.8)
        value = values[year]
        expected = "reached" if value <= 5.0 else "on_track" if value <= path else "behind"
        assert status.per_year[year] == expected, year
        assert status.expected[year] == pytest.approx(path)
    assert status.per_year[2017] == "behind"  # 8.4 > 7.4
    assert status.per_year[2022] == "reached"  # 3.7 <= 5.0
    assert status.per_year[2024] == "no_data"


def test_close_half_the_gap_to_the_gemeente(baarn):
    result = trend(baarn, ["BU03080000"], "huishoudens_laag_inkomen")
    goal = Goal(
        "huishoudens_laag_inkomen", 2016, "gap", 2026, target_value=50, party="gemeente Baarn"
    )
    status = evaluate(goal, result)
    gemeente = baarn.table("huishoudens_laag_inkomen").loc["GM0308", 2016]
    assert status.target == pytest.approx(7.8 + 0.5 * (gemeente - 7.8))
    assert "50% van de achterstand op het gemeentelijk gemiddelde inlopen in 2026" in (
        goal.describe()
    )


def test_a_g4_goal_without_g4_data_is_a_dutch_message(baarn):
    result = trend(baarn, ["BU03080000"], "huishoudens_laag_inkomen")
    with pytest.raises(WijkkaartError, match="het gemiddelde van de G4"):
        evaluate(Goal("huishoudens_laag_inkomen", 2016, "g4", 2030), result)
    with pytest.raises(WijkkaartError, match="niet na het basisjaar"):
        Goal("huishoudens_laag_inkomen", 2020, "gemeente", 2019)


def invented_series(focus: list[float], neighbours: list[float], people: list[float]) -> Series:
    """INVENTED values for three buurten of one gemeente over three years (test values)."""
    rows = []
    for year, f, n in zip((2016, 2020, 2024), focus, neighbours, strict=True):
        rows += [("BU09990001", year, "huishoudens_laag_inkomen", f)]
        rows += [("BU09990002", year, "huishoudens_laag_inkomen", n)]
        rows += [("BU09990003", year, "huishoudens_laag_inkomen", 5.0)]
    for year, p in zip((2016, 2020, 2024), people, strict=True):
        rows += [
            (c, year, "aantal_inwoners", p) for c in ("BU09990001", "BU09990002", "BU09990003")
        ]
    frame = pd.DataFrame(rows, columns=["code", "year", "indicator", "value"])
    return Series(frame, source="invented", higher_worse={"huishoudens_laag_inkomen": True})


def test_waterbed_flags_neighbours_worsening_while_the_focus_improves():
    series = invented_series([9.0, 7.0, 5.0], [4.0, 5.0, 6.5], [1000, 1000, 1000])
    (row,) = waterbed(series, ["BU09990001"], ["BU09990002"], ["huishoudens_laag_inkomen"])
    assert row.flagged and "waterbedeffect" in row.text and "niet waardoor" in row.text
    assert row.rest.values == {2016: 5.0, 2020: 5.0, 2024: 5.0}
    calm = invented_series([9.0, 7.0, 5.0], [6.0, 5.5, 5.0], [1000, 1000, 1000])
    (row,) = waterbed(calm, ["BU09990001"], ["BU09990002"], ["huishoudens_laag_inkomen"])
    assert not row.flagged


def test_a_changing_population_gets_the_caveat(baarn):
    growing = invented_series([9.0, 7.0, 5.0], [4.0, 5.0, 6.5], [1000, 1100, 1300])
    result = trend(growing, ["BU09990001"], "huishoudens_laag_inkomen")
    assert any("andere mensen" in note and "30%" in note for note in result.notes)
    steady = trend(baarn, area_codes(baarn, wijk="WK030800"), "huishoudens_laag_inkomen")
    assert not any("andere mensen" in note for note in steady.notes)  # Baarn grew 2.4%


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_causal_wording(language):
    from wijkkaart.messages import set_language

    set_language(language)
    keys = ["wb_flag", "wb_ok", "trend_turnover", "goal_moving_target"]
    words = [text(k) for k in keys]
    words += [text(f"goal_status_{s}") for s in ("on_track", "behind", "reached", "no_data")]
    joined = " ".join(words).lower()
    for phrase in (
        "effect van",
        "dankzij",
        "door het programma",
        "effect of",
        "thanks to",
        "caused",
        "veroorzaakt",
    ):
        assert phrase not in joined
