"""The sources line of a map ('Bron: …'): what a reader can see, credited once. Qt-free.

Computed here once for the printed page and the HTML map (design point 6), next to the legend
whose rule of what can be seen (:func:`~wijkkaart.layers.legend.seen_layers`) it follows, so the
print and the HTML never credit different data.
"""

from __future__ import annotations

from wijkkaart.layers.formatting import source_of
from wijkkaart.layers.legend import seen_layers
from wijkkaart.layers.model import (
    AreaLayer,
    BasemapLayer,
    Layer,
    OutlineLayer,
    PointLayer,
    RasterLayer,
)
from wijkkaart.layers.style import BivariateStyle
from wijkkaart.messages import ui


def sources_line(layers: list[Layer], basemap_shown: bool | None = None) -> tuple[str, bool]:
    """'Bron: …' for the data a reader can see, and whether any of it is illustrative.

    Layers hidden under an opaque fill are not named. The background map is credited only when
    ``basemap_shown`` (tiles were drawn); ``None`` means: whenever a basemap layer is on.
    """
    sources: list[str] = []
    illustrative = False
    for layer in seen_layers(list(layers)):
        if isinstance(layer, AreaLayer) and layer.data is not None:
            style = layer.style
            used = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
            for indicator in used:
                text = source_of(layer.data, indicator)
                if text and text not in sources:
                    sources.append(text)
                illustrative |= indicator in layer.data.illustrative
            if ui("print_boundaries") not in sources:
                sources.append(ui("print_boundaries"))
        if isinstance(layer, OutlineLayer) and ui("print_boundaries") not in sources:
            sources.append(ui("print_boundaries"))
        if isinstance(layer, PointLayer) and layer.frame is not None:
            attribution = layer.source.get("attribution") or layer.source.get("source")
            if isinstance(attribution, str) and attribution and attribution not in sources:
                sources.append(attribution)
        if isinstance(layer, RasterLayer) and layer.path is not None:
            credit = layer.source.get("source")
            if isinstance(credit, str) and credit and credit not in sources:
                sources.append(credit)
            illustrative |= bool(layer.source.get("illustrative"))
        shown = basemap_shown is not False
        if isinstance(layer, BasemapLayer) and shown and ui("basemap_attribution") not in sources:
            sources.append(ui("basemap_attribution"))
    return f"{ui('print_sources')}: " + "; ".join(sources), illustrative
