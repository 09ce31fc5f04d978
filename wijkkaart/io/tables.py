"""Read indicator tables (CSV with , ; tab or |; UTF-8, UTF-16 or cp1252; .xlsx) as text.

Cells are kept as text here; :mod:`wijkkaart.io.columns` decides which columns are numbers and
what each missing value means. Reading as text keeps codes such as ``0344`` intact.

A file is sniffed from its first bytes only (it may be huge or endless), rows are split with the
csv module so that a row with more or fewer fields than the header is *found* rather than shifted,
and every failure becomes a Dutch :class:`WijkkaartError`; library text goes to the log.
"""

from __future__ import annotations

import codecs
import csv
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from wijkkaart.io.vector import check_readable
from wijkkaart.messages import WijkkaartError, short_list

log = logging.getLogger(__name__)

TABLE_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls"}
SEPARATORS = (";", ",", "\t", "|")
SNIFF_BYTES = 64 * 1024
MAX_TABLE_BYTES = 2 * 1024**3
_SAMPLE_LINES = 50
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def _check_file(path: Path, limit: int) -> None:
    check_readable(path)
    if not path.is_file():
        raise WijkkaartError("table_not_regular_file", path=path)
    size = path.stat().st_size
    if size > limit:
        raise WijkkaartError(
            "table_too_large", path=path, size=size // 2**20, limit=max(1, limit // 2**20)
        )


def _read_bytes(path: Path, limit: int) -> bytes:
    """At most ``limit`` bytes (a file can grow, or lie about its size, while we read it)."""
    try:
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        log.info("reading %s failed: %s", path, exc)
        raise WijkkaartError("table_not_regular_file", path=path) from None
    if len(data) > limit:
        raise WijkkaartError(
            "table_too_large", path=path, size=len(data) // 2**20, limit=max(1, limit // 2**20)
        )
    return data


def detect_encoding(head: bytes, path: Path) -> tuple[str, int]:
    """(codec, BOM length) from the first bytes; refuses binary files."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, len(bom)
    sample = head[:4096]
    if sample.startswith(b"PK\x03\x04"):
        raise WijkkaartError("table_zip_not_xlsx", path=path)
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if odd and odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
            return "utf-16-le", 0  # Excel "Unicode text" without its BOM
        if even and even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
            return "utf-16-be", 0
        raise WijkkaartError("table_binary", path=path)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252", 0
    return "utf-8", 0


_STEP = 1 << 20  # bytes or characters handled in one step that holds the GIL (a few ms)


def _decode(data: bytes, codec: str, skip: int, final: bool) -> str:
    """The text of ``data`` decoded a megabyte at a time: a national file in one call held
    the GIL 70-110 ms, the window frozen if a job reads it."""
    view = memoryview(data)[skip:]
    if codec == "utf-8" and final:
        try:
            return _decode_steps(codecs.getincrementaldecoder("utf-8")(), view)
        except UnicodeDecodeError:
            codec = "cp1252"  # UTF-8 at the start, cp1252 further on: Excel on Windows
    decoder = codecs.getincrementaldecoder(codec)(errors="replace")
    if not final:
        return decoder.decode(view, final=False)
    return _decode_steps(decoder, view)


def _decode_steps(decoder: codecs.IncrementalDecoder, view: memoryview) -> str:
    parts = [decoder.decode(view[i : i + _STEP]) for i in range(0, len(view), _STEP)]
    parts.append(decoder.decode(b"", final=True))
    return "".join(parts)


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``io.StringIO`` gives them (split at '\\n' only), made about
    a megabyte at a time: StringIO copied a national file in one 80 ms step holding the GIL."""
    start = 0
    while start < len(text):
        end = text.find("\n", min(start + _STEP, len(text) - 1))
        end = len(text) if end < 0 else end + 1
        parts = text[start:end].split("\n")
        yield from [part + "\n" for part in parts[:-1]]
        if parts[-1]:
            yield parts[-1]
        start = end


def decode_text(path: Path, limit: int = MAX_TABLE_BYTES) -> str:
    """The whole file as text (BOM-detected UTF-8/16/32, UTF-8, else cp1252), at most ``limit``."""
    path = Path(path)
    _check_file(path, limit)
    data = _read_bytes(path, limit)
    codec, skip = detect_encoding(data[:SNIFF_BYTES], path)
    text = _decode(data, codec, skip, final=True)
    if "\x00" in text:
        raise WijkkaartError("table_binary", path=path)
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")  # classic Mac line ends
    return text


def decode_head(path: Path, limit: int = SNIFF_BYTES) -> str:
    """The first ``limit`` bytes of a file as text, for sniffing; never reads the whole file."""
    path = Path(path)
    check_readable(path)
    if not path.is_file():
        raise WijkkaartError("table_not_regular_file", path=path)
    try:
        with path.open("rb") as fh:
            head = fh.read(limit)
    except OSError as exc:
        log.info("reading %s failed: %s", path, exc)
        raise WijkkaartError("table_not_regular_file", path=path) from None
    codec, skip = detect_encoding(head, path)
    return _decode(head, codec, skip, final=False).replace("\x00", "")


