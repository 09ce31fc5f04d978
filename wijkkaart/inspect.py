"""What wijkkaart recognises in a file: the report behind ``wijkkaart info`` and ``validate``.

Qt-free, so the CLI, the app's import dialog and the tests share one description of a file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wijkkaart.analysis.energy_labels import read_eponline
from wijkkaart.catalogue import catalogue
from wijkkaart.io.areas import read_areas, schema_description
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.heatplan import STRATEGY_COLUMNS, read_heat_plan
from wijkkaart.io.tables import TABLE_SUFFIXES, decode_head
from wijkkaart.io.vector import check_readable, read_vector
from wijkkaart.messages import WijkkaartError, reason_text

RASTER_SUFFIXES = {".tif", ".tiff", ".geotiff"}


def describe(
    path: str | Path, layer: str | None = None, level: str | None = None
) -> dict[str, Any]:
    """A JSON-ready description of any file wijkkaart reads; raises WijkkaartError when unusable."""
    path = Path(path)
    check_readable(path)
    suffix = path.suffix.lower()
    if suffix == ".wijkkaart":  # the very checks the app makes when it opens the project
        from wijkkaart.layers.document import MapDocument
        from wijkkaart.new_project import recognised
        from wijkkaart.roles import project_roles

        document = MapDocument.open(path)
        report = describe_areas(document.areas)
        report["kind"] = "project"
        report["name"] = document.project.name
        report["roles"] = project_roles(document.project)
        report["gemeenten"] = recognised(document)["gemeenten"]
        from wijkkaart.focus_import import focus_summary

        report["focus_areas"] = focus_summary(document.project)
        from wijkkaart.vintages import divisions, reference_year

        report["reference_year"] = reference_year(document.project)
        report["divisions"] = [
            {"path": d.path, "year": d.year}
            for d in sorted(divisions(document.project), key=lambda d: d.year or 0)
        ]
        return report
    if suffix in RASTER_SUFFIXES:
        return describe_raster(path)
    if suffix in TABLE_SUFFIXES and suffix != ".xlsx":
        head = decode_head(path, 4000).lower()
        if "energieklasse" in head or "labelletter" in head:
            return describe_eponline(path)
        first_line = head.splitlines()[0] if head else ""
        if any(col in first_line for col in STRATEGY_COLUMNS) and "percentage" not in first_line:
            return describe_heat_plan(path)
    try:
        report = describe_areas(read_areas(path, layer=layer, level=level))
    except WijkkaartError as exc:
        if exc.key != "no_code_column" or suffix in TABLE_SUFFIXES:
            raise
        return describe_vector(path, layer, str(exc))
    report["kind"] = "areas"
    return report


def describe_vector(path: Path, layer: str | None, why_not_areas: str) -> dict[str, Any]:
    """A vector file without area codes: usable as focus areas or overlay, not as a buurt layer."""
    read = read_vector(path, layer=layer)
    frame = read.frame
    return {
        "kind": "vector",
        "source": str(path),
        "level": None,
        "count": len(frame),
        "crs": read.crs_found,
        "layer": read.layer,
        "geometry_types": sorted(set(frame.geometry.dropna().geom_type)),
        "columns": [c for c in frame.columns if c != frame.geometry.name],
        "warnings": [*read.warnings, why_not_areas],
    }


def describe_areas(areas: AreaData) -> dict[str, Any]:
    cat = catalogue()
    indicators: dict[str, Any] = {}
    for column in [*areas.indicators, *areas.custom]:
        counts = areas.missing_counts(column)
        entry: dict[str, Any] = {
            "missing": sum(counts.values()),
            "missing_by_reason": counts,
            "missing_reasons_text": {k: reason_text(k) for k in counts},
        }
        if column in cat:
            entry["label"] = cat[column].label
            entry["unit"] = cat[column].unit
        else:
            entry["custom"] = True
        if column in areas.illustrative:
            entry["illustrative"] = True
        indicators[column] = entry
    water = areas.frame.index[areas.water].tolist()
    return {
        "source": areas.source,
        "level": areas.level,
        "count": len(areas.frame),
        "count_without_water": int((~areas.water).sum()),
        "water_areas": water,
        "crs": areas.crs_found,
        "has_geometry": areas.has_geometry,
        "schema": areas.schema,
        "schema_description": schema_description(areas.schema),
        "vintage": areas.vintage,
        "indicators": indicators,
        "unknown_columns": areas.unknown_columns,
        "illustrative": sorted(areas.illustrative),
        "warnings": areas.warnings,
    }


def describe_raster(path: Path) -> dict[str, Any]:
    import rasterio  # here, not at start-up: the app window imports this module
    from rasterio.errors import RasterioIOError

    try:
        with rasterio.open(path) as src:
            if src.crs is None:
                raise WijkkaartError("raster_no_crs", path=path)
            return {
                "kind": "raster",
                "source": str(path),
                "crs": src.crs.to_string(),
                "width": src.width,
                "height": src.height,
                "bands": src.count,
                "cell_size": [abs(src.transform.a), abs(src.transform.e)],
                "bounds": list(src.bounds),
                "nodata": src.nodata,
                "warnings": [],
            }
    except RasterioIOError as exc:
        raise WijkkaartError("raster_unreadable", path=path, detail=str(exc)[:200]) from None


def describe_eponline(path: Path) -> dict[str, Any]:
    read = read_eponline(path)
    per_class = read.labels["label"].value_counts().to_dict()
    return {
        "kind": "eponline",
        "source": str(path),
        "variant": read.variant,
        "counts": read.counts,
        "labels_per_class": {k: int(v) for k, v in per_class.items()},
        "warnings": [read.summary()],
    }


def describe_heat_plan(path: Path) -> dict[str, Any]:
    plan = read_heat_plan(path)
    strategies = plan.values["warmtestrategie"].value_counts().to_dict()
    return {
        "kind": "heat_plan",
        "source": str(path),
        "level": plan.level,
        "count": len(plan.values),
        "strategies": {k: int(v) for k, v in strategies.items()},
        "with_gas_free_year": int(plan.values["jaar_aardgasvrij"].notna().sum()),
        "warnings": plan.warnings,
    }
