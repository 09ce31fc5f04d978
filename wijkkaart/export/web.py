"""Interactive HTML maps (folium/Leaflet) that work without a network.

The same classes and colours as the app (one :func:`symbolize`), tooltips with a buurt's figures,
focus areas, a layer switcher and the legend with sources. Leaflet's JS and CSS (and the layer
switcher's icons) are inlined, so the file opens offline; online background tiles are an option.
Geometry is simplified (for the screen only) and rounded to about a metre to keep the file small.
"""

from __future__ import annotations

import base64
import html
import os
import re
import tempfile
from pathlib import Path

import folium
import geopandas as gpd
import shapely
from branca.element import Element

from wijkkaart.catalogue import catalogue
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.formatting import format_value
from wijkkaart.layers.model import AreaLayer, BasemapLayer, Layer, OutlineLayer
from wijkkaart.layers.style import MISSING_COLOUR, BivariateStyle
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.paths import resources_dir
from wijkkaart.render.legend import legend_blocks

LEAFLET = resources_dir() / "vendor" / "leaflet-1.9.4"
PDOK_3857 = "https://service.pdok.nl/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
SIMPLIFY_M = 5.0


def _offline_assets() -> tuple[str, str]:
    """Leaflet's JS and CSS, the CSS with its images as data URIs."""
    js = (LEAFLET / "leaflet.js").read_text(encoding="utf-8")
    css = (LEAFLET / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match) -> str:
        image = LEAFLET / match.group(1)
        if not image.exists():
            return "none"
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[^)]+\.png)\)", inline, css)
    return js, css


