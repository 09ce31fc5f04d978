"""Data roles of a project: what a file adds to the buurten, stored with its source text.

A project is its areas plus roles (design notes, "Data roles and time"): indicator tables,
EP-Online labels (with a BAG file), a heat plan, risk rasters, point layers and wijk outlines.
Each role is stored in the project file with a source text for the map, and re-read when the
project opens. Adding a file that is already there is refused unless the caller says replace
(the app asks). A file that adds nothing to these buurten (a raster of elsewhere, labels of
another gemeente) is refused with what was read, never turned into an empty layer. Qt-free.
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from wijkkaart.analysis.spatial_index import area_index
from wijkkaart.analysis.zonal import add_raster_statistics
from wijkkaart.eponline_role import add_eponline
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.dataset import RD_NEW, AreaData
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.heatplan import add_heat_plan
from wijkkaart.io.join import join_table
from wijkkaart.io.vector import read_vector
from wijkkaart.layers.document import DataState, MapDocument
from wijkkaart.layers.model import AreaLayer, Layer, OutlineLayer, RasterLayer
from wijkkaart.layers.outlines import area_names, dissolve_outline
from wijkkaart.messages import WijkkaartError, tr, ui
from wijkkaart.project import Project, build_areas, relocate

log = logging.getLogger(__name__)

ROLES = ("table", "eponline", "heat_plan", "raster", "points", "wijken")
# role -> the list in the project file that stores it
FIELDS = {
    "table": "tables",
    "eponline": "eponline",
    "heat_plan": "heat_plans",
    "raster": "rasters",
    "points": "points",
    "wijken": "overlays",
}
# Roles whose figures are joined onto the buurten (the others are layers of their own).
DATA_ROLES = ("table", "eponline", "heat_plan", "raster")
_WIJK_NAMES = ("wijknaam", "wk_naam", "naam", "statnaam")

__all__ = [
    "ROLES",
    "RoleReport",
    "add_role",
    "project_roles",
    "relocate",
    "removal_state",
    "remove_role",
    "role_state",
]


@dataclass
class RoleReport:
    """What adding a file did: Dutch messages for the user and the counts behind them."""

    role: str
    path: Path
    messages: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def add_role(
    document: MapDocument,
    role: str,
    path: str | Path,
    *,
    bag: str | Path | None = None,
    replace: bool = False,
    source: str | None = None,
    illustrative: bool = False,
    feedback: Feedback | None = None,
    **options: Any,
) -> RoleReport:
    """Add ``path`` to ``document`` as ``role``; the project data remembers it for saving."""
    feedback = ensure(feedback)
    if role not in ROLES:
        raise WijkkaartError("role_unknown", role=role, roles=", ".join(ROLES))
    project = document.project
    path = require_regular_file(path).resolve()
    bag_path = require_regular_file(bag).resolve() if bag else None
    entries = project.data.setdefault(FIELDS[role], [])
    existing = [i for i, e in enumerate(entries) if project.resolve(e["path"]) == path]
    if existing and not replace:
        raise WijkkaartError("role_exists", role=ui(f"role_{role}"), path=path.name)
    relative = _relative(project, path)
    if existing:
        for i in reversed(existing):
            del entries[i]
        _drop_layers(document, path)
        if role in DATA_ROLES:  # the figures of the old file go: read the others again
            document.base_areas = build_areas(project, feedback.part(0.0, 0.5))
            feedback = feedback.part(0.5, 1.0)  # the new file fills the rest of the bar
    # the file's own work, then the analyses run again on the new figures (when there are any)
    step, rerun = (
        (feedback.part(0.0, 0.85), feedback.part(0.85, 1.0))
        if document.analyses
        else (feedback,) * 2
    )
    entry: dict[str, Any] = {
        "path": relative,
        "source": source or ui(f"role_source_{role}", name=path.name),
    }
    report = RoleReport(role, path)
    base = document.base_areas
    if role == "table":
        mapping = options.get("mapping")
        overwrite = options.get("existing")  # None: refuse to overwrite without a choice
        joined, join = join_table(
            base,
            path,
            mapping=mapping,
            illustrative=illustrative,
            existing=overwrite,
            feedback=step,
        )
        entry.update(mapping=dict(mapping or {}), illustrative=illustrative)
        if overwrite is not None:
            entry["existing"] = overwrite
        report.counts = {
            "matched": join.matched,
            "unmatched_rows": len(join.unmatched_rows),
            "areas_without_row": len(join.areas_without_row),
        }
        report.messages = [
            tr("table_joined", matched=join.matched, unmatched=len(join.unmatched_rows)),
            *join.warnings,
        ]
        _set_base(document, joined, rerun)
    elif role == "eponline":
        added = add_eponline(base, path, bag_path, illustrative=illustrative, feedback=step)
        entry.update(bag=_relative(project, bag_path) if bag_path else None)
        entry.update(illustrative=illustrative)
        report.counts = added.counts
        report.messages = [tr("ep_placed", **added.counts), *added.read.all_warnings()]
        _set_base(document, added.areas, rerun)
    elif role == "heat_plan":
        before = set(base.frame.columns)
        step.check()
        planned = add_heat_plan(base, path, illustrative=illustrative)
        entry.update(illustrative=illustrative)
        new = [c for c in planned.frame.columns if c not in before]
        report.counts = {"buurten_with_plan": _with_values(planned, new)}
        report.messages = planned.warnings[len(base.warnings) :]
        _set_base(document, planned, rerun)
    elif role == "raster":
        _require_overlap(path, base)
        prefix = options.get("prefix") or _prefix(path)
        nodata_is_zero = bool(options.get("nodata_is_zero", False))
        threshold = options.get("threshold")
        settings = {"prefix": prefix, "nodata_is_zero": nodata_is_zero, "threshold": threshold}
        before = set(base.frame.columns)
        rastered = add_raster_statistics(
            base,
            path,
            prefix,
            illustrative=illustrative,
            feedback=step,
            nodata_is_zero=nodata_is_zero,
            threshold=threshold,
        )
        entry.update(settings, illustrative=illustrative)
        new = [c for c in rastered.frame.columns if c not in before]
        report.counts = {"buurten_with_values": _with_values(rastered, new)}
        report.messages = rastered.warnings[len(base.warnings) :]
        _set_base(document, rastered, rerun)
        layer = RasterLayer(name=path.stem, opacity=0.6, source={"path": relative})
        _insert_above_areas(document, layer.attach(path))
    elif role == "points":
        _add_points(document, path, relative, entry, report, options)
    else:
        _add_wijken(document, path, relative, entry, report, options)
    entries.append(entry)
    return report


def role_state(
    document: MapDocument, role: str, path: str | Path, **options: Any
) -> tuple[DataState, RoleReport]:
    """What :func:`add_role` would make of ``document``, computed on a draft (the document is
    unchanged): the app pushes the state as one undoable ``ReplaceAreaData`` command."""
    draft = document.draft()
    report = add_role(draft, role, path, **options)
    return draft.data_state(), report


def remove_role(
    document: MapDocument, role: str, path: str | Path, feedback: Feedback | None = None
) -> None:
    """Take a file out of the project: its layers go, and its figures (the others are read again
    and the analyses follow). A wijk file gives way to the wijk outline dissolved from the buurten.
    ``feedback``: reading the other files again fills most of the bar, the analyses the rest.
    """
    feedback = ensure(feedback)
    if role not in ROLES:
        raise WijkkaartError("role_unknown", role=role, roles=", ".join(ROLES))
    project = document.project
    path = Path(path).resolve()
    entries = project.data.get(FIELDS[role], [])
    kept = [e for e in entries if project.resolve(e["path"]) != path]
    if len(kept) == len(entries):
        raise WijkkaartError("role_missing", role=ui(f"role_{role}"), path=path.name)
    project.data[FIELDS[role]] = kept
    position = next(
        (i for i, layer in enumerate(document.layers) if _drawn_from(document, layer, path)),
        len(document.layers),
    )
    _drop_layers(document, path)
    if role in DATA_ROLES:
        areas = build_areas(project, feedback.part(0.0, 0.8))
        _require_unused(document, areas, path)
        _set_base(document, areas, feedback.part(0.8, 1.0))
    elif role == "wijken" and not kept:
        outline = OutlineLayer(
            name=ui("outline_wijk"), source={"dataset": "project", "dissolve": "wijk"}
        )
        spec = project.data["areas"]
        names = document.base_areas.outline_names
        if names is None:
            names = area_names(project.resolve(spec["path"]), spec.get("layer"))
        feedback.check()
        outline.attach(dissolve_outline(document.base_areas, "wijk", names.get("wijk")))
        document.layers.insert(min(position, len(document.layers)), outline)


def _require_unused(document: MapDocument, areas: AreaData, path: Path) -> None:
    """A file whose figures a map layer shows is not taken away under it: say which."""
    for layer in document.layers.area_layers():
        if layer.source.get("dataset") != "project":
            continue
        for name in ("indicator", "x", "y"):
            column = getattr(layer.style, name, None)
            if (
                isinstance(column, str)
                and column in document.areas.frame
                and (column not in areas.frame)
            ):
                raise WijkkaartError(
                    "role_in_use", path=path.name, indicator=column, layer=layer.name
                )


def removal_state(
    document: MapDocument, role: str, path: str | Path, feedback: Feedback | None = None
) -> DataState:
    """:func:`remove_role` computed on a draft, for one undoable command."""
    draft = document.draft()
    remove_role(draft, role, path, feedback)
    return draft.data_state()


def _drawn_from(document: MapDocument, layer: Layer, path: Path) -> bool:
    source = layer.source.get("path")
    return isinstance(source, str) and bool(source) and document.project.resolve(source) == path


def _relative(project: Project, path: Path) -> str:
    return os.path.relpath(path, project.path.resolve().parent)


def _set_base(document: MapDocument, areas: AreaData, feedback: Feedback | None = None) -> None:
    """New figures on the buurten: layers redraw and analyses follow (as ``add_table``); each
    analysis run fills its part of ``feedback`` (a clustering can take seconds)."""
    feedback = ensure(feedback)
    document.base_areas = areas
    document.set_areas(areas)
    kinds = list(document.analyses.items())
    for i, (kind, spec) in enumerate(kinds):
        document.set_analysis(kind, spec, feedback.part(i / len(kinds), (i + 1) / len(kinds)))
    feedback.progress(1.0)


def _with_values(areas: AreaData, columns: list[str]) -> int:
    if not columns:
        return 0
    return int(areas.frame[columns].notna().any(axis=1).sum())


def _drop_layers(document: MapDocument, path: Path) -> None:
    """Layers drawn from a file that is being replaced."""
    for layer in list(document.layers):
        if _drawn_from(document, layer, path):
            document.layers.remove(layer)


def _insert_above_areas(document: MapDocument, layer: Layer) -> None:
    """Above the buurt fill, below the outlines."""
    areas = [i for i, item in enumerate(document.layers) if isinstance(item, AreaLayer)]
    document.layers.insert(areas[-1] + 1 if areas else 0, layer)


def _prefix(path: Path) -> str:
    """A column prefix from the file name (letters, digits, underscores; starts with a letter)."""
    text = re.sub(r"[^A-Za-z0-9_]", "_", path.stem).strip("_").lower() or "raster"
    if not text[0].isalpha():
        text = "r_" + text
    return text[:40]


def _require_overlap(path: Path, areas: AreaData) -> None:
    """A raster wholly outside the buurten would give only empty values: refuse it."""
    import rasterio  # here, not at start-up: most projects have no raster
    from rasterio.errors import RasterioIOError
    from rasterio.warp import transform_bounds

    try:
        with rasterio.open(path) as src:
            if src.crs is None:
                return  # the raster reader gives its own message
            bounds = transform_bounds(src.crs, RD_NEW, *src.bounds)
    except RasterioIOError:
        return  # likewise
    minx, miny, maxx, maxy = (float(b) for b in areas.frame.total_bounds)
    if bounds[2] < minx or bounds[0] > maxx or bounds[3] < miny or bounds[1] > maxy:
        raise WijkkaartError(
            "raster_outside_areas",
            path=path.name,
            raster=_box(bounds),
            areas=_box((minx, miny, maxx, maxy)),
        )


def _box(bounds: tuple[float, ...]) -> str:
    return f"x {bounds[0]:.0f}–{bounds[2]:.0f}, y {bounds[1]:.0f}–{bounds[3]:.0f}"


def _add_points(
    document: MapDocument,
    path: Path,
    relative: str,
    entry: dict[str, Any],
    report: RoleReport,
    options: dict[str, Any],
) -> None:
    from wijkkaart.io.points import read_points

    read = read_points(path, layer=options.get("layer"))
    frame = read.frame
    # the areas' one index (every area, water too: a point on water is on the map)
    index = area_index(document.base_areas, include_water=True)
    points, _areas = index.tree.query(frame.geometry.to_numpy(), predicate="within")
    n_inside = int(np.unique(points).size)
    if n_inside == 0:
        raise WijkkaartError("points_outside_areas", n=len(frame), path=path.name)
    name = options.get("name") or path.stem
    colour = options.get("colour") or "#d95f02"
    entry.update(layer=options.get("layer"), name=name, label_field=read.label_field, colour=colour)
    report.counts = {"points": len(frame), "in_areas": n_inside}
    report.messages = [tr("points_placed", inside=n_inside, n=len(frame)), *read.warnings]
    try:
        from wijkkaart.layers.model import PointLayer
    except ImportError:  # the points layer is being built; the role is kept all the same
        report.messages.append(ui("points_layer_unavailable", name=name))
        return
    source = {"path": relative, "layer": options.get("layer"), "attribution": entry["source"]}
    layer = PointLayer(name=name, source=source, label_field=read.label_field, colour=colour)
    document.layers.append(layer.attach(frame))


def _add_wijken(
    document: MapDocument,
    path: Path,
    relative: str,
    entry: dict[str, Any],
    report: RoleReport,
    options: dict[str, Any],
) -> None:
    """A wijk file draws the wijk outlines instead of those dissolved from the buurten."""
    read = read_vector(path, layer=options.get("layer"))
    frame = read.frame
    lower = {str(c).lower(): c for c in frame.columns}
    label = next((lower[n] for n in _WIJK_NAMES if n in lower), None)
    entry.update(layer=options.get("layer"), role="wijkgrenzen")
    position = len(document.layers)
    for i, layer in enumerate(list(document.layers)):
        if isinstance(layer, OutlineLayer) and layer.source.get("dissolve") == "wijk":
            position = i
            document.layers.remove(layer)
    outline = OutlineLayer(
        name=ui("outline_wijk"),
        source={"path": relative, "layer": options.get("layer")},
        label_field=label,
    )
    document.layers.insert(position, outline.attach(frame))
    report.counts = {"wijken": len(frame)}
    report.messages = list(read.warnings)


def project_roles(project: Project) -> list[dict[str, Any]]:
    """Every role of the project with its file and source text, for ``wijkkaart info``."""
    spec = project.data["areas"]
    roles: list[dict[str, Any]] = [
        {
            "role": "areas",
            "path": spec["path"],
            "source": spec.get("source", ""),
            "gemeenten": spec.get("gemeenten", []),
        }
    ]
    for role in ROLES:
        for entry in project.data.get(FIELDS[role], []):
            item = {
                "role": role,
                "path": entry["path"],
                "source": entry.get("source", ""),
                "illustrative": bool(entry.get("illustrative", False)),
            }
            if entry.get("bag"):
                item["bag"] = entry["bag"]
            roles.append(item)
    return roles
