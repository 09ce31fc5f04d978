"""The shape of a ``.wijkkaart`` file, checked before any other code touches the document.

A project file is user input like any other: it may come from a colleague, a broken editor or a
hostile sender. It is parsed strictly (no NaN or Infinity, no absurd numbers, limited nesting)
and checked against a JSON Schema, so the rest of the program can index it without guarding each
field. Problems are reported in Dutch with the field's place in the file
("layers[2].style.k moet een geheel getal zijn"); jsonschema's English text goes to the log.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable
from typing import Any

import jsonschema
import shapely
from shapely.errors import GEOSException

from wijkkaart.layers.style import DIVERGING, METHODS, SEQUENTIAL
from wijkkaart.messages import WijkkaartError, tr

log = logging.getLogger(__name__)

MAX_DEPTH = 40  # the deepest real project is 6 levels; this leaves room and stops RecursionError
MAX_NUMBER = 1e12  # RD coordinates are below 1e6; nothing in a project needs more
MAX_PROBLEMS = 3  # shown in one message; the rest are counted

_STRING = {"type": "string", "maxLength": 10_000}
_PATH = {"type": "string", "minLength": 1, "maxLength": 4096}
_NAME = {"type": "string", "maxLength": 1000}
_BOOL = {"type": "boolean"}
_NUMBER = {"type": "number"}
_OPT_NUMBER = {"type": ["number", "null"]}
_OPT_STRING = {"type": ["string", "null"], "maxLength": 1000}
_COLOUR = {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}
_GEMEENTE = {"type": "string", "pattern": "^GM[0-9]{4}$"}
_PATH_LIMITS = {"minLength": 1, "maxLength": 4096}
_LEVEL = {"enum": ["buurt", "wijk", "gemeente", None]}
_METHODS = list(METHODS)
_RAMPS = [*SEQUENTIAL, *DIVERGING]  # the style module's own lists: one place names the ramps


def _list(item: dict[str, Any], most: int = 10_000) -> dict[str, Any]:
    return {"type": "array", "items": item, "maxItems": most}


def _object(required: Iterable[str] = (), **properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": list(required), "properties": properties}


_SOURCE_ENTRY: dict[str, dict[str, Any]] = {"path": _PATH, "illustrative": _BOOL, "source": _STRING}
_STYLE = {
    **_object(
        kind={"enum": ["choropleth", "categorical", "bivariate"]},
        indicator=_NAME,
        x=_NAME,
        y=_NAME,
        method={"enum": _METHODS},
        k={"type": "integer", "minimum": 2, "maximum": 9},
        ramp={"enum": _RAMPS},
        reverse=_BOOL,
        manual_breaks=_list(_NUMBER, 100),
        fixed_breaks=_list(_NUMBER, 100),
        fixed_low=_NUMBER,
        centre_on_mean=_BOOL,
    ),
    "if": {"properties": {"kind": {"const": "bivariate"}}, "required": ["kind"]},
    "then": {"required": ["x", "y"]},
    "else": {"required": ["indicator"]},
}
_LAYER = {
    **_object(
        ["kind", "name"],
        kind={"enum": ["areas", "outline", "raster", "basemap", "points"]},
        name=_NAME,
        visible=_BOOL,
        opacity={"type": "number", "minimum": 0, "maximum": 1},
        source=_object(
            path=_PATH,
            layer=_OPT_STRING,
            dataset={"enum": ["project"]},
            dissolve={"enum": ["wijk", "gemeente"]},  # outlines made from the buurten (v4)
        ),
        style={"type": ["object", "string"]},  # a style for areas, a tile style for a basemap
        labels=_BOOL,
        auto_name=_BOOL,
        colour=_COLOUR,
        width={"type": "number", "minimum": 0, "maximum": 100},
        label_field=_OPT_STRING,
        size_mm={"type": "number", "minimum": 0, "maximum": 50},  # points
        symbol=_NAME,
        ramp={"enum": _RAMPS},
        vmin=_OPT_NUMBER,
        vmax=_OPT_NUMBER,
    ),
    "allOf": [
        {
            "if": {"properties": {"kind": {"const": "areas"}}},
            "then": {"required": ["style"], "properties": {"style": _STYLE}},
        },
        {
            "if": {"properties": {"kind": {"const": "basemap"}}},
            "then": {"properties": {"style": {"enum": ["grijs", "standaard", "pastel", "water"]}}},
        },
    ],
}
_CONDITION = _object(
    ["indicator", "operator", "value"],
    indicator=_NAME,
    operator={"enum": [">=", "<=", ">", "<", "=", "=="]},
    value=_NUMBER,
    words=_NAME,  # the indicator as the planner typed it
)
_TYPOLOGY = {
    **_object(
        method={"enum": ["rules", "kmeans", "ward"]},
        rules=_list(_object(["name"], name=_NAME, conditions=_list(_CONDITION, 100)), 100),
        indicators=_list(_NAME, 100),
        k={"type": "integer", "minimum": 2, "maximum": 50},
        seed={"type": "integer", "minimum": 0, "maximum": 2**32 - 1},
        contiguous=_BOOL,
        min_inhabitants={"type": "number", "minimum": 0},
    ),
    "if": {"properties": {"method": {"enum": ["kmeans", "ward"]}}, "required": ["method"]},
    "then": {"required": ["indicators", "k"]},
    "else": {"required": ["rules"]},
}
_ANALYSES = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "typology": _TYPOLOGY,
        "stacking": _object(["indicators"], indicators=_list(_NAME, 100), margin=_NUMBER),
        "ranking": _object(
            ["criteria"],
            criteria=_list(
                _object(
                    ["indicator"],
                    indicator=_NAME,
                    weight={"type": "number", "minimum": 0},
                    higher_is_better=_BOOL,
                ),
                100,
            ),
        ),
    },
}
_VIEW = {
    "type": ["object", "null"],
    "required": ["cx", "cy", "resolution"],
    "properties": {
        "cx": {"type": "number", "minimum": -1e7, "maximum": 1e7},
        "cy": {"type": "number", "minimum": -1e7, "maximum": 1e7},
        "resolution": {"type": "number", "minimum": 0.05, "maximum": 5000},
    },
}
_PRINT = {  # print settings (wijkkaart.export.settings reads them leniently)
    "type": "object",
    "maxProperties": 40,
    "properties": {
        "paper": {"enum": ["A4", "A3", "A2", "A1", "A0"]},
        "orientation": {"enum": ["landscape", "portrait"]},
        "title": _STRING,
        "subtitle": _STRING,
        "preset": {"type": ["string", "null"], "maxLength": 40},
        "overview": _BOOL,
        "extent": {"type": "object", "maxProperties": 10},
        "scale": {"type": ["integer", "null"], "minimum": 1000, "maximum": 1000000},
        "template": {"type": ["string", "null"], "maxLength": 40},
        "layout": {
            "type": "object",
            "maxProperties": 20,
            "additionalProperties": {
                "type": "array",
                "maxItems": 4,
                "items": {"type": "number", "minimum": 0, "maximum": 1},
            },
        },
        "trend": {"type": "array", "maxItems": 2, "items": {"type": "string", "maxLength": 200}},
        "goals": _BOOL,
    },
}
_FOCUS = _object(
    ["name"], name=_NAME, description=_STRING, colour=_COLOUR, wkt={"type": ["string", "null"]}
)

_YEAR = {"type": "integer", "minimum": 1900, "maximum": 2100}
# v5: figures over several years; each entry says which years it holds and where they come from
_SERIES = _object(
    ["path"],
    path=_PATH,
    source=_STRING,
    years=_list(_YEAR, 200),
    division=_OPT_STRING,  # the buurt file of the series' own vintage, when not the reference
    bag={"type": ["string", "null"], **_PATH_LIMITS},  # v6: weighs its conversion by dwellings
    illustrative=_BOOL,
)
# v6: every buurtindeling the project holds, with its year (the reference is one of them)
_DIVISION = _object(
    ["path"],
    path=_PATH,
    year={"type": ["integer", "null"], "minimum": 1900, "maximum": 2100},
    layer=_OPT_STRING,
    source=_STRING,
    bag={"type": ["string", "null"], **_PATH_LIMITS},
)
_GOAL = _object(
    ["area", "indicator", "baseline_year", "target", "horizon_year"],
    area=_NAME,
    indicator=_NAME,
    baseline_year=_YEAR,
    baseline_value=_OPT_NUMBER,
    target={"enum": ["absolute", "gemeente", "g4", "gap"]},
    target_value=_OPT_NUMBER,
    gap_to={"enum": ["gemeente", "g4"]},
    horizon_year=_YEAR,
    horizon={"enum": ["quick_win", "long_term"]},
    party=_STRING,
    note=_STRING,
    higher_better={"type": ["boolean", "null"]},
)

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **_object(
        ["schema_version", "areas"],
        schema_version={"type": "integer", "minimum": 1},
        name=_OPT_STRING,
        areas=_object(
            ["path"],
            path=_PATH,
            layer=_OPT_STRING,
            level=_LEVEL,
            source=_STRING,
            gemeenten=_list(_GEMEENTE, 1000),  # v4: only these gemeenten of the file
        ),
        tables=_list(
            _object(
                ["path"],
                **_SOURCE_ENTRY,
                mapping={"type": ["object", "null"], "additionalProperties": _NAME},
                existing={"enum": ["replace", "keep", "fill"]},
                number_formats={
                    "type": "object",
                    "additionalProperties": {"enum": [",", "."]},
                    "maxProperties": 1000,
                },
            )
        ),
        heat_plans=_list(_object(["path"], **_SOURCE_ENTRY)),
        rasters=_list(
            _object(
                ["path"],
                **_SOURCE_ENTRY,
                prefix={"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]{0,39}$"},
                nodata_is_zero=_BOOL,
                threshold=_OPT_NUMBER,
            )
        ),
        overlays=_list(
            _object(["path"], path=_PATH, layer=_OPT_STRING, role=_NAME, source=_STRING)
        ),
        eponline=_list(
            _object(
                ["path"],
                path=_PATH,
                bag={"type": ["string", "null"], **_PATH_LIMITS},
                source=_STRING,
                illustrative=_BOOL,
            )
        ),
        points=_list(
            _object(
                ["path"],
                path=_PATH,
                layer=_OPT_STRING,
                name=_NAME,
                label_field=_OPT_STRING,
                colour=_COLOUR,
                source=_STRING,
            )
        ),
        map=_object(indicator=_NAME),
        layers=_list(_LAYER, 1000),
        view=_VIEW,
        focus_areas=_list(_FOCUS, 1000),
        analyses=_ANALYSES,
        print=_PRINT,
        series=_list(_SERIES, 100),
        reference_year={"type": ["integer", "null"], "minimum": 1900, "maximum": 2100},
        divisions=_list(_DIVISION, 100),
        goals=_list(_GOAL, 1000),
    ),
}
_VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

# every field in a project that names a data file, with how to find it
PATH_ROLES = (
    "tables",
    "heat_plans",
    "rasters",
    "overlays",
    "eponline",
    "points",
    "series",
    "divisions",
)
# fields besides ``path`` of those entries that name a data file too
EXTRA_PATHS = {"eponline": ("bag",), "series": ("division", "bag"), "divisions": ("bag",)}


def loads(text: str, path: object) -> Any:
    """Parse strictly: NaN, Infinity and numbers beyond :data:`MAX_NUMBER` are refused."""

    def constant(name: str) -> float:
        raise WijkkaartError("project_bad_number", path=path, value=name)

    def number(token: str) -> float:
        value = float(token)
        if not math.isfinite(value) or abs(value) > MAX_NUMBER:
            raise WijkkaartError("project_bad_number", path=path, value=token[:40])
        return value

    def integer(token: str) -> int | float:
        if len(token.lstrip("-")) > 13:  # longer than MAX_NUMBER before int() does any work
            raise WijkkaartError("project_bad_number", path=path, value=token[:40])
        return int(token)

    try:
        data = json.loads(text, parse_constant=constant, parse_float=number, parse_int=integer)
    except RecursionError:
        raise WijkkaartError("project_too_deep", path=path, limit=MAX_DEPTH) from None
    except ValueError as exc:  # JSONDecodeError, and int() of a huge literal
        log.info("project %s is not JSON: %s", path, exc)
        raise WijkkaartError("project_unreadable", path=path, detail=str(exc)[:200]) from None
    if depth(data) > MAX_DEPTH:
        raise WijkkaartError("project_too_deep", path=path, limit=MAX_DEPTH)
    return data


def depth(value: Any) -> int:
    """Nesting depth of a JSON value, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


