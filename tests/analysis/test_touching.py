"""A focus area counts the buurten it covers, not the ones that only touch its edge."""

import pytest

from wijkkaart.analysis.profile import TOUCHING, shares_for_polygon, shares_for_wijk
from wijkkaart.layers.document import MapDocument


def test_overvecht_counts_its_ten_buurten(sample):
    document = MapDocument.open(sample / "utrecht.wijkkaart")
    overvecht = next(a for a in document.focus_areas if a.name == "Overvecht")
    shares = shares_for_polygon(document.areas, overvecht.geometry)
    wijk = shares_for_wijk(document.areas, "WK034403")
    # Three neighbours touched the drawn edge with 0.2-0.7 m² each and were counted ("0 %").
    assert sorted(shares.index) == sorted(wijk.index) and len(shares) == 10
    assert shares.min() >= TOUCHING


def test_a_buurt_itself_is_one_buurt_and_a_real_part_still_counts(sample):
    document = MapDocument.open(sample / "utrecht.wijkkaart")
    frame = document.areas.frame
    buurt = frame.loc["BU03440311"].geometry
    assert list(shares_for_polygon(document.areas, buurt).index) == ["BU03440311"]
    neighbour = next(
        c for c in frame.index if c != "BU03440311" and frame.loc[c].geometry.distance(buurt) == 0
    )
    other = frame.loc[neighbour].geometry
    bite = other.intersection(buurt.buffer(60))  # a 60 m strip of the neighbour
    shares = shares_for_polygon(document.areas, buurt.union(bite))
    part = bite.area / other.area
    assert part >= TOUCHING
    assert shares[neighbour] == pytest.approx(part, rel=0.01)
