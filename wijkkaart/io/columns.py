"""Recognise the columns of CBS files and indicator tables and convert them to catalogue indicators.

The same measure has a different column name in every CBS vintage and channel (``percentage_
koopwoningen``, ``P_KOOPWON``, ``p_koopw``, ``Koopwoningen_47``). The catalogue holds the aliases;
this module finds the code column, maps the rest and converts values with their missing reasons.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkkaart.catalogue import catalogue
from wijkkaart.io.codes import LEVEL_ORDER, is_water_code, level_of, normalise_codes
from wijkkaart.io.missing import looks_numeric, parse_numbers
from wijkkaart.io.numbers import ColumnFormat, column_formats
from wijkkaart.io.tables import message_names, safe_name
from wijkkaart.messages import WijkkaartError, short_list, tr

# Code columns per level, most specific first (a buurten file also carries wijk and gemeente codes).
CODE_FIELDS: dict[str, tuple[str, ...]] = {
    "buurt": ("buurtcode", "bu_code", "buurt_code", "buurtcode_cbs"),
    "wijk": ("wijkcode", "wk_code", "wijk_code", "wijkcode_cbs"),
    "gemeente": ("gemeentecode", "gm_code", "gemeente_code"),
}
# Columns that hold codes of all levels at once (KWB tables, StatLine) and their level column.
MIXED_CODE_FIELDS = (
    "gwb_code_10",
    "gwb_code",
    "codering",
    "wijkenenbuurten",
    "regiocode",
    "code",
    "gebiedscode",
    "statcode",
)
MIXED_LEVEL_FIELDS = ("recs", "soortregio")
NAME_FIELDS: dict[str, tuple[str, ...]] = {  # statnaam: the CBS/PDOK generalised layers
    "buurt": ("buurtnaam", "bu_naam", "naam", "statnaam"),
    "wijk": ("wijknaam", "wk_naam", "naam", "statnaam"),
    "gemeente": ("gemeentenaam", "gm_naam", "naam", "statnaam"),
}
WATER_FIELDS = ("water", "h2o")
YEAR_FIELDS = ("jaar", "year", "peiljaar", "perioden")
# StatLine "CSV met statistische symbolen": the name column, and title endings of columns that
# describe the area rather than measure it ("Gemeentenaam (naam)", "Soort regio (omschrijving)").
STATLINE_NAME_FIELDS = ("wijken en buurten", "regio's", "regios")
_DESCRIPTIVE_UNITS = ("(code)", "(naam)", "(omschrijving)", "(codes)")
# Known columns that are not indicators (reported neither as indicator nor as unknown).
STRUCTURAL = {
    *(name for names in CODE_FIELDS.values() for name in names),
    *(name for names in NAME_FIELDS.values() for name in names),
    *WATER_FIELDS,
    *YEAR_FIELDS,
    *MIXED_LEVEL_FIELDS,
    "id",
    "fid",
    "objectid",
    "ogc_fid",
    "jrstatcode",
    "jaarstatcode",
    "centroid",  # PDOK OGC API: a [lon, lat] array, not an indicator
    "ind_wbi",
    "indelingswijziging_wijken_en_buurten",
    "postcode",
    "meest_voorkomende_postcode",
    "dek_perc",
    "dekkingspercentage",
    "recs",
    "soortregio",
    "gwb_code_8",
    "regio",
    "gemeentenaam_1",
    "geometry",
    "shape_length",
    "shape_area",
    "unnamed: 0",
    "",
    "pst_mvp",
    "pst_dekp",
    *STATLINE_NAME_FIELDS,
    "soort regio",
    "codering",
    "regiocode",
    "gemeentenaam",
    "nr",
    "volgnummer",
    "rijnummer",
    "index",
}
# The names of the schemas are in resources/translations (msgctxt "schema").
SCHEMA_KEYS: tuple[str, ...] = (
    "cbs_gpkg",
    "shp_upper",
    "shp_lower",
    "kwb",
    "statline",
    "statline_csv",
    "lbm",
    "other",
    "custom",
    "boundaries",
)


def find_column(columns: list[str], candidates: tuple[str, ...]) -> str | None:
    """First column whose name (case-insensitive, StatLine suffix dropped) is a candidate."""
    keyed: dict[str, str] = {}
    for col in columns:
        keyed.setdefault(col.strip().lower(), col)
        keyed.setdefault(re.sub(r"_\d+$", "", col.strip().lower()), col)
    for cand in candidates:
        if cand in keyed:
            return keyed[cand]
    return None


@dataclass
class CodeColumn:
    column: str
    level: str
    mixed: bool = False
    level_column: str | None = None


def find_code_column(frame: pd.DataFrame, level: str | None = None) -> CodeColumn | None:
    """The column that identifies the areas, and the level it is at.

    Single-level files are recognised by their column names (buurtcode > wijkcode > gemeentecode).
    Mixed tables (KWB, StatLine) by a code column whose values carry BU/WK/GM prefixes.
    """
    columns = list(frame.columns)
    levels = (level,) if level else LEVEL_ORDER
    for lev in levels:
        col = find_column(columns, CODE_FIELDS[lev])
        if col is not None:
            return CodeColumn(col, lev)
    named = [c for c in MIXED_CODE_FIELDS if find_column(columns, (c,))]
    named += [c.lower() for c in columns if "code" in c.lower() and c.lower() not in named]
    # A column simply called "Buurt" often holds the codes (without prefix) in monitor tables.
    named += [
        c.lower()
        for c in columns
        if c.strip().lower() in ("buurt", "wijk", "gemeente", "gebied", "bu", "wk", "gm")
    ]
    for cand in named:
        col = find_column(columns, (cand,))
        if col is None:
            continue
        if _share_valid(frame[col]) >= 0.5:
            return CodeColumn(
                col, level or "", mixed=True, level_column=find_column(columns, MIXED_LEVEL_FIELDS)
            )
        if level and _share_valid(frame[col], level) >= 0.8:
            return CodeColumn(col, level)
    # Last resort: any column whose values are mostly CBS codes with their prefix.
    for col in columns:
        if _share_valid(frame[col]) >= 0.8:
            return CodeColumn(col, level or "", mixed=True)
    return None


def _share_valid(values: pd.Series, level: str | None = None) -> float:
    """Share of non-empty cells that are CBS codes (with prefix; or, given a level, without)."""
    sample = values.dropna().astype(str).str.strip()
    sample = sample[sample != ""].head(200)
    if sample.empty:
        return 0.0
    if level is None:
        sample = sample[sample.str[:2].str.upper().isin(["BU", "WK", "GM"])]
        total = len(values.dropna().astype(str).str.strip().pipe(lambda s: s[s != ""]).head(200))
        return float(normalise_codes(sample).notna().sum()) / total
    return float(normalise_codes(sample, level).notna().sum()) / len(sample)


@dataclass
class Identified:
    """Rows of one level keyed by normalised code, plus what was learnt on the way."""

    rows: pd.DataFrame
    codes: pd.Index
    level: str
    code_column: str
    warnings: list[str] = field(default_factory=list)


def identify_rows(
    frame: pd.DataFrame, path: object, level: str | None = None, code_column: str | None = None
) -> Identified:
    """Find the code column, normalise codes, keep one level, refuse duplicates."""
    warnings: list[str] = []
    found: CodeColumn | None
    if code_column is not None:
        if code_column not in frame.columns:
            raise WijkkaartError("mapping_unknown_column", column=code_column)
        found = CodeColumn(code_column, level or "", mixed=level is None)
    else:
        found = find_code_column(frame, level)
    if found is None:
        raise WijkkaartError(
            "no_code_column", path=path, columns=message_names(list(frame.columns))
        )
    raw = frame[found.column]
    numeric_codes = pd.api.types.is_numeric_dtype(raw)
    codes = normalise_codes(raw, found.level or None)
    if found.mixed:
        levels = codes.map(lambda c: level_of(c) if c else None)
        counts = Counter(levels.dropna())
        if not counts:
            raise WijkkaartError(
                "no_code_column", path=path, columns=message_names(list(frame.columns))
            )
        chosen = level or next(lev for lev in LEVEL_ORDER if counts.get(lev))
        if len(counts) > 1:
            described = ", ".join(f"{counts[lev]} {lev}" for lev in LEVEL_ORDER if counts.get(lev))
            warnings.append(tr("mixed_levels", counts=described, level=chosen))
        if not counts.get(chosen):
            raise WijkkaartError("level_absent", level=chosen)
        keep = levels == chosen
        frame, codes, raw = frame[keep], codes[keep], raw[keep]
        found.level = chosen
    invalid = (
        codes.isna() & raw.astype(str).str.strip().ne("") & ~raw.astype(str).str.strip().eq("NL00")
    )
    if invalid.any():
        bad = raw[invalid].astype(str).tolist()
        warnings.append(tr("invalid_codes", n=len(bad), column=found.column, codes=short_list(bad)))
    keep = codes.notna()
    frame, codes = frame[keep], codes[keep]
    if numeric_codes and len(codes):
        example = f"{raw[keep].iloc[0]} → {codes.iloc[0]}"
        warnings.append(
            tr("codes_were_numbers", column=found.column, prefix=codes.iloc[0][:2], example=example)
        )
    return Identified(
        rows=frame,
        codes=pd.Index(codes.tolist(), name="code"),
        level=found.level,
        code_column=found.column,
        warnings=warnings,
    )


def pick_year(frame: pd.DataFrame, year: int | None) -> tuple[pd.DataFrame, int | None, list[str]]:
    """Tables with several years per area (Leefbaarometer series): keep one, latest by default."""
    col = find_column(list(frame.columns), YEAR_FIELDS)
    if col is None:
        return frame, None, []
    years = period_years(frame[col])
    distinct = sorted({int(y) for y in years.dropna()})
    if len(distinct) <= 1:
        return frame, (distinct[0] if distinct else None), []
    chosen = year if year is not None else distinct[-1]
    msg = tr("several_years", years=", ".join(map(str, distinct)), chosen=chosen)
    return frame[years == chosen], chosen, [msg]


@dataclass
class Converted:
    values: pd.DataFrame
    reasons: pd.DataFrame
    mapped: dict[str, str]
    custom: list[str]
    unknown: list[str]
    schema: str
    warnings: list[str]


def convert_columns(
    rows: pd.DataFrame,
    codes: pd.Index,
    skip: set[str],
    mapping: dict[str, str] | None = None,
    keep_custom: bool = True,
    number_formats: dict[str, str] | None = None,
) -> Converted:
    """Map columns to catalogue ids (aliases, then the user's ``mapping``) and convert values.

    ``mapping`` maps a column name to a catalogue id, or to ``""`` to ignore it. Unmapped numeric
    columns are kept as custom indicators under their own (lower-case) name.
    ``number_formats`` maps a column to its decimal mark ("," or ".") where the user has said how
    to read it; a column whose notation cannot be told otherwise refuses the table (see
    :func:`wijkkaart.io.numbers.column_formats`).
    """
    cat = catalogue()
    mapping = dict(mapping or {})
    for column, wanted in mapping.items():
        if column not in rows.columns:
            raise WijkkaartError("mapping_unknown_column", column=column)
        if wanted and wanted not in cat:
            raise WijkkaartError("mapping_unknown_indicator", indicator=wanted)
    # Arrays and objects in a cell (PDOK's ``centroid`` = [lon, lat]) are never indicators.
    nested = [c for c in rows.columns if _may_nest(rows[c]) and rows[c].map(_is_nested).any()]
    if nested:
        rows = rows.drop(columns=nested)
    formats = column_formats(rows, rows.attrs.get("separator"), number_formats)
    chosen: list[tuple[str, str, bool]] = []  # (column, target, is custom)
    unknown: list[str] = []
    schemas: Counter[str] = Counter()
    for column in rows.columns:
        if column in skip or is_structural(column):
            continue
        target: str | None
        if column in mapping:
            target = mapping[column] or None
            if target is None:
                continue
        else:
            hit = cat.match_column(column) or cat.match_column(without_unit(column))
            target = hit[0] if hit else None
            if hit:
                schema = hit[1]
                if schema == "shp":
                    schema = "shp_upper" if column.isupper() else "shp_lower"
                schemas[schema] += 1
        if target is None:
            if keep_custom and plausible_name(column) and looks_numeric(rows[column]):
                chosen.append((column, _custom_name(column), True))
            else:
                unknown.append(column)
            continue
        chosen.append((column, target, False))
    _refuse_ambiguous([c for c, _, _ in chosen], formats)
    values: dict[str, pd.Series] = {}
    reasons: dict[str, pd.Series] = {}
    mapped: dict[str, str] = {}
    custom: list[str] = []
    warnings: list[str] = []
    grouped: list[str] = []
    for column, target, is_custom in chosen:
        if target in values:
            continue  # two aliases of one indicator: the first column wins
        parsed = parse_numbers(rows[column].reset_index(drop=True), formats.get(column))
        if parsed.example is not None:
            warnings.append(
                tr(
                    "column_not_numeric",
                    column=safe_name(column),
                    example=safe_name(parsed.example, 20),
                )
            )
        if parsed.non_finite:
            warnings.append(tr("numbers_not_finite", column=safe_name(column), n=parsed.non_finite))
        if parsed.grouped:
            grouped.append(safe_name(column))
        if not is_custom and _is_count(target):
            whole = catalogue()[target].unit == "aantal"
            warnings.extend(_count_warnings(safe_name(column), parsed.numbers, codes, whole))
        parsed.numbers.index = codes
        parsed.reasons.index = codes
        values[target] = parsed.numbers
        reasons[target] = parsed.reasons
        if is_custom:
            custom.append(target)
        elif target in cat:
            mapped[column] = target
    if grouped:
        commas = {c for c, f in formats.items() if f.grouped and f.decimal == "."}
        key = "numbers_commas_thousands_read" if commas else "numbers_thousands_read"
        warnings.append(tr(key, columns=short_list(grouped, 8)))
    schema = schemas.most_common(1)[0][0] if schemas else ("custom" if custom else "boundaries")
    frame = pd.DataFrame(values, index=codes)
    reason_frame = pd.DataFrame(reasons, index=codes, dtype=object)
    frame, reason_frame, derived_warnings = add_derived(frame, reason_frame)
    warnings.extend(derived_warnings)
    warnings.extend(_range_warnings(frame))
    warnings.extend(plausibility_warnings(frame))
    return Converted(frame, reason_frame, mapped, custom, unknown, schema, warnings)


def is_structural(column: str) -> bool:
    """A column that describes the area or the row (code, name, year, row number), never an
    indicator: by name, by name without a StatLine suffix (``Codering_3``, ``ID_0``), or by a
    StatLine title ending such as ``(code)`` or ``(naam)``."""
    name = column.strip().lower()
    if name in STRUCTURAL or re.sub(r"_\d+$", "", name) in STRUCTURAL:
        return True
    return name.endswith(_DESCRIPTIVE_UNITS)


_UNIT = re.compile(r"\s*\([^()]*\)\s*$")


def without_unit(column: str) -> str:
    """A StatLine column title without its unit: ``Particuliere huishoudens (Aantal)`` ->
    ``Particuliere huishoudens``."""
    return _UNIT.sub("", column.strip())


_PERIOD = re.compile(r"^\s*((?:19|20)\d\d)(?:[A-Z]{2}\d\d)?\s*$")


def period_years(values: pd.Series) -> pd.Series:
    """Years from a year column: ``2023``, ``2023.0`` or a StatLine period ``2023JJ00``; other
    text (and months or quarters, ``2023MM01``, which are not a year) becomes NaN."""

    def year(value: object) -> float:
        if isinstance(value, bool) or value is None:
            return np.nan
        if isinstance(value, int | float | np.integer | np.floating):
            number = float(value)
            return number if number.is_integer() and 1900 <= number < 2100 else np.nan
        text = str(value).strip().upper()
        if re.fullmatch(r"(?:19|20)\d\d\.0+", text):
            text = text.split(".")[0]
        match = _PERIOD.match(text)
        if not match or (len(text) > 4 and text[4:6] != "JJ"):
            return np.nan
        return float(match.group(1))

    return pd.Series([year(v) for v in values], index=values.index, dtype=float)


def _refuse_ambiguous(columns: list[str], formats: dict[str, ColumnFormat]) -> None:
    """Raise for the first kind of ambiguity found, naming every column that has it."""
    by_key: dict[str, list[str]] = {}
    for column in columns:
        fmt = formats.get(column)
        if fmt is not None and fmt.ambiguous:
            by_key.setdefault(fmt.ambiguous, []).append(column)
    for key, names in by_key.items():
        raise WijkkaartError(
            key, columns=short_list([f"'{safe_name(c)}'" for c in names]), column_names=names
        )


def _is_count(indicator_id: str) -> bool:
    """A catalogue indicator that counts things (inhabitants, dwellings, labels, hectares)."""
    ind = catalogue().get(indicator_id)
    if ind is None or ind.kind != "number":
        return False
    return ind.unit == "aantal" or ind.aggregation == "sum"


def _count_warnings(column: str, numbers: pd.Series, codes: pd.Index, whole: bool) -> list[str]:
    """Negative counts are impossible; decimals in a number of things hint at 1.855 misread."""
    out = []
    checks = [("count_negative", numbers < 0)]
    if whole:
        checks.append(("count_fractional", numbers.notna() & (numbers != numbers.round())))
    for key, bad in checks:
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            example = f"{codes[i]}: {numbers.iloc[i]:g}"
            out.append(tr(key, column=column, n=int(bad.sum()), example=example))
    return out


def _may_nest(column: pd.Series) -> bool:
    """False for a column whose type holds only scalars: numbers, booleans, strings.

    Looking at each cell of those cost 0.2 s on a national file of 14,500 buurten.
    """
    dtype = column.dtype
    scalar = pd.api.types.is_numeric_dtype(dtype) or pd.api.types.is_bool_dtype(dtype)
    return not (scalar or isinstance(dtype, pd.StringDtype))


def _is_nested(value: object) -> bool:
    return isinstance(value, list | tuple | dict | set) or hasattr(value, "__array__")


def plausible_name(column: str) -> bool:
    """Row-number columns written by pandas/R ('', '1', 'Unnamed: 0') are not indicators."""
    name = column.strip().lower()
    return bool(name) and not name.isdigit() and not name.startswith("unnamed")


def _custom_name(column: str) -> str:
    return re.sub(r"[^0-9a-z_]+", "_", column.strip().lower()).strip("_") or "kolom"


def add_derived(
    values: pd.DataFrame, reasons: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Private rent and the rent/own ratio, computed when their parts are present."""
    values, reasons = values.copy(), reasons.copy()
    warnings: list[str] = []
    huur, corp, koop = (
        "percentage_huurwoningen",
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "percentage_koopwoningen",
    )
    private = "perc_huurwoningen_in_bezit_overige_verhuurders"
    if private not in values and huur in values and corp in values:
        result = (values[huur] - values[corp]).clip(lower=0)
        values[private] = result
        reasons[private] = reasons[huur].where(reasons[huur].notna(), reasons[corp])
    single, multi = "percentage_eengezinswoning", "percentage_meergezinswoning"
    if single not in values and multi in values:  # CBS: every dwelling is one or the other
        values[single] = 100 - values[multi]
        reasons[single] = reasons[multi]
    ratio = "huur_koop_verhouding"
    if ratio not in values and huur in values and koop in values:
        with np.errstate(divide="ignore", invalid="ignore"):
            result = values[huur] / values[koop].where(values[koop] > 0)
        values[ratio] = result
        why = reasons[huur].where(reasons[huur].notna(), reasons[koop])
        why = why.where(why.notna() | result.notna(), "undefined")
        reasons[ratio] = why
    return values, reasons, warnings


def _range_warnings(values: pd.DataFrame) -> list[str]:
    cat = catalogue()
    out = []
    for column in values.columns:
        if column in cat and cat[column].unit == "%":
            series = values[column]
            bad = series[(series < 0) | (series > 100)]
            if len(bad):
                out.append(
                    tr(
                        "percent_out_of_range",
                        column=column,
                        n=len(bad),
                        example=f"{bad.index[0]}: {bad.iloc[0]:g}",
                    )
                )
    return out


TENURE_PARTS = (
    "percentage_koopwoningen",
    "percentage_huurwoningen",
    "percentage_woningen_met_eigendom_onbekend",
)
TENURE_TOLERANCE = 5.0


def _areas_word(codes: pd.Index) -> str:
    """'buurten', 'wijken' or 'gemeenten' for the level of ``codes`` (else 'gebieden')."""
    levels = {level_of(c) for c in codes[:50] if isinstance(c, str)}
    level = levels.pop() if len(levels) == 1 else None
    return tr(f"areas_plural_{level}" if level else "areas_plural_other")


def _label(indicator_id: str) -> str:
    ind = catalogue().get(indicator_id)
    return f"{ind.label} ({indicator_id})" if ind else indicator_id


def _example(bad: pd.Series, text: str) -> str:
    return f"{bad.index[bad.to_numpy()][0]}: {text}"


def plausibility_warnings(values: pd.DataFrame) -> list[str]:
    """Values that cannot be right, said once per kind with how many areas and one example:
    a mean WOZ value of 0, koop + huur + onbekend far from 100 %, inhabitants without dwellings.
    The values are kept as they are: the user decides (negative counts and percentages outside
    0-100 are reported by :func:`_count_warnings` and :func:`_range_warnings`)."""
    out: list[str] = []
    areas = _areas_word(values.index)
    woz = "gemiddelde_woningwaarde"
    if woz in values:
        bad = values[woz].eq(0)
        if bad.any():
            out.append(
                tr(
                    "implausible_woz_zero",
                    indicator=_label(woz),
                    n=int(bad.sum()),
                    areas=areas,
                    example=_example(bad, "0"),
                )
            )
    if all(part in values for part in TENURE_PARTS):
        parts = values[list(TENURE_PARTS)]
        total = parts.sum(axis=1, min_count=len(TENURE_PARTS))
        bad = parts.notna().all(axis=1) & ((total - 100).abs() > TENURE_TOLERANCE)
        if bad.any():
            first = parts[bad].iloc[0]
            text = " + ".join(f"{v:g}" for v in first) + f" = {first.sum():g}"
            out.append(
                tr(
                    "implausible_tenure_sum",
                    n=int(bad.sum()),
                    areas=areas,
                    tolerance=f"{TENURE_TOLERANCE:g}",
                    example=_example(bad, text),
                )
            )
    people, dwellings = "aantal_inwoners", "woningvoorraad"
    if people in values and dwellings in values:
        bad = values[people].gt(0) & values[dwellings].eq(0)
        if bad.any():
            row = values[bad].iloc[0]
            text = f"{row[people]:g}"
            out.append(
                tr(
                    "implausible_people_no_dwellings",
                    indicator=_label(dwellings),
                    n=int(bad.sum()),
                    areas=areas,
                    example=_example(bad, text),
                )
            )
    return out


def water_flags(rows: pd.DataFrame, codes: pd.Index) -> pd.Series:
    """True for CBS water areas (water/H2O = JA; else a buurt code ending 9997/9998)."""
    col = find_column(list(rows.columns), WATER_FIELDS)
    if col is not None:
        flags = rows[col].astype(str).str.strip().str.upper().eq("JA").to_numpy()
    else:
        flags = np.array([is_water_code(c) for c in codes])
    return pd.Series(flags, index=codes, dtype=bool)


def names(rows: pd.DataFrame, codes: pd.Index, level: str) -> pd.Series:
    col = find_column(
        list(rows.columns), NAME_FIELDS[level] + STATLINE_NAME_FIELDS + ("regio", "wijkenenbuurten")
    )
    if col is None:
        return pd.Series([""] * len(codes), index=codes, dtype=object)
    return pd.Series(
        rows[col].fillna("").astype(str).str.strip().tolist(), index=codes, dtype=object
    )


def guess_vintage(rows: pd.DataFrame, source: str) -> int | None:
    """The data year: a `jaar` column, a jrstatcode (``2021BU…``) or a year in the file name."""
    col = find_column(list(rows.columns), YEAR_FIELDS)
    if col is not None:
        years = period_years(rows[col]).dropna()
        if len(years):
            return int(years.mode().iloc[0])
    col = find_column(list(rows.columns), ("jrstatcode", "jaarstatcode"))
    if col is not None:
        heads = rows[col].astype(str).str[:4]
        heads = heads[heads.str.isdigit()]
        if len(heads):
            return int(heads.mode().iloc[0])
    match = re.findall(r"(?<!\d)(20[0-3]\d|19[89]\d)(?!\d)", source)
    return int(match[-1]) if match else None


def duplicates_error(codes: pd.Index, path: object, key: str = "duplicate_codes") -> None:
    dup = codes[codes.duplicated()].unique().tolist()
    if dup:
        raise WijkkaartError(key, path=path, codes=short_list(dup))


def national_row(raw: pd.DataFrame, code_column: str) -> dict[str, float]:
    """KWB and StatLine tables carry the whole country as code NL00: keep its figures."""
    codes = raw[code_column].astype(str).str.strip().str.upper()
    rows = raw[codes.isin(["NL00", "NL01"])]
    if rows.empty:
        return {}
    formats = column_formats(raw, raw.attrs.get("separator"))  # decided on the whole table
    marks = {c: f.decimal for c, f in formats.items() if f.decimal}
    unclear = {c for c, f in formats.items() if f.ambiguous}  # the main conversion refuses them
    converted = convert_columns(
        rows.head(1), pd.Index(["NL00"]), skip={code_column, *unclear}, number_formats=marks
    )
    values = converted.values.iloc[0]
    return {k: float(v) for k, v in values.items() if pd.notna(v)}
