"""Classification and legends: one place for colours, Dutch labels, missing class."""

import itertools

import numpy as np
import pandas as pd
import pytest

from wijkkaart.layers.style import (
    BivariateStyle,
    CategoricalStyle,
    ChoroplethStyle,
    class_index,
    compute_breaks,
    format_number,
    natural_breaks,
    ramp_colours,
    symbolize,
)
from wijkkaart.messages import set_language


def test_quantiles_equal_interval_manual():
    values = np.arange(1, 101, dtype=float)
    assert list(compute_breaks(values, "quantiles", 4)) == pytest.approx([25.75, 50.5, 75.25, 100])
    assert list(compute_breaks(values, "equal_interval", 3)) == pytest.approx([34, 67, 100])
    assert list(compute_breaks(values, "manual", 0, manual=[50, 20, 500])) == [20, 50, 100]


def test_std_mean_centres_on_given_mean():
    values = np.array([0, 10, 20, 30, 40], dtype=float)
    breaks = compute_breaks(values, "std_mean", 4, mean=20)
    std = values.std(ddof=1)  # the sample standard deviation, as mapclassify
    assert list(breaks) == pytest.approx([20 - std, 20, 20 + std, 40])


def test_natural_breaks_is_optimal_on_small_data():
    rng = np.random.default_rng(3)
    for _ in range(10):
        data = np.sort(rng.normal(0, 1, 11))
        best = min(
            itertools.combinations(range(1, 11), 2),
            key=lambda cuts: sum(((p - p.mean()) ** 2).sum() for p in np.split(data, cuts)),
        )
        expected = [part[-1] for part in np.split(data, best)]
        assert natural_breaks(data, 3) == pytest.approx(expected)


def test_class_index_missing_is_minus_one():
    index = class_index(np.array([1, 5, np.nan, 10]), np.array([5.0, 10.0]))
    assert index.tolist() == [0, 0, -1, 1]


def test_dutch_and_english_numbers():
    assert format_number(1234.5, 1) == "1.234,5"
    set_language("en")
    assert format_number(1234.5, 1) == "1,234.5"


def test_colour_blind_safe_ramps_have_k_colours():
    for k in range(2, 10):
        assert len(ramp_colours("YlGnBu", k)) == k
        assert len(ramp_colours("viridis", k)) == k
        assert len(set(ramp_colours("RdBu", k))) == k


def test_legend_labels_counts_and_missing_class():
    frame = pd.DataFrame({"percentage_koopwoningen": [10.0, 20.0, 30.0, 40.0, np.nan]})
    sym = symbolize(frame, ChoroplethStyle("percentage_koopwoningen", method="equal_interval", k=3))
    labels = [e.label for e in sym.legend]
    assert labels == ["10 – 20 %", "20 – 30 %", "30 – 40 %", "Geen gegevens"]
    assert [e.count for e in sym.legend] == [2, 1, 1, 1]
    assert sym.legend[-1].hatched
    assert sym.colours[-1] is None
    assert sym.colours[0] == sym.legend[0].colour


def test_fixed_breaks_reused_across_datasets():
    style = ChoroplethStyle("percentage_koopwoningen", fixed_breaks=(25.0, 50.0, 100.0))
    other = pd.DataFrame({"percentage_koopwoningen": [5.0, 60.0]})
    sym = symbolize(other, style)
    assert sym.breaks == [25.0, 50.0, 100.0]
    assert sym.colours[0] == sym.legend[0].colour and sym.colours[1] == sym.legend[2].colour


def test_diverging_ramp_centred_on_mean_gives_neutral_middle():
    frame = pd.DataFrame({"percentage_koopwoningen": [10.0, 20, 30, 40, 50, 60, 70, 80, 90]})
    style = ChoroplethStyle(
        "percentage_koopwoningen", method="equal_interval", k=4, ramp="RdBu", centre_on_mean=True
    )
    sym = symbolize(frame, style, mean=70.0)
    palette = ramp_colours("RdBu", 7)
    # classes 10-30, 30-50, 50-70 lie below the mean (red side), 70-90 above it (blue side)
    assert [e.colour for e in sym.legend] == [palette[0], palette[1], palette[2], palette[4]]
    straddling = symbolize(frame, style, mean=60.0)  # 50-70 contains the mean: neutral
    assert straddling.legend[2].colour == ramp_colours("RdBu", 5)[2]


def test_categorical_heat_strategy_and_bivariate():
    frame = pd.DataFrame(
        {
            "warmtestrategie": ["all_electric", "warmtenet_lt", None],
            "a": [1.0, 2.0, 3.0],
            "b": [3.0, 2.0, np.nan],
        }
    )
    cat = symbolize(frame, CategoricalStyle("warmtestrategie"))
    assert [e.label for e in cat.legend] == [
        "Warmtenet (lage temperatuur)",
        "All-electric",
        "Geen gegevens",
    ]
    bi = symbolize(frame, BivariateStyle("a", "b"))
    assert len([e for e in bi.legend if not e.hatched]) == 9
    assert bi.colours[2] is None
    assert bi.colours[0] != bi.colours[1]