def _web_frame(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    simple = frame.copy()
    geoms = shapely.simplify(simple.geometry.to_numpy(), SIMPLIFY_M, preserve_topology=True)
    simple = simple.set_geometry(gpd.GeoSeries(geoms, index=simple.index, crs=frame.crs))
    simple = simple.to_crs("EPSG:4326")
    rounded = shapely.set_precision(simple.geometry.to_numpy(), 1e-5)
    return simple.set_geometry(gpd.GeoSeries(rounded, index=simple.index, crs="EPSG:4326"))


def _tooltip_columns(layer: AreaLayer) -> list[str]:
    style = layer.style
    shown = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
    extra = [
        c
        for c in (
            "aantal_inwoners",
            "woningvoorraad",
            "percentage_koopwoningen",
            "perc_huurwoningen_in_bezit_woningcorporaties",
        )
        if c in layer.data.frame
    ]
    return list(dict.fromkeys([*shown, *extra]))


def _area_layer(layer: AreaLayer) -> folium.GeoJson:
    cat = catalogue()
    data = layer.data
    symbology = layer.symbology()
    colours = dict(zip(data.frame.index, symbology.colours, strict=True))
    columns = _tooltip_columns(layer)
    frame = data.frame[["naam", "geometry"]].copy()
    aliases = [ui("html_buurt")]
    fields = ["naam"]
    for i, column in enumerate(columns):
        key = f"v{i}"
        frame[key] = [format_value(column, v) or ui("no_data") for v in data.frame[column]]
        label = cat[column].label if column in cat else column
        aliases.append(label + (" *" if column in data.illustrative else ""))
        fields.append(key)
    frame["colour"] = [colours[c] or MISSING_COLOUR for c in frame.index]
    frame["missing"] = [colours[c] is None for c in frame.index]
    frame = _web_frame(frame.reset_index())

    def style(feature: dict) -> dict:
        props = feature["properties"]
        return {
            "fillColor": props["colour"],
            "fillOpacity": 0.85 * layer.opacity,
            "color": "#ffffff",
            "weight": 0.6,
            "dashArray": "3" if props["missing"] else None,
        }

    return folium.GeoJson(
        frame,
        name=layer.name,
        style_function=style,
        show=layer.visible,
        highlight_function=lambda _f: {"weight": 2.5, "color": "#e6007e"},
        tooltip=folium.GeoJsonTooltip(fields=fields, aliases=aliases, sticky=True),
    )


def _outline_layer(
    name: str,
    frame: gpd.GeoDataFrame,
    colour: str,
    width: float,
    label: str | None,
    show: bool = True,
) -> folium.GeoJson:
    columns = [c for c in (label,) if c and c in frame]
    web = _web_frame(frame[[*columns, "geometry"]])
    tooltip = folium.GeoJsonTooltip(fields=columns, labels=False) if columns else None
    return folium.GeoJson(
        web,
        name=name,
        show=show,
        tooltip=tooltip,
        style_function=lambda _f: {"fill": False, "color": colour, "weight": width},
    )


def _legend_html(layers: list[Layer]) -> str:
    from wijkkaart.export.layout import sources_line

    parts = []
    for block in legend_blocks(layers):
        rows = "".join(
            f'<div><span style="display:inline-block;width:18px;height:12px;'
            f"background:{e.colour};border:1px solid #888;margin-right:6px;"
            f"{'background-image:repeating-linear-gradient(45deg,#6b6b6b 0 1px,transparent 1px 4px);' if e.hatched else ''}"  # noqa: E501
            f'"></span>{html.escape(e.label)}</div>'
            for e in block.entries
        )
        note = (
            f'<div style="color:#8a1c1c;font-style:italic">{html.escape(block.note)}</div>'
            if block.note
            else ""
        )
        parts.append(f"<b>{html.escape(block.title)}</b>{rows}{note}")
    sources, illustrative = sources_line(layers)
    warning = (
        f"<div style='color:#8a1c1c;font-weight:bold'>{html.escape(ui('html_illustrative'))}</div>"
        if illustrative
        else ""
    )
    return (
        '<div id="wijkkaart-legend" style="position:fixed;bottom:24px;right:12px;z-index:9999;'
        "background:white;padding:8px 10px;border:1px solid #999;border-radius:4px;"
        'font:12px DejaVu Sans,Arial,sans-serif;max-width:320px">'
        + "<hr style='margin:4px 0'>".join(parts)
        + f"<div style='color:#555;margin-top:6px'>{html.escape(sources)}</div>{warning}</div>"
    )


def export_html(
    document: MapDocument,
    out: str | Path,
    layers: list[Layer] | None = None,
    title: str = "",
    online_tiles: bool = False,
) -> Path:
    """Write a self-contained interactive map; no remote script or style is referenced."""
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise WijkkaartError("export_unknown_format", path=out)
    layers = list(layers if layers is not None else document.layers)
    bounds = (
        gpd.GeoSeries([shapely.box(*document.areas.frame.total_bounds)], crs="EPSG:28992")
        .to_crs("EPSG:4326")
        .total_bounds
    )
    fmap = folium.Map(
        location=[(bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2],
        zoom_start=12,
        tiles=None,
        control_scale=True,
    )
    fmap.default_js = [("leaflet", "wijkkaart-inline-leaflet.js")]
    fmap.default_css = [("leaflet_css", "wijkkaart-inline-leaflet.css")]
    want_tiles = online_tiles or any(isinstance(x, BasemapLayer) and x.visible for x in layers)
    if want_tiles:
        folium.TileLayer(
            PDOK_3857,
            attr="BRT-Achtergrondkaart, Kadaster (PDOK)",
            name="Achtergrondkaart (online)",
        ).add_to(fmap)
    for layer in layers:
        if isinstance(layer, AreaLayer) and layer.data is not None:
            _area_layer(layer).add_to(fmap)
        elif isinstance(layer, OutlineLayer) and layer.frame is not None:
            _outline_layer(
                layer.name, layer.frame, layer.colour, layer.width, layer.label_field, layer.visible
            ).add_to(fmap)
    for area in document.focus_areas:
        if area.geometry is not None:
            frame = gpd.GeoDataFrame(
                {"naam": [area.name]}, geometry=[area.geometry], crs="EPSG:28992"
            )
            _outline_layer(
                f"{ui('html_focus')}: {area.name}", frame, area.colour, 3.5, "naam"
            ).add_to(fmap)
    fmap.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    folium.LayerControl(collapsed=False).add_to(fmap)
    name = html.escape(title or document.project.name)
    fmap.get_root().header.add_child(Element(f"<title>{name}</title>"))
    fmap.get_root().html.add_child(Element(_legend_html(layers)))
    page = fmap.get_root().render()
    js, css = _offline_assets()
    page = page.replace(
        '<script src="wijkkaart-inline-leaflet.js"></script>', f"<script>{js}</script>"
    )
    page = re.sub(
        r'<link rel="stylesheet" href="wijkkaart-inline-leaflet.css"\s*/>',
        lambda _m: f"<style>{css}</style>",
        page,
    )
    fd, tmp = tempfile.mkstemp(prefix=".wijkkaart-", suffix=".html", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(page)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    finally:
        Path(tmp).unlink(missing_ok=True)
    return out
