"""Focus areas (focusgebieden): the planners' own areas, drawn freely or composed of buurten.

Qt-free and evented like the layers. Geometry is a shapely (multi)polygon in EPSG:28992; saved in
the project file as WKT with the name, description and colour.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import shapely
from psygnal import evented
from psygnal.containers import EventedList

from wijkkaart.layers.colours import is_reserved, most_distinct

_ids = itertools.count(1)
# Strong colours for outlines over fills; none near the selection magenta (layers/colours.py)
# nor near the dark grey of the Wijkgrenzen.
COLOURS = ("#ff7f00", "#6a3d9a", "#1f78b4", "#33a02c", "#b15928", "#00a0b0", "#d4a017")


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
        if is_reserved(self.colour):  # an older project drew its first area in the selection
            self.colour = COLOURS[0]  # colour; a focus area must never look selected

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
    def next_colour(self, background: Iterable[str] = ()) -> str:
        """A colour no other focus area has (while there are), the one that stands out most
        on ``background`` (the class colours on the map now)."""
        used = {area.colour for area in self}
        free = [c for c in COLOURS if c not in used] or list(COLOURS)
        return most_distinct(free, background)

    def next_name(self) -> str:
        names = {area.name for area in self}
        for i in itertools.count(1):
            name = f"Focusgebied {i}"
            if name not in names:
                return name
        return "Focusgebied"
