"""StatLine "CSV met statistische symbolen" exports, as users download them by hand.

The file ``tests/data/real/statline_85163NED_ses_woa_amsterdam_2019.csv`` is a real export of CBS
table 85163NED (SES-WOA scores per wijk en buurt, 2019): its first 17 lines, byte for byte, the
gemeente Amsterdam and wijken WK036300 and WK036301 with their 13 buurten. It was downloaded from
StatLine by a public repository (HMels/inverseGerrymandering, ``Data/SES_WOA_scores_per_wijk_en_
buurt_06042023_163218.csv``); the first two data lines are the ones quoted in
shared/docs/data-formats.md §1.7b. Bron: CBS (CC BY 4.0). No number in these tests is invented:
the variants below change only the layout (period notation, padding, an added row-number column).
"""

import math
import re

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from wijkkaart.inspect import describe
from wijkkaart.io.areas import read_areas
from wijkkaart.io.codes import normalise_code
from wijkkaart.io.columns import is_structural, period_years, without_unit

NAME = "statline_85163NED_ses_woa_amsterdam_2019.csv"
BUURTEN = [
    "BU03630000",
    "BU03630001",
    "BU03630002",
    "BU03630003",
    "BU03630004",
    "BU03630100",
    "BU03630101",
    "BU03630102",
    "BU03630103",
    "BU03630104",
    "BU03630105",
    "BU03630106",
    "BU03630107",
]
EDUCATION = [
    "opleidingsniveau_laag_waarde",
    "opleidingsniveau_middelbaar_waarde",
    "opleidingsniveau_hoog_waarde",
]


def _copy(real, tmp_path, name="export.csv", change=None):
    """The real export under a name without a year (so the year must come from Perioden)."""
    text = (real / NAME).read_text(encoding="utf-8")
    path = tmp_path / name
    path.write_text(change(text) if change else text, encoding="utf-8")
    return path


def test_real_export_year_names_codes_and_only_real_indicators(real, tmp_path, unchanged):
    unchanged(real / NAME)
    read_areas(real / NAME)
    areas = read_areas(_copy(real, tmp_path))
    assert areas.level == "buurt"
    assert areas.vintage == 2019  # from Perioden, not from the file name
    assert areas.schema == "statline_csv"
    assert list(areas.codes) == BUURTEN
    assert areas.frame.at["BU03630000", "naam"] == "Kop Zeedijk"
    assert areas.frame.at["BU03630107", "naam"] == "Kalverdriehoek"
    # Particuliere huishoudens and the SES-WOA score are catalogue indicators ...
    assert areas.indicators == ["aantal_huishoudens", "sociaaleconomische_score"]
    # ... the education shares stay the file's own; Perioden, the name and the code never count.
    assert areas.custom == EDUCATION
    assert areas.unknown_columns == []
    assert areas.frame.at["BU03630000", "aantal_huishoudens"] == 700
    assert areas.frame.at["BU03630000", "sociaaleconomische_score"] == 0.045
    assert areas.frame.at["BU03630001", "sociaaleconomische_score"] == -0.110
    assert areas.frame.at["BU03630003", "opleidingsniveau_laag_waarde"] == 5.2
    # Stationsplein e.o.: 0 households, '.' (not published) for the score
    assert areas.frame.at["BU03630100", "aantal_huishoudens"] == 0
    assert math.isnan(areas.frame.at["BU03630100", "sociaaleconomische_score"])
    assert areas.reason("BU03630100", "sociaaleconomische_score") == "unknown"
    assert sum(areas.frame["aantal_huishoudens"]) == 700 + 500 + 1100 + 200 + 400 + 0 + 400 + (
        300 + 500 + 500 + 500 + 300 + 200
    )


