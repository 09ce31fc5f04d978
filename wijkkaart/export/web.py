"""Interactive HTML maps (Leaflet) that work without a network, with user text kept as data.

The page is a fixed template (``resources/web/``) plus ONE JSON blob with everything that comes
from project and data files: names, figures, legend, colours. That text is never template source
and never HTML: the JSON is escaped for a ``<script>`` element, and the page's script inserts it
with ``textContent`` only. The same classes and colours as the app (one :func:`symbolize`),
tooltips with a buurt's figures, focus areas, a layer switcher and the legend with sources.
Leaflet is inlined, so the file opens offline; online background tiles are an option. Geometry
is simplified (for the screen only) and rounded to about a metre to keep the file small.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.formatting import format_value
from wijkkaart.layers.legend import legend_blocks, seen_layers
from wijkkaart.layers.model import AreaLayer, BasemapLayer, Layer, OutlineLayer, PointLayer
from wijkkaart.layers.sources import sources_line
from wijkkaart.layers.style import MISSING_COLOUR, BivariateStyle
from wijkkaart.messages import WijkkaartError, language, reason_text, ui
from wijkkaart.paths import resources_dir
from wijkkaart.safe_output import refuse_inputs, write_text

LEAFLET = resources_dir() / "vendor" / "leaflet-1.9.4"
WEB = resources_dir() / "web"
PDOK_ORIGIN = "https://service.pdok.nl"
PDOK_3857 = PDOK_ORIGIN + "/brt/achtergrondkaart/wmts/v2_0/grijs/EPSG:3857/{z}/{x}/{y}.png"
PDOK_CREDIT = "BRT-Achtergrondkaart, Kadaster (PDOK)"
SIMPLIFY_M = 5.0
_COLOUR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})")
_MARKER = re.compile(r"@@([A-Z_]+)@@")
_TOOLTIP_EXTRA = (
    "aantal_inwoners",
    "woningvoorraad",
    "percentage_koopwoningen",
    "perc_huurwoningen_in_bezit_woningcorporaties",
)


def script_json(value: object) -> str:
    """JSON that is inert inside a ``<script>`` element: no ``<``, ``>``, ``&`` or non-ASCII.

    Escaping every ``<`` covers ``</script>`` and ``<!--``; ``ensure_ascii`` covers U+2028/2029
    and lone surrogates. ``JSON.parse`` gives back exactly the same strings.
    """
    text = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _text(value: object) -> str:
    """Any value from a file as plain text ('' for missing); lone surrogates replaced."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).encode("utf-8", "replace").decode("utf-8")


def _colour(value: object, fallback: str) -> str:
    """A CSS hex colour from a project file, or ``fallback``: colours are data too."""
    return value if isinstance(value, str) and _COLOUR.fullmatch(value) else fallback


def _number(value: object, fallback: float) -> float:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return fallback
    return number if math.isfinite(number) else fallback


def _features(frame: gpd.GeoDataFrame, properties: list[dict[str, Any]]) -> dict[str, Any]:
    """A GeoJSON FeatureCollection in WGS84, simplified and rounded to 1e-5 degree."""
    geoms = shapely.simplify(frame.geometry.to_numpy(), SIMPLIFY_M, preserve_topology=True)
    series = gpd.GeoSeries(geoms, index=frame.index, crs=frame.crs).to_crs("EPSG:4326")
    rounded = shapely.transform(
        shapely.set_precision(series.to_numpy(), 1e-5), lambda xy: np.round(xy, 5)
    )
    features = [
        {"type": "Feature", "geometry": mapping(geom), "properties": props}
        for geom, props in zip(rounded, properties, strict=True)
        if geom is not None and not geom.is_empty
    ]
    return {"type": "FeatureCollection", "features": features}


def _tooltip_columns(layer: AreaLayer) -> list[str]:
    assert layer.data is not None  # only area layers with data are exported
    style = layer.style
    shown = [style.x, style.y] if isinstance(style, BivariateStyle) else [style.indicator]
    extra = [c for c in _TOOLTIP_EXTRA if c in layer.data.frame]
    return list(dict.fromkeys([*shown, *extra]))


def _area_spec(layer: AreaLayer) -> dict[str, Any]:
    cat = catalogue()
    assert layer.data is not None  # only area layers with data are exported
    frame = layer.data.frame
    colours = layer.symbology().colours
    columns = _tooltip_columns(layer)
    fields = [
        _text(cat[c].label if c in cat else c) + (" *" if c in layer.data.illustrative else "")
        for c in columns
    ]
    values = [[format_value(c, v) or reason_text("no_data") for v in frame[c]] for c in columns]
    props = [
        {
            "name": _text(name),
            "values": [_text(column[i]) for column in values],
            "colour": _colour(colours[i], MISSING_COLOUR),
            "missing": colours[i] is None,
        }
        for i, name in enumerate(frame["naam"])
    ]
    return {
        "kind": "areas",
        "name": _text(layer.name),
        "visible": bool(layer.visible),
        "fillOpacity": 0.85 * min(max(_number(layer.opacity, 1.0), 0.0), 1.0),
        "fields": fields,
        "features": _features(frame, props),
        "labels": _label_points(frame) if layer.labels else [],
    }