def _fields(lines: list[str], sep: str) -> list[int]:
    try:
        return [len(r) for r in csv.reader(lines, delimiter=sep, skipinitialspace=True) if r]
    except csv.Error:
        return []


def sniff_delimiter(header: str, sample: list[str] | tuple[str, ...] = ()) -> str:
    """The field separator: one of ; , tab |, counted outside quotes and checked on ``sample``.

    The separator that gives the header the most fields wins, unless another splits the data
    lines the same way as the header and this one does not. A header with none of them is a
    one-column table; its separator is one that does not occur in the sample at all.
    """
    lines = [header, *[s for s in sample if s.strip()]][:_SAMPLE_LINES]
    scores = []
    for order, sep in enumerate(SEPARATORS):
        counts = _fields(lines, sep)
        if not counts or counts[0] < 2:
            continue
        data = counts[1:]
        consistent = sum(c == counts[0] for c in data) / len(data) if data else 1.0
        scores.append((consistent >= 0.9, counts[0], consistent, -order, sep))
    if scores:
        return max(scores)[-1]
    text = "\n".join(lines)
    return min(SEPARATORS, key=lambda s: (text.count(s), SEPARATORS.index(s)))


@dataclass
class SplitRows:
    """Header and rows of a delimited text, and the lines set aside (when skipping is allowed)."""

    header: list[str]
    rows: list[list[str]]
    bad_lines: list[int] = field(default_factory=list)
    first_line: int = 1


class TableRows:
    """The rows of a csv reader under the table rules, one at a time (the one row splitter of
    both the whole-table reader and the streaming one in :mod:`wijkkaart.io.fastcsv`).

    Empty rows are dropped; the first row is the header; trailing empty fields beyond it
    (Excel's ``;;``) are cut, and a row short only of trailing unnamed columns is padded. Any
    other row of the wrong width is set aside in ``bad`` as (physical line, field count).
    ``line`` is the line the reader has reached, for a ``csv.Error``.
    """

    def __init__(self, reader: Any, first_line: int = 1) -> None:
        self.reader = reader
        self.first_line = first_line
        self.header: list[str] | None = None
        self.bad: list[tuple[int, int]] = []
        self.line = first_line

    def __iter__(self) -> Iterator[list[str]]:
        width = core = 0
        for record in self.reader:
            line = self.line
            self.line = self.first_line + self.reader.line_num
            if not record or not any(f.strip() for f in record):
                continue
            if self.header is None:
                self.header = record
                width = core = len(record)
                while core > 1 and not record[core - 1].strip():
                    core -= 1  # trailing unnamed columns (Excel's ;;) may be left off a row
                continue
            if len(record) > width and not any(f.strip() for f in record[width:]):
                record = record[:width]
            elif core <= len(record) < width:
                record = record + [""] * (width - len(record))
            if len(record) != width:
                self.bad.append((line, len(record)))
                continue
            yield record


def split_rows(
    text: str, sep: str, path: Path, first_line: int = 1, skip_bad: bool = False
) -> SplitRows:
    """Rows of ``text`` (see :class:`TableRows`); a row whose field count differs from the
    header refuses the file (with its line number), or, with ``skip_bad``, is set aside."""
    reader = csv.reader(_lines(text), delimiter=sep, skipinitialspace=True)
    table = TableRows(reader, first_line)
    try:
        rows = list(table)
    except csv.Error as exc:
        log.info("csv error in %s near line %s: %s", path, table.line, exc)
        raise WijkkaartError("table_bad_structure", path=path, line=table.line) from None
    header, bad = table.header, table.bad
    if header is None:
        raise WijkkaartError("file_empty", path=path)
    if bad and not skip_bad:
        key = "table_row_fields_comma" if sep == "," else "table_row_fields"
        line, found = bad[0]
        raise WijkkaartError(
            key,
            path=path,
            line=line,
            found=found,
            expected=len(header),
            n=len(bad),
            lines=short_list([str(b[0]) for b in bad]),
            bad_lines=[b[0] for b in bad],
        )
    return SplitRows(header, rows, [b[0] for b in bad], first_line)


def column_names(header: list[str]) -> list[str]:
    """Header cells as column names: stripped, '' as 'Unnamed: i', duplicates as 'a.1' (pandas)."""
    names: list[str] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = raw.strip().lstrip("\ufeff") or f"Unnamed: {i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        names.append(name)
    return names


def safe_name(name: object, limit: int = 40) -> str:
    """A column name fit for a message: printable, without quotes, at most ``limit`` characters."""
    text = re.sub(r"[^\w .,()/%+\-:&'’°²³]", "?", str(name))
    return text if len(text) <= limit else text[: limit - 1] + "…"


