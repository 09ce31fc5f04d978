"""Profiles of areas on the real Utrecht data, checked against sums computed by hand."""

import math

import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from wijkkaart.analysis.profile import (
    profile,
    shares_for_codes,
    shares_for_polygon,
    shares_for_wijk,
)
from wijkkaart.messages import WijkkaartError
from wijkkaart.project import build_areas, load_project

OVERVECHT = "WK034403"


@pytest.fixture(scope="module")
def areas():
    from wijkkaart.paths import sample_project

    return build_areas(load_project(sample_project()))


@pytest.fixture(scope="module")
def table(sample_dir=None):
    from wijkkaart.paths import resources_dir

    raw = pd.read_csv(
        resources_dir() / "sample" / "utrecht_kerncijfers_2020.csv",
        dtype={"buurt_code": str},
        na_values=".",
    )
    return raw.set_index("buurt_code")


def test_overvecht_equals_dwelling_weighted_sums_by_hand(areas, table):
    result = profile(areas, shares_for_wijk(areas, OVERVECHT))
    rows = table[table.index.str[2:8] == "034403"]
    assert sorted(result.shares.index) == sorted(rows.index)
    assert len(rows) > 5
    got = result.indicators
    assert got["aantal_inwoners"].value.value == rows["aantal_inwoners"].sum()
    assert got["woningvoorraad"].value.value == rows["woningvoorraad"].sum()
    known = rows.dropna(subset=["koopwoning_percentage"])
    expected = (
        known.koopwoning_percentage * known.woningvoorraad
    ).sum() / known.woningvoorraad.sum()
    assert got["percentage_koopwoningen"].value.value == pytest.approx(expected)
    plain_mean = rows.koopwoning_percentage.mean()
    assert abs(expected - plain_mean) > 0.1  # the weighting matters here
    # household size is weighted by households, which this table lacks: missing, not wrong
    assert math.isnan(got["gemiddelde_huishoudsgrootte"].value.value)
    assert got["gemiddelde_huishoudsgrootte"].value.reason == "no_weight"
    # the gemeente value is beside it
    all_known = table.dropna(subset=["koopwoning_percentage"])
    gemeente = (all_known.koopwoning_percentage * all_known.woningvoorraad).sum() / (
        all_known.woningvoorraad.sum()
    )
    assert got["percentage_koopwoningen"].gemeente.value == pytest.approx(gemeente)


def test_missing_values_leave_numerator_and_weight_with_coverage(areas, table):
    codes = ["BU03440911", "BU03440311"]  # De Wetering has no housing figures
    result = profile(areas, shares_for_codes(areas, codes))
    koop = result.indicators["percentage_koopwoningen"].value
    assert koop.value == pytest.approx(table.at["BU03440311", "koopwoning_percentage"])
    stock = table.loc[codes, "woningvoorraad"]
    assert koop.coverage == pytest.approx(stock["BU03440311"] / stock.sum())


def test_polygon_identical_to_a_buurt_reproduces_it(areas):
    code = "BU03440311"
    polygon = areas.frame.at[code, "geometry"]
    shares = shares_for_polygon(areas, polygon)
    assert shares[code] == 1.0
    assert all(s < 0.01 for c, s in shares.items() if c != code)  # neighbours touch at most
    shares = shares[shares > 0.01]
    result = profile(areas, shares)
    for column in (
        "aantal_inwoners",
        "percentage_koopwoningen",
        "gemiddeld_gasverbruik_totaal",
        "perc_huurwoningen_in_bezit_woningcorporaties",
    ):
        assert result.indicators[column].value.value == pytest.approx(areas.frame.at[code, column])
    assert result.partial == []


def test_half_a_buurt_gets_half_its_counts(areas):
    code = "BU03440311"
    geom = areas.frame.at[code, "geometry"]
    minx, miny, maxx, maxy = geom.bounds
    lo, hi = minx, maxx
    for _ in range(60):  # find the vertical line that halves the buurt's area
        mid = (lo + hi) / 2
        if shapely.area(shapely.intersection(geom, box(minx, miny, mid, maxy))) < geom.area / 2:
            lo = mid
        else:
            hi = mid
    half = shapely.intersection(geom, box(minx - 1, miny - 1, (lo + hi) / 2, maxy + 1))
    shares = shares_for_polygon(areas, half)
    assert shares[code] == pytest.approx(0.5, abs=1e-6)
    result = profile(areas, shares.loc[[code]])
    assert result.indicators["aantal_inwoners"].value.value == pytest.approx(
        areas.frame.at[code, "aantal_inwoners"] / 2
    )
    assert result.indicators["percentage_koopwoningen"].value.value == pytest.approx(
        areas.frame.at[code, "percentage_koopwoningen"]
    )
    assert result.partial == [code]


def test_heat_plan_as_distribution_and_years_as_range(areas):
    result = profile(areas, shares_for_wijk(areas, OVERVECHT))
    strategy = result.indicators["warmtestrategie"].value
    assert abs(sum(strategy.distribution.values()) - 1) < 1e-9
    assert strategy.value in strategy.distribution
    years = result.indicators["jaar_aardgasvrij"].value
    assert years.low <= years.high


def test_unknown_codes(areas):
    with pytest.raises(WijkkaartError, match="BU99999999"):
        shares_for_codes(areas, ["BU99999999"])
    with pytest.raises(WijkkaartError, match="WK999999"):
        shares_for_wijk(areas, "WK999999")


def test_json_shape(areas):
    data = profile(areas, shares_for_wijk(areas, OVERVECHT)).to_dict()
    entry = data["indicators"]["percentage_koopwoningen"]
    assert set(entry) >= {"value", "gemeente", "weight", "coverage"}
    assert entry["weight"] == "woningvoorraad"
    assert {b["share"] for b in data["buurten"]} == {1.0}


def test_national_value_from_the_kwb_table_is_kept_beside(tmp_path):
    from tests.fixtures import write_kwb_csv
    from wijkkaart.io.areas import read_areas

    data = read_areas(write_kwb_csv(tmp_path))
    assert data.national["percentage_koopwoningen"] == 57
    result = profile(data, shares_for_codes(data, ["BU04790101"])).to_dict()
    entry = result["indicators"]["percentage_koopwoningen"]
    assert (entry["value"], entry["national"]) == (40.5, 57.0)


def test_a_polygon_is_never_prepared_in_place(areas):
    """Preparing changes a geometry in place; a focus area's geometry is shared by the jobs that
    read it at the same time (the profile job and the export preview), and two threads
    preparing one geometry crashed the process (segmentation fault in the preview job).
    The input stays as it came, and concurrent calls on one polygon give the same shares."""
    from concurrent.futures import ThreadPoolExecutor

    frame = areas.frame
    polygon = shapely.union_all(frame.geometry.to_numpy()[:12]).buffer(-5)
    assert not shapely.is_prepared(polygon)
    first = shares_for_polygon(areas, polygon)
    assert not shapely.is_prepared(polygon)
    assert len(first) >= 10
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: shares_for_polygon(areas, polygon), range(40)))
    assert all(r.equals(first) for r in results)
