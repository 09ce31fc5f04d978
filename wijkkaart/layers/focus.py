"""Focus areas (focusgebieden): the planners' own areas, drawn freely or composed of buurten.

Qt-free and evented like the layers. Geometry is a shapely (multi)polygon in EPSG:28992; saved in
the project file as WKT with the name, description and colour.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import shapely
from psygnal import evented
from psygnal.containers import EventedList

_ids = itertools.count(1)
COLOURS = ("#e6007e", "#ff7f00", "#6a3d9a", "#1f78b4", "#33a02c", "#b15928")


@evented
@dataclass(eq=False)
class FocusArea:
    if TYPE_CHECKING:
        events: ClassVar[Any]  # the psygnal group ``@evented`` adds

    name: str
    geometry: shapely.Geometry | None = None
    description: str = ""
    colour: str = COLOURS[0]

    def __post_init__(self) -> None:
        self.uid = next(_ids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "colour": self.colour,
            "wkt": shapely.to_wkt(self.geometry, rounding_precision=3)
            if self.geometry is not None
            else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FocusArea:
        geometry = shapely.from_wkt(data["wkt"]) if data.get("wkt") else None
        return cls(
            name=data["name"],
            geometry=geometry,
            description=data.get("description", ""),
            colour=data.get("colour", COLOURS[0]),
        )


class FocusAreaList(EventedList):
    def next_colour(self) -> str:
        return COLOURS[len(self) % len(COLOURS)]

    def next_name(self) -> str:
        names = {area.name for area in self}
        for i in itertools.count(1):
            name = f"Focusgebied {i}"
            if name not in names:
                return name
        return "Focusgebied"
