"""The resident-meeting print (bewonersavond): a map residents can find their own street on.

Few classes in plain words ("meer dan 68 procent koopwoningen"), large type, the buurt names
on the map, and street context from the PDOK background map when it is available: tiles are
fetched for the print when there is a network, else taken from the cache. Offline, the print is
still complete and says nothing false: without tiles there is no background and no credit line
for it, and the fills stay opaque.
"""

from __future__ import annotations

import logging
import os
import urllib.error
import urllib.request
from dataclasses import replace

from wijkkaart.catalogue import catalogue
from wijkkaart.export.profile_table import ProfileTable, TableRow
from wijkkaart.layers.legend import LegendBlock, seen_layers
from wijkkaart.layers.model import AreaLayer, BasemapLayer, Layer, OutlineLayer
from wijkkaart.layers.style import ChoroplethStyle, format_number
from wijkkaart.messages import ui

log = logging.getLogger(__name__)

PRESET = "bewonersavond"
STREET_STYLE = "standaard"  # the BRT style with street names
FILL_OPACITY = 0.62  # fills over a street map: the streets must show through
MIN_COVERAGE = 0.6  # below this share of tiles in the cache the background is left out
MAX_FETCH = 400  # tiles fetched for one print at most
TIMEOUT_S = 4.0


# what residents ask about: how many live here, who owns the homes, when the gas goes
RESIDENT_GROUPS = ("card_people", "card_tenure", "card_heat")
RESIDENT_ROWS = (
    "aantal_inwoners",
    "aantal_huishoudens",
    "woningvoorraad",
    "percentage_koopwoningen",
    "perc_huurwoningen_in_bezit_woningcorporaties",
    "perc_huurwoningen_in_bezit_overige_verhuurders",
    "warmtestrategie",
    "jaar_aardgasvrij",
)


def resident_table(table: ProfileTable) -> ProfileTable:
    """The rows the resident print promises (RESIDENT_ROWS, under their group headings), with
    the buurt and gemeente columns only."""
    rows: list[TableRow] = []
    for row in table.rows:
        if row.group not in RESIDENT_GROUPS:
            continue
        if row.heading or row.indicator in RESIDENT_ROWS:
            rows.append(TableRow(row.label, row.values[:2], row.illustrative, row.group))
            rows[-1].indicator = row.indicator
    kept = [
        r
        for i, r in enumerate(rows)
        if not r.heading or (i + 1 < len(rows) and not rows[i + 1].heading)
    ]
    return ProfileTable(table.title, table.columns[:2], kept, table.row_sources)


def resident_layers(layers: list[Layer], streets: bool = False) -> list[Layer]:
    """At most 5 classes, buurt names on, thick dark boundaries; with ``streets`` the fills turn
    translucent over a street background (the caller checked that its tiles are there)."""
    out: list[Layer] = []
    if streets:
        out.append(BasemapLayer(name=ui("basemap"), style=STREET_STYLE))
    for layer in layers:
        if isinstance(layer, BasemapLayer) and streets:
            continue  # replaced by the street background
        if isinstance(layer, AreaLayer) and layer.data is not None:
            style = layer.style
            if isinstance(style, ChoroplethStyle):
                style = replace(style, k=min(style.k, 5))
            copy = AreaLayer(
                name=layer.name,
                visible=layer.visible,
                opacity=min(layer.opacity, FILL_OPACITY) if streets else layer.opacity,
                style=style,
                labels=True,  # residents look for their buurt by name
                outline="#333333",
                source=layer.source,
            )
            out.append(copy.attach(layer.data))
        elif isinstance(layer, OutlineLayer) and layer.frame is not None:
            line = OutlineLayer(
                name=layer.name,
                visible=layer.visible,
                opacity=layer.opacity,
                colour=layer.colour,
                width=max(layer.width, 2.2),
                label_field=layer.label_field,
                source=layer.source,
            )
            out.append(line.attach(layer.frame))
        else:
            out.append(layer)
    return out


def street_tiles(viewport, fetch: bool = True) -> float:
    """The share of the street background's tiles for ``viewport`` that are in the cache,
    after fetching missing ones (when ``fetch``) until the first network failure."""
    from wijkkaart.render.basemap import store_tile, tile_path, tile_url_template, tiles_for

    tiles = tiles_for(viewport)
    if not tiles:
        return 0.0
    missing = [(z, x, y) for z, x, y, _ in tiles if not tile_path(STREET_STYLE, z, x, y).exists()]
    if fetch and missing and len(missing) <= MAX_FETCH and not os.environ.get("WIJKKAART_OFFLINE"):
        for z, x, y in missing:
            url = tile_url_template().format(layer=STREET_STYLE, z=z, x=x, y=y)
            try:
                request = urllib.request.Request(url, headers={"User-Agent": "wijkkaart"})
                with urllib.request.urlopen(request, timeout=TIMEOUT_S) as reply:
                    data = reply.read()
            except (urllib.error.URLError, OSError, ValueError) as exc:
                log.info("no street tiles for the resident print: %s", exc)
                break  # offline (or the service is down): use what the cache has
            store_tile(tile_path(STREET_STYLE, z, x, y), data)
    present = sum(tile_path(STREET_STYLE, z, x, y).exists() for z, x, y, _ in tiles)
    return present / len(tiles)


def plain_blocks(blocks: list[LegendBlock], layers: list[Layer]) -> list[LegendBlock]:
    """Legend in plain Dutch for residents: "meer dan 68 procent koopwoningen", no jargon."""
    by_title = {
        x.symbology().title: x
        for x in seen_layers(layers)
        if isinstance(x, AreaLayer) and x.data is not None
    }
    out = []
    for block in blocks:
        layer = by_title.get(block.title) if not block.symbol else None
        style = getattr(layer, "style", None)
        if layer is None or not isinstance(style, ChoroplethStyle):
            out.append(block)
            continue
        ind = catalogue().get(style.indicator)
        noun = ind.label.lower() if ind else ""
        unit = (
            ui("plain_percent")
            if ind is not None and ind.unit == "%"
            else (ind.unit_label if ind else "")
        )
        breaks = layer.symbology().breaks
        entries = []
        classes = [e for e in block.entries if not e.hatched]
        for i, entry in enumerate(classes):
            low = format_number(round(breaks[i - 1]), 0) if i > 0 else None  # "2.027"
            high = format_number(round(breaks[i]), 0)
            if low is None:
                text = ui("plain_below", value=high, unit=unit)
            elif i == len(classes) - 1:
                text = ui("plain_above", value=low, unit=unit)
            else:
                text = ui("plain_between", low=low, high=high, unit=unit)
            # "24 tot 39 procent koopwoningen"; a unit such as inwoners/km² says it already
            words = f"{text} {noun}" if unit == ui("plain_percent") else text
            entries.append(replace(entry, label=words.replace("  ", " ").strip()))
        entries += [replace(e, label=ui("plain_missing")) for e in block.entries if e.hatched]
        out.append(replace(block, entries=entries, source=""))
    return out
