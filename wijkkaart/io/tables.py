"""Read indicator tables (CSV with , ; or tab, decimal commas, UTF-8 or cp1252; .xlsx) as text.

Cells are kept as text here; :mod:`wijkkaart.io.columns` decides which columns are numbers and
what each missing value means. Reading as text keeps codes such as ``0344`` intact.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from wijkkaart.io.vector import check_readable
from wijkkaart.messages import WijkkaartError

TABLE_SUFFIXES = {".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".xls"}


def decode_text(path: Path) -> str:
    """File text as UTF-8 (with or without BOM), falling back to cp1252 (Excel on Windows)."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise WijkkaartError("table_unreadable", path=path, detail="binair bestand / binary file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(header: str) -> str:
    """The delimiter of a header line: the most frequent of ; , tab and |."""
    counts = {sep: header.count(sep) for sep in (";", ",", "\t", "|")}
    best = max(counts, key=lambda s: counts[s])
    if counts[best] == 0:
        try:
            return csv.Sniffer().sniff(header).delimiter
        except csv.Error:
            return ","
    return best


def read_table_raw(
    path: str | Path, sheet: str | int | None = None, skip_lines: int = 0
) -> pd.DataFrame:
    """All cells as text (empty cells as ''), column names stripped."""
    path = Path(path)
    check_readable(path)
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            frame = pd.read_excel(path, sheet_name=sheet or 0, dtype=str, keep_default_na=False)
        elif suffix == ".xls":
            raise WijkkaartError(
                "table_unreadable", path=path, detail="oud Excel-formaat .xls; sla op als .xlsx"
            )
        else:
            text = decode_text(path)
            lines = text.splitlines()[skip_lines:]
            if not lines or not lines[0].strip():
                raise WijkkaartError("file_empty", path=path)
            sep = sniff_delimiter(lines[0])
            frame = pd.read_csv(
                io.StringIO("\n".join(lines)),
                sep=sep,
                dtype=str,
                keep_default_na=False,
                skipinitialspace=True,
            )
    except WijkkaartError:
        raise
    except Exception as exc:  # pandas/openpyxl raise many types for broken files
        raise WijkkaartError(
            "table_unreadable", path=path, detail=str(exc).split("\n")[0][:200]
        ) from None
    frame.columns = [str(c).strip() for c in frame.columns]
    if frame.empty and len(frame.columns) <= 1:
        raise WijkkaartError("file_empty", path=path)
    return frame
