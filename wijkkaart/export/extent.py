"""What a print shows: the whole gemeente, a wijk, a focus area or the current view, fitted to
the map frame or at a fixed scale. Qt-free, so the export dialog and the CLI resolve the same
settings to the same extent (the page then follows from the same layout code).

The print used to take the on-screen extent of the canvas, so a narrow window made the city
fill a quarter of an A3 frame; the extent is now a choice stored with the print settings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from wijkkaart.messages import WijkkaartError

KINDS = ("gemeente", "wijk", "focus", "view")
SCALES = (5_000, 10_000, 15_000, 25_000, 50_000, 75_000, 100_000)  # offered in the dialog
SCALE_RANGE = (1_000, 1_000_000)
DEFAULT_MARGIN = 0.10  # a wijk or focus area gets 10 % of its size around it


@dataclass(frozen=True)
class PrintExtent:
    kind: str = "gemeente"
    target: str = ""  # wijk code (or name) or focus area name
    margin: float = DEFAULT_MARGIN  # fraction of the area's larger side, each side

    def to_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "target": self.target, "margin": self.margin}

    @classmethod
    def from_dict(cls, data: dict) -> PrintExtent:
        kind = data.get("kind", "gemeente")
        margin = data.get("margin", DEFAULT_MARGIN)
        if kind not in KINDS:
            kind = "gemeente"
        if not isinstance(margin, (int, float)) or not 0 <= margin <= 2:
            margin = DEFAULT_MARGIN
        return cls(kind, str(data.get("target", "")), float(margin))


def parse_extent(text: str, margin_percent: float | None = None) -> PrintExtent:
    """'gemeente', 'view', 'wijk:WK034403', 'wijk:Overvecht' or 'focus:Naam' (CLI --extent)."""
    text = (text or "gemeente").strip()
    kind, _, target = text.partition(":")
    kind = {"huidig": "view", "beeld": "view", "focusgebied": "focus"}.get(kind.lower(), kind)
    kind = kind.lower()
    if kind not in KINDS or (kind in ("wijk", "focus") and not target.strip()):
        raise WijkkaartError("print_bad_extent", value=text)
    margin = DEFAULT_MARGIN
    if margin_percent is not None:
        if not math.isfinite(margin_percent) or not 0 <= margin_percent <= 200:
            raise WijkkaartError("print_bad_margin", value=margin_percent)
        margin = margin_percent / 100
    return PrintExtent(kind, target.strip(), margin)


def parse_scale(text: str | int | None) -> int | None:
    """'25000', '1:25.000' or '1:25000' -> 25000; '', 'passend' or None -> fitted (None)."""
    if text is None:
        return None
    raw = str(text).strip().lower()
    if raw in ("", "passend", "fit", "0"):
        return None
    digits = re.sub(r"^1\s*:\s*", "", raw).replace(".", "").replace(" ", "")
    if not digits.isdigit():
        raise WijkkaartError(
            "print_bad_scale", value=text, low=_dots(SCALE_RANGE[0]), high=_dots(SCALE_RANGE[1])
        )
    value = int(digits)
    if not SCALE_RANGE[0] <= value <= SCALE_RANGE[1]:
        raise WijkkaartError(
            "print_bad_scale", value=text, low=_dots(SCALE_RANGE[0]), high=_dots(SCALE_RANGE[1])
        )
    return value


def _dots(value: int) -> str:
    """1000000 -> '1.000.000' (Dutch thousands)."""
    return f"{value:,}".replace(",", ".")


def wijk_codes(document) -> list[str]:
    """The wijk codes of the project's buurten, sorted."""
    from wijkkaart.io.codes import parent_code

    codes = {parent_code(str(c), "wijk") for c in document.areas.frame.index}
    return sorted(c for c in codes if c)


def _padded(bounds, margin: float) -> tuple[float, float, float, float]:
    minx, miny, maxx, maxy = (float(v) for v in bounds)
    pad = margin * max(maxx - minx, maxy - miny)
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def resolve_bounds(
    document, extent: PrintExtent, view_bounds: tuple[float, float, float, float] | None = None
) -> tuple[float, float, float, float]:
    """The map bounds (RD New) the extent stands for; a wrong wijk or focus area is a Dutch error.

    ``view_bounds`` is the canvas in the app; without it (CLI) the project's saved view is used.
    """
    if extent.kind == "view":
        if view_bounds is not None:
            minx, miny, maxx, maxy = (float(v) for v in view_bounds)
            return (minx, miny, maxx, maxy)
        from wijkkaart.export.printing import map_bounds

        return map_bounds(document)
    frame = document.areas.frame
    if extent.kind == "gemeente":
        minx, miny, maxx, maxy = (float(v) for v in frame.total_bounds)
        return (minx, miny, maxx, maxy)
    if extent.kind == "wijk":
        from wijkkaart.export.printing import wijk_names
        from wijkkaart.io.codes import normalise_code, parent_code

        wanted = extent.target.strip()
        code = normalise_code(wanted, "wijk") if wanted.upper().startswith("WK") else None
        if code is None:
            by_name = {n.lower(): c for c, n in wijk_names(document).items()}
            code = by_name.get(wanted.lower())
        rows = [c for c in frame.index if code and parent_code(str(c), "wijk") == code]
        if not rows:
            raise WijkkaartError("print_unknown_wijk", value=wanted)
        return _padded(frame.loc[rows].total_bounds, extent.margin)
    area = next((a for a in document.focus_areas if a.name == extent.target), None)
    if area is None or area.geometry is None or area.geometry.is_empty:
        names = ", ".join(a.name for a in document.focus_areas) or "-"
        raise WijkkaartError("print_unknown_focus", value=extent.target, names=names)
    return _padded(area.geometry.bounds, extent.margin)


def scale_resolution(scale: int, pixels_per_mm: float) -> float:
    """Map metres per device pixel at 1:``scale`` (1 mm on paper is ``scale`` mm on the ground)."""
    return scale / 1000.0 / pixels_per_mm
