"""Property tests: a number is read as the value meant, or as missing with a reason; never inf,
nan or a wrong magnitude. Also the CBS missing codes and the area-code parser."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wijkkaart.io.codes import is_valid_code, normalise_code
from wijkkaart.io.missing import clean_numeric, code_reason, parse_numbers
from wijkkaart.io.numbers import MAX_MAGNITUDE, ColumnFormat, column_formats, parse_cell
from wijkkaart.messages import WijkkaartError

REASONS = {"secret", "later", "discontinued", "unknown", "empty", "not_numeric"}


def _grouped(whole: str, mark: str) -> str:
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return mark.join([whole, *groups])


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[float, str, str]:
    """(intended value, Dutch text, English text), with or without thousands separators."""
    whole = str(draw(st.integers(min_value=0, max_value=10**13)))
    frac = draw(st.text(alphabet="0123456789", min_size=0, max_size=6))
    negative = draw(st.booleans())
    minus = draw(st.sampled_from(["-", "\u2212"])) if negative else ""
    group = draw(st.booleans())
    intended = float(f"{'-' if negative else ''}{whole}{'.' + frac if frac else ''}")
    nl_whole = _grouped(whole, ".") if group else whole
    en_whole = _grouped(whole, ",") if group else whole
    dutch = f"{minus}{nl_whole}{',' + frac if frac else ''}"
    english = f"{minus}{en_whole}{'.' + frac if frac else ''}"
    return intended, dutch, english


def _ok(value: float | None, intended: float) -> bool:
    if value is None:
        return abs(intended) > MAX_MAGNITUDE or code_reason(intended) is not None
    return math.isfinite(value) and value == intended


@given(written_numbers())
def test_a_cell_in_its_column_convention_reads_as_meant(case):
    intended, dutch, english = case
    value, _ = parse_cell(dutch, ",")
    assert value is None or value == intended
    assert _ok(value, intended) or code_reason(intended) is not None
    value, _ = parse_cell(english, ".")
    assert value is None or value == intended


@settings(max_examples=200)
@given(st.lists(written_numbers(), min_size=1, max_size=12), st.booleans())
def test_a_column_reads_as_meant_or_is_refused_never_a_wrong_magnitude(cases, dutch):
    texts = [c[1] if dutch else c[2] for c in cases]
    try:
        parsed = parse_numbers(pd.Series(texts, name="kolom"))
    except WijkkaartError as exc:
        assert exc.key.startswith("numbers_")
        assert "kolom" in str(exc)
        return
    for (intended, _, _), value, why in zip(cases, parsed.numbers, parsed.reasons, strict=True):
        if math.isnan(value):
            assert why in REASONS
            assert abs(intended) > MAX_MAGNITUDE or code_reason(intended) is not None
        else:
            assert value == intended


@settings(max_examples=200)
@given(st.lists(written_numbers(), min_size=1, max_size=8))
def test_a_dutch_column_next_to_decimal_commas_reads_as_meant(cases):
    """A ;-file whose other column shows decimal commas decides ``1.855`` as 1855."""
    frame = pd.DataFrame(
        {"getal": [c[1] for c in cases], "aandeel": ["12,5"] * len(cases)}, dtype=object
    )
    fmt = column_formats(frame, ";")["getal"]
    if fmt.ambiguous:  # only when the column itself mixes both notations
        return
    parsed = parse_numbers(frame["getal"], fmt)
    for (intended, _, _), value in zip(cases, parsed.numbers, strict=True):
        assert value == intended or (
            math.isnan(value)
            and (abs(intended) > MAX_MAGNITUDE or code_reason(intended) is not None)
        )


NON_NUMBERS = st.sampled_from(
    [
        "inf",
        "-inf",
        "+inf",
        "Infinity",
        "-Infinity",
        "nan",
        "NaN",
        "1e309",
        "-1e309",
        "1e99999",
        "1E-99999",
        "1,5e400",
        "1.#INF",
        "\u2212inf",
        "1e16",
        "-1e20",
        "9" * 400,
    ]
)


@given(NON_NUMBERS, st.sampled_from([",", ".", None]))
def test_non_finite_and_huge_text_is_never_a_number(text, decimal):
    value, _ = parse_cell(text, decimal)
    assert value is None
    numbers, reasons, _ = clean_numeric(pd.Series([text, "1"]))
    assert math.isnan(numbers.iloc[0]) and reasons.iloc[0] == "not_numeric"
    assert numbers.iloc[1] == 1


@given(st.text(max_size=30), st.sampled_from([",", ".", None]))
def test_any_text_gives_a_finite_bounded_number_or_none(text, decimal):
    value, _ = parse_cell(text, decimal)
    assert value is None or (math.isfinite(value) and abs(value) <= MAX_MAGNITUDE)


@given(
    st.integers(min_value=-(10**6), max_value=10**6),
    st.text(alphabet="0123456789", min_size=1, max_size=4),
    st.integers(min_value=-400, max_value=400),
)
def test_exponents_read_exactly_or_not_at_all(whole, frac, exp):
    text = f"{whole}.{frac}e{exp}"
    value, _ = parse_cell(text, ".")
    expected = float(text)
    if math.isfinite(expected) and abs(expected) <= MAX_MAGNITUDE and (expected or not whole):
        assert value == expected or (value is None and expected == 0.0)
    else:
        assert value is None
    dutch, _ = parse_cell(text.replace(".", ","), ",")
    assert dutch == value


@given(st.integers(min_value=-99999999, max_value=-99990))
def test_every_integer_cbs_code_is_missing_with_its_reason(code):
    expected = {-99997: "secret", -99995: "later", -99991: "discontinued"}.get(code, "unknown")
    assert code_reason(float(code)) == expected
    for values in (pd.Series([code, 5]), pd.Series([str(code), "5"])):
        numbers, reasons, _ = clean_numeric(values)
        assert math.isnan(numbers.iloc[0]) and reasons.iloc[0] == expected
        assert numbers.iloc[1] == 5 and reasons.iloc[1] is None


@given(st.sampled_from([float("inf"), float("-inf"), -1e20, 1e16, -1e16]))
def test_non_finite_and_absurd_floats_are_not_numbers(value):
    """-inf is no "geheim"; -1e20 is no CBS code and no figure."""
    assert code_reason(value) is None
    parsed = parse_numbers(pd.Series([value, 1.0]))
    assert math.isnan(parsed.numbers.iloc[0])
    assert parsed.reasons.iloc[0] == "not_numeric"
    assert parsed.non_finite == 1


@given(
    st.one_of(
        st.floats(min_value=-1.1e8, max_value=-99980, allow_nan=False),
        st.integers(min_value=-99999999 - 5, max_value=-99985).map(float),
        st.integers(min_value=-99999999 - 5, max_value=-99985).map(lambda v: v + 0.5),
        st.floats(min_value=-MAX_MAGNITUDE, max_value=MAX_MAGNITUDE, allow_nan=False),
    )
)
def test_parse_numbers_and_code_reason_agree_on_what_is_a_cbs_code(value):
    """Missing exactly when code_reason names a code: -99990.5 or -150000 is a figure."""
    why = code_reason(value)
    for column in (pd.Series([value, 1.0]), pd.Series([value, 1.0], dtype=object)):
        parsed = parse_numbers(column)
        if why is None:
            assert parsed.numbers.iloc[0] == value and parsed.reasons.iloc[0] is None
        else:
            assert float(value).is_integer() and -99999999 <= value <= -99990
            assert math.isnan(parsed.numbers.iloc[0]) and parsed.reasons.iloc[0] == why
        assert parsed.non_finite == 0


def test_a_written_figure_in_the_code_band_is_a_figure():
    numbers, reasons, _ = clean_numeric(pd.Series(["-99990.5", "-99995", "-150000.25"]), ".")
    assert numbers.iloc[0] == -99990.5 and reasons.iloc[0] is None
    assert math.isnan(numbers.iloc[1]) and reasons.iloc[1] == "later"
    assert numbers.iloc[2] == -150000.25


@given(st.floats(min_value=-99989, max_value=MAX_MAGNITUDE, allow_nan=False))
def test_ordinary_numbers_stay(value):
    parsed = parse_numbers(pd.Series([value]))
    assert parsed.numbers.iloc[0] == value and parsed.reasons.iloc[0] is None


def test_text_missing_markers_keep_their_reason():
    numbers, reasons, example = clean_numeric(pd.Series([".", "x", "", "NA", "geheim", "3"]))
    assert reasons.tolist() == ["unknown", "secret", "empty", "empty", "not_numeric", None]
    assert example == "geheim" and numbers.iloc[5] == 3


def test_fixed_decimal_mark():
    numbers, _, _ = clean_numeric(pd.Series(["1.855", "2"]), decimal=",")
    assert numbers.tolist() == [1855, 2]
    numbers, _, _ = clean_numeric(pd.Series(["1.855", "2"]), decimal=".")
    assert numbers.tolist() == [1.855, 2]
    with pytest.raises(WijkkaartError) as info:
        clean_numeric(pd.Series(["1.855", "2"], name="woningen"))
    assert info.value.key == "numbers_ambiguous_dot" and "woningen" in str(info.value)
    assert info.value.values["column_names"] == ["woningen"]


@pytest.mark.parametrize(
    ("values", "separator", "expected"),
    [
        (["1.855", "12.400", "361.525"], ";", "numbers_ambiguous_dot"),  # nothing else to go on
        (["1.855", "2.5"], ";", "numbers_conflict"),
        (["1,5", "2.5", "1.855"], ",", "numbers_conflict"),
        (["1.855", "2.5"], ",", None),  # a ,-file of decimals (the Utrecht table has these)
        (["1,855", "2,5"], ";", None),  # decimal commas: 1,855 is 1.855
        (["1.855", "17.407.585"], ";", None),  # two groups: thousands
    ],
)
def test_column_decisions(values, separator, expected):
    fmt = column_formats(pd.DataFrame({"k": values}, dtype=object), separator)["k"]
    assert fmt.ambiguous == expected


def test_override_answers_an_ambiguous_column():
    frame = pd.DataFrame({"k": ["1.855", "12.400"]}, dtype=object)
    fmt = column_formats(frame, ";", overrides={"k": ","})["k"]
    assert fmt == ColumnFormat(decimal=",", grouped=True)
    assert parse_numbers(frame["k"], fmt).numbers.tolist() == [1855, 12400]


# --- area codes ---------------------------------------------------------------------------------

GEMEENTE = st.integers(min_value=1, max_value=1999).map(lambda n: f"{n:04d}")
PART = st.one_of(
    st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}"),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=2, max_size=2),
)


@st.composite
def codes(draw: st.DrawFn) -> tuple[str, str]:
    level = draw(st.sampled_from(["gemeente", "wijk", "buurt"]))
    body = draw(GEMEENTE)
    if level in ("wijk", "buurt"):
        body += draw(PART)
    if level == "buurt":
        body += draw(PART)
    return level, {"gemeente": "GM", "wijk": "WK", "buurt": "BU"}[level] + body


@given(codes(), st.text(alphabet=" \t\u00a0", max_size=3), st.text(alphabet=" \t", max_size=3))
def test_code_with_padding_and_any_case_is_restored(case, left, right):
    level, code = case
    assert normalise_code(f"{left}{code.lower()}{right}") == code
    assert normalise_code(f"{left}{code}{right}", level) == code
    assert normalise_code(code[2:], level) == code  # prefix left off


@given(codes())
def test_code_that_lost_its_leading_zeros_is_restored_given_the_level(case):
    level, code = case
    if not code[2:].isdigit():
        return
    number = int(code[2:])
    assert normalise_code(number, level) == code
    assert normalise_code(float(number), level) == code
    assert normalise_code(str(number), level) == code


@given(
    st.one_of(st.text(max_size=16), st.integers(), st.floats()),
    st.sampled_from([None, "gemeente", "wijk", "buurt"]),
)
def test_code_parser_gives_a_valid_code_or_none(value, level):
    result = normalise_code(value, level)
    assert result is None or is_valid_code(result)


def test_codes_with_foreign_digits_and_invisible_characters():
    assert normalise_code("BU\uff10\uff13\uff14\uff14\uff10\uff11\uff11\uff11") == "BU03440111"
    assert normalise_code("\ufeffBU03440111\u200b") == "BU03440111"
    assert normalise_code("BU\u0660\u0663\u0664\u0664\u0660\u0661\u0661\u0661") is None
    assert normalise_code(True, "buurt") is None
    assert normalise_code(float("inf"), "buurt") is None
