"""Read areas with their indicators from any CBS Wijk- en buurtkaart or KWB table, any vintage.

Accepts the 2021+ GeoPackage (long names), the shapefile/DBF (UPPER short names), WFS extracts
(short lowercase names), the KWB Excel/CSV (``gwb_code``, ``p_koopw``) and StatLine exports, and
any other vector file with a code column. The result is an :class:`AreaData` in EPSG:28992.
"""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd

from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.area_names import outline_names
from wijkkaart.io.codes import LEVEL_ORDER
from wijkkaart.io.columns import (
    convert_columns,
    duplicates_error,
    guess_vintage,
    identify_rows,
    names,
    national_row,
    pick_year,
    water_flags,
)
from wijkkaart.io.dataset import RD_NEW, AreaData
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.tables import TABLE_SUFFIXES, read_table_raw
from wijkkaart.io.vector import read_vector, repair_geometries
from wijkkaart.messages import WijkkaartError, has_text, short_list, text, tr


def read_areas(
    path: str | Path,
    layer: str | None = None,
    level: str | None = None,
    year: int | None = None,
    feedback: Feedback | None = None,
    fids: list[int] | None = None,
    where: str | None = None,
) -> AreaData:
    """Areas of one level (``level`` or the finest in the file) with catalogue indicators.

    ``fids`` / ``where``: read only these features of a vector file, by id or attribute filter
    (one gemeente of a national file, see :func:`wijkkaart.gemeenten.gemeente_subset`); tables
    are always read whole.
    """
    feedback = ensure(feedback)
    path = require_regular_file(path)
    if level is not None and level not in LEVEL_ORDER:
        raise ValueError(f"unknown level {level}")
    warnings: list[str] = []
    crs_found = None
    if path.suffix.lower() in TABLE_SUFFIXES:
        raw = read_table_raw(path)
        geometry = None
    else:
        read = read_vector(path, layer=layer, fids=fids, where=where, feedback=feedback)
        warnings.extend(read.warnings)
        crs_found = read.crs_found
        geometry = read.frame.geometry
        kinds = set(geometry.dropna().geom_type)
        if kinds and not kinds & {"Polygon", "MultiPolygon"}:
            raise WijkkaartError("not_polygons", path=path, kinds=", ".join(sorted(kinds)))
        raw = pd.DataFrame(read.frame.drop(columns=read.frame.geometry.name))
    feedback.progress(0.5)
    if raw.empty:
        raise WijkkaartError("no_features", path=path)
    raw, chosen_year, year_warnings = pick_year(raw, year)
    warnings.extend(year_warnings)
    found = identify_rows(raw, path, level)
    names_by_level = outline_names(raw)  # for the dissolved outlines: no second read
    national = national_row(raw, found.code_column)
    warnings.extend(found.warnings)
    duplicates_error(found.codes, path)
    rows = found.rows
    converted = convert_columns(rows, found.codes, skip={found.code_column})
    warnings.extend(converted.warnings)
    feedback.progress(0.7)

    frame = pd.DataFrame(index=found.codes)
    frame["naam"] = names(rows, found.codes, found.level)
    frame["water"] = water_flags(rows, found.codes)
    frame = frame.join(converted.values)
    geoms = geometry.loc[rows.index].to_numpy() if geometry is not None else [None] * len(frame)
    gdf = gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=found.codes, crs=RD_NEW))
    if geometry is not None:
        gdf, geom_warnings = repair_geometries(gdf, list(found.codes))
        warnings.extend(geom_warnings)
    feedback.progress(1.0)
    water = gdf.index[gdf["water"]].tolist()
    if water:
        warnings.append(tr("water_areas", n=len(water), codes=short_list(water)))

    return AreaData(
        frame=gdf,
        level=found.level,
        schema=converted.schema,
        source=str(path),
        crs_found=crs_found,
        vintage=chosen_year or guess_vintage(rows, path.name),
        outline_names=names_by_level,
        indicators=[c for c in converted.values.columns if c not in converted.custom],
        custom=list(converted.custom),
        reasons=converted.reasons,
        unknown_columns=list(converted.unknown),
        warnings=warnings,
        sources={c: str(path) for c in converted.values.columns},
        national=national,
    )


def schema_description(schema: str) -> str:
    return text(schema, context="schema") if has_text(schema, "schema") else schema