def _label_points(frame: gpd.GeoDataFrame) -> list[list[Any]]:
    """[lat, lng, name] inside each area (a point on its surface), for labels at closer zoom."""
    geoms = frame.geometry.to_numpy()
    usable = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    points = shapely.point_on_surface(geoms[usable])
    wgs = gpd.GeoSeries(points, crs=frame.crs).to_crs("EPSG:4326").to_numpy()
    lng, lat = np.round(shapely.get_x(wgs), 6), np.round(shapely.get_y(wgs), 6)
    names = [_text(n) for n in frame["naam"].to_numpy()[usable]]
    return [
        [float(a), float(b), name]
        for a, b, name in zip(lat, lng, names, strict=True)
        if name and np.isfinite(a) and np.isfinite(b)
    ]


def _outline_spec(
    name: str,
    frame: gpd.GeoDataFrame,
    colour: str,
    width: float,
    labels: list[str | None],
    visible: bool = True,
    description: str = "",
) -> dict[str, Any]:
    props = [{"label": label, "description": description} for label in labels]
    return {
        "kind": "outline",
        "name": name,
        "visible": bool(visible),
        "colour": _colour(colour, "#333333"),
        "width": min(max(_number(width, 1.6), 0.1), 20.0),
        "features": _features(frame, props),
    }


def _point_spec(layer: PointLayer) -> dict[str, Any]:
    """Points as compact [lat, lng] pairs (about 0.1 m) with their labels as plain text."""
    frame = layer.frame
    assert frame is not None  # only point layers with a frame are exported
    geoms = frame.geometry.to_numpy()
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    present &= shapely.get_type_id(geoms) == 0
    wgs = gpd.GeoSeries(geoms[present], crs=frame.crs).to_crs("EPSG:4326").to_numpy()
    lng, lat = np.round(shapely.get_x(wgs), 6), np.round(shapely.get_y(wgs), 6)
    finite = np.isfinite(lng) & np.isfinite(lat)
    field = layer.label_field if layer.label_field in frame else None
    labels = [_text(v) for v in frame[field]] if field else []
    kept = np.flatnonzero(present)[finite]
    size = min(max(_number(layer.size_mm, 2.2), 0.5), 20.0)
    return {
        "kind": "points",
        "name": _text(layer.name),
        "visible": bool(layer.visible),
        "colour": _colour(layer.colour, "#7b3294"),
        "radius": round(size * 96 / 25.4 / 2, 2),
        "opacity": min(max(_number(layer.opacity, 1.0), 0.0), 1.0),
        "points": [[float(a), float(b)] for a, b in zip(lat[finite], lng[finite], strict=True)],
        "labels": [labels[i] for i in kept.tolist()] if labels else [],
    }


def _outline_labels(frame: gpd.GeoDataFrame, field: str | None) -> list[str | None]:
    if not field or field not in frame:
        return [None] * len(frame)
    return [_text(v) or None for v in frame[field]]


def _legend(layers: list[Layer], focus_areas: Any = None) -> dict[str, Any]:
    """The print's legend (the one Qt-free legend of what can be seen) with its sources.

    Both come from layers/ (legend blocks with the renderer's raster stretch, the sources line),
    so the HTML export loads no Qt."""
    blocks = [
        {
            "title": _text(block.title),
            "entries": [
                {
                    "colour": _colour(e.colour, MISSING_COLOUR),
                    "label": _text(e.label),
                    "hatched": bool(e.hatched),
                }
                for e in block.entries
            ],
            "symbol": (
                block.symbol if block.symbol in ("circle", "square", "triangle", "line") else None
            ),
            "note": _text(block.note),
            "source": _text(block.source),
        }
        for block in legend_blocks(layers, focus_areas)
    ]
    sources, illustrative = sources_line(layers)
    warning = ui("html_illustrative") if illustrative else None
    return {"blocks": blocks, "sources": _text(sources), "warning": warning}


