"""A few columns of a large delimited file, read fast and typed, under the careful table rules.

National exports (EP-Online, BAG) have millions of rows. pyarrow's CSV reader reads only the
columns asked for, in parallel, without copying the text through Python. It cannot say on
which *line* a malformed row sits, nor apply the table rules of
:class:`wijkkaart.io.tables.TableRows` (trailing ``;;`` cut, short rows padded only where
unnamed columns are missing). So a file in which pyarrow notices anything at all is read again
by a streaming csv-module reader through those same ``TableRows``, which reports every bad row
by line number. Either way only the wanted columns are kept, as pyarrow string arrays
(stripped), so memory stays proportional to what is used. :func:`read_table_fast` gives all
columns of a plain file as a frame, for the series reader.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.tables import (
    MAX_TABLE_BYTES,
    SNIFF_BYTES,
    TableRows,
    column_names,
    detect_encoding,
    sep_directive,
    sniff_delimiter,
)
from wijkkaart.messages import WijkkaartError

log = logging.getLogger(__name__)

MAX_BYTES = 16 * 1024**3  # a national export with every column is a few GB; more is not one
_CHUNK_ROWS = 250_000
_CHECK_ROWS = 8_192


@dataclass
class Sniffed:
    """What the first bytes of a file say: encoding, header line, separator, column names."""

    path: Path
    codec: str
    bom: int
    header_at: int  # 0-based line index of the header
    separator: str
    names: list[str]
    head_lines: list[str]  # first lines from the header on (for messages)


@dataclass
class Columns:
    """The wanted columns as stripped pyarrow strings, with the rows set aside by line."""

    data: dict[str, pa.ChunkedArray]
    rows: int
    bad_lines: list[int] = field(default_factory=list)
    careful: bool = False  # read by the csv-module reader


def read_head(path: Path) -> tuple[str, str, int]:
    """(text of the first bytes, codec, BOM length); refuses devices, FIFOs, folders, binaries."""
    path = require_regular_file(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise WijkkaartError(
            "table_too_large", path=path, size=size // 2**20, limit=MAX_BYTES // 2**20
        )
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as exc:
        log.info("reading %s failed: %s", path, exc)
        raise WijkkaartError("table_not_regular_file", path=path) from None
    if not head.strip():
        raise WijkkaartError("file_empty", path=path)
    codec, bom = detect_encoding(head, path)
    text = codecs.getincrementaldecoder(codec)(errors="replace").decode(head[bom:], final=False)
    if "\x00" in text:
        raise WijkkaartError("table_binary", path=path)
    return text, codec, bom


def sniff(
    path: Path, text: str, codec: str, bom: int, header_at: int, separator: str | None = None
) -> Sniffed:
    """Separator (unless given) and column names of the header at line ``header_at``."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    sample = [line for line in lines[header_at : header_at + 51] if line.strip()]
    if not sample:
        raise WijkkaartError("file_empty", path=path)
    sep = separator or sniff_delimiter(sample[0], sample[1:])
    header = next(csv.reader([sample[0]], delimiter=sep, skipinitialspace=True), [])
    return Sniffed(path, codec, bom, header_at, sep, column_names(header), sample)


def read_columns(
    sniffed: Sniffed,
    wanted: list[str],
    feedback: Feedback | None = None,
    trim: list[str] | None = None,
    key_columns: list[str] | None = None,
) -> Columns:
    """The ``wanted`` columns (names from ``sniffed.names``): fast, or carefully where needed.

    The careful reader strips every cell; the fast one strips only the ``trim`` columns (all
    when None): callers that cast a column strip it themselves when the cast fails, which
    saves a pass over millions of cells. Rows whose ``key_columns`` (default: all wanted) are
    all empty are dropped, as blank lines are.
    """
    fast = _read_fast(sniffed, wanted, wanted if trim is None else trim, key_columns or wanted)
    if fast is not None:
        return fast
    log.info("%s: reading with the careful reader", sniffed.path)
    return _read_careful(sniffed, wanted, ensure(feedback))


