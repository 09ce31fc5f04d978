"""The selection colour is reserved; focus areas stand out on the map's classes (Qt-free)."""

import pytest

from wijkkaart.io.heatplan import STRATEGIES
from wijkkaart.layers.colours import SELECTION_COLOUR, delta_e, is_reserved, lab, most_distinct
from wijkkaart.layers.focus import COLOURS, FocusArea, FocusAreaList
from wijkkaart.layers.style import QUALITATIVE, CategoricalStyle, ramp_colours, symbolize


def test_lab_of_known_colours():
    # Reference values of the sRGB -> CIELAB (D65) conversion.
    assert lab("#ffffff") == pytest.approx((100.0, 0.0, 0.0), abs=0.05)
    assert lab("#000000") == pytest.approx((0.0, 0.0, 0.0), abs=0.05)
    assert lab("#ff0000") == pytest.approx((53.24, 80.09, 67.20), abs=0.1)
    assert delta_e("#e6007e", "#e6007e") == 0


@pytest.mark.parametrize("colour", [*COLOURS, *QUALITATIVE])
def test_no_focus_or_class_colour_looks_like_the_selection(colour):
    assert not is_reserved(colour), (colour, delta_e(colour, SELECTION_COLOUR))


def test_typology_classes_never_take_the_selection_colour():
    import pandas as pd

    types = pd.DataFrame({"t": [f"Type {i}" for i in range(12)]})
    symbology = symbolize(types, CategoricalStyle("t"))
    assert len(symbology.legend) == 12
    assert not any(is_reserved(entry.colour) for entry in symbology.legend)
    assert len(STRATEGIES) >= 4  # the heat strategies have fixed colours of their own
    strategies = pd.DataFrame({"warmtestrategie": list(STRATEGIES)})
    fixed = symbolize(strategies, CategoricalStyle("warmtestrategie")).legend
    assert not any(is_reserved(entry.colour) for entry in fixed)


def test_a_saved_focus_area_in_the_selection_colour_opens_in_another():
    area = FocusArea.from_dict({"name": "Overvecht", "colour": SELECTION_COLOUR, "wkt": None})
    assert area.colour == COLOURS[0]
    assert FocusArea("Eigen", colour="#33a02c").colour == "#33a02c"


def test_next_focus_colour_stands_out_on_the_ramp():
    areas = FocusAreaList()
    assert areas.next_colour() == COLOURS[0]  # nothing on the map: the palette's order
    blues = ramp_colours("Blues", 5)
    chosen = areas.next_colour(blues)
    assert chosen != "#1f78b4"
    assert min(delta_e(chosen, b) for b in blues) == max(
        min(delta_e(c, b) for b in blues) for c in COLOURS
    )
    oranges = ramp_colours("Oranges", 5)
    assert areas.next_colour(oranges) not in ("#ff7f00", "#d4a017", "#b15928")
    for colour in COLOURS[:-1]:  # colours already used come last
        areas.append(FocusArea("x", colour=colour))
    assert areas.next_colour(blues) == COLOURS[-1]


def test_most_distinct_ignores_missing_colours():
    assert most_distinct(["#ff7f00", "#1f78b4"], [None, "geen", "#1f78b4"]) == "#ff7f00"
    assert not is_reserved("red; background: #e6007e") and not is_reserved(None)


def test_ramp_colours_are_brancas_colorbrewer_without_importing_branca():
    """ramp_colours reads branca's ColorBrewer table itself (importing branca cost 0.2-0.5 s of
    the start-up); every ramp and class count must give what branca's color_brewer gives,
    including the longer ramps that branca interpolates."""
    import json
    import subprocess
    import sys

    from branca.utilities import color_brewer

    names = ["Blues", "YlGnBu", "YlOrRd", "RdBu", "PuOr", "Greens", "Set2", "BrBG"]
    for name in names:
        for k in range(3, 10):
            if name == "Set2" and k > 8:
                continue  # qualitative: branca has no 9-class Set2 and raises
            assert ramp_colours(name, k) == list(color_brewer(name, k)), (name, k)
    assert ramp_colours("Blues", 12) == list(color_brewer("Blues", 12))  # interpolated
    assert ramp_colours("Blues", 5, reverse=True) == list(color_brewer("Blues", 5))[::-1]
    code = (
        "import json, sys\nfrom wijkkaart.layers.style import ramp_colours\n"
        "ramp_colours('YlGnBu', 5)\nprint(json.dumps('branca' in sys.modules))"
    )
    fresh = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(fresh.stdout) is False
