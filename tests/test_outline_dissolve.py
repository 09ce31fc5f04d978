"""Wijk and gemeente outlines dissolved from real buurten (Zaanstad, CBS 2017).

The outlines are made from buurten simplified by DISPLAY_TOLERANCE and merged with a coverage
union; they must match a plain union of the unsimplified buurten within that tolerance, and
sharing the simplified shapes between the levels (new projects do) must change nothing.
"""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from wijkkaart.gemeenten import gemeente_of, wijk_of
from wijkkaart.io.areas import read_areas
from wijkkaart.io.codes import normalise_code, normalise_codes
from wijkkaart.layers.outlines import DISPLAY_TOLERANCE, DisplayShapes, dissolve_outline

from .fixtures import REAL

ZAANSTAD = REAL / "cbs_buurten_2017.geojson"  # real CBS 2017 geometry of Zaanstad


@pytest.fixture(scope="module")
def areas():
    return read_areas(ZAANSTAD)


@pytest.mark.parametrize("by", ["wijk", "gemeente"])
def test_outline_matches_a_plain_union_within_the_tolerance(areas, by):
    outline = dissolve_outline(areas, by)
    frame = areas.frame[areas.frame.geometry.notna()]
    keys = wijk_of(frame.index) if by == "wijk" else gemeente_of(frame.index)
    groups = pd.Series(range(len(frame)), index=keys).groupby(level=0).indices
    assert sorted(outline.index) == sorted(groups)
    assert len(outline) > (10 if by == "wijk" else 0)
    close = 0
    for key, rows in groups.items():
        plain = shapely.union_all(frame.geometry.to_numpy()[rows])
        ours = outline.geometry.loc[key]
        assert ours.is_valid and not ours.is_empty
        assert shapely.get_num_interior_rings(shapely.get_parts(ours)).sum() == (
            shapely.get_num_interior_rings(shapely.get_parts(plain)).sum()
        ), key  # no sliver holes along inner buurt edges
        assert shapely.symmetric_difference(ours, plain).area <= 1e-3 * plain.area, key
        distance = shapely.hausdorff_distance(ours, plain)
        # a spike under 4 m wide collapses when simplified (WK047922: 23 m); CBS boundaries
        # are accurate to 10-50 m
        assert distance <= 25.0, key
        close += distance <= 2 * DISPLAY_TOLERANCE
    assert close >= 0.9 * len(groups)


def test_shared_shapes_give_the_same_outlines(areas):
    shapes = DisplayShapes(areas)
    for by in ("wijk", "gemeente"):
        alone, shared = dissolve_outline(areas, by), dissolve_outline(areas, by, shapes=shapes)
        assert list(alone.index) == list(shared.index)
        assert all(alone.geometry.geom_equals_exact(shared.geometry, tolerance=0.0))


def test_normalise_codes_fast_path_equals_the_full_cleaning(areas):
    """Codes already in CBS form skip the cleaning; every value must still come out as before."""
    values = [
        *areas.frame.index[:50],
        "bu03440301",
        " BU03440301",
        "3440301",
        3440301.0,
        "GM0344",
        "WK034403",
        "BU0363AD07",
        "BU034403011",
        None,
        float("nan"),
        True,
        "",
    ]
    series = pd.Series(values, dtype=object)
    for level in (None, "buurt", "wijk", "gemeente"):
        expected = [normalise_code(v, level) for v in values]
        assert list(normalise_codes(series, level)) == expected
