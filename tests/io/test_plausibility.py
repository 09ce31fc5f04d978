"""Implausible values are read as they are, but never silently: each kind is warned about once,
naming the indicator, the number of areas and one example code.

Real data where the problem really occurs: the CBS Kerncijfers (ca. 2020) of provincie Utrecht in
``tests/data/real/kerncijfers_buurten_provincie_utrecht_ca2020.csv`` (see its README) has a mean
WOZ value of 0 in 120 buurten, four of them in gemeente Utrecht, and one buurt with inhabitants
and 0 dwellings. The small tables written below hold test values, not real figures.
"""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from wijkkaart.inspect import describe
from wijkkaart.io.areas import read_areas
from wijkkaart.io.columns import TENURE_PARTS, plausibility_warnings
from wijkkaart.io.join import join_table
from wijkkaart.messages import set_language

PROVINCE = "kerncijfers_buurten_provincie_utrecht_ca2020.csv"
UTRECHT_WOZ_ZERO = ["BU03440535", "BU03440911", "BU03440952", "BU03440953"]


def _woz(warnings):
    return [w for w in warnings if "WOZ-waarde van 0" in w]


def test_woz_zero_in_the_real_province_file(real, unchanged):
    path = real / PROVINCE
    unchanged(path)
    raw = pd.read_csv(path, dtype={"buurt_code": str})
    assert (raw["gemiddelde_woningwaarde"] == 0).sum() == 120
    areas = read_areas(path)
    (warning,) = _woz(areas.warnings)
    assert "Gemiddelde WOZ-waarde (gemiddelde_woningwaarde)" in warning
    assert "120 buurten" in warning
    assert "BU03070309" in warning  # the first: Spooremplacement, Amersfoort
    assert areas.frame.at["BU03070309", "gemiddelde_woningwaarde"] == 0  # kept, not changed
    # inhabitants without dwellings: De Liesbosch (Nieuwegein), 115 inhabitants, 0 dwellings
    (people,) = [w for w in areas.warnings if "maar 0 woningen" in w]
    assert "Woningen (woningvoorraad): 1 buurten" in people
    assert "BU03562001: 115" in people


def test_the_four_utrecht_buurten_with_woz_zero_warned_on_join(real, sample, tmp_path):
    raw = (real / PROVINCE).read_text(encoding="utf-8").splitlines()
    rows = [raw[0], *[line for line in raw[1:] if ",BU0344" in line]]
    path = tmp_path / "utrecht_gemeente.csv"  # the real rows of gemeente Utrecht, unchanged
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    frame = pd.read_csv(path, dtype={"buurt_code": str})
    assert len(frame) == 111
    assert sorted(frame.loc[frame["gemiddelde_woningwaarde"] == 0, "buurt_code"]) == (
        UTRECHT_WOZ_ZERO
    )
    buurten = read_areas(sample / "utrecht_buurten.gpkg")
    joined, report = join_table(buurten, path)
    assert report.matched == 111
    (warning,) = _woz(report.warnings)
    assert "4 buurten" in warning and "BU03440535: 0" in warning
    assert joined.frame.at["BU03440535", "gemiddelde_woningwaarde"] == 0


def test_info_reports_the_warnings(real):
    report = describe(real / PROVINCE)
    assert len(_woz(report["warnings"])) == 1
    assert any("BU03562001" in w for w in report["warnings"])


def _table(tmp_path, header, rows, name="t.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_tenure_sum_far_from_100(tmp_path):
    header = "buurtcode,woningvoorraad," + ",".join(TENURE_PARTS)
    path = _table(
        tmp_path,
        header,
        [
            "BU04790101,100,60,38,1",  # 99: within 5 points
            "BU04790102,100,60,30,0",  # 90: off
            "BU04790103,100,70,40,0",  # 110: off
            "BU04790104,100,50,.,1",  # one part missing: not judged
        ],
    )
    areas = read_areas(path)
    (warning,) = [w for w in areas.warnings if "Koop + huur" in w]
    assert "2 buurten" in warning
    assert "BU04790102: 60 + 30 + 0 = 90" in warning
    assert "5 procentpunt" in warning


def test_tenure_not_judged_without_all_three(tmp_path):
    path = _table(
        tmp_path,
        "buurtcode,percentage_koopwoningen,percentage_huurwoningen",
        ["BU04790101,60,30"],
    )
    assert not [w for w in read_areas(path).warnings if "Koop + huur" in w]


def test_people_without_dwellings_and_wijk_level_word(tmp_path):
    path = _table(
        tmp_path,
        "wijkcode,aantal_inwoners,woningvoorraad,gemiddelde_woningwaarde",
        ["WK047901,120,0,.", "WK047902,0,0,.", "WK047903,50,20,0"],
    )
    areas = read_areas(path)
    (people,) = [w for w in areas.warnings if "maar 0 woningen" in w]
    assert "1 wijken" in people and "WK047901: 120" in people
    (woz,) = _woz(areas.warnings)
    assert "1 wijken" in woz and "WK047903: 0" in woz


def test_existing_checks_kept_percentage_and_negative_count(tmp_path):
    path = _table(
        tmp_path,
        "buurtcode,aantal_inwoners,percentage_koopwoningen",
        ["BU04790101,-5,120", "BU04790102,10,50"],
    )
    warnings = read_areas(path).warnings
    assert any("buiten 0–100" in w and "BU04790101: 120" in w for w in warnings)
    assert any("negatief" in w and "BU04790101: -5" in w for w in warnings)


def test_plausible_values_give_no_warning(tmp_path):
    path = _table(
        tmp_path,
        "buurtcode,aantal_inwoners,woningvoorraad,gemiddelde_woningwaarde,"
        + ",".join(TENURE_PARTS),
        ["BU04790101,1200,600,250,55,44,1", "BU04790102,0,0,.,.,.,."],
    )
    assert read_areas(path).warnings == []


def test_english(tmp_path):
    path = _table(tmp_path, "buurtcode,gemiddelde_woningwaarde", ["BU04790101,0"])
    set_language("en")
    try:
        (warning,) = read_areas(path).warnings
    finally:
        set_language("nl")
    assert "1 neighbourhoods have an average WOZ value of 0" in warning


@given(
    st.lists(
        st.tuples(*(st.floats(0, 100, allow_nan=False) for _ in TENURE_PARTS)),
        min_size=1,
        max_size=20,
    )
)
def test_tenure_warning_exactly_when_off_by_more_than_5(rows):
    codes = [f"BU0479{i:04d}" for i in range(len(rows))]
    frame = pd.DataFrame(rows, columns=list(TENURE_PARTS), index=codes)
    off = [abs(sum(r) - 100) > 5 for r in rows]
    warnings = [w for w in plausibility_warnings(frame) if "Koop + huur" in w]
    if not any(off):
        assert warnings == []
    else:
        (warning,) = warnings
        assert f"{sum(off)} buurten" in warning
        assert f"{codes[off.index(True)]}:" in warning


@pytest.mark.parametrize("value", [0.0, -0.0])
def test_woz_zero_also_as_float(value):
    frame = pd.DataFrame({"gemiddelde_woningwaarde": [value, 300.0]}, index=["BU1", "BU2"])
    (warning,) = plausibility_warnings(frame)
    assert "1 gebieden" in warning and "BU1: 0" in warning
