"""Add a focus area to a saved project from a polygon file (``wijkkaart area --add``).

The CLI path of a planner who draws the area elsewhere (QGIS, geojson.io): the polygon is read
as ``profile --area`` reads it (any vector file, reprojected to EPSG:28992), checked against the
project's map, and saved with the project through ``save_project`` (atomic: temp file + rename).
Qt-free.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import shapely

from wijkkaart.layers.focus import FocusArea, FocusAreaList
from wijkkaart.messages import WijkkaartError
from wijkkaart.project import Project, build_areas, save_project


def polygon_from_file(path: Path) -> shapely.Geometry:
    """The union of the file's polygons; a file with only points or lines is refused."""
    from wijkkaart.io.vector import read_vector

    geometries = [
        g
        for g in read_vector(path).frame.geometry
        if g is not None and not g.is_empty and g.geom_type in ("Polygon", "MultiPolygon")
    ]
    if not geometries:
        raise WijkkaartError("area_no_polygon", path=path)
    return shapely.make_valid(shapely.union_all(geometries))


def add_focus_area(
    project: Project, name: str, source: Path, description: str = ""
) -> dict[str, Any]:
    """Append the polygon of ``source`` as focus area ``name`` and save the project."""
    name = name.strip()
    if not name:
        raise WijkkaartError("area_needs_name")
    existing = [FocusArea.from_dict(d) for d in project.data.get("focus_areas", [])]
    if any(a.name.casefold() == name.casefold() for a in existing):
        raise WijkkaartError("area_name_taken", name=name)
    polygon = polygon_from_file(source)
    buurten = build_areas(project).frame.geometry
    if not buurten.intersects(polygon).any():
        raise WijkkaartError("area_outside_map", path=source, name=name)
    colour = FocusAreaList(existing).next_colour()
    area = FocusArea(name=name, geometry=polygon, description=description, colour=colour)
    project.data.setdefault("focus_areas", []).append(area.to_dict())
    save_project(project)
    return {"name": name, "area_ha": round(polygon.area / 10_000, 2), "colour": colour}


def focus_summary(project: Project) -> list[dict[str, Any]]:
    """Name, description and size (ha) of every saved focus area, for ``info``."""
    out = []
    for data in project.data.get("focus_areas", []):
        area = FocusArea.from_dict(data)
        size = round(area.geometry.area / 10_000, 2) if area.geometry is not None else None
        out.append({"name": area.name, "description": area.description, "area_ha": size})
    return out


def saved_focus_area(project: Project, name: str) -> shapely.Geometry:
    """The geometry of the saved focus area ``name`` (case-insensitive)."""
    for data in project.data.get("focus_areas", []):
        area = FocusArea.from_dict(data)
        if area.name.casefold() == name.strip().casefold() and area.geometry is not None:
            return area.geometry
    names = ", ".join(d["name"] for d in project.data.get("focus_areas", [])) or "-"
    raise WijkkaartError("area_not_found", name=name, names=names)
