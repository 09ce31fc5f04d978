"""Crosswalk between buurt vintages on the real Wageningen re-division (2017 → 2018).

The Wageningen files have geometry only; the counts and rates attached here are INVENTED test
values (random, seeded), marked as such, and never shown as real figures.
"""

from __future__ import annotations

import warnings

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

from tests.conftest import REAL
from wijkkaart.analysis.crosswalk import build_crosswalk, dissolve_to_wijken, matrix_csv
from wijkkaart.io.areas import read_areas
from wijkkaart.io.bag import read_bag_points
from wijkkaart.messages import WijkkaartError

OLD = REAL / "wageningen_buurten_2017_generalised.geojson"
NEW = REAL / "wageningen_buurten_2018_generalised.geojson"
APPINGEDAM = REAL / "buurten_2020_generalised.geojson"
BAG = REAL / "bag_verblijfsobjecten_sample.csv"


@pytest.fixture(scope="module")
def vintages() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    return read_areas(OLD).frame, read_areas(NEW).frame


@pytest.fixture(scope="module")
def walk(vintages):
    old, new = vintages
    return build_crosswalk(old, new, old_vintage=2017, new_vintage=2018)


def invented_values(codes: pd.Index, seed: int = 7) -> pd.DataFrame:
    """INVENTED counts and rates for the geometry-only Wageningen buurten (test values)."""
    rng = np.random.default_rng(seed)
    n = len(codes)
    return pd.DataFrame(
        {
            "aantal_inwoners": rng.integers(50, 6000, n).astype(float),
            "woningvoorraad": rng.integers(20, 3000, n).astype(float),
            "percentage_koopwoningen": rng.uniform(10, 90, n).round(),
        },
        index=codes,
    )


def test_every_old_buurt_is_fully_accounted_for(walk):
    per_old = walk.matrix.groupby("van")["aandeel"].sum()
    assert len(per_old) == 14
    assert np.allclose(per_old.to_numpy(), 1.0)
    assert set(walk.matrix["naar"]) - {""} == set(walk.new_codes)
    assert list(walk.matrix.columns[:3]) == ["van", "naar", "aandeel"]


def test_the_remainder_outside_the_new_division_is_reported(walk, vintages):
    old, new = vintages
    outside = walk.matrix[walk.matrix["naar"] == ""]
    assert not outside.empty and (outside["opmerking"] == "buiten de nieuwe indeling").all()
    # The remainder is what the new division does not cover, measured independently.
    uncovered = shapely.area(shapely.difference(old.geometry.to_numpy(), new.union_all()))
    rest = walk.matrix[walk.matrix["naar"] == ""].set_index("van")["oppervlakte_m2"]
    for code, area in rest.items():
        assert area == pytest.approx(uncovered[old.index.get_loc(code)], rel=1e-6, abs=1.0)
    assert any("BU02890105" in note for note in walk.notes)


def test_counts_keep_their_totals_and_rates_are_reweighted(walk, vintages):
    old = vintages[0]
    values = invented_values(old.index)
    result = walk.apportion(values)
    by = {c.indicator: c for c in result.conservation}
    assert set(by) == {"aantal_inwoners", "woningvoorraad"}
    for item in by.values():
        assert item.holds, item.text()
        assert item.old_total == pytest.approx(values[item.indicator].sum())
        assert item.new_total == pytest.approx(result.frame[item.indicator].sum())
    # A rate is weighted by its catalogue weight (woningvoorraad), apportioned like a count.
    shares = walk.shares().toarray()
    j = walk.new_codes.index("BU02890901")  # Binnenstad: composed of four old buurten
    w = values["woningvoorraad"].to_numpy() * shares[:, j]
    expected = (w * values["percentage_koopwoningen"].to_numpy()).sum() / w.sum()
    assert result.frame.loc["BU02890901", "percentage_koopwoningen"] == pytest.approx(expected)
    assert result.methods["percentage_koopwoningen"] == "weighted_mean:woningvoorraad"


