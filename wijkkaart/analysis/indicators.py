"""Find a catalogue indicator from what a planner types ("corporatiebezit", "Koopwoningen")."""

from __future__ import annotations

from wijkkaart.catalogue import catalogue
from wijkkaart.messages import WijkkaartError

# Short words planners use that are not a label in the catalogue.
FRIENDLY = {
    "corporatie": "perc_huurwoningen_in_bezit_woningcorporaties",
    "koop": "percentage_koopwoningen",
    "huur": "percentage_huurwoningen",
    "hoogbouw": "percentage_meergezinswoning",
    "meergezinswoningen": "percentage_meergezinswoning",
    "labels e-g": "percentage_energielabel_e_tot_g",
    "label e-g": "percentage_energielabel_e_tot_g",
    "gasverbruik": "gemiddeld_gasverbruik_totaal",
    "leefbaarometer": "leefbaarometer_score",
    "bouwjaar vanaf 2000": "percentage_bouwjaarklasse_vanaf_2000",
    "nieuwbouw": "percentage_bouwjaarklasse_vanaf_2000",
    "inwoners": "aantal_inwoners",
    "woningen": "woningvoorraad",
}


def resolve_indicator(name: str, available: list[str] | None = None) -> str:
    """The catalogue id (or custom column) for an id, a Dutch/English label or a friendly word."""
    cat = catalogue()
    key = name.strip()
    lowered = key.lower()
    if key in cat or (available and key in available):
        return key
    for ind in cat:
        if lowered in (ind.nl.lower(), ind.en.lower()):
            return ind.id
    if lowered in FRIENDLY:
        return FRIENDLY[lowered]
    hit = cat.match_column(key)
    if hit:
        return hit[0]
    raise WijkkaartError("unknown_indicator_name", name=name)


def labels_of(indicators: list[str]) -> str:
    """Indicator labels as a planner reads them (ids only for columns the catalogue lacks)."""
    cat = catalogue()
    return ", ".join(cat[i].label if i in cat else i for i in dict.fromkeys(indicators))


def refuse_sensitive(indicators: list[str]) -> None:
    """Origin and migration background describe people, never a score: refused in any index."""
    cat = catalogue()
    sensitive = [i for i in indicators if (entry := cat.get(i)) is not None and entry.sensitive]
    if sensitive:
        raise WijkkaartError("sensitive_in_typology", names=", ".join(sensitive))