def test_real_export_wijk_and_gemeente_rows(real, tmp_path):
    path = _copy(real, tmp_path)
    wijken = read_areas(path, level="wijk")
    assert list(wijken.codes) == ["WK036300", "WK036301"]  # padded 'WK036300  ' stripped
    assert wijken.frame.at["WK036300", "naam"] == "Burgwallen-Oude Zijde"
    assert wijken.frame.at["WK036300", "aantal_huishoudens"] == 2900
    assert wijken.frame.at["WK036301", "sociaaleconomische_score"] == 0.042
    gemeente = read_areas(path, level="gemeente")
    assert list(gemeente.codes) == ["GM0363"]
    assert gemeente.frame.at["GM0363", "naam"] == "Amsterdam"
    assert gemeente.frame.at["GM0363", "aantal_huishoudens"] == 457400
    assert gemeente.frame.at["GM0363", "sociaaleconomische_score"] == -0.100
    assert gemeente.vintage == 2019


def test_period_as_statline_writes_it(real, tmp_path):
    path = _copy(real, tmp_path, change=lambda t: t.replace('"2019";', '"2019JJ00";'))
    areas = read_areas(path)
    assert areas.vintage == 2019
    assert "perioden" not in areas.custom and areas.unknown_columns == []


def test_codes_right_padded_and_row_numbers_are_not_indicators(real, tmp_path):
    """Buurt codes padded to 12 characters (``BU03630000  ``, as in TypedDataSet) and an ``ID`` /
    ``Codering_3`` column of row numbers in front."""

    def pad(text):
        lines = text.splitlines()
        out = ['"ID";"Codering_3";' + lines[0]]
        out += [f'"{i}";"{i + 1}";' + line for i, line in enumerate(lines[1:])]
        return re.sub(r'"(BU\d{8})"', r'"\1  "', "\n".join(out) + "\n")

    path = _copy(real, tmp_path, change=pad)
    assert '"BU03630000  "' in path.read_text(encoding="utf-8")
    areas = read_areas(path)
    assert list(areas.codes) == BUURTEN
    assert areas.indicators == ["aantal_huishoudens", "sociaaleconomische_score"]
    assert areas.custom == EDUCATION
    assert areas.frame.at["BU03630102", "sociaaleconomische_score"] == -0.066


def test_info_reports_the_export(real, tmp_path):
    report = describe(_copy(real, tmp_path))
    assert report["kind"] == "areas"
    assert report["vintage"] == 2019
    assert set(report["indicators"]) == {
        "aantal_huishoudens",
        "sociaaleconomische_score",
        *EDUCATION,
    }
    assert report["indicators"]["sociaaleconomische_score"]["label"] == "Sociaaleconomische score"
    assert "StatLine" in report["schema_description"]


def test_structural_columns_and_units():
    for column in ("Perioden", "ID", "Codering_3", "Wijken en buurten", "Gemeentenaam (naam)"):
        assert is_structural(column), column
    assert is_structural("Regiocode (gemeente, wijk, buurt) (code)")
    assert not is_structural("Particuliere huishoudens (Aantal)")
    assert without_unit("SES-WOA/Totaalscore/Gemiddelde score (Getal)") == (
        "SES-WOA/Totaalscore/Gemiddelde score"
    )
    assert without_unit("Opleidingsniveau/Laag/Waarde (%)") == "Opleidingsniveau/Laag/Waarde"


@given(st.integers(1990, 2099), st.sampled_from(["{y}", "{y}JJ00", " {y}JJ00 ", "{y}.0"]))
def test_period_years(year, form):
    values = pd.Series([form.format(y=year), year, f"{year}MM03", f"{year}KW02", "x", None])
    got = period_years(values).tolist()
    assert got[:2] == [year, year]
    assert all(math.isnan(v) for v in got[2:])  # a month or quarter is not a year


@given(
    st.sampled_from([*BUURTEN, "WK036300", "GM0363", "BU0363AD07"]),
    st.integers(0, 6),
    st.integers(0, 3),
)
def test_padded_codes_normalise(code, right, left):
    assert normalise_code(" " * left + code + " " * right) == code
    assert normalise_code(code.lower() + "\u00a0" * right) == code


def test_real_file_is_copied_unchanged(real):
    # the first two data lines are those quoted in data-formats.md §1.7b
    lines = (real / NAME).read_bytes().split(b"\n")
    assert lines[1] == b'"2019";"Amsterdam";"GM0363    ";"  457400";"    20.8";"    29.8";' + (
        b'"    49.5";"  -0.100"'
    )
    assert len(lines) == 18 and lines[-1] == b""
