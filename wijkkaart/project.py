"""The project document (``.wijkkaart``): which files make up the map, and how.

A JSON file with a ``schema_version``; paths are relative to the project file so a project folder
can be moved or shared. A newer schema version is refused with a clear message; older versions are
migrated step by step in :data:`MIGRATIONS`. The file is checked against a schema before and after
migration (:mod:`wijkkaart.project_schema`), and every data file it names must lie in the project
folder (or the bundled sample) unless the user allowed it. Saving goes through
:mod:`wijkkaart.safe_output`, so a failure never leaves half a project. Qt-free.
"""

from __future__ import annotations

import copy
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wijkkaart import project_schema, trust
from wijkkaart.eponline_role import add_eponline
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.gemeenten import read_gemeenten
from wijkkaart.io.areas import read_areas
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.files import is_within, require_regular_file
from wijkkaart.io.heatplan import add_heat_plan
from wijkkaart.io.join import join_table
from wijkkaart.messages import WijkkaartError
from wijkkaart.paths import resources_dir
from wijkkaart.safe_output import write_text

log = logging.getLogger(__name__)

SCHEMA_VERSION = 6


def _v1_to_v2(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 stores the map itself: its layers (with styles) and the view."""
    from wijkkaart.catalogue import catalogue

    data = copy.deepcopy(data)
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
    data = copy.deepcopy(data)
    data.setdefault("focus_areas", [])
    data["schema_version"] = 3
    return data


def _v3_to_v4(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 names every data role with its source text; EP-Online and points are roles.

    Older projects had neither, so both lists start empty; the areas keep every gemeente of
    their file (no ``areas.gemeenten``).
    """
    data = copy.deepcopy(data)
    data.setdefault("eponline", [])
    data.setdefault("points", [])
    data["schema_version"] = 4
    return data


def _v4_to_v5(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 holds several years: ``series`` (figures per year, with the years each file
    holds and its source), the ``reference_year`` whose buurten everything is shown on (None:
    the areas file's own, the newest) and the focus areas' ``goals``. Older projects had one year:
    all three start empty."""
    data = copy.deepcopy(data)
    data.setdefault("series", [])
    data.setdefault("reference_year", None)
    data.setdefault("goals", [])
    data["schema_version"] = 5
    return data


def _year_in_name(path: str) -> int | None:
    import re

    found = re.findall(r"(?<!\d)(20[0-3]\d|19[89]\d)(?!\d)", Path(path).name)
    return int(found[-1]) if found else None


def _v5_to_v6(data: dict[str, Any]) -> dict[str, Any]:
    """Version 6 holds several buurtindelingen (``divisions``, each with its year) and makes
    ``reference_year`` real: the year of the areas file, the division the map shows.

    A version-5 project's reference year was never set: it is taken from the areas file's name
    when that names a year, else left unknown (filled in from the file's own year, such as its
    jaarstatcode, when the project opens). A series' own division becomes a held division.
    """
    data = copy.deepcopy(data)
    areas = data["areas"]
    year = data.get("reference_year") or _year_in_name(areas["path"])
    data["reference_year"] = year
    held = [
        {
            "path": areas["path"],
            "year": year,
            **({"layer": areas["layer"]} if areas.get("layer") else {}),
            **({"source": areas["source"]} if areas.get("source") else {}),
        }
    ]
    for entry in data.get("series", []):
        path = entry.get("division")
        if path and all(d["path"] != path for d in held):
            held.append({"path": path, "year": _year_in_name(path)})
    data["divisions"] = held
    data["schema_version"] = 6
    return data


# from-version -> function returning the document at from-version + 1
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {
    1: _v1_to_v2,
    2: _v2_to_v3,
    3: _v3_to_v4,
    4: _v4_to_v5,
    5: _v5_to_v6,
}
# The project fields that are lists of data files (each entry has a ``path``).
ROLE_FIELDS = project_schema.PATH_ROLES


@dataclass
class Project:
    """A project document; ``path`` is where it was read from (for resolving relative paths)."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)
    unsaved: bool = False  # made from a data file; ``path`` is only where it would go

    @property
    def name(self) -> str:
        return str(self.data.get("name") or self.path.stem)

    def resolve(self, relative: str) -> Path:
        return (self.path.parent / relative).resolve()

    def raster_entries(self) -> list[dict[str, Any]]:
        """The project's rasters with their paths resolved (profiles read max and p90 there)."""
        return [{**e, "path": self.resolve(e["path"])} for e in self.data.get("rasters", [])]

    def input_paths(self) -> list[Path]:
        """The project file and every data file it reads: no output is written over one."""
        return [self.path, *(self.resolve(e["path"]) for e in self.sources() if e.get("path"))]

    def sources(self) -> list[dict[str, Any]]:
        """Every data source with its role, for the source line on maps and in the CLI."""
        out = [{"role": "areas", **self.data["areas"]}]
        for role in ROLE_FIELDS:
            out.extend({"role": role, **entry} for entry in self.data.get(role, []))
        # The BAG file that places EP-Online labels (or weighs a conversion between buurt
        # vintages) and a series' own division are sources too (never written over).
        for role, keys in project_schema.EXTRA_PATHS.items():
            for entry in self.data.get(role, []):
                out.extend(
                    {"role": "bag" if key == "bag" else key, "path": entry[key]}
                    for key in keys
                    if entry.get(key)
                )
        return out


MAX_PROJECT_BYTES = 64 * 1024 * 1024
# Set by the CLI's --allow-outside: data files outside the project folder may be read.
OUTSIDE_ALLOWED: ContextVar[bool] = trust.OUTSIDE_ALLOWED  # defined there: the CLI sets it cheaply
Allowed = bool | Iterable[str | Path] | None


@contextmanager
def outside_allowed(allowed: bool = True) -> Iterator[None]:
    """Within this block projects may name data files outside their folder (--allow-outside)."""
    token = OUTSIDE_ALLOWED.set(allowed)
    try:
        yield
    finally:
        OUTSIDE_ALLOWED.reset(token)


def load_project(path: str | Path, allow_outside: Allowed = None) -> Project:
    """Read, check and migrate a project file; every problem is a WijkkaartError.

    ``allow_outside``: ``True`` allows every data file outside the project folder, a list allows
    those files (or folders) that the user confirmed, ``None`` follows :data:`OUTSIDE_ALLOWED`.
    """
    path = require_regular_file(path)
    size = path.stat().st_size
    if size > MAX_PROJECT_BYTES:
        mb = MAX_PROJECT_BYTES // 2**20
        raise WijkkaartError("project_too_large", path=path, size=size // 2**20, limit=mb)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise WijkkaartError("project_unreadable", path=path, detail=str(exc)[:200]) from None
    except OSError as exc:
        log.info("reading project %s failed: %s", path, exc)
        raise WijkkaartError("path_unusable", path=path) from None
    data = project_schema.loads(text, path)
    if not isinstance(data, dict) or "areas" not in data:
        raise WijkkaartError("project_not_object", path=path)
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int | float) or version < 1:
        raise WijkkaartError("project_bad_version", path=path)
    if version > SCHEMA_VERSION:
        raise WijkkaartError("project_too_new", path=path, found=version, supported=SCHEMA_VERSION)
    project_schema.validate(data, path)  # the migrations may rely on the types
    data = migrate(data, path)
    project_schema.validate(data, path)
    for i, area in enumerate(data.get("focus_areas", [])):
        project_schema.focus_geometry(area.get("wkt"), f"focus_areas[{i}].wkt", path)
    project = Project(path=path, data=data)
    check_paths(project, allow_outside)
    return project


def migrate(data: dict[str, Any], path: object = "-") -> dict[str, Any]:
    """Bring an older project document to the current schema, one version at a time."""
    data = {**data, "schema_version": int(data["schema_version"])}
    while data["schema_version"] < SCHEMA_VERSION:
        try:
            data = MIGRATIONS[data["schema_version"]](data)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:  # a shape we never wrote
            log.warning("migrating %s from %s failed: %r", path, data["schema_version"], exc)
            raise WijkkaartError("project_unreadable", path=path, detail="schema_version") from None
    return data


def data_paths(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every data file a project names, as (field in the file, path as written)."""
    found = [("areas.path", data["areas"]["path"])]
    for role in ROLE_FIELDS:
        found += [(f"{role}[{i}].path", e["path"]) for i, e in enumerate(data.get(role, []))]
    for role, keys in project_schema.EXTRA_PATHS.items():
        for i, entry in enumerate(data.get(role, [])):
            found += [(f"{role}[{i}].{key}", entry[key]) for key in keys if entry.get(key)]
    for i, layer in enumerate(data.get("layers", [])):
        if layer.get("source", {}).get("path"):
            found.append((f"layers[{i}].source.path", layer["source"]["path"]))
    return found


def outside_paths(project: Project) -> list[tuple[str, Path]]:
    """The data files of ``project`` that lie outside its folder and the bundled sample."""
    trusted = [project.path.resolve().parent, (resources_dir() / "sample").resolve()]
    outside = []
    for where, relative in data_paths(project.data):
        try:
            resolved = project.resolve(relative)
        except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, symlink loop ...
            log.info("cannot resolve %s = %r: %s", where, relative, exc)
            raise WijkkaartError("path_unusable", path=f"{where} = {relative[:200]}") from None
        if not is_within(resolved, trusted):
            outside.append((where, resolved))
    return outside


def check_paths(project: Project, allow_outside: Allowed = None) -> None:
    """Refuse data files outside the project folder that the user did not allow."""
    if allow_outside is None:
        allow_outside = OUTSIDE_ALLOWED.get()
    if allow_outside is True:
        return
    allowed = [] if allow_outside is False else [Path(p).resolve() for p in allow_outside]
    allowed += trust.trusted(project.path)  # what the user chose for this project before
    refused = [(w, p) for w, p in outside_paths(project) if not is_within(p, allowed)]
    if refused:
        where, target = refused[0]
        raise WijkkaartError(
            "path_outside_project", field=where, target=target, outside=tuple(refused)
        )


def save_project(project: Project, path: str | Path | None = None) -> Path:
    """Write atomically (temporary file + rename) with paths relative to the new location.

    An existing project file keeps its file mode; a new one gets the umask's. A failure (read-only
    folder, full disk) is a WijkkaartError and leaves the previous file as it was.
    """
    if path is None and project.unsaved:  # "naamloos" is not a file the user chose
        raise WijkkaartError("project_needs_name")
    target = Path(path or project.path).resolve()
    data = copy.deepcopy(project.data)
    data["schema_version"] = SCHEMA_VERSION
    if target.parent != project.path.resolve().parent:
        _rebase(data, project.path.resolve().parent, target.parent)
    inputs = [project.resolve(p) for _, p in data_paths(project.data)]
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    write_text(target, text, inputs=inputs)
    project.path, project.data = target, data
    project.unsaved = False
    return target


def missing_files(project: Project) -> list[tuple[str, Path]]:
    """The data files the project names that are not there (moved, renamed, on another disk)."""
    gone = []
    for where, relative in data_paths(project.data):
        resolved = project.resolve(relative)
        if not resolved.exists():
            gone.append((where, resolved))
    return gone


def require_present(project: Project) -> None:
    """Raise ``data_moved`` (with ``field`` and ``path``) for the first data file not found.

    The app catches it to ask where the file is now and calls :func:`relocate`.
    """
    gone = missing_files(project)
    if gone:
        where, target = gone[0]
        raise WijkkaartError("data_moved", field=where, path=target, missing=tuple(gone))


def relocate(
    project_or_document: str | Path | Project | Any, field_name: str, new_path: str | Path
) -> Project:
    """Point ``field_name`` (e.g. ``areas.path``, ``eponline[0].bag``) at ``new_path``.

    Given a project file, the file is rewritten (atomically); given a Project or an open
    document, only its data changes (the user saves). Layers that read the old file follow.
    """
    if isinstance(project_or_document, str | Path):
        project = load_project(project_or_document, allow_outside=True)
        write = True
    else:
        project = getattr(project_or_document, "project", project_or_document)
        write = False
    new_path = require_regular_file(new_path)
    fields = dict(data_paths(project.data))
    if field_name not in fields:
        raise WijkkaartError("relocate_unknown_field", field=field_name, fields=", ".join(fields))
    old = project.resolve(fields[field_name])
    relative = os.path.relpath(new_path.resolve(), project.path.resolve().parent)
    _set_field(project.data, field_name, relative)
    for other, path in fields.items():  # the same file named elsewhere (areas = a division)
        if other != field_name and not other.startswith("layers[") and project.resolve(path) == old:
            _set_field(project.data, other, relative)
    for layer in project.data.get("layers", []):
        source = layer.get("source", {})
        if source.get("path") and project.resolve(source["path"]) == old:
            source["path"] = relative
    layers = getattr(project_or_document, "layers", None)
    for layer in layers or []:
        if layer.source.get("path") and project.resolve(layer.source["path"]) == old:
            layer.source = {**layer.source, "path": relative}
    if write:
        save_project(project)
    return project


def _set_field(data: dict[str, Any], name: str, value: str) -> None:
    """``eponline[0].bag`` -> data["eponline"][0]["bag"] = value."""
    target: Any = data
    parts = [p for p in name.replace("]", "").replace("[", ".").split(".") if p]
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    target[parts[-1]] = value


def _rebase(data: dict[str, Any], old: Path, new: Path) -> None:
    entries = [data["areas"]] + [e for role in ROLE_FIELDS for e in data.get(role, [])]
    entries += [
        layer["source"] for layer in data.get("layers", []) if layer.get("source", {}).get("path")
    ]
    for entry in entries:
        absolute = (old / entry["path"]).resolve()
        entry["path"] = os.path.relpath(absolute, new)
    for role, keys in project_schema.EXTRA_PATHS.items():
        for entry in data.get(role, []):
            for key in keys:
                if entry.get(key):
                    entry[key] = os.path.relpath((old / entry[key]).resolve(), new)


def build_areas(project: Project, feedback: Feedback | None = None) -> AreaData:
    """Read the area file and join every table, heat plan and raster of the project.

    Each file is one part of ``feedback``'s bar (EP-Online and rasters, the slow ones, report
    within theirs); a cancel stops between and inside the steps, before anything is returned.
    """
    feedback = ensure(feedback)
    data = project.data
    require_present(project)
    steps = 1 + sum(len(data.get(k, [])) for k in ("tables", "eponline", "heat_plans", "rasters"))
    done = 0

    def step() -> Feedback:
        nonlocal done
        part = feedback.part(done / steps, (done + 1) / steps)
        done += 1
        return part

    spec = data["areas"]
    part = step()
    if spec.get("gemeenten"):  # one gemeente of a national file: read only its features
        areas = read_gemeenten(
            project.resolve(spec["path"]),
            spec["gemeenten"],
            layer=spec.get("layer"),
            level=spec.get("level"),
            feedback=part,
        )
    else:
        areas = read_areas(
            project.resolve(spec["path"]),
            layer=spec.get("layer"),
            level=spec.get("level"),
            feedback=part,
        )
    part.progress(1.0)
    for entry in data.get("tables", []):
        areas, _ = join_table(
            areas,
            project.resolve(entry["path"]),
            mapping=entry.get("mapping"),
            illustrative=bool(entry.get("illustrative")),
            existing=entry.get("existing", "replace"),  # the planner's choice when joined
            number_formats=entry.get("number_formats"),
            source=entry.get("source"),
            feedback=step(),
        )
    for entry in data.get("eponline", []):
        areas = add_eponline(
            areas,
            project.resolve(entry["path"]),
            project.resolve(entry["bag"]) if entry.get("bag") else None,
            illustrative=bool(entry.get("illustrative")),
            feedback=step(),
        ).areas
    for entry in data.get("heat_plans", []):
        part = step()
        areas = add_heat_plan(
            areas, project.resolve(entry["path"]), illustrative=bool(entry.get("illustrative"))
        )
        part.progress(1.0)
    for entry in data.get("rasters", []):
        from wijkkaart.analysis.zonal import add_raster_statistics  # rasterio only when needed

        areas = add_raster_statistics(
            areas,
            project.resolve(entry["path"]),
            prefix=entry.get("prefix", "raster"),
            nodata_is_zero=bool(entry.get("nodata_is_zero")),
            threshold=entry.get("threshold"),
            illustrative=bool(entry.get("illustrative")),
            feedback=step(),
        )
    feedback.progress(1.0)
    return areas
