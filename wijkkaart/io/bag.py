"""BAG verblijfsobjecten (addresses with a point) from a CSV/TXT export or a point layer.

BAG ids have 16 digits with leading zeros (``0003010000125985``). They are kept as int64 (never
a float: 16 digits do not fit a double exactly) and shown zero-padded by :func:`format_bag_id`.
Coordinates may be RD x/y or WGS84 lon/lat; everything comes out in EPSG:28992. Addresses are
kept as an int64 code (postcode + huisnummer) plus huisletter/toevoeging, so that EP-Online
labels that carry only an address can be resolved to a BAG id without string joins on millions
of rows.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.dataset import RD_NEW
from wijkkaart.io.fastcsv import read_columns, read_head, sniff
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.tables import message_names
from wijkkaart.io.vector import RD_BOX, WGS84_BOX
from wijkkaart.messages import WijkkaartError, short_list, tr

log = logging.getLogger(__name__)

NO_ID = -1
_TABLE_SUFFIXES = {".csv", ".txt", ".tsv"}

# Normalised column name (lower case, letters and digits only) -> our field.
BAG_FIELDS = {
    "id": ("identificatie", "verblijfsobjectid", "bagverblijfsobjectid", "vboid", "bagid", "id"),
    "postcode": ("postcode",),
    "huisnummer": ("huisnummer",),
    "huisletter": ("huisletter",),
    "toevoeging": ("huisnummertoevoeging", "huisnummertoev", "toevoeging"),
    "gebruiksdoel": ("gebruiksdoel", "gebruiksdoelverblijfsobject"),
    "x": ("x", "xcoord", "xcoordinaat", "rdx", "xrd"),
    "y": ("y", "ycoord", "ycoordinaat", "rdy", "yrd"),
    "lon": ("lon", "lng", "long", "longitude", "lengtegraad"),
    "lat": ("lat", "latitude", "breedtegraad"),
    "buurtcode": ("buurtcode", "bucode"),
}


def norm_name(name: str) -> str:
    """A column name compared without case, the ``pand_`` prefix and separators."""
    name = name.strip().lower().lstrip("\ufeff")
    name = re.sub(r"^pand_", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def find_fields(columns: list[str], fields: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Our field -> the first column whose normalised name is one of its candidates."""
    by_norm: dict[str, str] = {}
    for col in columns:
        by_norm.setdefault(norm_name(col), col)
    found = {}
    for key, candidates in fields.items():
        hit = next((by_norm[c] for c in candidates if c in by_norm), None)
        if hit is not None:
            found[key] = hit
    return found


