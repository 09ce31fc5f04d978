"""The indicator catalogue: ``resources/indicators.toml`` names and defines every indicator.

Everything that shows or aggregates an indicator (readers, profiles, legends, exports) looks it up
here, so labels, units, directions and aggregation weights never disagree.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from wijkkaart.messages import language
from wijkkaart.paths import resources_dir

DIRECTIONS = ("higher_better", "higher_worse", "neutral")
# The themes in the order planners read them; "eigen" holds columns the catalogue does not know.
CATEGORY_ORDER = (
    "bevolking",
    "wonen",
    "energie",
    "energielabels",
    "warmte",
    "leefbaarheid",
    "risico",
    "gebied",
    "analyse",
    "eigen",
)
AGGREGATIONS = ("sum", "weighted_mean", "ratio", "none")
KINDS = ("number", "category", "year")


@dataclass(frozen=True)
class Indicator:
    """One indicator as defined in the catalogue."""

    id: str
    nl: str
    en: str
    unit: str
    category: str
    definition_nl: str
    definition_en: str
    source: str
    direction: str
    aggregation: str
    weight: str | None = None
    kind: str = "number"
    sensitive: bool = False
    derived: str | None = None
    # A ratio of two sums (density = inhabitants / land area * 100): aggregated by summing the
    # parts, never by averaging the ratio. A missing denominator is implied from the published
    # ratio itself (land = inhabitants * scale / density), which CBS's rounding barely affects.
    numerator: str | None = None
    denominator: str | None = None
    scale: float = 1.0
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # year -> {nl, en}: what changed in the definition that year (before and after do not compare)
    definition_changes: dict[str, dict[str, str]] = field(default_factory=dict)

    def changes_between(self, first: int, last: int) -> list[tuple[int, str]]:
        """Definition changes after ``first`` up to and including ``last`` (UI language)."""
        lo, hi = min(first, last), max(first, last)
        lang = "en" if language() == "en" else "nl"
        return [
            (int(y), note.get(lang) or note["nl"])
            for y, note in sorted(self.definition_changes.items())
            if lo < int(y) <= hi
        ]

    @property
    def label(self) -> str:
        """Label in the current UI language."""
        return self.en if language() == "en" else self.nl

    @property
    def unit_label(self) -> str:
        """The unit as shown ("inwoners/km²" / "inhabitants/km²"); ``unit`` stays the key."""
        from wijkkaart.messages import has_text, text

        return text(self.unit, context="unit") if has_text(self.unit, "unit") else self.unit

    @property
    def definition(self) -> str:
        return self.definition_en if language() == "en" else self.definition_nl

    @property
    def is_percentage(self) -> bool:
        return self.unit.startswith("%")


class Catalogue:
    """Lookup of indicators by id and by any known column alias."""

    def __init__(self, indicators: list[Indicator]) -> None:
        self._by_id = {ind.id: ind for ind in indicators}
        if len(self._by_id) != len(indicators):
            raise ValueError("duplicate indicator id in catalogue")
        self._alias: dict[str, tuple[str, str]] = {}
        self._statline: dict[str, str] = {}
        for ind in indicators:
            self._alias.setdefault(ind.id.lower(), (ind.id, "cbs_gpkg"))
            for schema, names in ind.aliases.items():
                for name in names:
                    self._alias.setdefault(name.lower(), (ind.id, schema))
                    if schema == "statline":
                        self._statline.setdefault(name.lower(), ind.id)
        self._check()

    def _check(self) -> None:
        for ind in self._by_id.values():
            if ind.direction not in DIRECTIONS or ind.aggregation not in AGGREGATIONS:
                raise ValueError(f"catalogue: bad direction/aggregation for {ind.id}")
            if ind.kind not in KINDS:
                raise ValueError(f"catalogue: bad kind for {ind.id}")
            if ind.aggregation == "weighted_mean" and ind.weight not in self._by_id:
                raise ValueError(f"catalogue: {ind.id} has unknown weight {ind.weight}")
            parts = [p for p in (ind.numerator, ind.denominator) if p is not None]
            if parts and (len(parts) != 2 or ind.aggregation != "ratio"):
                raise ValueError(f"catalogue: {ind.id} needs numerator and denominator as a ratio")
            if any(p not in self._by_id for p in parts):
                raise ValueError(f"catalogue: {ind.id} has an unknown numerator or denominator")

    def __contains__(self, indicator_id: object) -> bool:
        return indicator_id in self._by_id

    def __getitem__(self, indicator_id: str) -> Indicator:
        return self._by_id[indicator_id]

    def get(self, indicator_id: str, default: Indicator | None = None) -> Indicator | None:
        return self._by_id.get(indicator_id, default)

    def __iter__(self):
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def ids(self) -> list[str]:
        return list(self._by_id)

    def match_column(self, column: str) -> tuple[str, str] | None:
        """(canonical id, schema) for a column name from any known source, or None.

        StatLine keys carry a numeric suffix that shifts between years (``Koopwoningen_47``);
        the suffix is dropped before matching, so a key is matched by its title part.
        """
        key = column.strip().lower()
        if key in self._alias:
            return self._alias[key]
        for snake in snake_forms(column.strip()):  # PDOK 2023+: aantalInwoners, wijkCode …
            if snake in self._alias:
                return self._alias[snake]
        stripped = re.sub(r"_\d+$", "", column.strip())
        if stripped != column.strip() and "_" not in stripped:
            hit = self._statline.get(stripped.lower())
            if hit:
                return hit, "statline"
        return None

    def derived_ids(self) -> list[str]:
        return [ind.id for ind in self if ind.derived]


_UNITS = {"km", "m", "cm", "mm", "dm"}
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")


def snake_forms(name: str) -> list[str]:
    """snake_case readings of a camelCase name, most likely first.

    ``percentagePersonen0Tot15Jaar`` -> ``percentage_personen_0_tot_15_jaar``;
    ``bevolkingsdichtheidInwonersPerKm2`` -> ``…_per_km2`` (a unit keeps its digit). Names
    without capitals give nothing: they are matched as they are.
    """
    if not re.search(r"[a-z][A-Z0-9]", name) or "_" in name:
        return []
    words = [w.lower() for w in _WORD.findall(name)]
    # A digit after a unit is part of it (km2, m3); after any other word it is a word of its own
    # (personen_0_tot_15). The plain reading, every digit apart, is offered as well.
    parts: list[str] = []
    for word in words:
        if word.isdigit() and parts and parts[-1] in _UNITS:
            parts[-1] += word
        else:
            parts.append(word)
    return list(dict.fromkeys(["_".join(parts), "_".join(words)]))


def _load(path: Path) -> Catalogue:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    indicators = []
    for raw in data["indicator"]:
        aliases = {k: tuple(v) for k, v in raw.pop("aliases", {}).items()}
        indicators.append(Indicator(aliases=aliases, **raw))
    return Catalogue(indicators)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue shipped in ``resources/indicators.toml`` (loaded once)."""
    return _load(resources_dir() / "indicators.toml")


def label_score(label_class: str) -> int:
    """Points for an energy label class: G=1 … A=7, A+=8 … A++++=11 (used for the mean score)."""
    return LABEL_CLASSES.index(label_class) + 1


# Worst to best, as registered in EP-Online (NTA 8800 since 2021 adds A+ … A++++).
LABEL_CLASSES: tuple[str, ...] = ("G", "F", "E", "D", "C", "B", "A", "A+", "A++", "A+++", "A++++")
LABEL_KEYS: dict[str, str] = {
    "G": "g",
    "F": "f",
    "E": "e",
    "D": "d",
    "C": "c",
    "B": "b",
    "A": "a",
    "A+": "a_plus",
    "A++": "a_2plus",
    "A+++": "a_3plus",
    "A++++": "a_4plus",
}
