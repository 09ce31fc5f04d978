"""Rewrite a CSV as Dutch Excel saves it: ';' between fields, decimal commas, thousands dots."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

_NUMBER = re.compile(r"^(-?)(\d+)(?:\.(\d+))?$")


def dutch_number(text: str) -> str:
    """'361525' -> '361.525', '-0.14' -> '-0,14', '1310.0' -> '1.310,0'; other text unchanged."""
    match = _NUMBER.match(text.strip())
    if not match:
        return text
    sign, whole, frac = match.groups()
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + frac if frac is not None else "")


def rewrite_dutch(source: Path, target: Path, keep: set[str] = frozenset()) -> None:
    """``source`` (a ,-separated CSV with dot decimals) as Dutch Excel would write it.

    Columns in ``keep`` (codes, names) are copied as they are.
    """
    with source.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in body:
        writer.writerow(
            [
                cell if name in keep else dutch_number(cell)
                for name, cell in zip(header, row, strict=True)
            ]
        )
    target.write_bytes(out.getvalue().encode("cp1252"))
