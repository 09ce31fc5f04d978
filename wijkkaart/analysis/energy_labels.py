"""Energy-label indicators per buurt: newest label per object, placement, counts and shares.

Everything works on integer arrays: BAG ids and address codes are int64, label classes int8.
An address-only label is resolved to its BAG id (through the BAG file, else through labels of
the same export that carry both) *before* duplicates are removed, so an old address-only label
and a newer one with a BAG id count as one dwelling (issue "Every number defensible", item 8).
BAG ids are located in buurten once, by a vectorised point-in-polygon; labels then find their
buurt by a sorted-array join on the id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from wijkkaart.catalogue import LABEL_CLASSES, LABEL_KEYS, label_score
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.bag import NO_ID, BagTable, Suffixes, read_bag_table
from wijkkaart.io.dataset import AreaData
from wijkkaart.io.eponline import SOURCE, LabelRows, read_label_rows
from wijkkaart.messages import short_list, tr


@dataclass
class LabelRead:
    """Dwelling labels kept after the recipe, with the counts of what was set aside.

    ``counts``: total (rows read), design, utility, bad_class, resolved (address-only labels
    matched to a BAG id), older (superseded by a newer label of the same object), kept.
    ``placement`` (after placing): placed, not_in_bag, no_coordinates, outside, no_bag_file.
    """

    labels: pd.DataFrame
    variant: str
    counts: dict[str, int] = field(default_factory=dict)
    skipped_lines: list[int] = field(default_factory=list)  # rows with a wrong number of fields
    warnings: list[str] = field(default_factory=list)
    source: str = ""
    placement: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """What the recipe kept and set aside, with the skipped rows by line number."""
        text = tr("ep_summary", **self.counts)
        if self.counts.get("resolved"):
            text += " " + tr("ep_resolved_by_address", n=self.counts["resolved"])
        if self.skipped_lines:
            lines = short_list([str(n) for n in self.skipped_lines])
            n = len(self.skipped_lines)
            text += " " + tr("ep_rows_skipped", n=n, path=self.source, lines=lines)
        return text

    def placement_summary(self) -> str | None:
        """Where the kept labels went: placed, or why not (None before placing)."""
        if not self.placement:
            return None
        return tr("ep_placement", kept=self.counts.get("kept", 0), **self.placement)

    def all_warnings(self) -> list[str]:
        """The summary, the placement and what the recipe noticed, for the user."""
        placed = self.placement_summary()
        return [self.summary(), *([placed] if placed else []), *self.warnings]


def _say(feedback: Feedback, fraction: float, key: str, **values: object) -> None:
    feedback.progress(fraction, tr(key, **values))


# --- newest label per object ------------------------------------------------------------------


def _lookup(
    want_addr: np.ndarray,
    want_suffix: np.ndarray,
    addr: np.ndarray,
    suffix: Suffixes,
    ids: np.ndarray,
) -> np.ndarray:
    """The id of each wanted address where exactly one id has it (else -1)."""
    candidates = (ids >= 0) & np.isin(addr, np.unique(want_addr))
    if not candidates.any():
        return np.full(len(want_addr), NO_ID, dtype=np.int64)
    known = pd.DataFrame(
        {"a": addr[candidates], "s": suffix.take(candidates), "id": ids[candidates]}
    ).drop_duplicates()
    known = known.drop_duplicates(["a", "s"], keep=False)  # an address with two ids: ambiguous
    wanted = pd.DataFrame({"a": want_addr, "s": want_suffix})
    found = wanted.merge(known, on=["a", "s"], how="left")["id"]
    return found.fillna(NO_ID).to_numpy(dtype=np.int64)


def resolve_addresses(rows: LabelRows, bag: BagTable | None) -> tuple[np.ndarray, int]:
    """(object key per row, number of address-only rows given a BAG id).

    Keys: the BAG verblijfsobject id, else the ligplaats/standplaats id, else the id found for
    the address (BAG file first, then labels of the same export that carry both), else a
    negative number per distinct address, else a negative number per row.
    """
    key = np.where(rows.vbo >= 0, rows.vbo, rows.other)
    need = (key < 0) & (rows.address >= 0)
    resolved = 0
    if need.any():
        idx = np.flatnonzero(need)
        want_suffix = rows.suffix.take(need)
        found = np.full(len(idx), NO_ID, dtype=np.int64)
        if bag is not None and len(bag):
            found = _lookup(rows.address[idx], want_suffix, bag.address, bag.suffix, bag.ids)
        still = found < 0
        if still.any():
            own = _lookup(
                rows.address[idx[still]], want_suffix[still], rows.address, rows.suffix, rows.vbo
            )
            found[still] = own
        key[idx[found >= 0]] = found[found >= 0]
        resolved = int((found >= 0).sum())
    rest = key < 0
    with_address = rest & (rows.address >= 0)
    if with_address.any():
        frame = pd.DataFrame({"a": rows.address[with_address], "s": rows.suffix.take(with_address)})
        codes, _ = pd.factorize(pd.MultiIndex.from_frame(frame))
        key[with_address] = -2 - codes.astype(np.int64)
    alone = rest & ~with_address
    offset = -2 - (int(with_address.sum()) + 1)
    key[alone] = offset - np.arange(int(alone.sum()), dtype=np.int64)
    return key, resolved


def newest_labels(rows: LabelRows, bag: BagTable | None = None) -> LabelRead:
    """The newest label (opnamedatum, then registratiedatum, then file order) per object."""
    key, resolved = resolve_addresses(rows, bag)
    when = np.maximum(rows.date, 0) * 100_000_000 + np.maximum(rows.registered, 0)
    order = np.lexsort((when, key))  # stable: ties keep file order
    sorted_key = key[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = sorted_key[1:] != sorted_key[:-1]
    keep = order[last]
    vbo = np.where(rows.vbo >= 0, rows.vbo, np.where((rows.other < 0) & (key >= 0), key, NO_ID))
    classes = np.asarray(LABEL_CLASSES, dtype=object)
    kept_vbo, kept_other = vbo[keep], rows.other[keep]
    labels = pd.DataFrame(
        {
            "label": classes[rows.label[keep]],
            "vbo": pd.arrays.IntegerArray(np.maximum(kept_vbo, 0), kept_vbo < 0),
            "other_id": pd.arrays.IntegerArray(np.maximum(kept_other, 0), kept_other < 0),
            "key": key[keep],
            "address": rows.address[keep],
            "date": rows.date[keep],
        }
    )
    if rows.x is not None and rows.y is not None:
        labels["x"] = rows.x[keep]
        labels["y"] = rows.y[keep]
    counts = {
        **rows.counts,
        "resolved": resolved,
        "older": len(rows) - len(keep),
        "kept": len(keep),
    }
    return LabelRead(
        labels,
        rows.variant,
        counts,
        skipped_lines=list(rows.skipped_lines),
        warnings=list(rows.warnings),
        source=rows.source,
    )


def read_eponline(path: str | Path, feedback: Feedback | None = None) -> LabelRead:
    """Read an EP-Online export and keep the newest label per object (no BAG file)."""
    return newest_labels(read_label_rows(path, feedback))


# --- point in polygon -------------------------------------------------------------------------


def locate_points(
    x: np.ndarray, y: np.ndarray, polygons: np.ndarray, feedback: Feedback | None = None
) -> np.ndarray:
    """Index of the polygon each point lies in or on (first in order wins), -1 outside all.

    Points are sorted into vertical strips about one polygon wide; each polygon tests only the
    points in its bounding box, with GEOS's prepared point-in-area locator. No point geometries
    are built, so 5 million points cost a few arrays of numbers.
    """
    feedback = ensure(feedback)
    n = len(x)
    out = np.full(n, -1, dtype=np.int64)
    ok = np.isfinite(x) & np.isfinite(y)
    polygons = np.asarray(polygons, dtype=object)
    if not ok.any() or not len(polygons):
        return out
    bounds = shapely.bounds(polygons)
    usable = np.flatnonzero(np.isfinite(bounds).all(axis=1))
    if not len(usable):
        return out
    b = bounds[usable]
    width = float(np.median(b[:, 2] - b[:, 0])) or 1.0
    x0 = float(b[:, 0].min())
    n_cols = int((b[:, 2].max() - x0) // width) + 1
    pts = np.flatnonzero(ok)
    px, py = x[pts], y[pts]
    col = np.clip(((px - x0) // width).astype(np.int64), -1, n_cols)
    y0, span = float(py.min()), float(py.max() - py.min()) + 1.0
    order = np.argsort((col + 1) * span + (py - y0))  # by strip, then y: one float sort
    pts, px, py, col = pts[order], px[order], py[order], col[order]
    starts = np.searchsorted(col, np.arange(-1, n_cols + 2))  # strip c: starts[c+1]..starts[c+2]
    found = np.full(len(pts), -1, dtype=np.int64)
    # prepared on copies: preparing changes a geometry in place, and the buurten are the open
    # document's, in use by other jobs at the same time (two threads preparing one geometry
    # crash the process; see analysis/profile.py)
    polygons = polygons.copy()
    polygons[usable] = shapely.from_wkb(shapely.to_wkb(polygons[usable]))
    shapely.prepare(polygons[usable])
    for count, (i, (minx, miny, maxx, maxy)) in enumerate(zip(usable, b, strict=True)):
        parts = []
        for c in range(int((minx - x0) // width), int((maxx - x0) // width) + 1):
            lo, hi = starts[c + 1], starts[c + 2]
            if lo == hi:
                continue
            a = lo + np.searchsorted(py[lo:hi], miny, "left")
            z = lo + np.searchsorted(py[lo:hi], maxy, "right")
            if a < z:
                inbox = (px[a:z] >= minx) & (px[a:z] <= maxx) & (found[a:z] < 0)
                parts.append(np.flatnonzero(inbox) + a)
        cand = np.concatenate(parts) if len(parts) > 1 else parts[0] if parts else None
        if cand is not None and len(cand):
            hit = shapely.intersects_xy(polygons[i], px[cand], py[cand])
            found[cand[hit]] = i
        if count % 50 == 0:  # a cancel point; the bar moves every 50 buurten
            feedback.progress(count / len(usable), tr("ep_progress_locating"))
    out[pts] = found
    return out


# --- placement --------------------------------------------------------------------------------


def place(
    read: LabelRead, bag: BagTable | None, areas: AreaData, feedback: Feedback | None = None
) -> np.ndarray:
    """Area index (into ``areas.frame``) of each kept label, -1 where it could not be placed.

    Fills ``read.placement`` with the reasons: no_bag_file, not_in_bag (id or address not in
    the BAG file), no_coordinates (a BAG point without x/y, or a label without id or address),
    outside (a point outside every buurt).
    """
    feedback = ensure(feedback)
    labels = read.labels
    n = len(labels)
    where = np.full(n, -1, dtype=np.int64)
    reason = np.full(n, "", dtype=object)
    polygons = areas.frame.geometry.to_numpy()
    key = labels["key"].to_numpy(dtype=np.int64)
    own_xy = np.zeros(n, dtype=bool)
    if "x" in labels and "y" in labels:
        lx, ly = labels["x"].to_numpy(dtype=float), labels["y"].to_numpy(dtype=float)
        own_xy = np.isfinite(lx) & np.isfinite(ly)
        if own_xy.any():
            where[own_xy] = locate_points(lx[own_xy], ly[own_xy], polygons, feedback.part(0, 0.5))
            reason[own_xy & (where < 0)] = "outside"
    rest = ~own_xy
    if bag is None:
        reason[rest] = np.where(key[rest] >= 0, "no_bag_file", "no_coordinates")
    else:
        bag_area = locate_bag(bag, areas, feedback.part(0.5, 1.0))
        match = np.zeros(n, dtype=bool)
        row = np.zeros(n, dtype=np.int64)
        if len(bag):
            order = np.argsort(bag.ids, kind="stable")
            pos = np.minimum(np.searchsorted(bag.ids[order], key), len(order) - 1)
            row = order[pos]
            match = bag.ids[row] == key
        hit = rest & (key >= 0) & match
        where[hit] = bag_area[row[hit]]
        has_xy = np.isfinite(bag.x[row]) & np.isfinite(bag.y[row]) if len(bag) else match
        reason[rest & ~hit] = "not_in_bag"
        reason[rest & (key < 0) & (labels["address"].to_numpy() < 0)] = "no_coordinates"
        reason[hit & (where < 0) & ~has_xy] = "no_coordinates"
        reason[hit & (where < 0) & has_xy] = "outside"
    reason[where >= 0] = ""
    read.placement = {
        "placed": int((where >= 0).sum()),
        "not_in_bag": int((reason == "not_in_bag").sum()),
        "no_coordinates": int((reason == "no_coordinates").sum()),
        "outside": int((reason == "outside").sum()),
        "no_bag_file": int((reason == "no_bag_file").sum()),
    }
    return where


def place_labels(labels: pd.DataFrame, areas: AreaData, bag: object = None) -> pd.Series:
    """The buurtcode of each label with RD ``x``/``y`` columns (None where it cannot be placed)."""
    x = labels["x"].to_numpy(dtype=float) if "x" in labels else np.full(len(labels), np.nan)
    y = labels["y"].to_numpy(dtype=float) if "y" in labels else np.full(len(labels), np.nan)
    where = locate_points(x, y, areas.frame.geometry.to_numpy())
    codes = np.asarray(areas.frame.index, dtype=object)
    found = np.where(where >= 0, codes[np.maximum(where, 0)], None)
    return pd.Series(found, index=labels.index, dtype=object)


def locate_bag(bag: BagTable, areas: AreaData, feedback: Feedback | None = None) -> np.ndarray:
    """Area index of every BAG point (its buurtcode column where it has no coordinates)."""
    where = locate_points(bag.x, bag.y, areas.frame.geometry.to_numpy(), feedback)
    if bag.buurtcode is not None:
        by_code = pd.Index(areas.frame.index).get_indexer(pd.Index(bag.buurtcode, dtype=object))
        where = np.where(where >= 0, where, by_code)
    return where


# --- counts and shares ------------------------------------------------------------------------


def count_matrix(where: np.ndarray, classes: np.ndarray, n_areas: int) -> np.ndarray:
    """Labels per area (rows) and class (columns, as LABEL_CLASSES); unplaced left out."""
    k = len(LABEL_CLASSES)
    ok = (where >= 0) & (classes >= 0)
    flat = where[ok].astype(np.int64) * k + classes[ok].astype(np.int64)
    return np.bincount(flat, minlength=n_areas * k).reshape(n_areas, k)


def aggregate_counts(
    matrix: np.ndarray, areas: AreaData, unplaced: int
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Counts and shares per buurt (indexed like ``areas``) plus their missing reasons."""
    warnings: list[str] = []
    if unplaced:
        warnings.append(tr("ep_unplaced", n=unplaced))
    index = areas.frame.index
    table = pd.DataFrame(matrix, index=index, columns=list(LABEL_CLASSES))
    values = pd.DataFrame(index=index)
    reasons = pd.DataFrame(index=index, dtype=object)
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
        reasons[column] = pd.Series("no_data", index=index).where(total == 0, None)
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
        why = pd.Series(None, index=index, dtype=object)
        if stock_reason is not None:
            why = stock_reason.reindex(index)
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


