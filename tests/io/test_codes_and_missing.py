import pandas as pd
import pytest

from wijkkaart.io.codes import is_water_code, level_of, normalise_code
from wijkkaart.io.missing import clean_numeric, looks_numeric


@pytest.mark.parametrize(
    ("value", "level", "expected"),
    [
        ("BU03440111", None, "BU03440111"),
        (" bu0363ad07 ", None, "BU0363AD07"),  # 2022+ alphanumeric Amsterdam code
        ("0363AD07", None, "BU0363AD07"),
        (3440111, "buurt", "BU03440111"),  # leading zero lost when stored as a number
        (3440111.0, "buurt", "BU03440111"),
        (344, "gemeente", "GM0344"),
        ("34403", "wijk", "WK034403"),
        ("0344", None, "GM0344"),
        ("GM344", "gemeente", "GM0344"),
        ("BU0344 01 11", None, "BU03440111"),
        ("Utrecht", None, None),
        ("", None, None),
        (None, None, None),
        ("BU123", None, None),
    ],
)
def test_normalise_code(value, level, expected):
    assert normalise_code(value, level) == expected


def test_level_and_water_codes():
    assert level_of("BU0363AD07") == "buurt"
    assert level_of("WK0363AD") == "wijk"
    assert level_of("GM0363") == "gemeente"
    assert level_of("NL00") is None
    assert is_water_code("BU02339997") and not is_water_code("BU02330007")


def test_clean_numeric_keeps_the_reason_of_each_cbs_missing_code():
    values = pd.Series([12, -99999999, -99997, -99995, -99991, -99990, 0])
    numbers, reasons, example = clean_numeric(values)
    assert numbers.tolist()[0] == 12 and numbers.tolist()[-1] == 0
    assert numbers.isna().tolist() == [False, True, True, True, True, True, False]
    assert reasons.tolist() == [None, "unknown", "secret", "later", "discontinued", "unknown", None]
    assert example is None


def test_clean_numeric_text_cells_dot_decimal_comma_and_garbage():
    values = pd.Series(["40,5", ".", "", "1.234,5", "abc", "7", None])
    numbers, reasons, example = clean_numeric(values)
    assert numbers.iloc[0] == 40.5
    assert numbers.iloc[3] == 1234.5
    assert numbers.iloc[5] == 7
    assert reasons.tolist() == [None, "unknown", "empty", None, "not_numeric", None, "empty"]
    assert example == "abc"


def test_clean_numeric_does_not_modify_input():
    values = pd.Series([-99997, 3])
    clean_numeric(values)
    assert values.tolist() == [-99997, 3]


def test_looks_numeric():
    assert looks_numeric(pd.Series(["1,5", ".", "3"]))
    assert not looks_numeric(pd.Series(["Zaandam", "Wormer"]))
