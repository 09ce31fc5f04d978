"""Hostile and awkward tables: every number is right, missing with a reason, or refused in Dutch.

Corpus files are ``tests/data/hostile/tables_*``. Where they carry inhabitants, those are the real
CBS 2017 figures of the Zaanstad buurten (``tests/data/real/cbs_buurten_2017.geojson``); the other
cells are the hostile part. The Utrecht test rewrites the real table in /work/shared/data.
"""

from __future__ import annotations

import codecs
import math
import os
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.io.dutch_excel import rewrite_dutch
from wijkkaart import cli
from wijkkaart.analysis.energy_labels import read_eponline
from wijkkaart.io.areas import read_areas
from wijkkaart.io.join import join_table
from wijkkaart.io.tables import decode_head, read_table_raw, sniff_delimiter
from wijkkaart.messages import WijkkaartError

HOSTILE = Path(__file__).parents[1] / "data" / "hostile"
UTRECHT = Path("/work/shared/data/utrecht/kerncijfers_buurten_provincie_utrecht_ca2020.csv")


def _refused(path: Path, key: str | set[str], reader=read_areas, **kwargs) -> WijkkaartError:
    with pytest.raises(WijkkaartError) as info:
        reader(path, **kwargs)
    assert info.value.key in ({key} if isinstance(key, str) else key), str(info.value)
    assert "Traceback" not in str(info.value)
    return info.value


# 1. inf, 1e309, nan and negative counts -----------------------------------------------------------


def test_non_finite_values_are_missing_not_numbers_and_warned(unchanged):
    path = HOSTILE / "tables_nonfinite.csv"
    unchanged(path)
    areas = read_areas(path)
    frame = areas.frame
    assert math.isnan(frame.at["BU04792320", "aantal_inwoners"])  # inf
    assert areas.reason("BU04792320", "aantal_inwoners") == "not_numeric"
    assert areas.reason("BU04797230", "aantal_inwoners") == "not_numeric"  # -inf: not "geheim"
    assert frame.at["BU04791210", "aantal_inwoners"] == 8505  # 8.505 in a decimal-comma file
    assert areas.reason("BU04797230", "percentage_koopwoningen") == "not_numeric"  # Infinity
    assert areas.reason("BU04791410", "percentage_koopwoningen") == "not_numeric"  # nan
    for code in ("BU04792320", "BU04797230", "BU04791210"):  # 1e309, NaN, -1e20
        assert areas.reason(code, "gemiddelde_woningwaarde") == "not_numeric"
    assert areas.reason("BU04791410", "gemiddelde_woningwaarde") == "later"  # -99995 is a code
    assert areas.reason("BU04791210", "woningvoorraad") == "secret"
    assert frame.at["BU04791410", "woningvoorraad"] == -12  # U+2212 minus
    assert frame.at["BU04792320", "woningvoorraad"] == -99428
    assert not frame.select_dtypes("number").isin([math.inf, -math.inf]).any().any()
    text = "\n".join(areas.warnings)
    assert "Kolom 'aantal_inwoners': 2 waarden zijn geen eindig getal" in text
    assert "Kolom 'gemiddelde_woningwaarde': 3 waarden" in text
    assert "Kolom 'woningvoorraad' bevat aantallen, maar 2 waarden zijn negatief" in text
    assert "percentage_koopwoningen: 1 waarde ligt buiten 0–100 %" in text


