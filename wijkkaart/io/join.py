"""Join indicator tables to areas on the CBS code, and say exactly what did not match."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.columns import convert_columns, identify_rows, national_row, pick_year
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.tables import read_table_raw
from wijkkaart.messages import WijkkaartError, short_list, tr


@dataclass
class JoinReport:
    """What a join did: which columns became which indicator, and which codes did not match."""

    matched: int
    unmatched_rows: list[str] = field(default_factory=list)
    areas_without_row: list[str] = field(default_factory=list)
    mapped: dict[str, str] = field(default_factory=dict)
    custom: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    changed: dict[str, int] = field(default_factory=dict)  # column -> values the join changed


# How a join treats a column the areas already have (asked in the app, stored in the project).
EXISTING = ("replace", "keep", "fill")
# Why-missing reasons that are facts about the figure (CBS suppressed it, it comes later ...):
# a 0 from another table never overwrites them.
_TRUE_REASONS = {"secret", "later", "discontinued", "unknown"}


def _resolve_existing(
    areas: AreaData,
    values: pd.DataFrame,
    reasons: pd.DataFrame,
    existing: str | None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int]]:
    """Values and reasons after the overwrite policy, and how many values change per column."""
    values, reasons = values.copy(), reasons.copy()
    changed: dict[str, int] = {}
    overlap = [c for c in values.columns if c in areas.frame.columns and c != "geometry"]
    old_reasons = areas.reasons.reindex(index=values.index)
    for column in overlap:
        old = pd.to_numeric(areas.frame[column], errors="coerce").reindex(values.index)
        new = pd.to_numeric(values[column], errors="coerce")
        why_old = (
            old_reasons[column] if column in old_reasons else pd.Series(None, index=values.index)
        )
        protected = old.isna() & why_old.isin(_TRUE_REASONS) & new.eq(0)
        if existing == "keep":
            keep = pd.Series(True, index=values.index)
        elif existing == "fill":
            keep = old.notna() | protected
        else:  # replace (and the question, below): never where the table has no value
            keep = new.isna() | protected
        merged = new.where(~keep, old)
        merged_why = reasons[column].where(~keep, why_old) if column in reasons else why_old
        differs = (merged != old) & ~(merged.isna() & old.isna())
        changed[column] = int(differs.sum())
        values[column] = merged
        reasons[column] = merged_why
    would_change = {c: n for c, n in changed.items() if n}
    if existing is None and would_change:
        raise WijkkaartError(
            "join_would_overwrite",
            columns=short_list(sorted(would_change)),
            n=sum(would_change.values()),
            column_names=tuple(sorted(would_change)),
        )
    return values, reasons, changed


def join_values(
    areas: AreaData,
    values: pd.DataFrame,
    reasons: pd.DataFrame,
    source: str,
    illustrative: bool = False,
    warnings: list[str] | None = None,
) -> AreaData:
    """Join per-code ``values`` onto ``areas``; areas without a row get reason ``no_row``."""
    result, _ = _join(areas, values, reasons, source, illustrative, list(warnings or []))
    return result


def _join(
    areas: AreaData,
    values: pd.DataFrame,
    reasons: pd.DataFrame,
    source: str,
    illustrative: bool,
    warnings: list[str],
    existing: str | None = "replace",
) -> tuple[AreaData, JoinReport]:
    dup = values.index[values.index.duplicated()].unique().tolist()
    if dup:
        raise WijkkaartError("table_duplicate_codes", codes=short_list(dup))
    values, reasons, changed = _resolve_existing(areas, values, reasons, existing)
    if any(changed.values()):
        warnings.append(
            tr("join_changed", n=sum(changed.values()), columns=short_list(sorted(changed)))
        )
    area_codes = areas.frame.index
    matched = values.index.intersection(area_codes)
    if len(matched) == 0:
        raise WijkkaartError(
            "table_no_match_at_all",
            table_example=values.index[0] if len(values) else "-",
            map_example=area_codes[0] if len(area_codes) else "-",
        )
    unmatched = values.index.difference(area_codes).tolist()
    without = area_codes.difference(values.index)
    without = [c for c in without if not areas.frame.at[c, "water"]]
    if unmatched:
        warnings.append(tr("table_unmatched", n=len(unmatched), codes=short_list(unmatched)))
    if without:
        warnings.append(tr("table_areas_without_row", n=len(without), codes=short_list(without)))
    aligned = values.reindex(area_codes)
    why = reasons.reindex(index=area_codes, columns=values.columns).astype(object)
    why = why.where(why.notna(), None)
    no_row = ~area_codes.isin(values.index)
    why.loc[no_row, :] = "no_row"
    result = areas.add_columns(
        aligned, why, source=source, illustrative=illustrative, warnings=warnings
    )
    report = JoinReport(
        matched=len(matched),
        unmatched_rows=unmatched,
        areas_without_row=list(without),
        warnings=warnings,
        changed=changed,
    )
    return result, report


def join_table(
    areas: AreaData,
    path: str | Path,
    mapping: dict[str, str] | None = None,
    code_column: str | None = None,
    year: int | None = None,
    sheet: str | None = None,
    illustrative: bool = False,
    number_formats: dict[str, str] | None = None,
    existing: str | None = "replace",
    source: str | None = None,
    feedback: Feedback | None = None,
) -> tuple[AreaData, JoinReport]:
    """Read an indicator table and join it to ``areas`` on the area code.

    Columns are matched to catalogue indicators by their known names; ``mapping`` (column ->
    catalogue id, or "" to skip) overrides that. Other numeric columns become custom indicators.
    A column whose notation is ambiguous (``1.855``: 1855 or 1,855?) refuses the table with a
    :class:`WijkkaartError` whose ``values["column_names"]`` lists the columns; ``number_formats``
    (column -> "," or ".", the decimal mark) is how the caller answers that.

    ``existing`` says what happens to indicators the areas already have: "replace" (the table's
    values win where it has one), "keep" (the areas' values stay), "fill" (only missing values
    are filled), or None: refuse with ``join_would_overwrite`` when any value would change, so the
    app can ask. A value missing for a CBS reason (geheim …) is never replaced by a 0.
    """
    feedback = ensure(feedback)
    path = Path(path)
    raw = read_table_raw(path, sheet=sheet)
    feedback.progress(0.4)
    raw, _, warnings = pick_year(raw, year)
    found = identify_rows(raw, path, level=areas.level, code_column=code_column)
    warnings.extend(found.warnings)
    feedback.progress(0.5)
    converted = convert_columns(
        found.rows,
        found.codes,
        skip={found.code_column},
        mapping=mapping,
        number_formats=number_formats,
    )
    warnings.extend(converted.warnings)
    if converted.custom:
        warnings.append(tr("custom_indicators", columns=short_list(converted.custom, 10)))
    feedback.progress(0.8)
    result, report = _join(
        areas,
        converted.values,
        converted.reasons,
        source or path.name,  # the project's own source text names the figures on the map
        illustrative,
        warnings,
        existing,
    )
    result.national = {**areas.national, **national_row(raw, found.code_column)}
    report.mapped = converted.mapped
    report.custom = converted.custom
    report.unknown = converted.unknown
    result.unknown_columns = [*areas.unknown_columns, *converted.unknown]
    feedback.progress(1.0)
    return result, report