def aggregate_labels(
    labels: pd.DataFrame, codes: pd.Series, areas: AreaData
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Counts and shares per buurt (indexed like ``areas``) plus their missing reasons."""
    where = pd.Index(areas.frame.index).get_indexer(codes.to_numpy(dtype=object))
    classes = pd.Index(list(LABEL_CLASSES)).get_indexer(labels["label"].to_numpy(dtype=object))
    matrix = count_matrix(where, classes, len(areas.frame))
    unplaced = int(codes.isna().sum())
    return aggregate_counts(matrix, areas, unplaced)


def label_counts(
    ep_path: str | Path,
    areas: AreaData,
    bag_path: str | Path | None = None,
    feedback: Feedback | None = None,
) -> tuple[np.ndarray, LabelRead]:
    """The whole step up to the count matrix: read both files, newest label, locate, count."""
    feedback = ensure(feedback)
    ep_path = Path(ep_path)
    rows = read_label_rows(ep_path, feedback.part(0.0, 0.3))
    bag = None
    if bag_path is not None:
        _say(feedback, 0.3, "ep_progress_bag", path=Path(bag_path).name)
        bag = read_bag_table(bag_path, feedback.part(0.3, 0.55))
    _say(feedback, 0.55, "ep_progress_newest")
    read = newest_labels(rows, bag)
    if bag is not None:
        read.warnings.extend(bag.warnings)
    _say(feedback, 0.6, "ep_progress_locating")
    where = place(read, bag, areas, feedback.part(0.6, 0.95))
    classes = pd.Index(list(LABEL_CLASSES)).get_indexer(read.labels["label"].to_numpy())
    matrix = count_matrix(where, classes, len(areas.frame))
    return matrix, read


def energy_labels_per_buurt(
    ep_path: str | Path,
    areas: AreaData,
    bag_path: str | Path | None = None,
    feedback: Feedback | None = None,
) -> tuple[AreaData, LabelRead]:
    """Read, place and aggregate an EP-Online export; ``areas`` with label indicators added."""
    feedback = ensure(feedback)
    matrix, read = label_counts(ep_path, areas, bag_path, feedback)
    _say(feedback, 0.95, "ep_progress_counting")
    unplaced = len(read.labels) - read.placement.get("placed", 0)
    values, reasons, warnings = aggregate_counts(matrix, areas, unplaced)
    result = areas.add_columns(
        values,
        reasons,
        source=f"{SOURCE}: {Path(ep_path).name}",
        warnings=[*read.all_warnings(), *warnings],
    )
    _say(feedback, 1.0, "ep_progress_done", n=read.placement.get("placed", 0))
    return result, read
