"""Map tools: one class per file, the canvas delegates its mouse, keys and overlay painting.

``pan`` (drag to pan, click to select; the default), ``identify`` (click: the figures of the
buurt, the selection stays), ``select`` (click, or drag a box), ``draw`` (a new focus area),
``edit`` (drag corners or the whole focus area), ``lasso`` (select the buurten inside a free
line) and ``measure`` (distance and area in RD metres). Each tool keeps its own state; switching
tools deactivates the old one.
"""

from wijkkaart.ui.tools.base import MapTool
from wijkkaart.ui.tools.draw import DrawTool
from wijkkaart.ui.tools.edit import EditTool
from wijkkaart.ui.tools.identify import IdentifyTool
from wijkkaart.ui.tools.lasso import LassoTool
from wijkkaart.ui.tools.measure import MeasureTool
from wijkkaart.ui.tools.pan import PanTool
from wijkkaart.ui.tools.select import SelectTool

TOOLS: dict[str, type[MapTool]] = {
    tool.name: tool
    for tool in (PanTool, IdentifyTool, SelectTool, DrawTool, EditTool, LassoTool, MeasureTool)
}

__all__ = [
    "TOOLS",
    "DrawTool",
    "EditTool",
    "IdentifyTool",
    "LassoTool",
    "MapTool",
    "MeasureTool",
    "PanTool",
    "SelectTool",
]
