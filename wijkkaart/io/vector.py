"""Read any vector file geopandas can read, and bring it to RD New (EPSG:28992) safely.

The CRS is taken from the file. A file without one is accepted only when its coordinates are
plainly RD New or WGS84 (and we say so); otherwise the user gets a clear message. Invalid shapes
are repaired (and named in a warning), never silently dropped. The file is only ever read.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyogrio.errors import DataLayerError, DataSourceError

from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.files import require_regular_file
from wijkkaart.messages import WijkkaartError, short_list, tr

RD_NEW = "EPSG:28992"
# Generous boxes around the Netherlands (RD New metres / WGS84 degrees).
RD_BOX = (-10_000.0, 280_000.0, 310_000.0, 640_000.0)
WGS84_BOX = (2.5, 50.0, 7.8, 54.0)
# geometries per shapely.from_wkb call (which holds the GIL): 2,000 of the synthetic national
# file's (345 vertices each) held it 60-90 ms under load; 500 hold it about a quarter of that
WKB_CHUNK = 500
log = logging.getLogger(__name__)
GEO_SUFFIXES = {".gpkg", ".shp", ".geojson", ".json", ".fgb", ".gml", ".kml", ".zip", ".gdb"}


@dataclass
class VectorRead:
    frame: gpd.GeoDataFrame
    crs_found: str | None
    layer: str | None
    warnings: list[str] = field(default_factory=list)


def check_readable(path: Path) -> None:
    """Raise a clear error for a missing, empty or non-regular file before any parser sees it.

    Devices and FIFOs are refused without being opened (``/dev/zero`` never ends, a FIFO blocks).
    """
    require_regular_file(path)
    if path.is_file() and path.stat().st_size == 0:
        raise WijkkaartError("file_empty", path=path)


def list_layers(path: Path) -> list[str]:
    check_readable(path)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # GDAL notes; our message says it all
            return [str(row[0]) for row in pyogrio.list_layers(path)]
    except DataSourceError as exc:
        raise _source_error(path, exc) from None


def _source_error(path: Path, exc: Exception) -> WijkkaartError:
    detail = str(exc).split("\n")[0][:200]
    head = b""
    if path.is_file():
        with path.open("rb") as fh:
            head = fh.read(16)
    looks_like_gpkg = head.startswith(b"SQLite format 3") or path.suffix.lower() == ".gpkg"
    if looks_like_gpkg or (path.suffix.lower() == ".shp" and head[:4] == b"\x00\x00\x27\x0a"):
        return WijkkaartError("corrupt_file", path=path, detail=detail)
    return WijkkaartError("not_geodata", path=path, detail=detail)


def read_vector(
    path: str | Path,
    layer: str | None = None,
    fids: list[int] | None = None,
    where: str | None = None,
    feedback: Feedback | None = None,
) -> VectorRead:
    """Read a vector layer and return it in EPSG:28992 with valid polygons (only the features
    ``fids`` (the file's own feature ids) or those ``where`` (an OGR SQL filter) selects).

    ``feedback`` is checked between the chunks of geometry conversion (see :func:`read_frame`).
    """
    path = Path(path)
    check_readable(path)
    layers = list_layers(path)
    if layer is not None and layer not in layers:
        raise WijkkaartError("layer_not_found", layer=layer, path=path, layers=", ".join(layers))
    if layer is None and len(layers) > 1:
        layer = _pick_layer(path, layers)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            frame = read_frame(path, layer, fids=fids, where=where, feedback=feedback)
    except (DataSourceError, DataLayerError) as exc:
        raise _source_error(path, exc) from None
    except Exception as exc:  # GDAL raises several unrelated types for damaged files
        raise WijkkaartError("corrupt_file", path=path, detail=str(exc)[:200]) from None
    if not isinstance(frame, gpd.GeoDataFrame) or "geometry" not in frame:
        raise WijkkaartError("not_geodata", path=path, detail="geen geometrie / no geometry")
    if len(frame) == 0:
        raise WijkkaartError("no_features", path=path)
    notes: list[str] = []
    frame, crs_found = _ensure_rd(frame, path, notes)
    return VectorRead(frame=frame, crs_found=crs_found, layer=layer, warnings=notes)


def read_frame(
    path: Path,
    layer: str | None,
    fids: list[int] | None = None,
    where: str | None = None,
    feedback: Feedback | None = None,
    columns: list[str] | None = None,
    read_geometry: bool = True,
    fid_as_index: bool = False,
) -> gpd.GeoDataFrame | pd.DataFrame:
    """``pyogrio.read_dataframe``'s frame (same arguments), read so that its thread keeps the
    GIL free.

    ``read_dataframe`` holds the GIL in GDAL's feature loop (0.55 s on the synthetic national
    file) and in one ``shapely.from_wkb`` over all geometries (0.95 s): the window's event loop
    stood still that long. ``read_arrow`` reads through GDAL's Arrow stream, which releases the
    GIL (longest hold 19 ms), and the WKB is converted ``WKB_CHUNK`` geometries at a time with a
    cancel check between chunks. A source the Arrow path cannot read takes the plain path.
    """
    import pyarrow as pa  # loaded with the first read, not at start-up

    feedback = ensure(feedback)
    subset: dict[str, Any] = {"fids": fids} if fids is not None else {}
    if fids is None and where is not None:
        subset["where"] = where
    if columns is not None:
        subset["columns"] = columns
    try:
        meta, table = pyogrio.read_arrow(
            path, layer=layer, read_geometry=read_geometry, return_fids=fid_as_index, **subset
        )
        name = meta["geometry_name"] or "wkb_geometry"
        wkb = None
        attributes = table
        if name in table.column_names:
            wkb = table.column(name)  # to Python bytes chunk by chunk: 0.1 s of GIL at once
            attributes = table.drop_columns([name])
        frame = attributes.to_pandas()
    except (DataSourceError, DataLayerError):
        raise
    except Exception:  # e.g. text that is not UTF-8: the plain reader copes with it
        log.info("Arrow read of %s failed; plain read", path, exc_info=True)
        return pyogrio.read_dataframe(
            path, layer=layer, read_geometry=read_geometry, fid_as_index=fid_as_index, **subset
        )
    for column in attributes.column_names:  # as the plain reader: an empty text column is None
        array = attributes.column(column)
        if len(array) and array.null_count == len(array) and pa.types.is_string(array.type):
            frame[column] = pd.Series([None] * len(frame), dtype=object, index=frame.index)
    if fid_as_index:
        frame = frame.set_index(meta["fid_column"])
        frame.index.names = ["fid"]
    feedback.check()
    if wkb is None:
        return frame
    return gpd.GeoDataFrame(frame, geometry=from_wkb_chunked(wkb, feedback), crs=meta["crs"])


def from_wkb_chunked(wkb: Any, feedback: Feedback | None = None) -> np.ndarray:
    """``shapely.from_wkb(wkb)``, ``WKB_CHUNK`` at a time: the GIL is free between chunks and
    ``feedback`` can stop it there. ``wkb``: a numpy array or an Arrow (chunked) array, whose
    values become Python bytes one chunk at a time too."""
    feedback = ensure(feedback)
    out = np.empty(len(wkb), dtype=object)
    for start in range(0, len(wkb), WKB_CHUNK):
        feedback.check()
        chunk = wkb[start : start + WKB_CHUNK]
        if not isinstance(chunk, np.ndarray):
            chunk = chunk.to_numpy(zero_copy_only=False)
        out[start : start + WKB_CHUNK] = shapely.from_wkb(chunk)
    return out


_BUURT_CODE_FIELDS = {"buurtcode", "bu_code", "buurt_code", "buurtcode_cbs"}


def _has_buurt_codes(path: Path, layer: str) -> bool:
    """Whether a layer holds buurten: a buurtcode column, or a statcode with BU codes."""
    try:
        fields = [str(f).lower() for f in pyogrio.read_info(path, layer=layer)["fields"]]
        if _BUURT_CODE_FIELDS & set(fields):
            return True
        if "statcode" in fields:
            first = pyogrio.read_dataframe(
                path, layer=layer, columns=["statcode"], read_geometry=False, max_features=1
            )
            return bool(len(first)) and str(first.iloc[0, 0]).strip().upper().startswith("BU")
    except Exception:  # an unreadable layer is simply not the buurt layer
        return False
    return False


def _pick_layer(path: Path, layers: list[str]) -> str:
    """The CBS GeoPackage holds gemeenten, wijken and buurten; buurten is what planners want.

    Chosen by name, else by content (a buurtcode column). A file with several layers and none of
    buurten is refused with the list of layers, never silently read from its first layer.
    """
    for name in layers:
        if "buurt" in name.lower() and _has_buurt_codes(path, name):
            return name
    for name in layers:
        if _has_buurt_codes(path, name):
            return name
    raise WijkkaartError("layer_choice_needed", path=path, layers=", ".join(layers))


def crs_label(crs: object) -> str | None:
    if crs is None:
        return None
    epsg = crs.to_epsg() if hasattr(crs, "to_epsg") else None
    return f"EPSG:{epsg}" if epsg else str(getattr(crs, "name", crs))


def _inside(bounds: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    minx, miny, maxx, maxy = bounds
    return minx >= box[0] and miny >= box[1] and maxx <= box[2] and maxy <= box[3]


def _overlaps(bounds: tuple[float, float, float, float], box: tuple[float, ...]) -> bool:
    minx, miny, maxx, maxy = bounds
    return not (maxx < box[0] or minx > box[2] or maxy < box[1] or miny > box[3])


def _ensure_rd(
    frame: gpd.GeoDataFrame, path: Path, notes: list[str]
) -> tuple[gpd.GeoDataFrame, str | None]:
    geoms = frame.geometry
    present = geoms[geoms.notna() & ~geoms.is_empty]
    bounds = tuple(present.total_bounds) if len(present) else (0.0, 0.0, 0.0, 0.0)
    crs_found = crs_label(frame.crs)
    if frame.crs is None:
        if len(present) and _inside(bounds, RD_BOX):
            frame = frame.set_crs(RD_NEW)
            notes.append(tr("crs_assumed", crs="RD New (EPSG:28992)"))
        elif len(present) and _inside(bounds, WGS84_BOX):
            frame = frame.set_crs("EPSG:4326")
            notes.append(tr("crs_assumed", crs="WGS84 (EPSG:4326)"))
        else:
            raise WijkkaartError("no_crs", path=path)
    elif crs_found not in (RD_NEW, "EPSG:4326"):
        notes.append(tr("crs_unusual", crs=crs_found))
    if crs_label(frame.crs) != RD_NEW:
        frame = frame.to_crs(RD_NEW)
    present = frame.geometry[frame.geometry.notna() & ~frame.geometry.is_empty]
    if len(present) and not _overlaps(tuple(present.total_bounds), RD_BOX):
        raise WijkkaartError("crs_outside_nl", path=path, crs=crs_found)
    return frame, crs_found


def repair_geometries(
    frame: gpd.GeoDataFrame, labels: list[str]
) -> tuple[gpd.GeoDataFrame, list[str]]:
    """Make invalid polygons valid (keeping only their polygon parts) and report which."""
    notes: list[str] = []
    geoms = frame.geometry.array
    values = geoms.to_numpy()
    missing = shapely.is_missing(values) | shapely.is_empty(values)
    invalid = ~missing & ~shapely.is_valid(values)
    if invalid.any():
        fixed = values.copy()
        fixed[invalid] = [_polygonal(shapely.make_valid(g)) for g in values[invalid]]
        frame = frame.set_geometry(gpd.GeoSeries(fixed, index=frame.index, crs=frame.crs))
        bad = [labels[i] for i in invalid.nonzero()[0]]
        notes.append(tr("geometry_repaired", n=len(bad), codes=short_list(bad)))
    if missing.any():
        gone = [labels[i] for i in missing.nonzero()[0]]
        notes.append(tr("geometry_missing", n=len(gone), codes=short_list(gone)))
    return frame, notes


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """Keep the (multi)polygon part of a repaired geometry; lines and points from make_valid go."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    polys = []
    for part in parts:
        polys.extend(shapely.get_parts(part))
    if not polys:
        return geom
    return shapely.multipolygons(polys) if len(polys) > 1 else polys[0]