def format_bag_id(value: object) -> str:
    """A BAG id as the register writes it: 16 digits, zero-padded ('' when missing)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    number = int(value)  # type: ignore[call-overload]
    return "" if number < 0 else f"{number:016d}"


def _fast_ints(values: pa.ChunkedArray, low: int, high: int) -> np.ndarray | None:
    """int64 of the cells (-1 where empty) when every filled cell is a plain integer in
    ``low``..``high``; None when some cell needs the careful (regex) path."""
    filled = pc.greater(pc.binary_length(values), 0)
    try:
        numbers = pc.cast(pc.if_else(filled, values, None), pa.int64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    out = pc.fill_null(numbers, NO_ID).to_numpy(zero_copy_only=False).astype(np.int64)
    given = filled.to_numpy(zero_copy_only=False)
    if ((out[given] < low) | (out[given] > high)).any():
        return None
    return out


def parse_ids(values: pa.ChunkedArray) -> tuple[np.ndarray, int]:
    """(int64 ids with -1 where empty or invalid, number of non-empty invalid cells).

    Accepts ``0003010000125985``, ``3010000125985`` (zeros lost by Excel), ``3010000125985.0``
    and the ``NL.IMBAG.Verblijfsobject.`` prefix of 3DGI/PDOK; anything else is no id.
    """
    fast = _fast_ints(values, 0, 10**16 - 1)
    if fast is not None:
        return fast, 0
    values = pc.utf8_trim_whitespace(values)
    text = pc.replace_substring_regex(values, r"^NL\.IMBAG\.[A-Za-z]+\.", "")
    text = pc.replace_substring_regex(text, r"\.0+$", "")
    valid = pc.match_substring_regex(text, r"^[0-9]{1,16}$")
    ids = pc.cast(pc.if_else(valid, text, "-1"), pa.int64()).to_numpy()
    given = pc.greater(pc.utf8_length(values), 0)
    invalid = int(pc.sum(pc.and_(pc.invert(valid), given)).as_py() or 0)
    return ids.astype(np.int64, copy=False), invalid


def _house_numbers(values: pa.ChunkedArray) -> np.ndarray:
    """House numbers 1..99999 as int64, -1 where empty or not a whole number."""
    fast = _fast_ints(values, -(2**62), 2**62)
    if fast is None:
        text = pc.replace_substring_regex(pc.utf8_trim_whitespace(values), r"\.0+$", "")
        ok = pc.match_substring_regex(text, r"^[0-9]{1,5}$")
        fast = pc.cast(pc.if_else(ok, text, "-1"), pa.int64()).to_numpy().astype(np.int64)
    return np.where((fast >= 0) & (fast <= 99_999), fast, NO_ID)


def address_codes(postcode: pa.ChunkedArray, huisnummer: pa.ChunkedArray) -> np.ndarray:
    """int64 code of postcode + huisnummer (``1234AB`` 5 -> one number), -1 where incomplete."""
    pc6 = pc.utf8_upper(pc.replace_substring(postcode, " ", ""))
    six = pc.equal(pc.binary_length(pc6), 6)
    raw = np.frombuffer(_fixed_bytes(pc.if_else(six, pc6, "000000"), 6), dtype=np.uint8)
    chars = raw.reshape(-1, 6) - np.array([48, 48, 48, 48, 65, 65], dtype=np.uint8)  # wraps
    ok = (chars[:, :4] < 10).all(axis=1) & (chars[:, 0] > 0) & (chars[:, 4:] < 26).all(axis=1)
    number = _house_numbers(huisnummer)
    ok &= number >= 0
    code = np.zeros(len(number), dtype=np.int64)
    for k, scale in enumerate((1000, 100, 10, 1)):
        code += chars[:, k].astype(np.int64) * scale
    code = ((code * 26 + chars[:, 4]) * 26 + chars[:, 5]) * 100_000 + number
    return np.where(ok, code, NO_ID).astype(np.int64)


def _fixed_bytes(values: pa.ChunkedArray, width: int) -> bytes:
    """The bytes of a string array whose every value has ``width`` bytes."""
    arr = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    if len(arr) == 0:
        return b""
    start = int(np.frombuffer(arr.buffers()[1], dtype=np.int32)[arr.offset])
    return arr.buffers()[2].to_pybytes()[start : start + width * len(arr)]


def address_suffix(huisletter: pa.ChunkedArray, toevoeging: pa.ChunkedArray) -> np.ndarray:
    """Huisletter and toevoeging as one upper-case code without separators ('' for most).

    EP-Online v2 writes both in one field (``Pand_huisnummer_toev``: ``B``, ``A2``, ``A-2``),
    BAG and the 2023 variant in two; joining them without separators makes them comparable.
    """
    joined = pc.binary_join_element_wise(huisletter, toevoeging, "")
    joined = pc.utf8_upper(pc.replace_substring_regex(joined, r"[^0-9A-Za-z]", ""))
    return joined.to_numpy(zero_copy_only=False).astype(object)


@dataclass
class Suffixes:
    """Huisletter and toevoeging columns, turned into codes only for the rows asked for."""

    huisletter: pa.ChunkedArray
    toevoeging: pa.ChunkedArray

    def take(self, mask: np.ndarray) -> np.ndarray:
        keep = pa.array(mask)
        return address_suffix(self.huisletter.filter(keep), self.toevoeging.filter(keep))

    def filter(self, mask: np.ndarray) -> Suffixes:
        keep = pa.array(mask)
        return Suffixes(self.huisletter.filter(keep), self.toevoeging.filter(keep))


@dataclass
class BagTable:
    """BAG verblijfsobjecten as arrays: id, RD x/y (NaN where unknown), address code/suffix."""

    ids: np.ndarray
    x: np.ndarray
    y: np.ndarray
    address: np.ndarray
    suffix: Suffixes
    dwelling: np.ndarray | None = None  # gebruiksdoel contains woonfunctie
    buurtcode: np.ndarray | None = None  # a buurtcode column in the file (object, None where bad)
    source: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


def _empty(n: int) -> pa.ChunkedArray:
    return pa.chunked_array([pa.array([""] * n, type=pa.string())])


def read_bag_table(path: str | Path, feedback: Feedback | None = None) -> BagTable:
    """A BAG file as :class:`BagTable`; a Dutch message for a file without ids or coordinates."""
    feedback = ensure(feedback)
    path = require_regular_file(path)
    if path.suffix.lower() in _TABLE_SUFFIXES:
        columns, cols, data, n, bad = _read_csv(path, feedback)
    else:
        columns, cols, data, n, bad = _read_layer(path)
    if "id" not in cols:
        raise WijkkaartError(
            "bag_unreadable",
            path=path,
            what="identificatie (verblijfsobject-id)",
            columns=message_names(columns, 8),
        )
    if not ({"x", "y"} <= cols.keys() or {"lon", "lat"} <= cols.keys() or "buurtcode" in cols):
        raise WijkkaartError(
            "bag_unreadable",
            path=path,
            what="x/y, lon/lat of buurtcode",
            columns=message_names(columns, 8),
        )

    def col(key: str) -> pa.ChunkedArray:
        return data[cols[key]] if key in cols else _empty(n)

    feedback.progress(0.5)
    ids, bad_ids = parse_ids(col("id"))
    feedback.progress(0.6)
    table = BagTable(
        ids=ids,
        x=np.full(n, np.nan),
        y=np.full(n, np.nan),
        address=address_codes(col("postcode"), col("huisnummer")),
        suffix=Suffixes(col("huisletter"), col("toevoeging")),
        source=path.name,
    )
    if bad_ids:
        table.warnings.append(tr("bag_bad_ids", path=path.name, n=bad_ids))
    if "gebruiksdoel" in cols:
        use = pc.utf8_lower(col("gebruiksdoel"))
        table.dwelling = pc.match_substring(use, "woonfunctie").to_numpy(zero_copy_only=False)
    if "buurtcode" in cols:
        from wijkkaart.io.codes import normalise_codes

        codes = normalise_codes(pd.Series(col("buurtcode").to_numpy(zero_copy_only=False)), "buurt")
        table.buurtcode = codes.to_numpy(dtype=object)
    feedback.progress(0.7)
    if {"x", "y"} <= cols.keys() or {"lon", "lat"} <= cols.keys():
        _coordinates(table, path, cols, col)
    feedback.progress(1.0)
    table.counts = {"rows": n, "bad_ids": bad_ids, "skipped": len(bad)}
    if bad:
        table.warnings.append(
            tr(
                "ep_rows_skipped",
                n=len(bad),
                path=path.name,
                lines=short_list([str(b) for b in bad]),
            )
        )
    return table


def _read_csv(
    path: Path, feedback: Feedback | None
) -> tuple[list[str], dict[str, str], dict[str, pa.ChunkedArray], int, list[int]]:
    text, codec, bom = read_head(path)
    first = text.split("\n", 1)[0]
    directive = re.match(r'^\s*"?sep=([;,\t|])"?\s*$', first[:20])
    sniffed = sniff(path, text, codec, bom, 1 if directive else 0)
    if directive:
        sniffed.separator = directive.group(1)
    cols = find_fields(sniffed.names, BAG_FIELDS)
    wanted = sorted(set(cols.values()), key=sniffed.names.index)
    if "id" not in cols:
        return sniffed.names, cols, {}, 0, []
    read = read_columns(sniffed, wanted, feedback, trim=[], key_columns=[cols["id"]])
    return sniffed.names, cols, read.data, read.rows, read.bad_lines


def _read_layer(
    path: Path,
) -> tuple[list[str], dict[str, str], dict[str, pa.ChunkedArray], int, list[int]]:
    """A GeoPackage/GeoJSON/shapefile of points, in RD New, as string columns plus x/y."""
    from wijkkaart.io.vector import read_vector

    frame = read_vector(path).frame
    geoms = frame.geometry
    kinds = set(geoms[geoms.notna()].geom_type)
    if not kinds <= {"Point"}:
        raise WijkkaartError("bag_not_points", path=path, kinds=short_list(sorted(kinds)))
    columns = [c for c in frame.columns if c != "geometry"]
    data = {}
    for c in columns:
        values = frame[c].astype(object).where(frame[c].notna(), "")
        data[c] = pa.chunked_array([pa.array([_cell(v) for v in values], type=pa.string())])
    points = geoms.where(geoms.notna() & ~geoms.is_empty, None)
    data["__x"] = pa.chunked_array([pa.array(points.x.fillna(np.nan).astype(str).tolist())])
    data["__y"] = pa.chunked_array([pa.array(points.y.fillna(np.nan).astype(str).tolist())])
    cols = find_fields(columns, {k: v for k, v in BAG_FIELDS.items() if k not in ("x", "y")})
    cols.pop("lon", None)
    cols.pop("lat", None)
    cols["x"], cols["y"] = "__x", "__y"
    return columns, cols, data, len(frame), []


def _cell(value: object) -> str:
    """An attribute value as text; integral floats (ids read by GDAL as real) without '.0'."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e17:
        return str(int(value))
    return str(value)


