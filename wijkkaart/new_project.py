"""Start from your own gemeente: a new, unsaved project from any CBS buurt (or wijk) file.

Pick gemeenten from a file of any vintage, up to the whole country; the first map is ready to
look at (a style with data, buurt names, wijk and gemeente outlines, zoomed to the choice).
Nothing is written until the user saves, under a name of their own. Qt-free.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.gemeenten import (
    GEMEENTE_NAMES,
    code_columns,
    gemeente_of,
    normalise_gemeente,
    read_gemeenten,
)
from wijkkaart.io.areas import read_areas, schema_description
from wijkkaart.io.codes import LEVEL_ORDER
from wijkkaart.io.columns import (
    identify_rows,
    water_flags,
)
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.tables import TABLE_SUFFIXES, read_table_raw
from wijkkaart.io.vector import check_readable
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.focus import FocusAreaList
from wijkkaart.layers.model import AreaLayer, LayerList, OutlineLayer
from wijkkaart.layers.outlines import (
    DisplayShapes,
    area_names,
    dissolve_outline,
    outline_code_levels,
)
from wijkkaart.layers.style import ChoroplethStyle
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.project import SCHEMA_VERSION, Allowed, Project

log = logging.getLogger(__name__)

UNTITLED = "naamloos.wijkkaart"
PREFERRED_INDICATOR = "percentage_koopwoningen"
# The size the first view is fitted to; the app refits to its canvas when the window differs.
VIEW_SIZE = (1200, 800)


@dataclass
class GemeenteEntry:
    code: str
    name: str
    buurten: int


def list_gemeenten(path: str | Path, layer: str | None = None) -> list[GemeenteEntry]:
    """The gemeenten in a buurt file with their names and number of areas, sorted by name.

    Reads only the code and name columns (no geometry), so a national file answers at once.
    """
    path = require_regular_file(path)
    check_readable(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        raw = read_table_raw(path)
    else:
        raw = code_columns(path, layer)
    found = identify_rows(raw, path)
    gemeenten = gemeente_of(found.codes)
    name_column = next((c for c in found.rows.columns if c.lower() in GEMEENTE_NAMES), None)
    names: dict[str, str] = {}
    if name_column is not None:
        for code, name in zip(gemeenten, found.rows[name_column], strict=True):
            if code not in names and isinstance(name, str) and name.strip():
                names[code] = name.strip()
    water = water_flags(found.rows, found.codes).to_numpy()
    counts = pd.Series(~water, index=gemeenten).groupby(level=0).sum()
    entries = [GemeenteEntry(code, names.get(code, ""), int(n)) for code, n in counts.items()]
    return sorted(entries, key=lambda e: (e.name or "~", e.code))


def new_project(
    path: str | Path,
    gemeenten: list[str] | None = None,
    level: str | None = None,
    layer: str | None = None,
    feedback: Feedback | None = None,
) -> MapDocument:
    """An unsaved project of ``path`` (only ``gemeenten`` when given), ready to show.

    A vector file without CBS codes raises ``no_code_column`` (the app offers it as a plain
    layer); a table without geometry is refused (it belongs in a project as a table).
    """
    feedback = ensure(feedback)
    path = require_regular_file(path).resolve()
    if path.suffix.lower() == ".wijkkaart":
        return MapDocument.open(path, feedback=feedback)
    if level is not None and level not in LEVEL_ORDER:
        raise WijkkaartError("new_bad_level", level=level, levels=", ".join(LEVEL_ORDER))
    if path.suffix.lower() in TABLE_SUFFIXES:
        raise WijkkaartError("new_needs_map", path=path.name)
    feedback.progress(0.05)
    chosen = sorted({normalise_gemeente(g) for g in gemeenten or [] if str(g).strip()})
    part = feedback.part(0.05, 0.6)
    if chosen:  # only the chosen gemeenten's features are read, where the file allows
        areas = read_gemeenten(path, chosen, layer=layer, level=level, feedback=part)
    else:
        areas = read_areas(path, layer=layer, level=level, feedback=part)
    if not areas.has_geometry:
        raise WijkkaartError("new_needs_map", path=path.name)
    project = Project(path=path.parent / UNTITLED, unsaved=True)
    indicator = first_indicator(areas)
    names = areas.outline_names or {}  # read with the areas: the file is read once
    layers = LayerList()
    if indicator is not None:
        layers.append(_area_layer(areas, indicator))
    else:  # boundaries only: show them, with names, so there is a map to start from
        layers.append(
            OutlineLayer(
                name=ui("outline_areas"), source={"dataset": "project"}, label_field="naam"
            ).attach(areas.frame)
        )
    levels = outline_code_levels(areas.level)
    shapes = DisplayShapes(areas) if levels else None  # simplified once for both levels
    for by in levels:
        outline = dissolve_outline(areas, by, names.get(by), shapes)
        labelled = bool((outline["naam"] != "").any())
        layers.append(
            OutlineLayer(
                name=ui(f"outline_{by}"),
                source={"dataset": "project", "dissolve": by},
                width=1.6 if by == "wijk" else 2.6,
                colour="#333333" if by == "wijk" else "#000000",
                label_field="naam" if labelled and by == "wijk" else None,
                visible=by == "gemeente" or len(outline) <= 400,
            ).attach(outline)
        )
    feedback.progress(0.9)
    project.data = {
        "schema_version": SCHEMA_VERSION,
        "name": None,
        "areas": {
            "path": path.name,
            "layer": layer,
            "level": areas.level,
            "source": areas_source(areas, path),
            **({"gemeenten": chosen} if chosen else {}),
        },
        "tables": [],
        "heat_plans": [],
        "rasters": [],
        "overlays": [],
        "eponline": [],
        "points": [],
        "map": {"indicator": indicator or PREFERRED_INDICATOR},
        "focus_areas": [],
        "analyses": {},
        "series": [],
        "goals": [],
        # the boundaries everything is shown on: the file's vintage (None: nothing tells)
        "reference_year": areas.vintage,
        "divisions": [
            {
                "path": path.name,
                "year": areas.vintage,
                **({"layer": layer} if layer else {}),
                "source": areas_source(areas, path),
            }
        ],
    }
    document = MapDocument(project, areas, layers, fitted_view(areas), FocusAreaList())
    project.data["layers"] = [item.to_dict() for item in layers]
    project.data["view"] = document.view
    feedback.progress(1.0)
    return document


def _area_layer(areas: AreaData, indicator: str) -> AreaLayer:
    entry = catalogue().get(indicator)
    layer = AreaLayer(
        name=entry.label if entry else indicator,
        style=ChoroplethStyle(indicator),
        source={"dataset": "project"},
        labels=True,
        auto_name=True,
    )
    return layer.attach(areas)


def has_data(areas: AreaData, column: str) -> bool:
    """Whether ``column`` has at least one value outside the water areas."""
    if column not in areas.frame:
        return False
    return bool(areas.statistics_frame()[column].notna().any())


def first_indicator(areas: AreaData) -> str | None:
    """Koopwoningen when it has data, else the first share or rate of the catalogue with data.

    A count ("Mannen", the first number of an Ermelo file) maps the size of a buurt, not its
    character, so counts come only when a file has no share at all; sensitive indicators
    (migration background) are never the first map.
    """
    if has_data(areas, PREFERRED_INDICATOR):
        return PREFERRED_INDICATOR
    cat = catalogue()
    numbers = [
        key
        for key in cat.ids()
        if key in areas.indicators and cat[key].kind == "number" and not cat[key].sensitive
    ]
    shares = [key for key in numbers if cat[key].aggregation in ("weighted_mean", "ratio")]
    for key in [*shares, *numbers]:
        if has_data(areas, key):
            return key
    return next((c for c in areas.custom if has_data(areas, c)), None)


def fitted_view(areas: AreaData, size: tuple[int, int] = VIEW_SIZE) -> dict[str, float] | None:
    """The ``view`` of the project (centre and metres per pixel) that shows all ``areas``."""
    present = areas.frame.geometry[areas.frame.geometry.notna() & ~areas.frame.geometry.is_empty]
    if present.empty:
        return None
    minx, miny, maxx, maxy = (float(b) for b in present.total_bounds)
    span_x, span_y = max(maxx - minx, 1.0) * 1.1, max(maxy - miny, 1.0) * 1.1
    resolution = max(span_x / size[0], span_y / size[1])
    return {
        "cx": (minx + maxx) / 2,
        "cy": (miny + maxy) / 2,
        "resolution": min(max(resolution, 0.05), 5000.0),
    }


def areas_source(areas: AreaData, path: Path) -> str:
    """'CBS Wijk- en buurtkaart 2017, cbs_buurten_2017.geojson' style text for the source line."""
    if areas.schema in ("cbs_gpkg", "shp_upper", "shp_lower", "boundaries", "kwb", "statline"):
        year = f" {areas.vintage}" if areas.vintage else ""
        return ui("source_cbs_areas", year=year, name=path.name)
    return path.name


def recognised(document: MapDocument) -> dict[str, Any]:
    """What the new project holds, for the dialog and ``wijkkaart info``: JSON-ready."""
    areas = document.base_areas
    spec = document.project.data["areas"]
    counts = pd.Series(~areas.water.to_numpy(), index=gemeente_of(areas.frame.index))
    per_gemeente = counts.groupby(level=0).sum()
    names = {}
    for layer in document.layers:
        dissolved = isinstance(layer, OutlineLayer) and layer.source.get("dissolve")
        if dissolved == "gemeente" and layer.frame is not None:
            names = {c: n for c, n in layer.frame["naam"].items() if n}
    if not names and areas.outline_names is not None:
        names = dict(areas.outline_names.get("gemeente", {}))
    elif not names and spec.get("path"):
        names = area_names(document.project.resolve(spec["path"]), spec.get("layer"))["gemeente"]
    columns = [*areas.indicators, *areas.custom]
    with_data = [c for c in columns if has_data(areas, c)]
    return {
        "source": spec.get("source") or areas.source,
        "level": areas.level,
        "count": len(areas.frame),
        "count_without_water": int((~areas.water).sum()),
        "vintage": areas.vintage,
        "schema_description": schema_description(areas.schema),
        "gemeenten": [
            {"code": code, "name": names.get(code, ""), "buurten": int(n)}
            for code, n in per_gemeente.items()
        ],
        "indicators": with_data,
        "indicators_without_data": [c for c in columns if c not in with_data],
        "illustrative": sorted(set(with_data) & areas.illustrative),
        "warnings": list(areas.warnings),
    }


def open_document(
    path: str | Path,
    feedback: Feedback | None = None,
    allow_outside: Allowed = None,
    gemeenten: list[str] | None = None,
    level: str | None = None,
    layer: str | None = None,
) -> MapDocument:
    """A saved project as it is, or any area file as a new unsaved project."""
    if Path(path).suffix.lower() == ".wijkkaart":
        return MapDocument.open(path, feedback=feedback, allow_outside=allow_outside)
    return new_project(path, gemeenten=gemeenten, level=level, layer=layer, feedback=feedback)
