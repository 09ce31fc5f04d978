"""EP-Online energy labels (RVO open data CSV) aggregated per buurt.

Recipe (as the register requires): drop design-stage labels (status *Vergunningsaanvraag*) and
non-dwellings (gebouwklasse U), keep the newest label per address (BAG verblijfsobject, else
ligplaats/standplaats, else postcode + huisnummer), place each label in a buurt (x/y in the file,
or through a BAG address file by id or by address), then count per class and divide by the
dwelling stock so that the large "no label" share stays visible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from wijkkaart.catalogue import LABEL_CLASSES, LABEL_KEYS, label_score
from wijkkaart.io.codes import normalise_codes
from wijkkaart.io.dataset import RD_NEW, AreaData
from wijkkaart.io.missing import parse_numbers
from wijkkaart.io.numbers import column_formats
from wijkkaart.io.tables import (
    SNIFF_BYTES,
    column_names,
    decode_text,
    message_names,
    read_table_raw,
    safe_name,
    sniff_delimiter,
    split_rows,
)
from wijkkaart.messages import WijkkaartError, short_list, tr

SOURCE = "EP-Online (RVO)"

# Normalised column name (lower case, without "pand_" and separators) -> our field.
_FIELDS = {
    "label": ("energieklasse", "labelletter", "energielabel"),
    "vbo": ("bagverblijfsobjectid", "verblijfsobjectid", "vboid"),
    "ligplaats": ("bagligplaatsid", "ligplaatsid"),
    "standplaats": ("bagstandplaatsid", "standplaatsid"),
    "date": ("opnamedatum",),
    "registered": ("registratiedatum",),
    "status": ("status",),
    "klasse": ("gebouwklasse",),
    "postcode": ("postcode",),
    "huisnummer": ("huisnummer",),
    "huisletter": ("huisletter",),
    "toevoeging": ("huisnummertoevoeging", "huisnummertoev", "toevoeging"),
    "x": ("x", "xcoord", "xcoordinaat", "rdx"),
    "y": ("y", "ycoord", "ycoordinaat", "rdy"),
}


def _norm(name: str) -> str:
    name = name.strip().lower()
    name = re.sub(r"^pand_", "", name)
    return re.sub(r"[^a-z0-9]", "", name)


def _field_columns(columns: list[str]) -> dict[str, str]:
    by_norm = {}
    for col in columns:
        by_norm.setdefault(_norm(col), col)
    found = {}
    for key, candidates in _FIELDS.items():
        for cand in candidates:
            if cand in by_norm:
                found[key] = by_norm[cand]
                break
    return found


@dataclass
class LabelRead:
    """Dwelling labels kept after the recipe, with the counts of what was set aside."""

    labels: pd.DataFrame
    variant: str
    counts: dict[str, int] = field(default_factory=dict)
    skipped_lines: list[int] = field(default_factory=list)  # rows with a wrong number of fields
    warnings: list[str] = field(default_factory=list)

    source: str = ""

    def summary(self) -> str:
        """What the recipe kept and set aside, with the skipped rows by line number."""
        text = tr("ep_summary", **self.counts)
        if self.skipped_lines:
            lines = short_list([str(n) for n in self.skipped_lines])
            n = len(self.skipped_lines)
            text += " " + tr("ep_rows_skipped", n=n, path=self.source, lines=lines)
        return text

    def all_warnings(self) -> list[str]:
        """The summary and what the recipe noticed, for the user."""
        return [self.summary(), *self.warnings]


_MAX_BAD_SHARE = 0.5  # more shifted rows than this: not an EP-Online export at all


def read_eponline(path: str | Path) -> LabelRead:
    """Read an EP-Online CSV export (v2, its 2023 variant, or v4 with preamble lines).

    A row with more or fewer fields than the header is skipped and reported by line number,
    never read with its columns shifted.
    """
    path = Path(path)
    text = decode_text(path)
    head = text[:SNIFF_BYTES].split("\n", 50)[:50]
    header_at = next(
        (i for i, line in enumerate(head) if re.search(r"energieklasse|labelletter", line, re.I)),
        None,
    )
    if header_at is None:
        first = next((line for line in head if line.strip()), "")
        raise WijkkaartError("ep_unknown_header", path=path, columns=_header_names(first))
    for _ in range(header_at):
        text = text[text.find("\n") + 1 :]
    sample = [line for line in text[:SNIFF_BYTES].splitlines() if line.strip()][:50]
    sep = sniff_delimiter(sample[0], sample[1:])
    split = split_rows(text, sep, path, first_line=header_at + 1, skip_bad=True)
    total = len(split.rows) + len(split.bad_lines)
    if split.bad_lines and len(split.bad_lines) > _MAX_BAD_SHARE * total:
        raise WijkkaartError(
            "ep_too_many_bad_rows",
            path=path,
            n=len(split.bad_lines),
            total=total,
            lines=short_list([str(n) for n in split.bad_lines]),
        )
    raw = pd.DataFrame(split.rows, columns=column_names(split.header), dtype=object)
    cols = _field_columns(list(raw.columns))
    if "label" not in cols or not ({"vbo", "postcode"} & cols.keys() or {"x", "y"} <= cols.keys()):
        raise WijkkaartError("ep_unknown_header", path=path, columns=_header_names(sample[0], sep))
    raw.attrs["separator"] = sep
    variant = "v4" if header_at > 0 else "v2-2023" if "huisletter" in cols else "v2"
    read = _apply_recipe(raw, cols, variant, path)
    read.skipped_lines = split.bad_lines
    read.source = path.name
    return read


def _header_names(line: str, sep: str | None = None) -> str:
    """Column names of a header line for a message (only what looks like a column name)."""
    sep = sep or sniff_delimiter(line)
    return message_names([n.strip().strip('"') for n in line[:2000].split(sep)[:50]], 8)


def _apply_recipe(
    raw: pd.DataFrame, cols: dict[str, str], variant: str, path: object = ""
) -> LabelRead:
    def col(key: str) -> pd.Series:
        if key in cols:
            return raw[cols[key]].astype(str).str.strip()
        return pd.Series([""] * len(raw), index=raw.index)

    total = len(raw)
    design = col("status").str.lower().eq("vergunningsaanvraag")
    utility = col("klasse").str.upper().eq("U")
    label = col("label").str.upper().str.replace(" ", "", regex=False)
    bad_class = ~label.isin(LABEL_CLASSES) & ~design & ~utility
    keep = ~design & ~utility & ~bad_class
    frame = pd.DataFrame(
        {
            "label": label,
            "vbo": col("vbo").str.replace(r"^NL\.IMBAG\.Verblijfsobject\.", "", regex=True),
            "postcode": col("postcode").str.upper().str.replace(" ", "", regex=False),
            "huisnummer": col("huisnummer").str.replace(r"\.0$", "", regex=True),
            "huisletter": col("huisletter").str.upper(),
            "toevoeging": col("toevoeging").str.upper(),
            "date": pd.to_datetime(col("date"), format="mixed", errors="coerce"),
            "registered": pd.to_datetime(col("registered"), format="mixed", errors="coerce"),
        }
    )
    warnings = _coordinates(frame, raw, cols)
    if "ligplaats" in cols or "standplaats" in cols:
        frame["other_id"] = col("ligplaats").where(col("ligplaats") != "", col("standplaats"))
    else:
        frame["other_id"] = ""
    frame = frame[keep]
    frame["vbo"] = frame["vbo"].where(frame["vbo"] == "", frame["vbo"].str.zfill(16))
    frame["address"] = _address_key(frame)
    frame["key"] = np.where(
        frame["vbo"] != "",
        "v" + frame["vbo"],
        np.where(frame["other_id"] != "", "o" + frame["other_id"], "a" + frame["address"]),
    )
    frame = frame.sort_values(["key", "date", "registered"], na_position="first", kind="stable")
    newest = frame.drop_duplicates("key", keep="last")
    counts = {
        "total": total,
        "design": int(design.sum()),
        "utility": int(utility.sum()),
        "bad_class": int(bad_class.sum()),
        "older": len(frame) - len(newest),
        "kept": len(newest),
    }
    return LabelRead(newest.reset_index(drop=True), variant, counts, warnings=warnings)


def _coordinates(frame: pd.DataFrame, raw: pd.DataFrame, cols: dict[str, str]) -> list[str]:
    """x/y read with the number parser (155.000,5 and 155000.5 both), into ``frame``."""
    keys = [k for k in ("x", "y") if k in cols]
    if not keys:
        return []
    formats = column_formats(raw[[cols[k] for k in keys]], raw.attrs.get("separator"))
    warnings = []
    for key in keys:
        fmt = formats[cols[key]]
        if fmt.ambiguous:
            raise WijkkaartError(
                fmt.ambiguous, columns=f"'{safe_name(cols[key])}'", column_names=[cols[key]]
            )
        parsed = parse_numbers(raw[cols[key]], fmt)
        frame[key] = parsed.numbers
        if parsed.non_finite:
            warnings.append(
                tr("numbers_not_finite", column=safe_name(cols[key]), n=parsed.non_finite)
            )
    return warnings


def _address_key(frame: pd.DataFrame) -> pd.Series:
    return (
        frame["postcode"]
        + "|"
        + frame["huisnummer"]
        + "|"
        + frame["huisletter"]
        + "|"
        + frame["toevoeging"]
    )


def read_bag_addresses(path: str | Path) -> pd.DataFrame:
    """A BAG address file (CSV/XLSX with x/y, or a point layer): id, address, x, y, buurtcode."""
    path = Path(path)
    if path.suffix.lower() in (".csv", ".txt", ".xlsx"):
        raw = read_table_raw(path)
    else:
        from wijkkaart.io.vector import read_vector

        points = read_vector(path).frame
        raw = pd.DataFrame(points.drop(columns="geometry")).astype(str)
        raw["x"] = points.geometry.x.astype(str)
        raw["y"] = points.geometry.y.astype(str)
    cols = _field_columns(list(raw.columns))
    for alias in ("identificatie", "id", "bagid"):
        if "vbo" not in cols:
            hit = [c for c in raw.columns if _norm(c) == alias]
            if hit:
                cols["vbo"] = hit[0]
    code_col = next((c for c in raw.columns if _norm(c) in ("buurtcode", "bucode")), None)
    if not ({"vbo", "postcode"} & cols.keys()):
        raise WijkkaartError(
            "bag_unreadable",
            path=path,
            what="verblijfsobject-id of postcode",
            columns=short_list(list(raw.columns), 8),
        )
    if not ({"x", "y"} <= cols.keys() or code_col):
        raise WijkkaartError(
            "bag_unreadable",
            path=path,
            what="x/y of buurtcode",
            columns=short_list(list(raw.columns), 8),
        )

    def col(key: str) -> pd.Series:
        if key in cols:
            return raw[cols[key]].astype(str).str.strip()
        return pd.Series([""] * len(raw), index=raw.index)

    bag = pd.DataFrame(
        {
            "vbo": col("vbo").str.replace(r"\.0$", "", regex=True),
            "postcode": col("postcode").str.upper().str.replace(" ", "", regex=False),
            "huisnummer": col("huisnummer").str.replace(r"\.0$", "", regex=True),
            "huisletter": col("huisletter").str.upper(),
            "toevoeging": col("toevoeging").str.upper(),
        }
    )
    bag["vbo"] = bag["vbo"].where(bag["vbo"] == "", bag["vbo"].str.zfill(16))
    bag["address"] = _address_key(bag)
    raw.attrs.setdefault("separator", None)
    for key in ("x", "y"):
        if key not in cols:
            bag[key] = np.nan
    _coordinates(bag, raw, {k: cols[k] for k in ("x", "y") if k in cols})
    bag["buurtcode"] = normalise_codes(raw[code_col], "buurt") if code_col else None
    return bag


def place_labels(labels: pd.DataFrame, areas: AreaData, bag: pd.DataFrame | None) -> pd.Series:
    """The buurtcode of each label (None where it cannot be placed)."""
    x = labels["x"] if "x" in labels else pd.Series(np.nan, index=labels.index)
    y = labels["y"] if "y" in labels else pd.Series(np.nan, index=labels.index)
    code = pd.Series([None] * len(labels), index=labels.index, dtype=object)
    if bag is not None:
        by_vbo = bag[bag["vbo"] != ""].drop_duplicates("vbo").set_index("vbo")
        by_addr = bag[bag["postcode"] != ""].drop_duplicates("address").set_index("address")
        for target, source in (("x", "x"), ("y", "y"), ("code", "buurtcode")):
            from_vbo = labels["vbo"].map(by_vbo[source]) if len(by_vbo) else None
            from_addr = labels["address"].map(by_addr[source]) if len(by_addr) else None
            found = from_vbo if from_vbo is not None else pd.Series(np.nan, index=labels.index)
            if from_addr is not None:
                found = found.where(found.notna(), from_addr)
            if target == "x":
                x = x.where(x.notna(), found)
            elif target == "y":
                y = y.where(y.notna(), found)
            else:
                code = found.astype(object).where(found.notna(), None)
    need = code.isna() & x.notna() & y.notna()
    if need.any() and areas.has_geometry:
        points = gpd.GeoDataFrame(
            index=labels.index[need], geometry=gpd.points_from_xy(x[need], y[need]), crs=RD_NEW
        )
        polygons = areas.frame[["geometry"]].reset_index()
        joined = gpd.sjoin(points, polygons, predicate="within", how="left")
        joined = joined[~joined.index.duplicated(keep="first")]
        code.loc[joined.index] = joined["code"].where(joined["code"].notna(), None)
    return code


def aggregate_labels(
    labels: pd.DataFrame, codes: pd.Series, areas: AreaData
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Counts and shares per buurt (indexed like ``areas``) plus their missing reasons."""
    warnings: list[str] = []
    placed = labels.assign(code=codes.to_numpy())
    unplaced = int(placed["code"].isna().sum())
    if unplaced:
        warnings.append(tr("ep_unplaced", n=unplaced))
    placed = placed[placed["code"].isin(areas.frame.index)]
    table = pd.crosstab(placed["code"], placed["label"]).reindex(
        index=areas.frame.index, columns=list(LABEL_CLASSES), fill_value=0
    )
    values = pd.DataFrame(index=areas.frame.index)
    reasons = pd.DataFrame(index=areas.frame.index, dtype=object)
    total = table.sum(axis=1).astype(float)
    values["aantal_energielabels"] = total
    for cls in LABEL_CLASSES:
        values[f"aantal_energielabel_{LABEL_KEYS[cls]}"] = table[cls].astype(float)
    efg = table[["E", "F", "G"]].sum(axis=1)
    points = sum(table[cls] * label_score(cls) for cls in LABEL_CLASSES)
    labelled = total.where(total > 0)
    values["percentage_energielabel_e_tot_g"] = efg / labelled * 100
    values["gemiddelde_labelscore"] = points / labelled
    for column in ("percentage_energielabel_e_tot_g", "gemiddelde_labelscore"):
        reasons[column] = pd.Series("no_data", index=values.index).where(total == 0, None)
    if "woningvoorraad" in areas.frame:
        stock = areas.frame["woningvoorraad"].astype(float)
        over = stock.notna() & (total > stock)
        if over.any():
            warnings.append(
                tr(
                    "ep_more_labels_than_dwellings",
                    n=int(over.sum()),
                    codes=short_list(over[over].index.tolist()),
                )
            )
        denominator = np.maximum(stock, total).where(stock > 0)
        stock_reason = areas.reasons.get("woningvoorraad", None)
        why = pd.Series(None, index=values.index, dtype=object)
        if stock_reason is not None:
            why = stock_reason.reindex(values.index)
        why = why.where(why.notna() | denominator.notna(), "undefined")
        for cls in LABEL_CLASSES:
            column = f"percentage_energielabel_{LABEL_KEYS[cls]}"
            values[column] = table[cls] / denominator * 100
            reasons[column] = why
        values["percentage_geen_energielabel"] = (denominator - total) / denominator * 100
        reasons["percentage_geen_energielabel"] = why
    else:
        warnings.append(tr("ep_no_stock"))
    return values, reasons.reindex(columns=values.columns), warnings


def energy_labels_per_buurt(
    ep_path: str | Path, areas: AreaData, bag_path: str | Path | None = None
) -> tuple[AreaData, LabelRead]:
    """Read, place and aggregate an EP-Online export; ``areas`` with label indicators added."""
    read = read_eponline(ep_path)
    bag = read_bag_addresses(bag_path) if bag_path else None
    codes = place_labels(read.labels, areas, bag)
    values, reasons, warnings = aggregate_labels(read.labels, codes, areas)
    result = areas.add_columns(
        values,
        reasons,
        source=f"{SOURCE}: {Path(ep_path).name}",
        warnings=[*read.all_warnings(), *warnings],
    )
    return result, read
