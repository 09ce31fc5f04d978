"""The shared axis of the charts per area: round steps that cover every value (Qt-free)."""

import math

from hypothesis import given
from hypothesis import strategies as st

from wijkkaart.analysis.series_grid import matches_areas, nice_range, series_grid
from wijkkaart.io.series import read_series

LBM = "/work/shared/data/amstelveen/leefbaarometer3_wijken_2014_2022.csv"


@given(
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_nice_range_covers_the_values_with_round_steps(low, span):
    high = low + span
    start, end = nice_range(low, high)
    assert start <= low + 1e-9 * max(1, abs(low)) and end >= high - 1e-9 * max(1, abs(high))
    step = (end - start) / 3
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8))
    # not wastefully wide: the values fill at least a third of the axis
    if span > 1e-6 * max(1.0, abs(low), abs(high)):
        assert span >= (end - start) / 3 - 1e-9 * max(1, abs(end))


def test_leefbaarometer_grid_is_per_wijk_and_matches_no_buurten():
    series = read_series(LBM)
    grid = series_grid(series, "lbm")
    assert grid.level == "wijk" and len(grid.codes) == 14
    assert grid.value_range == (3.6, 4.5)  # lbm runs 3.73 (Uilenstede 2014) to 4.45
    assert not matches_areas(series, ["BU03440112", "WK034401"])
    assert matches_areas(series, grid.codes[:7])  # half of the wijken is enough
