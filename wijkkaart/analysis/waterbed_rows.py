"""How a waterbed row is told: the change of each line and its direction (Qt-free).

Shared by the app's *Waterbedeffect* tab and the printed waterbed table, so both say the same.
"""

from __future__ import annotations

from wijkkaart.analysis.trend import Line
from wijkkaart.layers.style import format_number

FLAG = "⚠"


def change(line: Line) -> float | None:
    """Last minus first known value, or None with fewer than two years of figures."""
    span = line.first_last()
    return None if span is None else span[3] - span[1]


def direction(delta: float | None, worse_if_higher: bool | None) -> str:
    """'better', 'worse', 'same' or '' (no direction known or no figures)."""
    if delta is None or worse_if_higher is None:
        return ""
    if abs(delta) < 1e-9:
        return "same"
    return "worse" if (delta > 0) == worse_if_higher else "better"


def signed(value: float) -> str:
    """'+3,7', '−2,1' (a real minus sign), '0,0'."""
    text = format_number(abs(value), 1)
    if text.strip("0,.") == "":
        return text
    return ("+" if value > 0 else "−") + text


def change_text(line: Line) -> str:
    """The change of ``line`` first → last year as shown: signed, one decimal; '–' without."""
    delta = change(line)
    return "–" if delta is None else signed(delta)
