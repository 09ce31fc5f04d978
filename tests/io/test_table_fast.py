"""The fast series reader (pyarrow, the GIL released) reads a file exactly as the careful
csv-module reader does, or declines it: on every CSV under tests/data (real and hostile), on
files written from random long tables (Dutch and English notation, CBS missing codes), and on
files only the careful reader may read (it then refuses with the line number as before)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REAL
from wijkkaart.io.fastcsv import read_table_fast
from wijkkaart.io.series import read_series, series_from_table
from wijkkaart.io.tables import read_table_raw
from wijkkaart.messages import WijkkaartError

DATA = Path(__file__).resolve().parent.parent / "data"
CSVS = sorted(DATA.rglob("*.csv"))


def _same_series(a, b) -> None:
    pd.testing.assert_frame_equal(a.values, b.values)
    assert list(a.names.items()) == list(b.names.items())
    assert a.warnings == b.warnings
    assert a.sources == b.sources


@pytest.mark.parametrize("path", CSVS, ids=[p.name for p in CSVS])
def test_fast_cells_are_the_careful_cells_or_it_declines(path):
    fast = read_table_fast(path)
    try:
        careful = read_table_raw(path)
    except WijkkaartError:
        assert fast is None  # a refused file is left to the careful reader's message
        return
    if fast is None:
        return
    expected = careful.apply(lambda column: column.str.strip())
    assert fast.columns.tolist() == careful.columns.tolist()
    assert fast.attrs["separator"] == careful.attrs["separator"]
    assert fast.astype(object).to_numpy().tolist() == expected.to_numpy().tolist()


def test_the_real_files_are_read_fast():
    """The real series files and the Utrecht KWB table are plain: the fast reader takes them."""
    for name in (
        "leefbaarometer3_wijken_2014_2022.csv",
        "statline_85163NED_ses_woa_amsterdam_2019.csv",
        "kerncijfers_buurten_provincie_utrecht_ca2020.csv",
    ):
        assert read_table_fast(REAL / name) is not None, name


@pytest.mark.parametrize(
    "name", ["leefbaarometer3_wijken_2014_2022.csv", "statline_85163NED_ses_woa_amsterdam_2019.csv"]
)
def test_a_real_series_read_fast_equals_the_careful_read(name):
    path = REAL / name
    _same_series(read_series(path), series_from_table(read_table_raw(path), path))


def test_a_row_with_a_field_too_many_is_refused_with_its_line(tmp_path):
    """INVENTED figures. pyarrow sees the bad row; the careful reader names line 3."""
    path = tmp_path / "reeks.csv"
    path.write_text(
        "buurtcode;jaar;indicator;waarde\n"
        "BU03080000;2020;aantal_inwoners;1785\n"
        "BU03080001;2020;aantal_inwoners;950;12\n",
        encoding="utf-8",
    )
    assert read_table_fast(path) is None
    with pytest.raises(WijkkaartError) as err:
        read_series(path)
    assert err.value.key == "table_row_fields"
    assert "3" in str(err.value)


def test_a_quote_after_a_space_is_one_cell_as_in_the_careful_reader(tmp_path):
    """INVENTED figures. csv's skipinitialspace reads ` "1,5"` as the quoted cell 1,5;
    pyarrow would keep the quotes: the fast reader declines such a file."""
    path = tmp_path / "reeks.csv"
    path.write_text(
        'buurtcode;jaar;indicator;waarde\nBU03080000;2020;aantal_inwoners; "1,5"\n',
        encoding="utf-8",
    )
    assert read_table_fast(path) is None
    series = read_series(path)
    assert series.table("aantal_inwoners").loc["BU03080000", 2020] == 1.5


def test_a_file_in_cp1252_goes_to_the_careful_reader(tmp_path):
    """INVENTED figures; a name with an é in cp1252 (Excel on Windows)."""
    path = tmp_path / "reeks.csv"
    path.write_bytes(
        "buurtcode;naam;jaar;aantal_inwoners\nBU03080000;Café-buurt;2020;1785\n".encode("cp1252")
    )
    assert read_table_fast(path) is None
    assert read_series(path).names["BU03080000"] == "Café-buurt"


codes = st.sampled_from([f"BU0308{i:04d}" for i in range(30)] + ["GM0308", "WK030800"])
years = st.integers(2000, 2030)
names = st.sampled_from(["aantal_inwoners", "woningvoorraad", "eigen_indicator", "lbm"])
# INVENTED values: plain, Dutch grouped, decimals, CBS codes and StatLine symbols
cells = st.one_of(
    st.floats(-99_989, 1e6, allow_nan=False).map(lambda v: f"{round(v, 2)}"),
    st.integers(1000, 999_999).map(lambda v: f"{v:,}".replace(",", ".") + ",5"),
    st.sampled_from(["-99997", "-99999999", ".", "x", "", " 12 "]),
)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(codes, years, names, cells), min_size=1, max_size=30), st.booleans())
def test_a_written_long_table_reads_the_same_fast_and_carefully(tmp_path_factory, rows, dutch):
    """Property: the fast path gives the careful reader's series, or the same refusal."""
    path = tmp_path_factory.mktemp("reeks") / "reeks.csv"
    sep = ";" if dutch else ","
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=sep)
        writer.writerow(["gwb_code", "Perioden", "indicator", "waarde"])
        writer.writerows([(c, f"{y}JJ00", i, v) for c, y, i, v in rows])

    assert read_table_fast(path) is not None  # a plain file: the fast path is what is tested

    def outcome(read):
        try:
            return read()
        except WijkkaartError as exc:
            return exc.key

    fast = outcome(lambda: read_series(path))
    careful = outcome(lambda: series_from_table(read_table_raw(path), path))
    if isinstance(careful, str):
        assert fast == careful
        return
    _same_series(fast, careful)
    assert np.isfinite(fast.values["value"]).sum() <= len(rows)


@pytest.mark.parametrize("step", [1, 3, 7, 1 << 20])
def test_the_careful_reader_splits_lines_as_stringio_does_in_any_step(monkeypatch, step):
    """The text is cut into lines a slice at a time (short GIL steps); only '\\n' ends a line,
    as in io.StringIO ('\\r', U+2028 stay inside, for the csv module to judge)."""
    import io

    from wijkkaart.io import tables

    monkeypatch.setattr(tables, "_STEP", step)
    for text in ["", "a", "a\n", "a;b\r\nc;d\n\n", "x\u2028y\rz\n" * 3, "ab\ncd\nef" * 9]:
        assert list(tables._lines(text)) == list(io.StringIO(text)), text


def test_a_long_column_is_factorized_in_slices_as_at_once(monkeypatch):
    """INVENTED cells; the slices give pd.factorize's codes and first-seen order."""
    from wijkkaart.io import series

    monkeypatch.setattr(series, "_STEP", 4)
    cells = pd.Series(["b", "a", None, "b", "c", "a", "d", None, "c", "e", "b"], dtype=object)
    index, uniques = series._factorize(cells)
    expected_index, expected = pd.factorize(cells, use_na_sentinel=True)
    assert index.tolist() == expected_index.tolist()
    assert list(uniques) == list(expected)