def parse_coordinates(values: pa.ChunkedArray, name: str) -> np.ndarray:
    """Floats of a coordinate column: plain notation fast, Dutch notation by the number parser."""
    values = pc.utf8_trim_whitespace(values)
    try:
        numbers = pc.cast(pc.if_else(pc.equal(values, ""), None, values), pa.float64())
        numbers = numbers.to_numpy(zero_copy_only=False).astype(float)
        return np.where(np.isfinite(numbers), numbers, np.nan)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        from wijkkaart.io.missing import parse_numbers
        from wijkkaart.io.numbers import column_formats

        series = pd.Series(values.to_numpy(zero_copy_only=False), name=name, dtype=object)
        fmt = column_formats(series.to_frame())[name]
        if fmt.ambiguous:
            raise WijkkaartError(fmt.ambiguous, columns=f"'{name}'", column_names=[name]) from None
        numbers = parse_numbers(series, fmt).numbers.to_numpy(dtype=float)
        return np.where(np.isfinite(numbers), numbers, np.nan)


def _coordinates(table: BagTable, path: Path, cols: dict[str, str], col: Callable) -> None:
    """RD x/y into ``table`` (lon/lat, or x/y that are really degrees, are transformed).

    A file whose points lie mostly outside the Netherlands is refused; a few such points are
    set aside (no coordinates) and counted in a warning.
    """
    if {"x", "y"} <= cols.keys():
        x = parse_coordinates(col("x"), cols["x"])
        y = parse_coordinates(col("y"), cols["y"])
        degrees = _inside_share(x, y, WGS84_BOX) > 0.5 and _inside_share(x, y, RD_BOX) < 0.5
    else:
        x = parse_coordinates(col("lon"), cols["lon"])
        y = parse_coordinates(col("lat"), cols["lat"])
        degrees = True
    given = np.isfinite(x) & np.isfinite(y)
    box = WGS84_BOX if degrees else RD_BOX
    inside = given & _inside(x, y, box)
    outside = int(given.sum() - inside.sum())
    if given.any() and outside > 0.5 * given.sum():
        raise WijkkaartError("bag_outside_nl", path=path, n=outside)
    if degrees:
        from pyproj import Transformer

        transformer = Transformer.from_crs("EPSG:4326", RD_NEW, always_xy=True)
        x, y = transformer.transform(np.where(inside, x, np.nan), np.where(inside, y, np.nan))
        x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    table.x = np.where(inside, x, np.nan)
    table.y = np.where(inside, y, np.nan)
    if outside:
        table.warnings.append(tr("bag_points_outside_nl", path=path.name, n=outside))


