"""Make Qt's SVG match the PDF: line weights and hatching in page units.

QSvgGenerator writes the map's cosmetic pens (widths in device pixels) as
``vector-effect="non-scaling-stroke"``. A viewer then draws them in *screen* pixels, whatever the
size the drawing is shown at: a 300 dpi SVG viewed as a page had outlines three times thicker
than the PDF's. Qt also ignores the brush transform of the "no data" hatching, so the 8-pixel
pattern ended up in map metres (a stripe every 8 m: flat grey at any normal zoom).

This pass rewrites each such group: the stroke width becomes ``width / scale`` in the group's
own (map) units, the non-scaling effect goes, and a hatch pattern gets a copy with a
``patternTransform`` that puts it back at the PDF's spacing on the page (8 device pixels).
Qt-free; the SVG is parsed as text because QSvgGenerator's output is regular (one ``<g>`` per
state change).
"""

from __future__ import annotations

import math
import re

_GROUP = re.compile(r"<g\b[^>]*>")
_MATRIX = re.compile(r'transform="matrix\(([^)]*)\)"')
_WIDTH = re.compile(r'stroke-width="([0-9.eE+-]+)"')
_PATTERN_FILL = re.compile(r'fill="url\(#(fillpattern[^)]*)\)"')
_NON_SCALING = ' vector-effect="non-scaling-stroke"'
# Qt's PDF engine draws the hatch pattern at its 8 device pixels whatever the brush transform
# (measured: pattern /Matrix 0.48 pt per pixel at 150 dpi, 0.24 at 300 dpi: 8 px), so the SVG
# does the same.
HATCH_PIXELS = 1.0


def _scale(tag: str) -> float | None:
    match = _MATRIX.search(tag)
    if not match:
        return None
    try:
        a, b, c, d, _e, _f = (float(v) for v in match.group(1).split(","))
    except ValueError:
        return None
    scale = math.sqrt(abs(a * d - b * c))
    return scale if scale > 0 and math.isfinite(scale) else None


def fix_svg(text: str) -> str:
    """The SVG with page-true line weights and hatching (see the module docstring)."""
    patterns: dict[tuple[str, float], str] = {}
    out: list[str] = []
    position = 0
    groups = list(_GROUP.finditer(text))
    for i, match in enumerate(groups):
        end = groups[i + 1].start() if i + 1 < len(groups) else len(text)
        tag, body = match.group(0), text[match.end() : end]
        out.append(text[position : match.start()])
        scale = _scale(tag)
        if scale is not None and abs(scale - 1.0) > 1e-6:
            if _NON_SCALING in body:
                width = _WIDTH.search(tag)
                if width:
                    value = float(width.group(1)) / scale
                    tag = tag.replace(width.group(0), f'stroke-width="{value:.6g}"', 1)
                body = body.replace(_NON_SCALING, "")
            fill = _PATTERN_FILL.search(tag)
            if fill:
                key = (fill.group(1), round(HATCH_PIXELS / scale, 9))
                new_id = patterns.setdefault(key, f"{fill.group(1)}_page{len(patterns)}")
                tag = tag.replace(fill.group(0), f'fill="url(#{new_id})"', 1)
        out.append(tag + body)
        position = end
    out.append(text[position:])
    result = "".join(out)
    if patterns:
        result = _add_patterns(result, patterns)
    return result


def _add_patterns(text: str, patterns: dict[tuple[str, float], str]) -> str:
    """Copies of Qt's hatch patterns, scaled from map units back to the page's spacing."""
    defs = []
    for (old_id, factor), new_id in patterns.items():
        match = re.search(rf'<pattern id="{re.escape(old_id)}"[^>]*>.*?</pattern>', text, re.S)
        if not match:
            continue
        copy = match.group(0).replace(f'id="{old_id}"', f'id="{new_id}"', 1)
        copy = copy.replace("<pattern ", f'<pattern patternTransform="scale({factor:.9g})" ', 1)
        defs.append(copy)
    if not defs:
        return text
    return text.replace("</defs>", "\n".join(defs) + "\n</defs>", 1)