def field_name(parts: Iterable[object]) -> str:
    """``['layers', 2, 'style', 'k']`` -> ``layers[2].style.k`` (the top level: ``project``)."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "project"


def validate(data: Any, path: object) -> None:
    """Raise a WijkkaartError naming every wrong field (up to three) of ``data``."""
    errors = sorted(_VALIDATOR.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    if not errors:
        return
    for error in errors:
        log.info("project %s: %s at %s", path, error.message[:300], list(error.absolute_path))
    problems = [_problem(error) for error in errors[:MAX_PROBLEMS]]
    text = "; ".join(problems)
    if len(errors) > MAX_PROBLEMS:
        text += " " + tr("schema_more", n=len(errors) - MAX_PROBLEMS)
    raise WijkkaartError("project_invalid", path=path, problems=text)


def _problem(error: jsonschema.ValidationError) -> str:
    """One Dutch sentence for one schema error; the value itself is never echoed."""
    where = list(error.absolute_path)
    kind, expected = error.validator, error.validator_value
    if kind == "required":
        present = error.instance if isinstance(error.instance, dict) else {}
        missing = [k for k in expected if k not in present]
        return tr("schema_required", field=field_name([*where, missing[0] if missing else "?"]))
    field = field_name(where)
    if kind == "type":
        kinds = [expected] if isinstance(expected, str) else list(expected)
        names = f" {tr('schema_or')} ".join(tr(f"schema_type_{k}") for k in kinds)
        return tr("schema_type", field=field, expected=names)
    if kind in ("enum", "const"):
        options = expected if kind == "enum" else [expected]
        shown = ", ".join("null" if o is None else str(o) for o in options)
        return tr("schema_enum", field=field, options=shown)
    if kind in ("minimum", "exclusiveMinimum"):
        return tr("schema_minimum", field=field, limit=expected)
    if kind in ("maximum", "exclusiveMaximum"):
        return tr("schema_maximum", field=field, limit=expected)
    if kind == "minLength":
        return tr("schema_empty", field=field)
    if kind in ("maxLength", "maxItems"):
        return tr("schema_too_long", field=field, limit=expected)
    if kind == "pattern":
        return tr("schema_pattern", field=field)
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return tr("schema_unknown", field=field_name([*where, extra[0] if extra else "?"]))
    return tr("schema_other", field=field)


def focus_geometry(wkt: str | None, where: str, path: object) -> shapely.Geometry | None:
    """A focus area's polygon from its WKT; refused if GEOS cannot read it or it is no area.

    A polygon that became invalid through rounding when it was saved is repaired, not refused.
    """
    if not wkt:
        return None
    try:
        geometry = shapely.from_wkt(wkt)
    except (GEOSException, ValueError, TypeError) as exc:
        log.info("focus area %s of %s: %s", where, path, exc)
        raise WijkkaartError("project_bad_geometry", path=path, field=where) from None
    if geometry is None or geometry.is_empty:
        return None
    coords = shapely.get_coordinates(geometry)
    if geometry.geom_type not in ("Polygon", "MultiPolygon") or not (
        len(coords) and bool((abs(coords) < MAX_NUMBER).all())
    ):
        raise WijkkaartError("project_bad_geometry", path=path, field=where)
    if not geometry.is_valid:
        repaired = shapely.make_valid(geometry)
        parts = [
            g for g in shapely.get_parts(repaired) if g.geom_type in ("Polygon", "MultiPolygon")
        ]
        if not parts:
            raise WijkkaartError("project_bad_geometry", path=path, field=where)
        geometry = shapely.union_all(parts)
    return geometry