_NAME_OK = re.compile(r"^\w[\w .,()/%+\-&'’°²³]{0,59}$")


def message_names(names: list[str], limit: int = 12) -> str:
    """The column names that look like column names, listed for a message; other header text
    (a sentence, a password, binary junk) is never echoed."""
    shown = [str(n).strip() for n in names if _NAME_OK.match(str(n).strip())]
    return short_list(shown, limit) if shown else "-"


def _drop_line(text: str) -> str:
    nl = text.find("\n")
    return "" if nl < 0 else text[nl + 1 :]


def sep_directive(text: str) -> str | None:
    """The separator of Excel's ``sep=;`` first line, if ``text`` starts with one."""
    match = re.match(r'^\s*"?sep=([;,\t|])"?\s*$', text[:20].split("\n", 1)[0])
    return match.group(1) if match else None


def text_lines(path: Path, skip_lines: int = 0) -> tuple[str, list[str], str, int]:
    """(text from the first kept line, its first lines, separator, number of the first line).

    ``skip_lines`` lines are dropped first; Excel's ``sep=;`` first line is honoured.
    """
    text, first = decode_text(path), 1
    for _ in range(skip_lines):
        text, first = _drop_line(text), first + 1
    directive = sep_directive(text)
    if directive:
        text, first = _drop_line(text), first + 1
    sample = [line for line in text[: SNIFF_BYTES * 2].splitlines() if line.strip()]
    if not sample:
        raise WijkkaartError("file_empty", path=path)
    sample = sample[:_SAMPLE_LINES]
    sep = directive or sniff_delimiter(sample[0], sample[1:])
    return text, sample, sep, first


def read_table_raw(
    path: str | Path, sheet: str | int | None = None, skip_lines: int = 0
) -> pd.DataFrame:
    """All cells as text (empty cells as ''), column names stripped.

    ``frame.attrs["separator"]`` says how the file was written ("," ";" tab "|" or "xlsx"), which
    the number reader uses to decide between Dutch and English notation.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        check_readable(path)
        raise WijkkaartError(
            "table_unreadable", path=path, detail="oud Excel-formaat .xls; sla op als .xlsx"
        )
    if suffix in (".xlsx", ".xlsm"):
        return _read_excel(path, sheet)
    text, _sample, sep, first = text_lines(path, skip_lines)
    split = split_rows(text, sep, path, first_line=first)
    names = column_names(split.header)
    frame = _frame(split.rows, names)
    while split.rows:  # freed a slice at a time too (725,000 lists at once: one long step)
        del split.rows[-_ROWS_STEP:]
    if frame.empty and len(frame.columns) <= 1:
        raise WijkkaartError("file_empty", path=path)
    frame.attrs["separator"] = sep
    return frame


def _frame(rows: list[list[str]], names: list[str]) -> pd.DataFrame:
    """The rows as text columns, filled a slice at a time: pandas made the frame of a national
    series (725,000 rows) in one 0.7 s step holding the GIL."""
    columns: dict[str, np.ndarray] = {}
    for i, name in enumerate(names):
        cells = np.empty(len(rows), dtype=object)
        for start in range(0, len(rows), _ROWS_STEP):
            cells[start : start + _ROWS_STEP] = [row[i] for row in rows[start : start + _ROWS_STEP]]
        columns[name] = cells
    # one array per column (copy=False): freeing the frame later is one short step per column
    return pd.DataFrame(columns, columns=names, dtype=object, copy=False)


_ROWS_STEP = 50_000


def _read_excel(path: Path, sheet: str | int | None) -> pd.DataFrame:
    _check_file(path, MAX_TABLE_BYTES)
    try:
        book = pd.ExcelFile(path)
    except Exception as exc:  # openpyxl/zipfile raise many types for broken files
        log.info("reading %s as Excel failed: %s", path, exc)
        raise WijkkaartError("table_excel_unreadable", path=path) from None
    with book:
        sheets = [str(s) for s in book.sheet_names]
        chosen: str | int = sheet if sheet is not None else 0
        if isinstance(chosen, str) and chosen not in sheets:
            raise WijkkaartError(
                "table_sheet_not_found",
                path=path,
                sheet=safe_name(chosen),
                sheets=short_list([safe_name(s) for s in sheets]),
            )
        try:
            frame = pd.read_excel(book, sheet_name=chosen, dtype=object, keep_default_na=False)
        except Exception as exc:
            log.info("reading sheet %s of %s failed: %s", chosen, path, exc)
            raise WijkkaartError("table_excel_unreadable", path=path) from None
    frame.columns = column_names([str(c) for c in frame.columns])
    frame = frame.map(_excel_text)
    if frame.empty and len(frame.columns) <= 1:
        raise WijkkaartError("file_empty", path=path)
    frame.attrs["separator"] = "xlsx"
    return frame


def _excel_text(value: object) -> str:
    """Excel cells as text: typed numbers in plain dot notation (1855, 1.855), never grouped."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    return str(value)
