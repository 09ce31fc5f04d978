"""Read point layers (facilities, initiatives, BAG verblijfsobjecten) into RD New. Qt-free.

A table (CSV with , ; or tab, or .xlsx) needs coordinate columns: x/y in RD New or lon/lat in
WGS84. Names such as ``rd_x`` or ``lengtegraad`` say which; plain ``x``/``y`` are decided by their
values. Numbers go through the project's number parser, so ``155.000,5`` and decimal commas read
right. A vector file (GeoJSON, GeoPackage, shapefile) must hold points; multipoints are split.
Rows without usable coordinates are skipped and counted, never silently dropped or guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from wijkkaart.io.files import require_regular_file
from wijkkaart.io.missing import parse_numbers
from wijkkaart.io.numbers import ColumnFormat, column_formats
from wijkkaart.io.tables import TABLE_SUFFIXES, message_names, read_table_raw, safe_name
from wijkkaart.io.vector import RD_BOX, RD_NEW, WGS84_BOX, read_vector
from wijkkaart.messages import WijkkaartError, short_list, tr

WGS84 = "EPSG:4326"

# Normalised column names (lower case, letters and digits only).
RD_X = ("rdx", "xrd", "x", "xcoord", "xcoordinaat", "coordx", "rdxcoord", "xcoordinaatrd")
RD_Y = ("rdy", "yrd", "y", "ycoord", "ycoordinaat", "coordy", "rdycoord", "ycoordinaatrd")
LON = ("lon", "lng", "long", "longitude", "lengtegraad", "wgs84lon", "lonwgs84", "geolon")
LAT = ("lat", "latitude", "breedtegraad", "wgs84lat", "latwgs84", "geolat")
# x/y names that do not say RD or WGS84 (the others, such as rd_x, do): their values decide.
_NEUTRAL = {"x", "y", "xcoord", "ycoord", "coordx", "coordy", "xcoordinaat", "ycoordinaat"}
LABEL_NAMES = ("naam", "name", "label", "titel", "title", "omschrijving", "description", "adres")
_STREET = ("openbareruimte", "openbareruimtenaam", "straat", "straatnaam")


@dataclass
class PointsRead:
    """Points in EPSG:28992 with their attributes (as text), a guessed label column, warnings."""

    frame: gpd.GeoDataFrame
    label_field: str | None
    warnings: list[str] = field(default_factory=list)
    crs_found: str | None = None


def _norm(name: object) -> str:
    return re.sub(r"[^a-z0-9]", "", str(name).strip().lower())


def _find(columns: list[str], names: tuple[str, ...]) -> str | None:
    """The first column whose normalised name is in ``names`` (in the order of ``names``)."""
    normed: dict[str, str] = {}
    for column in columns:
        normed.setdefault(_norm(column), column)
    return next((normed[n] for n in names if n in normed), None)


def read_points(path: str | Path, layer: str | None = None) -> PointsRead:
    """The points of ``path`` (a table with coordinates or a point vector file) in RD New."""
    path = require_regular_file(path)
    is_table = path.suffix.lower() in TABLE_SUFFIXES
    read = _read_table(path) if is_table else _read_vector(path, layer)
    frame = read.frame
    label = _label_field(frame)
    if label is None and _find(list(frame.columns), ("huisnummer",)):
        street = _find(list(frame.columns), _STREET)
        if street and "adres" not in frame.columns:
            frame["adres"] = _addresses(frame, street)
            label = "adres"
    read.label_field = label
    return read


def _label_field(frame: pd.DataFrame) -> str | None:
    columns = [c for c in frame.columns if c != frame.geometry.name]
    exact = _find(columns, LABEL_NAMES)
    if exact:
        return exact
    return next((c for c in columns if _norm(c).endswith(("naam", "name"))), None)


def _addresses(frame: pd.DataFrame, street: str) -> pd.Series:
    """'Molenstraat 16a-2' from BAG's separate street, number, letter and addition columns."""

    def col(names: tuple[str, ...]) -> pd.Series:
        found = _find(list(frame.columns), names)
        if found is None:
            return pd.Series([""] * len(frame), index=frame.index)
        return frame[found].fillna("").astype(str).str.strip()

    number = col(("huisnummer",)).str.replace(r"\.0$", "", regex=True)
    letter = col(("huisletter",))
    extra = col(("toevoeging", "huisnummertoevoeging"))
    text = col((_norm(street),)) + " " + number + letter
    text = text.where(extra == "", text + "-" + extra)
    return text.str.strip()


