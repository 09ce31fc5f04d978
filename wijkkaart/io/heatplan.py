"""Heat-transition plans per buurt (Transitievisie Warmte tables, such as Amsterdam's).

There is no national format. We find the code column, the strategy column and the year columns,
normalise the strategy to five classes planners use, and read start and gas-free years (9999, 0
or empty = no date). Where a table has no year columns, years in the strategy text ("tussen 2020
en 2040", "vanaf 2030") are used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wijkkaart.io.columns import find_column, identify_rows
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.numbers import parse_cell
from wijkkaart.io.tables import read_table_raw
from wijkkaart.messages import WijkkaartError, short_list, text, tr

# The strategies a heat plan maps onto; their names are in resources/translations (msgctxt
# "strategy"), in this order in legends.
STRATEGIES: tuple[str, ...] = (
    "warmtenet_ht_mt",
    "warmtenet_lt",
    "all_electric",
    "hybride_groengas",
    "nog_onbekend",
)

# First matching rule wins; patterns are matched against the lower-cased strategy text.
_RULES: tuple[tuple[str, str], ...] = (
    (
        r"\blt\b|lage[ -]?temperatuur|lokale bronnet|\bwko\b|bodemenergie|\bteo\b|aquathermie"
        r"|\b15/|\b30/",
        "warmtenet_lt",
    ),
    (
        r"warmtenet|stadsverwarming|restwarmte|geothermie|\bht\b|\bmt\b|middentemperatuur"
        r"|hoge temperatuur",
        "warmtenet_ht_mt",
    ),
    (r"hybride|groen ?gas|waterstof|aardgasvrij gasnet|duurzaam gas", "hybride_groengas"),
    (r"all[ -]?electric|elektrisch|warmtepomp|lucht[- ]water|bodem[- ]?wp", "all_electric"),
    (r"onbekend|onbebouwd|nieuwbouw|transformatie|nader|n\.?v\.?t", "nog_onbekend"),
)
# PBL Startanalyse variant codes (s1a … s4b).
_PBL = {
    "s1": "all_electric",
    "s2": "warmtenet_ht_mt",
    "s3": "warmtenet_lt",
    "s4": "hybride_groengas",
    "s5": "hybride_groengas",
}

STRATEGY_COLUMNS = (
    "warmtestrategie",
    "strategie",
    "categorie",
    "warmteoptie",
    "warmteprogramma",
    "alternatief",
    "voorkeursstrategie",
    "strategievariant",
    "v01_strategievariant",
)
START_COLUMNS = ("startjaar", "startjaar_warmtetransitie", "warmtenet_start", "start", "begin")
END_COLUMNS = (
    "jaar_aardgasvrij",
    "aardgasvrij_jaar",
    "gereed_jaar",
    "aardgasvrij_in",
    "warmtenet_stop",
    "eindjaar",
    "stop",
)


def strategy_label(key: str) -> str:
    return text(key if key in STRATEGIES else "nog_onbekend", context="strategy")


def normalise_strategy(text: object) -> str | None:
    """One of the five strategy keys, or None when the text is not recognised."""
    if text is None or (isinstance(text, float) and pd.isna(text)):
        return "nog_onbekend"
    value = str(text).strip().lower()
    if not value:
        return "nog_onbekend"
    pbl = re.match(r"^(s[1-5])[a-h]?\b", value)
    if pbl:
        return _PBL[pbl.group(1)]
    for pattern, key in _RULES:
        if re.search(pattern, value):
            return key
    return None


def parse_year(value: object) -> float:
    """A calendar year, or NaN for 9999, 0, empty, fractions and other non-dates."""
    if value is None:
        return float("nan")
    number, _kind = parse_cell(value, ".")
    if number is None or not number.is_integer() or not 1990 <= number <= 2100:
        return float("nan")
    return float(number)


def years_from_text(text: str) -> tuple[float, float]:
    """(start, end) read from phrases such as 'tussen 2020 en 2040', 'vanaf 2030', 'tot 2040'."""
    value = str(text).lower()
    between = re.search(r"(?:tussen|van)\s+(\d{4})\s+(?:en|tot|t/m|-)\s+(\d{4})", value)
    if between:
        return parse_year(between.group(1)), parse_year(between.group(2))
    start = re.search(r"(?:vanaf|start(?:en)?(?: vanaf| in)?)\s+(\d{4})", value)
    end = re.search(r"(?:tot|uiterlijk|voor|in)\s+(\d{4})", value)
    return (
        parse_year(start.group(1)) if start else float("nan"),
        parse_year(end.group(1)) if end else float("nan"),
    )


@dataclass
class HeatPlan:
    values: (
        pd.DataFrame
    )  # warmtestrategie, startjaar_warmtetransitie, jaar_aardgasvrij, warmtestrategie_bron
    level: str
    warnings: list[str] = field(default_factory=list)


def read_heat_plan(
    path: str | Path, code_column: str | None = None, strategy_column: str | None = None
) -> HeatPlan:
    """Read a heat-plan table into normalised strategies and years per area code."""
    path = Path(path)
    raw = read_table_raw(path)
    found = identify_rows(raw, path, code_column=code_column)
    rows = found.rows
    columns = list(rows.columns)
    strategy_col = strategy_column or find_column(columns, STRATEGY_COLUMNS)
    if strategy_col is None or strategy_col not in columns:
        raise WijkkaartError("heat_no_strategy_column", path=path, columns=short_list(columns, 10))
    texts = rows[strategy_col].astype(str).str.strip()
    keys = texts.map(normalise_strategy)
    unknown = sorted(set(texts[keys.isna()]))
    warnings = list(found.warnings)
    if unknown:
        warnings.append(tr("heat_unknown_strategies", values=short_list(unknown)))
    keys = keys.fillna("nog_onbekend")
    start_col = find_column(columns, START_COLUMNS)
    end_col = find_column(columns, END_COLUMNS)
    start = (
        rows[start_col].map(parse_year) if start_col else pd.Series(float("nan"), index=rows.index)
    )
    end = rows[end_col].map(parse_year) if end_col else pd.Series(float("nan"), index=rows.index)
    from_text = texts.map(years_from_text)
    start = start.where(start.notna(), from_text.map(lambda t: t[0]))
    end = end.where(end.notna(), from_text.map(lambda t: t[1]))
    values = pd.DataFrame(
        {
            "warmtestrategie": keys.to_numpy(),
            "startjaar_warmtetransitie": start.to_numpy(dtype=float),
            "jaar_aardgasvrij": end.to_numpy(dtype=float),
            "warmtestrategie_bron": texts.to_numpy(),
        },
        index=found.codes,
    )
    dup = values.index[values.index.duplicated()].unique().tolist()
    if dup:
        raise WijkkaartError("table_duplicate_codes", codes=short_list(dup))
    return HeatPlan(values=values, level=found.level, warnings=warnings)


def add_heat_plan(
    areas: AreaData, path: str | Path, illustrative: bool = False, **kwargs: str
) -> AreaData:
    """``areas`` with the heat plan joined in; unmatched codes are reported, never dropped."""
    from wijkkaart.io.join import join_values

    plan = read_heat_plan(path, **kwargs)
    reasons = pd.DataFrame(index=plan.values.index, dtype=object)
    for column in ("startjaar_warmtetransitie", "jaar_aardgasvrij"):
        reasons[column] = pd.Series("no_data", index=plan.values.index).where(
            plan.values[column].isna(), None
        )
    reasons["warmtestrategie"] = None
    return join_values(
        areas,
        plan.values,
        reasons,
        source=str(path),
        illustrative=illustrative,
        warnings=plan.warnings,
    )
