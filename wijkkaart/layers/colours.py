"""Colours with a meaning: the selection colour is reserved, and focus areas stand out.

The selection (the buurten a planner clicked, the page's own area in an atlas, the hovered
buurt in the HTML map) is drawn in one magenta that no focus area and no class may use, so a
selected buurt is never mistaken for a focus area or a type. Distances are CIE76 ΔE in CIELAB,
which follows what the eye sees far better than RGB distance. Qt-free.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

SELECTION_COLOUR = "#e6007e"
MARKED_COLOUR = "#6a3d9a"  # areas a view points out (dashed), apart from the selection
# Below this ΔE two colours read as "the same colour" on a map at a glance (ΔE 2.3 is the
# just-noticeable difference; the Dark2 pink #e7298a is ΔE 9 from the selection).
RESERVED_DISTANCE = 30.0
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def lab(colour: str) -> tuple[float, float, float]:
    """CIELAB (D65) of a ``#rrggbb`` colour."""
    r, g, b = (_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    fx, fy, fz = f(x), f(y), f(z)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(a: str, b: str) -> float:
    """CIE76 colour difference between two ``#rrggbb`` colours."""
    la, lb = lab(a), lab(b)
    return sum((p - q) ** 2 for p, q in zip(la, lb, strict=True)) ** 0.5


def is_hex(colour: object) -> bool:
    """Whether ``colour`` is a ``#rrggbb`` text (anything else is refused elsewhere)."""
    return isinstance(colour, str) and bool(_HEX.fullmatch(colour))


def is_reserved(colour: object) -> bool:
    """Whether ``colour`` would be taken for the selection."""
    return is_hex(colour) and delta_e(str(colour).lower(), SELECTION_COLOUR) < RESERVED_DISTANCE


def most_distinct(candidates: Sequence[str], background: Iterable[str]) -> str:
    """The candidate farthest (by its nearest ΔE) from every background colour.

    Ties keep the candidates' order, so with no background the first candidate is chosen.
    """
    shown = [c for c in background if is_hex(c)]
    if not shown:
        return candidates[0]
    return max(candidates, key=lambda c: min(delta_e(c, s) for s in shown))
