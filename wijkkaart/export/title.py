"""The one rule for a map's title, so the app's print, the CLI's print and the HTML agree.

A title the user typed (the dialog's field, ``--title``, the project's saved print settings)
always wins. Otherwise the map is titled after what it shows: the title of its top legend block
(the indicator of the top visible layer), never the project's file name ("walk_baarn",
"naamloos"), which says nothing to a reader of the print.
"""

from __future__ import annotations

from wijkkaart.layers.model import Layer

FALLBACK = "wijkkaart"


def map_title(typed: str, layers: list[Layer], focus_areas: list | None = None) -> str:
    """``typed`` when given, else the top legend block's title, else "wijkkaart"."""
    typed = (typed or "").strip()
    if typed:
        return typed
    from wijkkaart.layers.legend import legend_blocks  # Qt-free: the HTML export loads no Qt

    blocks = legend_blocks(list(layers), list(focus_areas or []))
    return (blocks[0].title if blocks else "") or FALLBACK
