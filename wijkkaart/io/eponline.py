"""EP-Online energy labels (RVO open data CSV): read into typed arrays.

Reading keeps only the columns the recipe needs, typed (labels as small integers, BAG ids as
int64, dates as YYYYMMDD integers), so a national export of millions of rows fits in memory
and time. This reader only reads (and sets aside design-stage, non-dwelling and unknown-class
rows, counted); the recipe itself (newest label per object, placement, counts per buurt) and
its entry points ``read_eponline`` and ``energy_labels_per_buurt`` are an analysis:
:mod:`wijkkaart.analysis.energy_labels`.

Recipe (as the register requires): drop design-stage labels (status *Vergunningsaanvraag*) and
non-dwellings (gebouwklasse U), resolve labels that carry only an address to their BAG id, keep
the newest label per object, place each label in a buurt, count per class and divide by the
dwelling stock so that the large "no label" share stays visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from wijkkaart.catalogue import LABEL_CLASSES
from wijkkaart.feedback import Feedback
from wijkkaart.io.bag import (
    Suffixes,
    address_codes,
    find_fields,
    parse_coordinates,
    parse_ids,
)
from wijkkaart.io.fastcsv import read_columns, read_head, sniff
from wijkkaart.io.tables import message_names, sniff_delimiter
from wijkkaart.messages import WijkkaartError, short_list, tr

SOURCE = "EP-Online (RVO)"

_FIELDS = {
    "label": ("energieklasse", "labelletter", "energielabel"),
    "vbo": ("bagverblijfsobjectid", "verblijfsobjectid", "vboid"),
    "ligplaats": ("bagligplaatsid", "ligplaatsid"),
    "standplaats": ("bagstandplaatsid", "standplaatsid"),
    "date": ("opnamedatum",),
    "registered": ("registratiedatum",),
    "status": ("status",),
    "klasse": ("gebouwklasse",),
    "postcode": ("postcode",),
    "huisnummer": ("huisnummer",),
    "huisletter": ("huisletter",),
    "toevoeging": ("huisnummertoevoeging", "huisnummertoev", "toevoeging"),
    "x": ("x", "xcoord", "xcoordinaat", "rdx"),
    "y": ("y", "ycoord", "ycoordinaat", "rdy"),
}
_MAX_BAD_SHARE = 0.5  # more shifted rows than this: not an EP-Online export at all


@dataclass
class LabelRows:
    """The dwelling-label rows of an export (design stage, non-dwellings, bad classes out)."""

    label: np.ndarray  # int8: index into LABEL_CLASSES
    vbo: np.ndarray  # int64 BAG verblijfsobject id, -1 where none
    other: np.ndarray  # int64 ligplaats/standplaats id, -1 where none
    address: np.ndarray  # int64 postcode + huisnummer code, -1 where incomplete
    suffix: Suffixes  # huisletter and toevoeging, coded on demand
    date: np.ndarray  # int64 YYYYMMDD of the opname, -1 unknown
    registered: np.ndarray  # int64 YYYYMMDD of the registration, -1 unknown
    x: np.ndarray | None = None  # RD coordinates in the file itself (rare)
    y: np.ndarray | None = None
    variant: str = "v2"
    counts: dict[str, int] = field(default_factory=dict)
    skipped_lines: list[int] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""

    def __len__(self) -> int:
        return len(self.label)


def _progress(feedback: Feedback | None, fraction: float, key: str, **values: object) -> None:
    if feedback is not None:
        feedback.progress(fraction, tr(key, **values))


def read_label_rows(path: str | Path, feedback: Feedback | None = None) -> LabelRows:
    """Read an EP-Online CSV export (v2, its 2023 variant, or v4 with preamble lines).

    A row with more or fewer fields than the header is skipped and reported by line number,
    never read with its columns shifted.
    """
    path = Path(path)
    text, codec, bom = read_head(path)
    head = text.replace("\r\n", "\n").replace("\r", "\n").split("\n", 50)[:50]
    header_at = next(
        (i for i, line in enumerate(head) if re.search(r"energieklasse|labelletter", line, re.I)),
        None,
    )
    if header_at is None:
        first = next((line for line in head if line.strip()), "")
        raise WijkkaartError("ep_unknown_header", path=path, columns=_header_names(first))
    sniffed = sniff(path, text, codec, bom, header_at)
    cols = find_fields(sniffed.names, _FIELDS)
    if "label" not in cols or not ({"vbo", "postcode"} & cols.keys() or {"x", "y"} <= cols.keys()):
        raise WijkkaartError(
            "ep_unknown_header", path=path, columns=message_names(sniffed.names, 8)
        )
    _progress(feedback, 0.0, "ep_progress_reading", path=path.name)
    wanted = sorted(set(cols.values()), key=sniffed.names.index)
    keys = [cols[k] for k in ("label", "vbo", "postcode") if k in cols]
    trim = [cols[k] for k in ("label", "status", "klasse") if k in cols]
    read = read_columns(sniffed, wanted, feedback, trim=trim, key_columns=keys)
    _progress(feedback, 0.6, "ep_progress_reading", path=path.name)
    total = read.rows + len(read.bad_lines)
    if read.bad_lines and len(read.bad_lines) > _MAX_BAD_SHARE * total:
        raise WijkkaartError(
            "ep_too_many_bad_rows",
            path=path,
            n=len(read.bad_lines),
            total=total,
            lines=short_list([str(n) for n in read.bad_lines]),
        )
    variant = "v4" if header_at > 0 else "v2-2023" if "huisletter" in cols else "v2"
    rows = _recipe_rows(read.data, read.rows, cols)
    _progress(feedback, 1.0, "ep_progress_reading", path=path.name)
    rows.variant = variant
    rows.skipped_lines = read.bad_lines
    rows.source = path.name
    return rows


def _header_names(line: str, sep: str | None = None) -> str:
    """Column names of a header line for a message (only what looks like a column name)."""
    sep = sep or sniff_delimiter(line)
    return message_names([n.strip().strip('"') for n in line[:2000].split(sep)[:50]], 8)


def _recipe_rows(data: dict[str, pa.ChunkedArray], n: int, cols: dict[str, str]) -> LabelRows:
    """Typed arrays of the dwelling-label rows; design-stage, utility and bad classes counted."""

    def col(key: str) -> pa.ChunkedArray:
        if key in cols:
            return data[cols[key]]
        return pa.chunked_array([pa.array([""] * n, type=pa.string())])

    design = pc.equal(pc.utf8_lower(col("status")), "vergunningsaanvraag")
    utility = pc.equal(pc.utf8_upper(col("klasse")), "U")
    design = design.to_numpy(zero_copy_only=False).astype(bool)
    utility = utility.to_numpy(zero_copy_only=False).astype(bool) & ~design
    label_text = pc.utf8_upper(pc.replace_substring(col("label"), " ", ""))
    classes = pa.array(list(LABEL_CLASSES), type=pa.string())
    label = pc.fill_null(pc.index_in(label_text, value_set=classes), -1)
    label = label.to_numpy(zero_copy_only=False).astype(np.int8)
    bad_class = (label < 0) & ~design & ~utility
    keep = ~design & ~utility & ~bad_class
    vbo, bad_vbo = parse_ids(col("vbo"))
    lig, _ = parse_ids(col("ligplaats"))
    stand, _ = parse_ids(col("standplaats"))
    other = np.where(lig >= 0, lig, stand)
    rows = LabelRows(
        label=label[keep],
        vbo=vbo[keep],
        other=other[keep],
        address=address_codes(col("postcode"), col("huisnummer"))[keep],
        suffix=Suffixes(col("huisletter"), col("toevoeging")).filter(keep),
        date=date_keys(col("date"))[keep],
        registered=date_keys(col("registered"))[keep],
        counts={
            "total": n,
            "design": int(design.sum()),
            "utility": int(utility.sum()),
            "bad_class": int(bad_class.sum()),
        },
    )
    if bad_vbo:
        rows.warnings.append(tr("ep_bad_ids", n=bad_vbo))
    if "x" in cols and "y" in cols:
        rows.x = parse_coordinates(col("x"), cols["x"])[keep]
        rows.y = parse_coordinates(col("y"), cols["y"])[keep]
    return rows


def date_keys(values: pa.ChunkedArray) -> np.ndarray:
    """YYYYMMDD integers that sort like the dates; other notations parsed, -1 when unknown."""
    from wijkkaart.io.bag import _fast_ints

    fast = _fast_ints(values, 10_000_101, 99_991_231)
    if fast is not None:
        return fast
    values = pc.utf8_trim_whitespace(values)
    plain = pc.match_substring_regex(values, r"^[0-9]{8}$")
    keys = pc.cast(pc.if_else(plain, values, "-1"), pa.int64()).to_numpy().astype(np.int64)
    other = ~plain.to_numpy(zero_copy_only=False) & (
        pc.utf8_length(values).to_numpy(zero_copy_only=False) > 0
    )
    if other.any():
        text = pd.Series(values.filter(pa.array(other)).to_numpy(zero_copy_only=False))
        dates = pd.to_datetime(text, format="mixed", errors="coerce")
        parsed = (dates.dt.year * 10_000 + dates.dt.month * 100 + dates.dt.day).fillna(-1)
        keys[other] = parsed.to_numpy(dtype=np.int64)
    keys[(keys < 10_000_101) | (keys > 99_991_231)] = -1
    return keys
