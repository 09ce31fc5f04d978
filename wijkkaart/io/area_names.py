"""Wijk and gemeente names from the columns of a buurt file (``wijknaam``, ``gemeentenaam``).

The outlines dissolved from the buurten are labelled with them. They are taken from the table
the buurten were read from, so the file is not read again for them.
"""

from __future__ import annotations

import pandas as pd

from wijkkaart.io.codes import normalise_code
from wijkkaart.io.columns import CODE_FIELDS

NAME_COLUMNS = {"wijk": ("wijknaam", "wk_naam"), "gemeente": ("gemeentenaam", "gm_naam")}


def name_columns(fields: list[str]) -> dict[str, tuple[str, str]]:
    """Per level the (code column, name column) the fields hold, as written in the file."""
    lower = {str(f).lower(): str(f) for f in fields}
    wanted = {}
    for level in ("wijk", "gemeente"):
        code = next((lower[c] for c in CODE_FIELDS[level] if c in lower), None)
        name = next((lower[c] for c in NAME_COLUMNS[level] if c in lower), None)
        if code and name:
            wanted[level] = (code, name)
    return wanted


def outline_names(table: pd.DataFrame) -> dict[str, dict[str, str]]:
    """``{"wijk": {code: name}, "gemeente": {code: name}}`` as far as ``table`` has them."""
    found: dict[str, dict[str, str]] = {"wijk": {}, "gemeente": {}}
    for level, (code, name) in name_columns(list(table.columns)).items():
        pairs = table[[code, name]].dropna().drop_duplicates(code)
        for raw, text in zip(pairs[code], pairs[name], strict=True):
            normal = normalise_code(raw, level)
            if normal and str(text).strip():
                found[level][normal] = str(text).strip()
    return found
