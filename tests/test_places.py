"""The search field's places (wijkkaart/places.py): the same matches as the plain algorithm
(fold every name, sort every hit) on the real Utrecht sample and the synthetic national layer."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from wijkkaart.new_project import new_project, open_document
from wijkkaart.paths import sample_project
from wijkkaart.places import LEVEL_ORDER, Place, find, fold, names_from_frames, places_of

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.national import national_buurten


def plain_find(places: list[Place], text: str, limit: int = 20) -> list[Place]:
    """What find() did before places carried their folded name: fold and sort everything."""
    wanted = fold(text)
    if not wanted:
        return []
    hits = []
    for place in places:
        name, code = fold(place.name), fold(place.code)
        if wanted in name or wanted in code:
            rank = 0 if wanted in (name, code) else 1 if name.startswith(wanted) else 2
            hits.append((rank, LEVEL_ORDER.get(place.level, 3), name, place))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits[:limit]]


def plain_places(data, names=None) -> list[Place]:
    """places_of as it was written first: parent_code and level_of for every code."""
    import pandas as pd

    from wijkkaart.io.codes import level_of, parent_code

    names = dict(names or {})
    frame = data.frame
    own = frame["naam"] if "naam" in frame.columns else pd.Series("", index=frame.index)
    groups: dict[str, list[str]] = {}
    out: list[Place] = []
    for code, name in zip(frame.index, own, strict=True):
        code = str(code)
        level = level_of(code) or data.level
        text = "" if pd.isna(name) else str(name)
        out.append(Place(level, code, text or names.get(code, ""), (code,)))
        for parent_level in ("wijk", "gemeente"):
            parent = parent_code(code, parent_level)
            if parent and parent != code:
                groups.setdefault(parent, []).append(code)
    known = {p.code for p in out}
    for parent, codes in groups.items():
        if parent not in known:
            out.append(Place(level_of(parent) or "", parent, names.get(parent, ""), tuple(codes)))
    return out


@pytest.fixture(scope="module")
def national(tmp_path_factory):
    """Synthetic (bench/national.py): invented names and figures, the shape of a national file."""
    return new_project(national_buurten(tmp_path_factory.mktemp("nl") / "nl.gpkg", n=700))


@pytest.mark.parametrize("which", ["utrecht", "national"])
@pytest.mark.parametrize("text", ["b", "bu", "ov", "Th. à K", "GM0344", "wk", "buurt 1", "zz"])
def test_find_gives_what_folding_and_sorting_everything_gives(which, text, national):
    document = open_document(sample_project()) if which == "utrecht" else national
    frames = [getattr(x, "frame", None) for x in document.layers]
    places = places_of(document.areas, names_from_frames(frames))
    for limit in (1, 20, len(places)):
        assert find(places, text, limit) == plain_find(places, text, limit)


@pytest.mark.parametrize(
    "source", ["sample", "cbs_buurten_2021.gpkg", "cbs_buurten_2017.geojson", "national"]
)
def test_places_are_those_of_the_plain_algorithm(source, real, national):
    if source == "national":
        document = national
    elif source == "sample":
        document = open_document(sample_project())
    else:
        document = new_project(real / source)
    frames = [getattr(x, "frame", None) for x in document.layers]
    names = names_from_frames(frames)
    made = places_of(document.areas, names)
    assert made == plain_places(document.areas, names)
    assert [p.codes for p in made] == [p.codes for p in plain_places(document.areas, names)]
    assert {p.level for p in made} == {"buurt", "wijk", "gemeente"}


def test_fold_of_ascii_and_of_accented_text():
    assert fold("  Südermeer ") == "sudermeer" and fold("ÉÉN") == "een"
    assert fold(" Th. A K ") == "th. a k" and fold("BU03440111") == "bu03440111"


def test_a_place_folds_its_name_and_code_once():
    place = Place("buurt", "BU03440111", "Südermeer", ("BU03440111",))
    assert place.folded == ("sudermeer", "bu03440111")
    assert place == Place("buurt", "BU03440111", "Südermeer", ("BU03440111",))
