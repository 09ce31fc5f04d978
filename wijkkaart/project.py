"""The project document (``.wijkkaart``): which files make up the map, and how.

A JSON file with a ``schema_version``; paths are relative to the project file so a project folder
can be moved or shared. A newer schema version is refused with a clear message; older versions are
migrated step by step in :data:`MIGRATIONS`. Saving writes a temporary file and renames it, so a
crash never leaves half a project. Qt-free.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkkaart.io.areas import read_areas
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.heatplan import add_heat_plan
from wijkkaart.io.join import join_table
from wijkkaart.io.raster import add_raster_statistics
from wijkkaart.messages import WijkkaartError

SCHEMA_VERSION = 3


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 stores the map itself: its layers (with styles) and the view."""
    from wijkkaart.catalogue import catalogue

    data = json.loads(json.dumps(data))
    layers: list[dict[str, Any]] = []
    for raster in data.get("rasters", []):
        layers.append(
            {
                "kind": "raster",
                "name": raster.get("prefix", "raster").capitalize(),
                "visible": False,
                "opacity": 0.6,
                "source": {"path": raster["path"]},
                "ramp": "Blues",
            }
        )
    indicator = data.get("map", {}).get("indicator", "percentage_koopwoningen")
    cat = catalogue()
    layers.append(
        {
            "kind": "areas",
            "name": cat[indicator].nl if indicator in cat else indicator,
            "source": {"dataset": "project"},
            "style": {"kind": "choropleth", "indicator": indicator},
        }
    )
    for overlay in data.get("overlays", []):
        layers.append(
            {
                "kind": "outline",
                "name": "Wijkgrenzen",
                "source": {"path": overlay["path"], "layer": overlay.get("layer")},
                "label_field": "wijknaam",
            }
        )
    data["layers"] = layers
    data["schema_version"] = 2
    return data


def _v2_to_v3(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds the planners' focus areas (none yet in older projects)."""
    data = json.loads(json.dumps(data))
    data.setdefault("focus_areas", [])
    data["schema_version"] = 3
    return data


# from-version -> function returning the document at from-version + 1
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _v1_to_v2, 2: _v2_to_v3}

Progress = Callable[[float], None]


@dataclass
class Project:
    """A project document; ``path`` is where it was read from (for resolving relative paths)."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.path.stem)

    def resolve(self, relative: str) -> Path:
        return (self.path.parent / relative).resolve()

    def sources(self) -> list[dict[str, Any]]:
        """Every data source with its role, for the source line on maps and in the CLI."""
        out = [{"role": "areas", **self.data["areas"]}]
        for role in ("tables", "heat_plans", "rasters", "overlays"):
            out.extend({"role": role, **entry} for entry in self.data.get(role, []))
        return out


def load_project(path: str | Path) -> Project:
    path = Path(path)
    if not path.exists():
        raise WijkkaartError("file_not_found", path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WijkkaartError("project_unreadable", path=path, detail=str(exc)[:200]) from None
    if not isinstance(data, dict) or "areas" not in data:
        raise WijkkaartError("project_unreadable", path=path, detail="geen 'areas' / no 'areas'")
    version = data.get("schema_version")
    if not isinstance(version, int) or version < 1:
        raise WijkkaartError("project_unreadable", path=path, detail="schema_version")
    if version > SCHEMA_VERSION:
        raise WijkkaartError("project_too_new", path=path, found=version, supported=SCHEMA_VERSION)
    return Project(path=path, data=migrate(data))


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older project document to the current schema, one version at a time."""
    while data["schema_version"] < SCHEMA_VERSION:
        data = MIGRATIONS[data["schema_version"]](data)
    return data


def save_project(project: Project, path: str | Path | None = None) -> Path:
    """Write atomically (temporary file + rename) with paths relative to the new location."""
    target = Path(path or project.path).resolve()
    data = json.loads(json.dumps(project.data))
    data["schema_version"] = SCHEMA_VERSION
    if target.parent != project.path.resolve().parent:
        _rebase(data, project.path.resolve().parent, target.parent)
    fd, tmp = tempfile.mkstemp(prefix=".wijkkaart-", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, ensure_ascii=False)
            fh.write("\n")
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    project.path, project.data = target, data
    return target


def _rebase(data: dict[str, Any], old: Path, new: Path) -> None:
    entries = [data["areas"]] + [
        e for role in ("tables", "heat_plans", "rasters", "overlays") for e in data.get(role, [])
    ]
    entries += [
        layer["source"] for layer in data.get("layers", []) if layer.get("source", {}).get("path")
    ]
    for entry in entries:
        absolute = (old / entry["path"]).resolve()
        entry["path"] = os.path.relpath(absolute, new)


def build_areas(project: Project, progress: Progress | None = None) -> AreaData:
    """Read the area file and join every table, heat plan and raster of the project."""
    data = project.data
    steps = 1 + sum(len(data.get(k, [])) for k in ("tables", "heat_plans", "rasters"))
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done / steps)

    spec = data["areas"]
    areas = read_areas(
        project.resolve(spec["path"]), layer=spec.get("layer"), level=spec.get("level")
    )
    step()
    for entry in data.get("tables", []):
        areas, _ = join_table(
            areas,
            project.resolve(entry["path"]),
            mapping=entry.get("mapping"),
            illustrative=bool(entry.get("illustrative")),
        )
        step()
    for entry in data.get("heat_plans", []):
        areas = add_heat_plan(
            areas, project.resolve(entry["path"]), illustrative=bool(entry.get("illustrative"))
        )
        step()
    for entry in data.get("rasters", []):
        areas = add_raster_statistics(
            areas,
            project.resolve(entry["path"]),
            prefix=entry.get("prefix", "raster"),
            nodata_is_zero=bool(entry.get("nodata_is_zero")),
            threshold=entry.get("threshold"),
            illustrative=bool(entry.get("illustrative")),
        )
        step()
    return areas
