"""Boundary vintages of a project: the reference vintage the map shows, and the others it holds.

The issue's data model: "one reference vintage: the boundaries on which everything is shown,
normally the newest". ``project.data["areas"]`` is the reference division (what is read and
drawn); ``reference_year`` is its year; ``divisions`` lists every buurtindeling the project
holds (the reference among them), each with its year, and optionally a BAG file that weighs
conversions from it by dwellings. A series year whose boundaries are the reference vintage is
shown as it is; a year on another division is converted through
:mod:`wijkkaart.analysis.crosswalk`. Switching the reference makes another division the map's
and converts every series to it. Qt-free.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wijkkaart.feedback import Feedback, ensure
from wijkkaart.messages import WijkkaartError, short_list, tr


@dataclass(frozen=True)
class Division:
    """One buurtindeling the project holds."""

    path: str  # as stored: relative to the project file
    year: int | None
    layer: str | None = None
    source: str = ""
    bag: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "year": self.year}
        if self.layer:
            out["layer"] = self.layer
        if self.source:
            out["source"] = self.source
        if self.bag:
            out["bag"] = self.bag
        return out

    @classmethod
    def from_dict(cls, entry: dict[str, Any]) -> Division:
        return cls(
            path=str(entry["path"]),
            year=entry.get("year"),
            layer=entry.get("layer"),
            source=str(entry.get("source") or ""),
            bag=entry.get("bag"),
        )


def reference_year(project: Any) -> int | None:
    year = project.data.get("reference_year")
    return int(year) if isinstance(year, int) else None


def reference_text(year: int | None) -> str:
    """'buurtindeling 2024', or a note that the year is not known."""
    return tr("vintage_reference", year=year) if year else tr("vintage_reference_unknown")


def _same_file(project: Any, a: str, b: str) -> bool:
    return bool(project.resolve(a) == project.resolve(b))


def divisions(project: Any) -> list[Division]:
    """Every buurtindeling of the project, the reference one always among them."""
    held = [Division.from_dict(e) for e in project.data.get("divisions", [])]
    spec = project.data["areas"]
    if not any(_same_file(project, d.path, spec["path"]) for d in held):
        held.insert(
            0,
            Division(
                spec["path"], reference_year(project), spec.get("layer"), spec.get("source", "")
            ),
        )
    return held


def fill_years(project: Any, areas_vintage: int | None = None, areas_read: bool = False) -> None:
    """Held divisions whose year is not stored (migrated from version 5, where only a file name
    could tell) get the year their file tells (a jaarstatcode, a ``jaar`` column); the reference
    year follows its division. Reads only the files without a year, and not the project's own
    areas file when the caller has just read it (``areas_read``: its ``areas_vintage``), which
    for a national file would be seconds at every opening."""
    from wijkkaart.io.areas import read_areas

    entries = [Division.from_dict(e) for e in project.data.get("divisions", [])]
    if all(d.year is not None for d in entries) and reference_year(project) is not None:
        return
    filled = []
    own_path = project.data["areas"]["path"]
    for division in entries:
        year = division.year
        if year is None and areas_read and _same_file(project, division.path, own_path):
            year = areas_vintage
        elif year is None and Path(project.resolve(division.path)).is_file():
            year = read_areas(project.resolve(division.path), layer=division.layer).vintage
        filled.append(Division(division.path, year, division.layer, division.source, division.bag))
    project.data["divisions"] = [d.to_dict() for d in filled]
    if reference_year(project) is None:
        spec = project.data["areas"]
        own = next((d for d in filled if _same_file(project, d.path, spec["path"])), None)
        if own is not None and own.year is not None:
            project.data["reference_year"] = int(own.year)


def reference_division(project: Any) -> Division:
    spec = project.data["areas"]
    return next(d for d in divisions(project) if _same_file(project, d.path, spec["path"]))


def is_reference(project: Any, path: str | Path) -> bool:
    return bool(project.resolve(str(path)) == project.resolve(project.data["areas"]["path"]))


def held_years(project: Any) -> list[int]:
    return sorted({d.year for d in divisions(project) if d.year is not None})


def _relative(project: Any, target: Path) -> str:
    return os.path.relpath(Path(target).resolve(), project.path.resolve().parent)


def gemeenten_of(codes: Any) -> set[str]:
    from wijkkaart.io.codes import parent_code

    return {g for g in (parent_code(str(c), "gemeente") for c in codes) if g}


def add_division(
    project: Any,
    path: str | Path,
    year: int | None = None,
    layer: str | None = None,
    bag: str | Path | None = None,
    reference_codes: Any = None,
    feedback: Feedback | None = None,
) -> Division:
    """Hold the buurtindeling ``path`` in ``project`` (not saved) and return it.

    Its year comes from the file (jaarstatcode/jrstatcode, a ``jaar`` column, a year in the file
    name) unless ``year`` is given. Refused in Dutch: a file without buurt shapes, a file whose
    year nothing tells, a year the project already holds from another file, boundaries of
    another gemeente. ``reference_codes``: the reference's codes when the caller has them read.
    ``feedback``: the division read (half the bar), then the reference when it is read here.
    """
    from wijkkaart.io.areas import read_areas
    from wijkkaart.io.files import require_regular_file

    feedback = ensure(feedback)
    path = require_regular_file(path).resolve()
    read = read_areas(path, layer=layer, feedback=feedback.part(0.0, 0.5))
    if not read.has_geometry:
        raise WijkkaartError("xw_not_areas", path=path)
    year = year or read.vintage
    if year is None:
        raise WijkkaartError("vintage_year_unknown", path=path.name)
    if reference_codes is None:
        spec = project.data["areas"]
        reference_codes = read_areas(
            project.resolve(spec["path"]), layer=spec.get("layer"), feedback=feedback.part(0.5, 1)
        ).frame.index
    wanted = set(project.data["areas"].get("gemeenten") or []) or gemeenten_of(reference_codes)
    found = gemeenten_of(read.frame.index)
    if wanted and not wanted & found:
        raise WijkkaartError(
            "vintage_other_gemeente",
            path=path.name,
            found=short_list(sorted(found)) or "-",
            wanted=short_list(sorted(wanted)),
        )
    held = divisions(project)
    relative = _relative(project, path)
    bag_relative = _relative(project, Path(bag)) if bag else None
    for i, division in enumerate(held):
        if _same_file(project, division.path, relative):
            if bag_relative and division.bag != bag_relative:
                held[i] = Division(
                    division.path, division.year, division.layer, division.source, bag_relative
                )
                project.data["divisions"] = [d.to_dict() for d in held]
            return held[i]
        if division.year == year:
            raise WijkkaartError(
                "vintage_year_held", year=year, path=path.name, other=Path(division.path).name
            )
    added = Division(
        relative, int(year), layer, tr("vintage_source", year=year, name=path.name), bag_relative
    )
    project.data["divisions"] = [d.to_dict() for d in [*held, added]]
    return added


def set_reference(project: Any, year: int) -> Division:
    """Make the division of ``year`` the project's reference (not saved; the map must be read
    again). Refused in Dutch when the project holds no boundaries of that year."""
    held = divisions(project)
    chosen = next((d for d in held if d.year == year), None)
    if chosen is None:
        years = ", ".join(map(str, held_years(project))) or tr("vintage_none_known")
        raise WijkkaartError("vintage_not_held", year=year, years=years)
    project.data["divisions"] = [d.to_dict() for d in held]
    spec = dict(project.data["areas"])
    spec["path"] = chosen.path
    spec["layer"] = chosen.layer
    if chosen.source:
        spec["source"] = chosen.source
    project.data["areas"] = spec
    project.data["reference_year"] = int(year)
    return chosen


def division_of_year(project: Any, year: int) -> Division:
    """The buurtindeling a series year without a division of its own is on: the newest held
    vintage up to that year (the oldest for a year before all of them). Without a reference
    year every year is taken to be on the reference."""
    reference = reference_division(project)
    known = sorted(
        (d for d in divisions(project) if d.year is not None), key=lambda d: int(d.year or 0)
    )
    if reference.year is None or not known:
        return reference
    earlier = [d for d in known if int(d.year or 0) <= year]
    return earlier[-1] if earlier else known[0]


def conversion_plan(project: Any, entry: dict[str, Any], years: list[int]) -> dict[str, list[int]]:
    """Per division path (as stored), the years of the series ``entry`` on it that must be
    converted to the reference; years on the reference are left out."""
    plan: dict[str, list[int]] = {}
    own = entry.get("division")
    for year in years:
        path = own if own else division_of_year(project, year).path
        if is_reference(project, path):
            continue
        plan.setdefault(path, []).append(int(year))
    return plan


def bag_for(project: Any, division_path: str, entry: dict[str, Any] | None = None) -> Path | None:
    """The BAG file that weighs a conversion from ``division_path``: the series entry's, else
    the division's, else the reference division's (dwellings do not depend on the vintage)."""
    if entry and entry.get("bag"):
        return Path(project.resolve(entry["bag"]))
    for division in (
        next((d for d in divisions(project) if _same_file(project, d.path, division_path)), None),
        reference_division(project),
    ):
        if division is not None and division.bag:
            return Path(project.resolve(division.bag))
    return None


def years_text(years: list[int]) -> str:
    """'2017', '2015–2017' (consecutive) or '2012, 2015, 2017'."""
    years = sorted(set(years))
    if len(years) == 1:
        return str(years[0])
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return ", ".join(map(str, years))
