"""Joining indicator tables on the area code, with a report of what did not match."""

import pandas as pd
import pytest

from wijkkaart.io.areas import read_areas
from wijkkaart.io.join import join_table
from wijkkaart.messages import WijkkaartError


@pytest.fixture
def areas(real):
    return read_areas(real / "cbs_buurten_2017.geojson")


def test_utrecht_kerncijfers_join_on_real_sample(sample):
    buurten = read_areas(sample / "utrecht_buurten.gpkg")
    joined, report = join_table(buurten, sample / "utrecht_kerncijfers_2020.csv")
    assert report.matched == 111
    assert report.unmatched_rows == [] and report.areas_without_row == []
    assert report.mapped["koopwoning_percentage"] == "percentage_koopwoningen"
    raw = pd.read_csv(sample / "utrecht_kerncijfers_2020.csv", dtype=str).set_index("buurt_code")
    assert joined.frame.at["BU03440311", "percentage_koopwoningen"] == float(
        raw.at["BU03440311", "koopwoning_percentage"]
    )
    # '.' in the table (0s the publisher wrote for unknowns) stays missing with its reason
    assert joined.reason("BU03440911", "gemiddelde_woningwaarde") == "unknown"
    assert "afstand_tot_cafe_km" in report.custom
    assert joined.sources["percentage_koopwoningen"].endswith("utrecht_kerncijfers_2020.csv")
    buurten_before = buurten.frame.columns.tolist()
    assert "percentage_koopwoningen" not in buurten_before  # input AreaData untouched


def test_codes_without_prefix_semicolons_decimal_commas_cp1252(areas, tmp_path):
    path = tmp_path / "monitor.csv"
    text = (
        "Buurtcode;Naam;Aandeel koop;Score\n"
        " 04791110 ;Rosmolenbuurt;45,5;7,1\n"
        "04799999;Onbekend;1;1\n"
    )
    path.write_bytes(text.encode("cp1252"))
    joined, report = join_table(areas, path, mapping={"Aandeel koop": "percentage_koopwoningen"})
    assert joined.frame.at["BU04791110", "percentage_koopwoningen"] == 45.5
    assert joined.frame.at["BU04791110", "score"] == 7.1  # kept as custom indicator
    assert report.custom == ["score"]
    assert report.unmatched_rows == ["BU04799999"]
    assert len(report.areas_without_row) == 49
    assert joined.reason("BU04791120", "percentage_koopwoningen") == "no_row"
    assert any("1 rij in de tabel hoort bij geen enkel gebied" in w for w in joined.warnings)


def test_numeric_code_column_in_xlsx(areas, tmp_path):
    path = tmp_path / "tabel.xlsx"
    pd.DataFrame({"gwb_code": [4791110, 4791120], "p_koopw": [30, 40]}).to_excel(path, index=False)
    joined, report = join_table(areas, path)
    assert joined.frame.at["BU04791120", "percentage_koopwoningen"] == 40
    assert report.matched == 2


def test_table_whose_code_column_cannot_be_found(areas, tmp_path):
    path = tmp_path / "zonder_code.csv"
    path.write_text("naam,waarde\nRosmolenbuurt,3\n", encoding="utf-8")
    with pytest.raises(WijkkaartError, match="geen kolom met gebiedscodes"):
        join_table(areas, path)


def test_explicit_code_column_and_unknown_mapping(areas, tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,x\nBU04791110,3\n", encoding="utf-8")
    joined, _ = join_table(areas, path, code_column="id")
    assert joined.frame.at["BU04791110", "x"] == 3
    with pytest.raises(WijkkaartError, match="niet in de indicatorcatalogus"):
        join_table(areas, path, code_column="id", mapping={"x": "geen_indicator"})
    with pytest.raises(WijkkaartError, match="bestaat niet"):
        join_table(areas, path, code_column="idx")


def test_no_code_matches_at_all(areas, real):
    # Amsterdam codes against Zaanstad buurten: nothing in common, so say so.
    with pytest.raises(WijkkaartError, match="Geen enkele code"):
        join_table(areas, real / "warmteprogramma_per_buurt.csv")


def test_duplicate_codes_in_table(areas, tmp_path):
    path = tmp_path / "dubbel.csv"
    path.write_text("buurtcode,p_koopw\nBU04791110,3\nBU04791110,4\n", encoding="utf-8")
    with pytest.raises(WijkkaartError, match="meer dan eens"):
        join_table(areas, path)


def test_multi_year_series_uses_latest_year(real):
    from wijkkaart.io.areas import read_areas as read

    series = read(real / "leefbaarometer3_wijken_2014_2022.csv")
    assert series.vintage == 2022
    raw = pd.read_csv(real / "leefbaarometer3_wijken_2014_2022.csv")
    expected = raw[(raw.jaar == 2022) & (raw.wk_code == "WK036201")]["lbm"].iloc[0]
    assert series.frame.at["WK036201", "leefbaarometer_score"] == pytest.approx(expected)
    older = read(real / "leefbaarometer3_wijken_2014_2022.csv", year=2014)
    assert older.vintage == 2014
    assert "1" not in older.custom  # the unnamed row-number column is not an indicator


def _overlapping_table(tmp_path, areas, column):
    """Test values (not real figures): 0 where CBS says 'unknown', +1 on three known buurten."""
    frame = areas.frame
    missing = frame.index[frame[column].isna()].tolist()
    known = frame.index[frame[column].notna()][:3].tolist()
    rows = [(code, "0") for code in missing] + [
        (code, f"{frame.at[code, column] + 1:.1f}") for code in known
    ]
    path = tmp_path / "provincie.csv"
    path.write_text("bu_code;" + column + "\n" + "".join(f"{c};{v}\n" for c, v in rows))
    return path, missing, known


@pytest.mark.parametrize("existing", [None, "replace", "keep", "fill"])
def test_a_join_never_overwrites_without_asking(real, tmp_path, existing):
    from wijkkaart.io.areas import read_areas
    from wijkkaart.io.join import join_table
    from wijkkaart.messages import WijkkaartError

    column = "percentage_uit_marokko"
    areas = read_areas(real / "cbs_buurten_2017.geojson")
    path, missing, known = _overlapping_table(tmp_path, areas, column)
    assert len(missing) == 7 and set(areas.reasons.loc[missing, column]) == {"unknown"}
    if existing is None:
        with pytest.raises(WijkkaartError) as info:
            join_table(areas, path, existing=None)
        assert info.value.key == "join_would_overwrite" and column in str(info.value)
        return
    joined, report = join_table(areas, path, existing=existing)
    after = joined.frame[column]
    # A value CBS left out for a reason is never replaced by the other table's 0.
    assert after[missing].isna().all()
    assert set(joined.reasons.loc[missing, column]) == {"unknown"}
    if existing == "replace":
        assert report.changed == {column: 3}
        assert (after[known] == areas.frame.loc[known, column] + 1).all()
        assert any("3 bestaande waarde" in w for w in report.warnings)
    else:
        assert report.changed == {column: 0}
        assert (after[known] == areas.frame.loc[known, column]).all()
