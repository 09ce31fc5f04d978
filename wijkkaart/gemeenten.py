"""Which gemeente an area belongs to, and keeping only the chosen gemeenten of a file. Qt-free.

Every CBS buurt and wijk code carries its gemeente: ``BU04790101`` and ``WK047901`` lie in
``GM0479``. A national file is filtered on that, never on a name.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd
import pyogrio

from wijkkaart.feedback import Feedback
from wijkkaart.io.columns import (
    CODE_FIELDS,
    MIXED_CODE_FIELDS,
    MIXED_LEVEL_FIELDS,
    WATER_FIELDS,
    identify_rows,
)
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.tables import TABLE_SUFFIXES
from wijkkaart.io.vector import list_layers, read_frame
from wijkkaart.messages import WijkkaartError, short_list

GEMEENTE_NAMES = ("gemeentenaam", "gm_naam")
# reading features by id pays off for a part of a file; for most of it one plain read is faster
SUBSET_SHARE = 0.5


def gemeente_of(codes: pd.Index | pd.Series) -> pd.Index:
    """``GM`` + the four gemeente digits of each buurt, wijk or gemeente code."""
    return pd.Index("GM" + pd.Series(list(codes), dtype=str).str[2:6], name="gemeente")


def wijk_of(codes: pd.Index | pd.Series) -> pd.Index:
    """``WK`` + gemeente and wijk part of each buurt code (a wijk code stays itself)."""
    return pd.Index("WK" + pd.Series(list(codes), dtype=str).str[2:8], name="wijk")


def normalise_gemeente(value: str) -> str:
    """``gm0479``, ``479`` and ``0479`` all mean ``GM0479``."""
    text = str(value).strip().upper()
    if text.startswith("GM"):
        text = text[2:]
    return "GM" + text.zfill(4) if text.isdigit() and len(text) <= 4 else str(value).strip()


def _layer_of(path: Path, layer: str | None) -> str | None:
    """The layer read_areas reads: the given one, else the one it picks."""
    if layer is None:
        layers = list_layers(path)
        if len(layers) > 1:
            from wijkkaart.io.vector import _pick_layer  # the same choice read_areas makes

            layer = _pick_layer(path, layers)
    return layer


def code_columns(path: Path, layer: str | None, fid_as_index: bool = False) -> pd.DataFrame:
    """Only the columns that can hold codes, names, levels or water flags, without geometry
    (``fid_as_index``: indexed by the file's feature ids, to read those features later)."""
    layer = _layer_of(path, layer)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        fields = [str(f) for f in pyogrio.read_info(path, layer=layer)["fields"]]
        wanted = {
            *(c for names in CODE_FIELDS.values() for c in names),
            *MIXED_CODE_FIELDS,
            *MIXED_LEVEL_FIELDS,
            *WATER_FIELDS,
            *GEMEENTE_NAMES,
        }
        columns = [f for f in fields if f.lower() in wanted or "code" in f.lower()]
        # through Arrow: GDAL's feature loop then leaves the GIL free (0.1 s on a national file)
        return read_frame(
            path, layer, columns=columns or None, read_geometry=False, fid_as_index=fid_as_index
        )


@dataclass(frozen=True)
class Subset:
    """Which features of a vector file to read: an attribute filter or feature ids."""

    where: str | None = None
    fids: list[int] | None = None


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def gemeente_subset(
    path: str | Path, layer: str | None, chosen: list[str], level: str | None = None
) -> Subset | None:
    """How to read only the ``chosen`` gemeenten of a vector file; None: read it whole (a
    table, or most of the file chosen).

    A CBS file has a gemeente code column (``gemeentecode``, ``gm_code``): an attribute filter
    on it reads the chosen features in the same single read. Without one, the code columns
    are read first (no geometry) to find the feature ids. The national row (NL00) stays.
    """
    path = Path(path)
    if path.suffix.lower() in TABLE_SUFFIXES or not chosen:
        return None
    wanted = sorted({normalise_gemeente(c) for c in chosen})
    layer = _layer_of(path, layer)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        info = pyogrio.read_info(path, layer=layer)
    fields = [str(f) for f in info["fields"]]
    types = dict(zip(fields, [str(t) for t in info["dtypes"]], strict=True))
    lower = {f.lower(): f for f in fields}
    column = next((lower[c] for c in CODE_FIELDS["gemeente"] if c in lower), None)
    if column is not None and all(c.startswith("GM") and c[2:].isdigit() for c in wanted):
        if types[column].startswith(("int", "uint")):
            values = [str(int(c[2:])) for c in wanted]
        else:  # GM0479, and the forms a file may write it in: 0479, 479
            values = [f"'{v}'" for c in wanted for v in (c, c[2:], str(int(c[2:])))]
        where = f"{_quoted(column)} IN ({', '.join(values)})"
        mixed = next((lower[c] for c in MIXED_CODE_FIELDS if c in lower), None)
        if mixed is not None:
            where += f" OR {_quoted(mixed)} LIKE 'NL%'"
        return Subset(where=where)
    raw = code_columns(path, layer, fid_as_index=True)
    try:
        found = identify_rows(raw, path, level)
    except WijkkaartError:  # e.g. several years in one file: read it whole, decide there
        return None
    present = gemeente_of(found.codes)
    chosen_rows = present.isin(wanted)
    if chosen_rows.sum() > SUBSET_SHARE * len(raw):  # most of the file: one plain read is faster
        return None
    mine = found.rows.index[chosen_rows]  # rows keep the file's feature ids
    codes = raw[found.code_column].astype(str).str.strip().str.upper()
    national = raw.index[codes.str.startswith("NL").to_numpy()]
    return Subset(fids=sorted(int(i) for i in mine.union(national)))


def read_gemeenten(
    path: str | Path,
    chosen: list[str],
    layer: str | None = None,
    level: str | None = None,
    feedback: Feedback | None = None,
) -> AreaData:
    """The areas of the ``chosen`` gemeenten of a file, reading only those where it can
    (:func:`gemeente_subset`); a code the file does not hold is refused, naming what it holds."""
    from wijkkaart.io.areas import read_areas

    subset = gemeente_subset(path, layer, chosen, level)
    if subset is not None:
        try:
            areas = read_areas(
                path,
                layer=layer,
                level=level,
                feedback=feedback,
                where=subset.where,
                fids=subset.fids,
            )
            return keep_gemeenten(areas, chosen, path)
        except WijkkaartError as exc:  # none or not all found: the whole file says what it has
            if exc.key not in ("no_features", "gemeente_not_in_file"):
                raise
    areas = read_areas(path, layer=layer, level=level, feedback=feedback)
    return keep_gemeenten(areas, chosen, path)


def keep_gemeenten(areas: AreaData, chosen: list[str], path: object = "-") -> AreaData:
    """Only the areas of the ``chosen`` gemeenten; a code the file does not hold is refused."""
    wanted = [normalise_gemeente(c) for c in chosen]
    present = gemeente_of(areas.frame.index)
    held = set(present)  # once: rebuilt per chosen code it cost 18 s for a whole country
    unknown = [c for c in wanted if c not in held]
    if unknown:
        raise WijkkaartError(
            "gemeente_not_in_file",
            codes=", ".join(unknown[:5]),
            path=Path(str(path)).name,
            available=short_list(sorted(set(present)), 8),
        )
    keep = present.isin(wanted)
    if keep.all():
        return areas
    frame = areas.frame[keep]
    reasons = areas.reasons.reindex(frame.index)
    return replace(areas, frame=frame, reasons=reasons)