def _read_fast(
    sn: Sniffed, wanted: list[str], trim: list[str], keys: list[str], threads: bool = True
) -> Columns | None:
    """pyarrow's reader; None when the file needs the careful reader (anything unusual).

    ``threads=False`` reads on the calling thread only: beside the GUI on 2 CPUs pyarrow's
    own thread pool let the window's event loop wait 110-140 ms in 3 of 8 national series
    reads (bench/bench_trend_panel.py), one thread in none of 8, at about the same speed.
    """
    if sn.codec != "utf-8":
        return None
    if len(set(sn.names)) != len(sn.names) or not sn.names[-1].strip():
        return None  # duplicate or trailing unnamed columns: the careful rules apply
    problems: list[object] = []

    def on_invalid(row: object) -> str:
        problems.append(row)
        return "skip"

    try:
        table = pacsv.read_csv(
            sn.path,
            read_options=pacsv.ReadOptions(
                skip_rows=sn.header_at + 1,
                column_names=sn.names,
                block_size=8 << 20,
                use_threads=threads,
                encoding="utf8",
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=sn.separator,
                invalid_row_handler=on_invalid,
                newlines_in_values=False,
            ),
            convert_options=pacsv.ConvertOptions(
                include_columns=wanted,
                column_types=dict.fromkeys(wanted, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, OSError, ValueError) as exc:
        log.info("pyarrow could not read %s: %s", sn.path, str(exc)[:300])
        return None
    if problems:
        return None
    if _blank_lines_before(sn):
        return None
    data = {
        name: pc.utf8_trim_whitespace(table.column(name)) if name in trim else table.column(name)
        for name in wanted
    }
    return _drop_blank_rows(Columns(data, table.num_rows), keys)


def _blank_lines_before(sn: Sniffed) -> bool:
    """Whether blank lines sit before the header (pyarrow's skip_rows would count differently)."""
    try:
        with sn.path.open("rb") as fh:
            fh.seek(sn.bom)
            head = fh.read(SNIFF_BYTES).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    except OSError:
        return True
    return any(not line.strip() for line in head.split(b"\n")[: sn.header_at + 1])


def _drop_blank_rows(cols: Columns, keys: list[str]) -> Columns:
    """Rows whose key cells are all empty (``;;;;`` lines) are no rows, as in split_rows."""
    if not cols.data or cols.rows == 0:
        return cols
    filled = None
    for name in keys:
        has = pc.greater(pc.binary_length(pc.utf8_trim_whitespace(cols.data[name])), 0)
        filled = has if filled is None else pc.or_(filled, has)
    if pc.all(filled).as_py():
        return cols
    data = {k: v.filter(filled) for k, v in cols.data.items()}
    return Columns(data, len(next(iter(data.values()))), cols.bad_lines, cols.careful)


def _open_text(sn: Sniffed, codec: str) -> tuple[io.TextIOWrapper, io.BufferedReader]:
    raw = sn.path.open("rb")
    raw.seek(sn.bom)
    errors = "strict" if codec == "utf-8" else "replace"
    return io.TextIOWrapper(raw, encoding=codec, errors=errors, newline=""), raw


def _read_careful(sn: Sniffed, wanted: list[str], feedback: Feedback) -> Columns:
    """The csv-module reader, streaming: bad rows set aside and listed by physical line."""
    try:
        return _careful_pass(sn, wanted, sn.codec, feedback)
    except UnicodeDecodeError:
        return _careful_pass(sn, wanted, "cp1252", feedback)  # Excel on Windows, further on


def _careful_pass(sn: Sniffed, wanted: list[str], codec: str, feedback: Feedback) -> Columns:
    text, raw = _open_text(sn, codec)
    size = max(1, os.fstat(raw.fileno()).st_size)
    with text:
        for _ in range(sn.header_at):
            text.readline()
        reader = csv.reader(text, delimiter=sn.separator, skipinitialspace=True)
        table = TableRows(reader, sn.header_at + 1)
        picks: list[int] | None = None
        chunks: dict[str, list[pa.Array]] = {name: [] for name in wanted}
        buffers: list[list[str]] = [[] for _ in wanted]
        rows = 0
        try:
            for record in table:
                if picks is None:
                    names = column_names(table.header or [])
                    picks = [names.index(name) for name in wanted]
                for buf, i in zip(buffers, picks, strict=True):
                    buf.append(record[i])
                rows += 1
                if rows % _CHECK_ROWS == 0:  # a cancel takes effect within a few ms
                    feedback.check()
                if rows % _CHUNK_ROWS == 0:
                    _flush(chunks, buffers, wanted)
                    feedback.progress(min(0.99, raw.tell() / size))
        except csv.Error as exc:
            log.info("csv error in %s near line %s: %s", sn.path, table.line, exc)
            raise WijkkaartError("table_bad_structure", path=sn.path, line=table.line) from None
    header = table.header
    bad = [line for line, _ in table.bad]
    if header is None:
        raise WijkkaartError("file_empty", path=sn.path)
    _flush(chunks, buffers, wanted)
    data = {
        name: pc.utf8_trim_whitespace(pa.chunked_array(chunks[name], type=pa.string()))
        for name in wanted
    }
    return Columns(data, rows, bad, careful=True)


def _flush(chunks: dict[str, list[pa.Array]], buffers: list[list[str]], wanted: list[str]) -> None:
    for name, buf in zip(wanted, buffers, strict=True):
        if buf:
            chunks[name].append(pa.array(buf, type=pa.string()))
            buf.clear()


def read_table_fast(path: Path) -> pd.DataFrame | None:
    """Every column of a plain UTF-8 delimited file as trimmed text, or None.

    pyarrow splits and decodes the file with the GIL released, and the cells stay pyarrow
    strings (pandas' ``str`` dtype), so no Python object is made per cell: the window stays
    responsive while a national series (725,000 rows) is read in a job. The frame is what
    :func:`wijkkaart.io.tables.read_table_raw` gives, cells stripped; for any file that needs
    its careful rules (another encoding, a bad or short row, a quote after a space, a blank
    line before the header, classic Mac line ends, no rows) this returns None, and the caller
    reads it with ``read_table_raw``, which also words every refusal.
    """
    try:
        if path.stat().st_size > MAX_TABLE_BYTES:
            return None
        text, codec, bom = read_head(path)
    except (OSError, WijkkaartError):
        return None
    if "\r" in text and "\n" not in text:
        return None
    separator = sep_directive(text.replace("\r\n", "\n"))
    try:
        sniffed = sniff(path, text, codec, bom, 1 if separator else 0, separator)
    except WijkkaartError:
        return None
    names = sniffed.names
    cols = _read_fast(sniffed, names, names, names, threads=False)
    if cols is None or cols.rows == 0:
        return None
    for column in cols.data.values():  # csv's skipinitialspace: ` "a;b"` is one quoted cell
        if pc.any(pc.match_substring(column, '"')).as_py():
            return None
    frame = pd.DataFrame(
        {name: pd.arrays.ArrowStringArray(cols.data[name], dtype=_TEXT) for name in names},
        copy=False,
    )
    frame.attrs["separator"] = sniffed.separator
    return frame


_TEXT = pd.StringDtype("pyarrow", na_value=np.nan)