# --- tables ----------------------------------------------------------------------------------


def _read_table(path: Path) -> PointsRead:
    raw = read_table_raw(path)
    columns = [str(c) for c in raw.columns]
    pair, crs = _coordinate_columns(columns)
    if pair is None:
        raise WijkkaartError(
            "points_no_coordinates",
            path=path,
            rd="x, y, rd_x, rd_y, x_coord, y_coord",
            wgs="lon, lat, lng, longitude, latitude, lengtegraad, breedtegraad",
            columns=message_names(columns),
        )
    x_col, y_col = pair
    xs, ys, notes = _numbers(raw, x_col, y_col)
    valid = np.isfinite(xs) & np.isfinite(ys)
    if not valid.any():
        raise WijkkaartError("points_none_valid", path=path, n=len(raw))
    names = f"'{safe_name(x_col)}' / '{safe_name(y_col)}'"
    if crs is None:  # x/y: the values say which system
        crs = _system(xs[valid], ys[valid])
        if crs is None:
            raise WijkkaartError(
                "points_outside_nl", path=path, crs="RD New / WGS84", columns=names
            )
        label = "RD New (EPSG:28992)" if crs == RD_NEW else "WGS84 (EPSG:4326)"
        notes.append(tr("points_crs_guessed", columns=names, crs=label))
    elif crs == WGS84 and _share_inside(ys[valid], xs[valid], WGS84_BOX) > _share_inside(
        xs[valid], ys[valid], WGS84_BOX
    ):
        xs, ys = ys, xs  # lat in the lon column and the other way round
        notes.append(tr("points_swapped", path=path, columns=names))
    box = RD_BOX if crs == RD_NEW else WGS84_BOX
    inside = valid & _inside(xs, ys, box)
    if not inside.any():
        raise WijkkaartError("points_outside_nl", path=path, crs=crs, columns=names)
    rows = np.arange(1, len(raw) + 1)
    if (~valid).any():
        notes.append(tr("points_rows_skipped", n=int((~valid).sum()), rows=_rows(rows[~valid])))
    outside = valid & ~inside
    if outside.any():
        notes.append(tr("points_outside_skipped", n=int(outside.sum()), rows=_rows(rows[outside])))
    kept = raw.loc[inside].reset_index(drop=True)
    geometry = gpd.GeoSeries(shapely.points(xs[inside], ys[inside]), crs=crs)
    frame = gpd.GeoDataFrame(kept, geometry=geometry, crs=crs)
    if crs != RD_NEW:
        frame = frame.to_crs(RD_NEW)
    frame.attrs.clear()
    return PointsRead(frame, None, notes, crs)


def _coordinate_columns(columns: list[str]) -> tuple[tuple[str, str] | None, str | None]:
    """((x column, y column), CRS or None when only the values can tell)."""
    lon, lat = _find(columns, LON), _find(columns, LAT)
    x, y = _find(columns, RD_X), _find(columns, RD_Y)
    if x and y:
        neutral = _norm(x) in _NEUTRAL and _norm(y) in _NEUTRAL
        if not (neutral and lon and lat):
            return (x, y), None if neutral else RD_NEW
    if lon and lat:
        return (lon, lat), WGS84
    return None, None


def _numbers(raw: pd.DataFrame, x_col: str, y_col: str) -> tuple[np.ndarray, np.ndarray, list]:
    """Both coordinate columns as floats (NaN where not a number) with the parser's warnings.

    A column that reads two ways (``155.000`` with nothing else to tell) is read the way that
    puts the points in the Netherlands, if exactly one way does; otherwise the user is asked.
    """
    formats = column_formats(raw[[x_col, y_col]], raw.attrs.get("separator"))
    options = []
    for column in (x_col, y_col):
        fmt = formats.get(column, ColumnFormat())
        marks = [ColumnFormat(decimal=","), ColumnFormat(decimal=".")] if fmt.ambiguous else [fmt]
        options.append([parse_numbers(raw[column], m) for m in marks])
    readings = [(px, py) for px in options[0] for py in options[1]]
    if len(readings) > 1:
        fits = [r for r in readings if _fits(r[0].numbers.to_numpy(), r[1].numbers.to_numpy())]
        if len(fits) != 1:
            column = x_col if formats[x_col].ambiguous else y_col
            key = formats[column].ambiguous
            assert key is not None  # two readings: x, else y, reads two ways
            raise WijkkaartError(key, columns=f"'{safe_name(column)}'", column_names=[column])
        readings = fits
    notes = [
        tr("numbers_not_finite", column=safe_name(column), n=parsed.non_finite)
        for column, parsed in zip((x_col, y_col), readings[0], strict=True)
        if parsed.non_finite
    ]
    xs, ys = (parsed.numbers.to_numpy(dtype=float) for parsed in readings[0])
    return xs, ys, notes


