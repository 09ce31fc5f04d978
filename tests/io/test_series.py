"""Series over several years: the real Baarn JSON (2016–2025), the real Amstelveen Leefbaarometer
CSV (2014–2022), long tables and year columns; duplicates and a year given twice are refused."""

from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REAL
from wijkkaart.io.missing import code_reason
from wijkkaart.io.series import combine, parse_year, read_series, series_from_table
from wijkkaart.messages import WijkkaartError

BAARN = REAL / "baarn_kerncijfers_buurten_2016_2025.json"
AMSTELVEEN = REAL / "leefbaarometer3_wijken_2014_2022.csv"


def test_baarn_series_loads_every_year_and_buurt(unchanged):
    unchanged(BAARN)
    series = read_series(BAARN)
    raw = json.loads(BAARN.read_text(encoding="utf-8"))
    assert series.years == raw["metadata"]["jaren"] == list(range(2016, 2026))
    assert len(series.codes("buurt")) == len(raw["buurten"]) == 21
    assert series.codes("gemeente") == ["GM0308"]
    # ten in the file; the three education 'percentages' hold counts only (left out, below)
    assert len(raw["metadata"]["indicatoren"]) == 10
    assert len(series.indicators) == 7
    inhabitants = series.table("aantal_inwoners")
    # CBS rounds buurt figures to 5: the buurten add up to the gemeente within that rounding.
    for year in series.years:
        buurten = inhabitants.loc[series.codes("buurt"), year].sum()
        gemeente = inhabitants.loc["GM0308", year]
        assert gemeente == raw["gemeente"]["tijdreeksen"]["aantal_inwoners"][str(year)]
        assert abs(buurten - gemeente) <= 21 * 5
    assert series.names["BU03080000"] == "Centrum"
    assert series.wijk_of["BU03080000"] == "WK030800"
    # null in the file is no value, never 0
    assert np.isnan(series.table("gem_inkomen_huishoudens").loc["BU03080000", 2025])


def test_a_percentage_holding_counts_is_named():
    series = read_series(BAARN)
    notes = [w for w in series.warnings if "% Laag opgeleid" in w]
    assert len(notes) == 1 and "2023, 2024" in notes[0] and "geen percentage" in notes[0]
    assert "weggelaten" in notes[0]
    # left out in every buurt of those years, also where the count is below 100 (a small
    # buurt's 50 or 80 persons would otherwise pass for a percentage)
    raw = json.loads(BAARN.read_text(encoding="utf-8"))
    small = [
        code
        for code, entry in raw["buurten"].items()
        if any(v is not None and v <= 100 for v in entry["tijdreeksen"]["opleiding_laag"].values())
    ]
    assert small  # the real file has such buurten
    assert "opleiding_laag" not in series.indicators
    assert not (series.values["indicator"] == "opleiding_laag").any()
    assert "huishoudens_laag_inkomen" in series.indicators  # true percentages stay


def test_amstelveen_leefbaarometer_per_wijk_over_the_years(unchanged):
    unchanged(AMSTELVEEN)
    series = read_series(AMSTELVEEN)
    with AMSTELVEEN.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert series.years == sorted({int(r["jaar"]) for r in rows}) == [2014, 2018, 2020, 2022]
    assert "1" not in series.indicators  # the row-number column is no indicator
    table = series.table("lbm")  # the source's name finds the catalogue's leefbaarometer_score
    assert "leefbaarometer_score" in series.indicators
    for row in rows:
        assert table.loc[row["wk_code"], int(row["jaar"])] == pytest.approx(float(row["lbm"]))
    assert series.names["WK036201"] == "Randwijck"


@pytest.mark.parametrize(
    ("value", "year"),
    [
        ("2019JJ00", 2019),
        (2019, 2019),
        ("2019", 2019),
        (2019.0, 2019),
        ("2017BU02890000", 2017),
        ("2019MM01", None),
        ("", None),
        ("abc", None),
        (None, None),
        (1850, None),
    ],
)
def test_years_as_sources_write_them(value, year):
    assert parse_year(value) == year


def test_statline_perioden_in_a_wide_table():
    raw = pd.DataFrame(
        {
            "WijkenEnBuurten": ["BU03080000", "BU03080000", "GM0308"],
            "Perioden": ["2019JJ00", "2020JJ00", "2020JJ00"],
            "AantalInwoners_5": ["1750", "1785", "24868"],
        }
    )
    series = series_from_table(raw, "statline.csv")
    assert series.years == [2019, 2020]
    assert series.table("aantal_inwoners").loc["BU03080000", 2020] == 1785


def test_a_long_table_with_a_duplicate_row_is_refused():
    raw = pd.DataFrame(
        {
            "code": ["BU03080000", "BU03080000", "BU03080001"],
            "jaar": ["2020", "2020", "2020"],
            "indicator": ["aantal_inwoners"] * 3,
            "waarde": ["1785", "1790", "950"],
        }
    )
    with pytest.raises(WijkkaartError) as err:
        series_from_table(raw, "lang.csv")
    assert "dubbel gebied-jaar-indicator" in str(err.value)
    assert "BU03080000 2020 aantal_inwoners" in str(err.value)