def test_fractional_counts_in_a_dot_file_are_warned(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("buurtcode,aantal_inwoners,score\nBU04792320,8.975,2.5\n", encoding="utf-8")
    areas = read_areas(path)
    assert areas.frame.at["BU04792320", "aantal_inwoners"] == 8.975  # a ,-file: dot decimals
    assert any("punt als duizendtalscheiding" in w for w in areas.warnings)


# 2. thousands dots, ambiguous columns, unquoted decimal commas ------------------------------------


def test_dutch_thousands_dots_are_read_as_thousands():
    areas = read_areas(HOSTILE / "tables_thousands_dutch.csv")
    assert areas.frame["aantal_inwoners"].tolist() == [8975, 8910, 8505, 8080]
    assert areas.frame["percentage_personen_65_jaar_en_ouder"].tolist() == [15.5, 7.25, 9, 14]
    assert any("duizendtalscheiding (1.855 = 1855)" in w for w in areas.warnings)


@pytest.mark.parametrize(
    ("name", "key", "column"),
    [
        ("tables_ambiguous_mixed.csv", "numbers_conflict", "aantal_inwoners"),
        ("tables_ambiguous_no_evidence.csv", "numbers_ambiguous_dot", "woningvoorraad"),
    ],
)
def test_ambiguous_column_is_refused_naming_it(name, key, column, capsys):
    err = _refused(HOSTILE / name, key)
    assert f"'{column}'" in str(err) and err.values["column_names"] == [column]
    assert cli.main(["validate", str(HOSTILE / name)]) == 2
    out, err = capsys.readouterr()
    assert column in out + err


def test_ambiguous_column_can_be_answered_or_left_out(real):
    areas = read_areas(real / "cbs_buurten_2017.geojson")
    path = HOSTILE / "tables_ambiguous_no_evidence.csv"
    joined, _ = join_table(areas, path, number_formats={"woningvoorraad": ","})
    assert joined.frame.at["BU04791210", "woningvoorraad"] == 361525
    joined, report = join_table(areas, path, mapping={"woningvoorraad": ""})
    assert report.matched == 3 and "woningvoorraad" not in report.mapped


def test_unquoted_decimal_commas_in_a_comma_file_are_refused_with_the_line():
    err = _refused(HOSTILE / "tables_unquoted_decimal_commas.csv", "table_row_fields_comma")
    assert err.values["line"] == 2 and err.values["bad_lines"] == [2]
    assert "Regel 2" in str(err) and "decimale komma's" in str(err)


def test_a_short_row_is_refused_not_shifted(tmp_path):
    path = tmp_path / "kort.csv"
    path.write_text("buurtcode;a;b\nBU04792320;1;2\nBU04797230;3\n", encoding="utf-8")
    err = _refused(path, "table_row_fields", reader=read_table_raw)
    assert err.values["line"] == 3


def test_utrecht_table_as_dutch_excel_reads_back_to_the_same_numbers(tmp_path):
    if not UTRECHT.exists():
        pytest.skip("shared Utrecht table not present")
    dutch = tmp_path / "kerncijfers_nl.csv"
    rewrite_dutch(UTRECHT, dutch, keep={"", "buurt_code", "gm_naam", "regio"})
    assert ";1.855;" in dutch.read_text(encoding="cp1252")  # a real count with a thousands dot
    original, rewritten = read_areas(UTRECHT), read_areas(dutch)
    pd.testing.assert_frame_equal(
        original.frame.drop(columns="geometry"), rewritten.frame.drop(columns="geometry")
    )
    reference = pd.read_csv(UTRECHT).set_index("buurt_code")  # pandas reading the original
    inhabitants = rewritten.frame["aantal_inwoners"]
    assert inhabitants.tolist() == reference["aantal_inwoners"].astype(float).tolist()
    assert inhabitants[inhabitants.index.str.startswith("BU0344")].sum() == 361525
    assert rewritten.frame["percentage_koopwoningen"].tolist() == pytest.approx(
        reference["koopwoning_percentage"].astype(float).tolist(), nan_ok=True
    )


# 3-5. separators, quoted header names, encodings --------------------------------------------------


def test_one_column_file_is_not_split_at_a_letter():
    frame = read_table_raw(HOSTILE / "tables_one_column.csv")
    assert list(frame.columns) == ["buurtcode"]
    assert frame["buurtcode"].tolist() == ["BU04792320", "BU04797230", "BU04791210"]
    assert sniff_delimiter("buurtcode") in (";", ",", "\t", "|")


def test_statline_header_with_commas_inside_quotes_is_read():
    frame = read_table_raw(HOSTILE / "tables_statline_quoted_commas.csv")
    assert frame.attrs["separator"] == ";"
    assert frame.columns[2] == "Regiocode (gemeente, wijk, buurt) (code)"
    assert frame.iloc[0, 3].strip() == "457400"
    areas = read_areas(HOSTILE / "tables_statline_quoted_commas.csv", level="gemeente")
    assert areas.codes == ["GM0363"]


@pytest.mark.parametrize(
    "name", ["tables_utf16le_bom.txt", "tables_utf16be_bom.csv", "tables_utf16le_no_bom.txt"]
)
def test_utf16_as_excel_unicode_text_is_read(name):
    areas = read_areas(HOSTILE / name)
    assert areas.codes == ["BU04792320", "BU04797230"]
    assert areas.frame["aantal_inwoners"].tolist() == [8975, 8910]
    assert areas.frame.at["BU04792320", "naam"] == "Westerwatering"


def test_utf8_bom_and_utf32(tmp_path):
    text = "buurtcode;aantal_inwoners\nBU04792320;8975\n"
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le")):
        path = tmp_path / f"t_{codec}.csv"
        path.write_bytes(bom + text.encode(codec))
        assert read_table_raw(path).columns.tolist() == ["buurtcode", "aantal_inwoners"]


def test_excel_sep_line_is_honoured():
    frame = read_table_raw(HOSTILE / "tables_sep_directive.csv")
    assert frame.columns.tolist() == ["buurtcode", "percentage_koopwoningen"]


# 6. EP-Online with shifted rows -------------------------------------------------------------------


def test_eponline_shifted_rows_are_skipped_and_reported(capsys):
    path = HOSTILE / "tables_eponline_shifted_rows.csv"
    read = read_eponline(path)
    assert read.skipped_lines == [3, 5]
    assert sorted(read.labels["label"]) == ["A", "B", "E"]
    assert "2 regels van" in read.summary() and "regel 3, 5" in read.summary()
    assert cli.main(["info", str(path)]) == 0


def test_eponline_made_mostly_of_bad_rows_is_refused(tmp_path):
    from tests.fixtures import EP_HEADER_V2

    path = tmp_path / "ep.csv"
    path.write_text(EP_HEADER_V2 + "\n" + "1;2;3\n" * 5, encoding="utf-8")
    _refused(path, "ep_too_many_bad_rows", reader=read_eponline)


# 7. bounded sniffing; no file content in messages -------------------------------------------------


def test_device_and_fifo_are_refused_without_reading(tmp_path):
    start = time.monotonic()
    keys = {"table_not_regular_file", "path_not_regular"}
    _refused(Path("/dev/zero"), keys, reader=read_table_raw)
    fifo = tmp_path / "pijp.csv"
    os.mkfifo(fifo)
    _refused(fifo, keys, reader=read_table_raw)
    _refused(fifo, keys, reader=decode_head)
    assert time.monotonic() - start < 5


def test_huge_file_is_refused_by_its_size_and_sniffing_reads_only_the_head(tmp_path):
    path = tmp_path / "groot.csv"
    with path.open("wb") as fh:
        fh.write(b"buurtcode;aantal_inwoners\n")
        fh.truncate(3 * 1024**3)  # sparse: 3 GB on paper
    _refused(path, "table_too_large", reader=read_table_raw)
    start = time.monotonic()  # the zeros after the header are seen in the first bytes
    _refused(path, "table_binary", reader=decode_head)
    assert time.monotonic() - start < 2


def test_messages_do_not_echo_file_content():
    err = _refused(HOSTILE / "tables_secret_first_line.csv", "no_code_column")
    assert "Geheim" not in str(err) and "wachtwoord" not in str(err)
    with pytest.raises(WijkkaartError) as info:
        read_eponline(HOSTILE / "tables_secret_first_line.csv")
    assert "Geheim" not in str(info.value)


# 8. library errors become Dutch messages ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("tables_binary.csv", "table_binary"),
        ("tables_zip_renamed.csv", "table_zip_not_xlsx"),
        ("tables_unclosed_quote.csv", "table_row_fields"),
    ],
)
def test_broken_files_give_dutch_messages(name, key, unchanged):
    unchanged(HOSTILE / name)
    err = _refused(HOSTILE / name, key, reader=read_table_raw)
    assert "Error" not in str(err)


def test_field_too_large_for_csv_is_a_dutch_message(tmp_path):
    path = tmp_path / "lang.csv"
    path.write_text("buurtcode;x\nBU04792320;" + "9" * 200_000 + "\n", encoding="utf-8")
    err = _refused(path, "table_bad_structure", reader=read_table_raw)
    assert "regel 2" in str(err) and "field larger" not in str(err)


def test_broken_xlsx_is_a_dutch_message_and_the_library_text_is_logged(tmp_path, caplog):
    path = tmp_path / "kapot.xlsx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    with caplog.at_level("INFO", logger="wijkkaart.io.tables"):
        err = _refused(path, "table_excel_unreadable", reader=read_table_raw)
    assert "zip" not in str(err).lower()
    assert any("as Excel failed" in r.getMessage() for r in caplog.records)
