"""The profile of an area as a printed table: rows and column headers, computed Qt-free.

Columns are Gebied / Gemeente, then Nederland when the data carries national figures, and G4
when the file holds all four large cities. Group headings are rows without values; the print
never leaves a heading at the bottom without any of its rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkkaart.catalogue import catalogue
from wijkkaart.layers.formatting import format_value
from wijkkaart.messages import ui


@dataclass
class TableRow:
    label: str
    values: list[str] = field(default_factory=list)  # one per value column; empty = a heading
    illustrative: bool = False
    group: str = ""  # the profile card's group key (card_people, card_tenure, …)
    indicator: str = ""

    @property
    def heading(self) -> bool:
        return not self.values


@dataclass
class ProfileTable:
    title: str
    columns: list[str]  # value column headers (Gebied, Gemeente, Nederland, G4)
    rows: list[TableRow]
    row_sources: dict[str, str] = field(default_factory=dict)  # indicator -> its source text

    @property
    def sources(self) -> list[str]:
        """The sources of the rows shown, in order, each once (for the page's source line)."""
        found = [self.row_sources.get(r.indicator, "") for r in self.rows if not r.heading]
        return list(dict.fromkeys(s for s in found if s))

    @property
    def illustrative(self) -> bool:
        return any(r.illustrative for r in self.rows)

    def as_tuples(self) -> list[tuple[str, ...]]:
        return [(r.label, *r.values) for r in self.rows]


def _area_text(indicator: str, value) -> str:
    if value.distribution:
        top = max(value.distribution, key=lambda k: value.distribution[k])
        return f"{format_value(indicator, top)} {value.distribution[top]:.0%}"
    if value.low is not None:
        return f"{int(value.low)}–{int(value.high)}"
    return format_value(indicator, value.value) or "–"


def profile_table(result, data, title: str = "") -> ProfileTable:
    """The Kenmerken groups of a profile with their indicators and the comparison columns."""
    from wijkkaart.analysis.card import CARD
    from wijkkaart.layers.formatting import source_of

    cat = catalogue()
    present = {i for _, ids in CARD for i in ids if i in result.indicators}
    national = any(result.national.get(i) is not None for i in present)
    g4 = bool(result.has_g4) and any(result.indicators[i].g4 is not None for i in present)
    columns = [ui("table_area"), ui("table_gemeente")]
    if national:
        columns.append(ui("table_nederland"))
    if g4:
        columns.append(ui("table_g4"))
    rows: list[TableRow] = []
    for key, ids in CARD:
        found = [i for i in ids if i in result.indicators]
        if not found:
            continue
        rows.append(TableRow(ui(key), group=key))
        for indicator in found:
            item = result.indicators[indicator]
            illustrative = indicator in data.illustrative
            label = cat[indicator].label + (" *" if illustrative else "")
            values = [
                _area_text(indicator, item.value),
                format_value(indicator, item.gemeente.value) or "–",
            ]
            if national:
                values.append(format_value(indicator, result.national.get(indicator)) or "–")
            if g4:
                values.append(format_value(indicator, item.g4.value if item.g4 else None) or "–")
            rows.append(TableRow(label, values, illustrative, key, indicator))
    sources = {r.indicator: source_of(data, r.indicator) for r in rows if r.indicator}
    return ProfileTable(title, columns, rows, sources)