def page_data(
    document: MapDocument,
    layers: list[Layer],
    title: str,
    online_tiles: bool,
    subtitle: str = "",
) -> dict[str, Any]:
    """Everything the page shows, as plain data (the one thing user text may be)."""
    box = shapely.box(*document.areas.frame.total_bounds)
    w, s, e, n = gpd.GeoSeries([box], crs="EPSG:28992").to_crs("EPSG:4326").total_bounds
    want_tiles = online_tiles or any(isinstance(x, BasemapLayer) and x.visible for x in layers)
    tiles = None
    if want_tiles:
        tiles = {"url": PDOK_3857, "attribution": PDOK_CREDIT, "name": ui("html_basemap_online")}
    specs = []
    # A fill under an opaque one (the typology over the first choropleth) starts switched off,
    # as the print and its legend leave it out: at 0.85 opacity it showed through and the
    # colours no longer matched the legend. The reader can still switch it on.
    seen = {id(x) for x in seen_layers(list(layers))}
    for layer in layers:
        if isinstance(layer, AreaLayer) and layer.data is not None:
            spec = _area_spec(layer)
            spec["visible"] = spec["visible"] and id(layer) in seen
            specs.append(spec)
        elif isinstance(layer, OutlineLayer) and layer.frame is not None:
            frame = layer.frame
            labels = _outline_labels(frame, layer.label_field)
            specs.append(
                _outline_spec(
                    _text(layer.name), frame, layer.colour, layer.width, labels, layer.visible
                )
            )
    points = [
        _point_spec(layer)
        for layer in layers
        if isinstance(layer, PointLayer) and layer.frame is not None
    ]
    for area in document.focus_areas:
        if area.geometry is not None:
            name = _text(area.name)
            frame = gpd.GeoDataFrame(geometry=[area.geometry], crs="EPSG:28992")
            specs.append(
                _outline_spec(
                    f"{ui('html_focus')}: {name}",
                    frame,
                    area.colour,
                    3.5,
                    [name],
                    description=_text(area.description),
                )
            )
    return {
        "title": title,
        "subtitle": _text(subtitle),
        "bounds": [[s, w], [n, e]],
        "tiles": tiles,
        "layers": specs + points,  # points on top, as on the printed map
        "legend": _legend(layers, document.focus_areas),
        "text": {"buurt": ui("html_buurt"), "layers": ui("html_layers")},
    }


def _asset(path: Path, closing: str) -> str:
    """A fixed asset to inline; refuse one that could end its own element early."""
    content = path.read_text(encoding="utf-8")
    lowered = content.lower()
    if closing in lowered or "<!--" in lowered:
        raise RuntimeError(f"{path} cannot be inlined: it contains {closing} or <!--")
    return content


def _leaflet_css() -> str:
    """Leaflet's CSS with its images as data URIs."""

    def inline(match: re.Match) -> str:
        image = LEAFLET / match.group(1)
        if not image.exists():
            return "none"
        data = base64.b64encode(image.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = _asset(LEAFLET / "leaflet.css", "</style")
    return re.sub(r"url\((images/[^)]+\.png)\)", inline, css)


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def render_page(data: dict[str, Any]) -> str:
    """The fixed template filled in one pass: assets, the escaped title and the JSON blob."""
    leaflet_js = _asset(LEAFLET / "leaflet.js", "</script")
    map_js = _asset(WEB / "map.js", "</script")
    # Only our two scripts may run: an injected handler or script would be blocked as well.
    csp = (
        f"default-src 'none'; script-src {_sha256(leaflet_js)} {_sha256(map_js)}; "
        f"style-src 'unsafe-inline'; img-src data: {PDOK_ORIGIN}"
    )
    values = {
        "LANG": language(),
        "CSP": csp,
        "TITLE": html.escape(_text(data["title"])),
        "LEAFLET_CSS": _leaflet_css(),
        "PAGE_CSS": _asset(WEB / "page.css", "</style"),
        "DATA": script_json(data),
        "LEAFLET_JS": leaflet_js,
        "MAP_JS": map_js,
    }
    template = (WEB / "page.html").read_text(encoding="utf-8")
    return _MARKER.sub(lambda m: values[m.group(1)], template)


def _complete(path: Path) -> None:
    """A check for :func:`write_text`: the file on disk is the whole page."""
    with open(path, "rb") as fh:
        fh.seek(max(path.stat().st_size - 16, 0))
        tail = fh.read()
    if not tail.rstrip().endswith(b"</html>"):
        raise WijkkaartError("output_incomplete", path=path)


def export_html(
    document: MapDocument,
    out: str | Path,
    layers: list[Layer] | None = None,
    title: str = "",
    online_tiles: bool = False,
    feedback: Feedback | None = None,
    subtitle: str = "",
) -> Path:
    """Write a self-contained interactive map; no remote script or style is referenced."""
    feedback = ensure(feedback)
    out = Path(out)
    if out.suffix.lower() not in (".html", ".htm"):
        raise WijkkaartError("export_unknown_format", path=out)
    inputs = document.project.input_paths()
    refuse_inputs(out, inputs)  # before the work; write_text checks the folder and again
    layers = list(layers if layers is not None else document.layers)
    # the print's rule (export/title.py): a typed title, else the top legend block's title,
    # never the project's file name, so the print and the HTML of one project agree
    from wijkkaart.export.title import map_title

    title = _text(map_title(title, layers, list(document.focus_areas)))
    data = page_data(document, layers, title, online_tiles, subtitle)
    feedback.progress(0.6)
    page = render_page(data)
    feedback.progress(0.9)  # the last cancel point: after it the file is written
    return write_text(out, page, inputs=inputs, check=_complete)