def _fits(xs: np.ndarray, ys: np.ndarray) -> bool:
    """Whether nearly all points lie in the Netherlands, as RD or as WGS84 (either way round)."""
    valid = np.isfinite(xs) & np.isfinite(ys)
    xs, ys = xs[valid], ys[valid]
    shares = (
        _share_inside(xs, ys, RD_BOX),
        _share_inside(xs, ys, WGS84_BOX),
        _share_inside(ys, xs, WGS84_BOX),
    )
    return max(shares) >= 0.9


def _inside(xs: np.ndarray, ys: np.ndarray, box: tuple[float, ...]) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        return (xs >= box[0]) & (xs <= box[2]) & (ys >= box[1]) & (ys <= box[3])


def _share_inside(xs: np.ndarray, ys: np.ndarray, box: tuple[float, ...]) -> float:
    return float(_inside(xs, ys, box).mean()) if xs.size else 0.0


def _system(xs: np.ndarray, ys: np.ndarray) -> str | None:
    """RD New or WGS84, whichever box holds most of the points (None when neither holds any)."""
    rd, wgs = _share_inside(xs, ys, RD_BOX), _share_inside(xs, ys, WGS84_BOX)
    if max(rd, wgs) == 0:
        return None
    return RD_NEW if rd >= wgs else WGS84


def _rows(numbers: np.ndarray) -> str:
    return short_list([str(n) for n in numbers.tolist()])


# --- vector files ----------------------------------------------------------------------------


def _read_vector(path: Path, layer: str | None) -> PointsRead:
    try:
        read = read_vector(path, layer=layer)
    except WijkkaartError as exc:
        if exc.key == "crs_outside_nl":
            raise WijkkaartError(
                "points_outside_nl", path=path, crs=exc.values.get("crs"), columns="geometrie"
            ) from None
        raise
    frame = read.frame
    notes = list(read.warnings)
    geoms = frame.geometry.to_numpy()
    missing = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    kinds = set(frame.geometry[~missing].geom_type)
    if kinds & {"Polygon", "MultiPolygon"}:
        raise WijkkaartError("points_are_polygons", path=path, kinds=", ".join(sorted(kinds)))
    if kinds - {"Point", "MultiPoint"}:
        raise WijkkaartError("points_not_points", path=path, kinds=", ".join(sorted(kinds)))
    if missing.all():
        raise WijkkaartError("points_none_valid", path=path, n=len(frame))
    if missing.any():
        rows = np.arange(1, len(frame) + 1)[missing]
        notes.append(tr("points_rows_skipped", n=int(missing.sum()), rows=_rows(rows)))
    frame = frame.loc[~missing]
    multi = int((frame.geometry.geom_type == "MultiPoint").sum())
    if multi:
        frame = frame.explode(index_parts=False)
        notes.append(tr("points_exploded", n=multi))
    frame = frame.reset_index(drop=True)
    xy = shapely.get_coordinates(frame.geometry.to_numpy())
    inside = _inside(xy[:, 0], xy[:, 1], RD_BOX)
    if not inside.any():
        raise WijkkaartError(
            "points_outside_nl", path=path, crs=read.crs_found or "-", columns="geometrie"
        )
    if not inside.all():
        rows = np.arange(1, len(frame) + 1)[~inside]
        notes.append(tr("points_outside_skipped", n=int((~inside).sum()), rows=_rows(rows)))
        frame = frame.loc[inside].reset_index(drop=True)
    return PointsRead(frame, None, notes, read.crs_found)