def test_area_weighting_agrees_with_tobler(walk, vintages):
    tobler = pytest.importorskip("tobler.area_weighted")
    old, new = vintages
    values = invented_values(old.index).assign(eigen_score=np.linspace(1.0, 5.0, len(old)))
    ours = walk.apportion(values).frame
    source = gpd.GeoDataFrame(values, geometry=old.geometry.to_numpy(), crs=old.crs)
    target = gpd.GeoDataFrame(geometry=new.geometry.to_numpy(), crs=new.crs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = tobler.area_interpolate(
            source,
            target,
            extensive_variables=["aantal_inwoners"],
            intensive_variables=["eigen_score"],
            allocate_total=False,  # like us: the part outside the new division is not spread
        )
    # tobler keeps its area table in float32: agreement to about 1e-6 relative.
    assert np.allclose(theirs["aantal_inwoners"], ours["aantal_inwoners"], rtol=1e-5)
    assert np.allclose(theirs["eigen_score"], ours["eigen_score"], rtol=1e-5)


def test_each_reference_buurt_says_how_it_was_derived(walk):
    assert set(walk.derivations) == set(walk.new_codes)
    hooilanden = walk.derivations["BU02890102"]
    assert hooilanden.kind == "part" and hooilanden.sources[0].code == "BU02890007"
    assert hooilanden.text().startswith("Deel van BU02890007 (31%")
    # BU02890003 (Buitenwijk Wageningen-West) was split over many new buurten.
    west = [
        d
        for d in walk.derivations.values()
        if any(s.code == "BU02890003" and s.share_of_old >= 0.01 for s in d.sources)
    ]
    assert len(west) >= 8
    assert (
        walk.footnote() == "2017 omgerekend naar de buurtindeling van 2018, naar rato van "
        "oppervlakte."
    )


def test_a_reused_wijk_code_is_caught_by_the_overlap(vintages):
    old, new = (dissolve_to_wijken(frame) for frame in vintages)
    assert "WK028901" in old.index and "WK028901" in new.index
    walk = build_crosswalk(old, new, old_vintage=2017, new_vintage=2018)
    derivation = walk.derivations["WK028901"]
    assert derivation.kind != "unchanged"
    # Most of the 2018 WK028901 comes from the 2017 WK028900, not from the old WK028901.
    assert derivation.sources[0].code == "WK028900"
    assert any("WK028901" in note and "niet hetzelfde gebied" in note for note in walk.notes)


def split_buurt(frame: gpd.GeoDataFrame, code: str) -> gpd.GeoDataFrame:
    """A CONSTRUCTED later vintage: one real buurt cut in two halves along its centroid."""
    geom = frame.geometry[code]
    cx = geom.centroid.x
    minx, miny, _, maxy = geom.bounds
    west = shapely.intersection(geom, shapely.box(minx - 1, miny - 1, cx, maxy + 1))
    east = shapely.difference(geom, west)
    rows = frame.drop(index=code)
    parts = gpd.GeoDataFrame(
        {"naam": ["west", "oost"]},
        geometry=[west, east],
        index=[code + "W", code + "E"],
        crs=frame.crs,
    )
    return pd.concat([rows[["naam", "geometry"]], parts])


def test_bag_dwellings_weigh_the_pieces():
    old = read_areas(APPINGEDAM).frame
    bag = read_bag_points(BAG)
    counts = old.sjoin(bag[bag["woonfunctie"]], predicate="contains").index.value_counts()
    code = counts.index[0]  # the buurt with most sample dwellings
    new = split_buurt(old, code)
    walk = build_crosswalk(old, new, bag, old_vintage=2020, new_vintage=2021)
    assert walk.weighting == "woningen"
    dwellings = bag[bag["woonfunctie"]]
    in_west = int(dwellings.within(new.geometry[code + "W"]).sum())
    in_east = int(dwellings.within(new.geometry[code + "E"]).sum())
    assert in_west + in_east == counts[code]
    rows = walk.matrix[walk.matrix["van"] == code].set_index("naar")
    assert rows.loc[code + "W", "gewicht"] == in_west
    assert rows.loc[code + "W", "aandeel"] == pytest.approx(in_west / (in_west + in_east))
    assert rows.loc[code + "W", "gewogen_naar"] == "woningen"
    # A buurt without a sample dwelling keeps its area weights, and says so.
    empty = [c for c in old.index if c not in counts.index]
    weighed = walk.matrix.set_index("van").loc[empty, "gewogen_naar"]
    assert empty and (weighed == "oppervlakte").all()
    assert any("naar oppervlakte verdeeld" in note for note in walk.notes)
    by_area = build_crosswalk(old, new)
    area_share = by_area.matrix[
        (by_area.matrix["van"] == code) & (by_area.matrix["naar"] == code + "W")
    ]["aandeel"].iloc[0]
    assert area_share != pytest.approx(in_west / (in_west + in_east), abs=0.01)


def test_two_gemeenten_are_refused(vintages):
    with pytest.raises(WijkkaartError) as err:
        build_crosswalk(vintages[0], read_areas(APPINGEDAM).frame)
    assert "verschillende gemeenten" in str(err.value)
    assert "GM0289" in str(err.value) and "GM0003" in str(err.value)


def test_a_vintage_that_does_not_overlap_is_refused(vintages):
    old, new = vintages
    shifted = old.set_geometry(old.translate(xoff=40_000))  # CONSTRUCTED: moved 40 km east
    with pytest.raises(WijkkaartError) as err:
        build_crosswalk(shifted, new)
    assert "maar 0% binnen de referentie-indeling" in str(err.value)


def test_a_bag_file_of_another_area_is_refused(vintages):
    with pytest.raises(WijkkaartError) as err:
        build_crosswalk(*vintages, bag=read_bag_points(BAG))
    assert "hoort bij een ander gebied" in str(err.value)


def test_matrix_csv_has_the_documented_columns(walk):
    text = matrix_csv(walk)
    header = text.splitlines()[0].split(",")
    assert header == [
        "van",
        "naar",
        "aandeel",
        "gewicht",
        "gewogen_naar",
        "oppervlakte_m2",
        "opmerking",
    ]
    frame = pd.read_csv(pd.io.common.StringIO(text), dtype={"naar": str}, keep_default_na=False)
    assert np.allclose(frame.groupby("van")["aandeel"].sum(), 1.0, atol=1e-5)