def test_a_year_given_twice_by_two_sources_is_refused():
    first = read_series(BAARN)
    second = series_from_table(
        pd.DataFrame(
            {
                "code": ["BU03080000"],
                "jaar": ["2019"],
                "indicator": ["aantal_inwoners"],
                "waarde": ["1750"],
            }
        ),
        "eigen_telling.csv",
    )
    with pytest.raises(WijkkaartError) as err:
        combine([first, second])
    assert "Het jaar 2019 van aantal_inwoners staat zowel in" in str(err.value)
    assert "eigen_telling.csv" in str(err.value)


def test_a_table_without_a_year_column_says_so():
    raw = pd.DataFrame({"buurtcode": ["BU03080000"], "aantal_inwoners": ["1785"]})
    with pytest.raises(WijkkaartError) as err:
        series_from_table(raw, "zonder_jaar.csv")
    assert "geen jaarkolom (jaar, Perioden of jrstatcode)" in str(err.value)


codes = st.sampled_from([f"BU0308{i:04d}" for i in range(30)] + ["GM0308", "WK030800"])
years = st.integers(1995, 2030)
names = st.sampled_from(["aantal_inwoners", "woningvoorraad", "eigen_indicator", "lbm"])
# two decimals at most: "1.625" alone cannot be told from 1625 (see the test below)
# values from -99999999 to -99990 are CBS's missing band: tested apart, with the exact codes
values = st.one_of(
    st.floats(-99_989, 1e6, allow_nan=False).map(lambda v: round(v, 2)),
    st.sampled_from([-99997.0, -99995.0, -99999999.0]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(codes, years, names, values), min_size=1, max_size=40))
def test_long_table_parser_keeps_every_value_or_refuses_duplicates(rows):
    """Property: unique (code, year, indicator) rows come back exactly; any repeat is refused."""
    raw = pd.DataFrame(
        {
            "gwb_code": [r[0] for r in rows],
            "Perioden": [f"{r[1]}JJ00" for r in rows],
            "indicator": [r[2] for r in rows],
            "waarde": [repr(r[3]) for r in rows],
        }
    )
    keys = [(r[0], r[1], r[2]) for r in rows]
    if len(set(keys)) < len(keys):
        with pytest.raises(WijkkaartError, match=r"dubbele? gebied-jaar-indicator"):
            series_from_table(raw, "lang.csv")
        return
    series = series_from_table(raw, "lang.csv")
    got = {(r.code, r.year, r.indicator): r.value for r in series.values.itertuples(index=False)}
    canonical = {"lbm": "leefbaarometer_score"}
    expected = {(c, y, canonical.get(i, i)): v for c, y, i, v in rows}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        if code_reason(value) is not None:  # CBS missing codes (-99995 …) are no value
            assert np.isnan(got[key])
        else:
            assert got[key] == pytest.approx(value, rel=1e-12, abs=1e-9)


def test_a_value_that_may_be_thousands_is_not_guessed():
    raw = pd.DataFrame(
        {
            "code": ["BU03080000"],
            "jaar": ["2020"],
            "indicator": ["woningvoorraad"],
            "waarde": ["1.625"],
        }
    )
    with pytest.raises(WijkkaartError, match="niet te zeggen of de punt duizendtallen scheidt"):
        series_from_table(raw, "lang.csv")
    raw.loc[1] = ["BU03080001", "2020", "woningvoorraad", "2.5"]  # now the file shows decimals
    series = series_from_table(raw, "lang.csv")
    assert series.table("woningvoorraad").loc["BU03080000", 2020] == 1.625


def test_an_indicator_whose_definition_changed_is_named_never_joined_silently():
    """INVENTED values; the change in 2022 is the catalogue's (CBS dropped westers/niet-westers)."""
    from wijkkaart.analysis.trend import change, trend

    raw = pd.DataFrame(
        {
            "buurtcode": ["BU03080000"] * 3,
            "jaar": ["2020", "2021", "2022"],
            "percentage_niet_westerse_migratieachtergrond": ["10", "11", "12"],
        }
    )
    series = series_from_table(raw, "herkomst.csv")
    (warning,) = [w for w in series.warnings if "definitie veranderde in 2022" in w]
    assert warning.startswith("Niet-westerse migratieachtergrond: ")
    result = trend(series, ["BU03080000"], "percentage_niet_westerse_migratieachtergrond")
    assert warning in result.notes
    table = series.table("percentage_niet_westerse_migratieachtergrond")
    with pytest.raises(WijkkaartError, match="Kies twee jaren aan dezelfde kant van 2022"):
        change(table, 2020, 2022, "%", indicator="percentage_niet_westerse_migratieachtergrond")
    ok = change(table, 2020, 2021, "%", indicator="percentage_niet_westerse_migratieachtergrond")
    assert ok.absolute["BU03080000"] == 1.0
    # before the change only: nothing to say
    before = series_from_table(raw.iloc[:2], "herkomst.csv")
    assert not [w for w in before.warnings if "definitie" in w]


def test_a_real_statline_download_with_perioden(unchanged):
    """CBS StatLine 85163NED as downloaded: 'Perioden' is the year column, titles carry units."""
    path = REAL / "statline_85163NED_ses_woa_amsterdam_2019.csv"
    unchanged(path)
    series = read_series(path)
    assert series.years == [2019]
    assert {"GM0363", "WK036300"} <= set(series.codes())
    households = series.table("aantal_huishoudens")  # "Particuliere huishoudens (Aantal)"
    assert households.loc["GM0363", 2019] == 457400
    assert households.loc["WK036300", 2019] == 2900
    assert series.table("sociaaleconomische_score").loc["GM0363", 2019] == pytest.approx(-0.1)