def _inside(x: np.ndarray, y: np.ndarray, box: tuple[float, ...]) -> np.ndarray:
    minx, miny, maxx, maxy = box
    with np.errstate(invalid="ignore"):
        return (x >= minx) & (x <= maxx) & (y >= miny) & (y <= maxy)


def _inside_share(x: np.ndarray, y: np.ndarray, box: tuple[float, ...]) -> float:
    finite = np.isfinite(x) & np.isfinite(y)
    return float(_inside(x, y, box)[finite].mean()) if finite.any() else 0.0


def read_bag_points(path: str | Path, feedback: Feedback | None = None) -> gpd.GeoDataFrame:
    """BAG verblijfsobjecten as points in EPSG:28992: identificatie (int64), address, dwelling."""
    table = read_bag_table(path, feedback)
    suffix = table.suffix.take(np.ones(len(table), dtype=bool))
    frame = pd.DataFrame(
        {
            "identificatie": table.ids,
            "adrescode": table.address,
            "huisletter_toevoeging": suffix,
        }
    )
    if table.dwelling is not None:
        frame["woonfunctie"] = table.dwelling
    if table.buurtcode is not None:
        frame["buurtcode"] = table.buurtcode
    geometry = gpd.points_from_xy(table.x, table.y, crs=RD_NEW)
    points = gpd.GeoDataFrame(frame, geometry=geometry, crs=RD_NEW)
    points.attrs["warnings"] = list(table.warnings)
    return points
