"""Indicator values as planners read them: Dutch numbers with their unit. Qt-free."""

from __future__ import annotations

import math
from pathlib import Path
from typing import SupportsFloat

from wijkkaart.catalogue import catalogue
from wijkkaart.layers.style import format_number
from wijkkaart.messages import ui

_DECIMALS = {
    "%": 1,
    "aantal": 0,
    "m³": 0,
    "kWh": 0,
    "× € 1.000": 0,
    "ha": 0,
    "dB": 1,
    "m": 2,
    "°C": 1,
    "personen": 1,
    "inwoners/km²": 0,
    "adressen/km²": 0,
    "% van oppervlak": 1,
    "huur per koop": 2,
}


def format_value(indicator: str, value: SupportsFloat | str | None) -> str:
    """'45,0 %', '1.234 m³', '2035', a strategy name, or '' for a missing value."""
    from wijkkaart.io.heatplan import STRATEGIES, strategy_label

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    ind = catalogue().get(indicator)
    if isinstance(value, str):
        return strategy_label(value) if value in STRATEGIES else value
    number = float(value)
    if ind is None:
        return format_number(number, 2 if abs(number) < 100 else 0)
    if ind.kind in ("year", "category"):
        return str(round(number))
    decimals = _DECIMALS.get(ind.unit, 2)
    unit = ind.unit
    if unit in ("aantal", "score") or unit.startswith("score") or unit.startswith("klasse"):
        return format_number(number, decimals if unit != "aantal" else 0)
    if unit == "× € 1.000":
        return "€ " + format_number(number * 1000, 0)
    return f"{format_number(number, decimals)} {ind.unit_label}"


def marked_label(indicator: str, illustrative: set[str] | frozenset[str] = frozenset()) -> str:
    """The indicator's label, with ``*`` when its values are illustrative (voorbeeldgegevens)."""
    entry = catalogue().get(indicator)
    label = entry.label if entry is not None else indicator
    return f"{label} *" if indicator in illustrative else label


def source_of(data: object, indicator: str) -> str:
    """Who made a figure: the project's own source text for its role, else the catalogue's.

    Illustrative figures always name the project's text ("voorbeeldgegevens: …"), never CBS.
    """
    cat = catalogue()
    own = getattr(data, "sources", {}).get(indicator)
    if isinstance(own, str) and own and not _file_name(own):
        return own
    if indicator in getattr(data, "illustrative", set()):
        return ui("help_illustrative")  # "voorbeeldgegevens": a local file name is no source
    if indicator in cat:
        return cat[indicator].source
    return Path(own).name if isinstance(own, str) and own else ""  # never a local folder


_DATA_SUFFIXES = (".csv", ".xlsx", ".tif", ".tiff", ".geojson", ".json", ".gpkg", ".shp", ".txt")


def _file_name(text: str) -> bool:
    """A path or file name, not a source text: it would show the planner's folders on a map."""
    text = text.strip()
    data_file = text.lower().endswith(_DATA_SUFFIXES)
    folder = "/" in text or "\\" in text
    return (data_file and folder) or (" " not in text and (data_file or folder))


def format_length(metres: float) -> str:
    """A measured distance: '850 m', '12,35 km' (RD New is in metres)."""
    if metres >= 10_000:
        return f"{format_number(metres / 1000, 2)} km"
    return f"{format_number(metres)} m"


def format_area(square_metres: float) -> str:
    """A measured area: m² when small, hectares for a buurt-sized one, km² for a wijk or more."""
    if square_metres >= 1_000_000:
        return f"{format_number(square_metres / 1_000_000, 2)} km²"
    if square_metres >= 10_000:
        return f"{format_number(square_metres / 10_000, 1)} ha"
    return f"{format_number(square_metres)} m²"


def gemeenten_text(data: object, codes: list[str]) -> str:
    """'Baarn (GM0308)' for each gemeente code whose name the buurt file gave (its
    ``gemeentenaam`` column), the bare code otherwise: the name is what a planner reads."""
    names = (getattr(data, "outline_names", None) or {}).get("gemeente", {})
    return ", ".join(f"{names[c]} ({c})" if names.get(c) else c for c in codes)
