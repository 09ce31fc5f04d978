"""Crosswalk between buurt vintages: figures of an old division shown on the reference division.

CBS publishes no translation between vintages, and codes are reused for other places, so the
crosswalk is built from the geometries alone: every old buurt is cut by the new buurten, and each
overlap piece is weighted by the BAG verblijfsobjecten with a woonfunctie inside it (when a BAG
file is given) or by its area. ``aandeel`` is the share of the old buurt's weight that goes to
the new buurt; whatever falls outside the new division is kept as a remainder and reported.

Counts are apportioned by the shares. Rates and means are re-weighted by their catalogue weight
(itself apportioned as a count), ratios are recomputed from their apportioned parts, and
categories take the value of the old buurt that gives most weight. Totals are checked: the old
total equals the new total plus the remainder. Area weighting is what PySAL's ``tobler`` does in
``area_interpolate``; the tests compare both. We cut the pieces ourselves because tobler keeps
only a float32 area table, and the dwelling weights and the report need the pieces.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from scipy import sparse

from wijkkaart.catalogue import Catalogue, catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.messages import WijkkaartError, short_list, tr

DWELLINGS = "woningen"
AREA = "oppervlakte"
SIGNIFICANT = 0.01  # a piece under 1 % of a buurt's weight is an edge sliver in the explanation
WHOLE = 0.99  # at least 99 % of a buurt's weight counts as the whole buurt
MIN_OVERLAP = 0.5  # the two vintages must share at least half of the old area
MATRIX_COLUMNS = [
    "van",
    "naar",
    "aandeel",
    "gewicht",
    "gewogen_naar",
    "oppervlakte_m2",
    "opmerking",
]


@dataclass(frozen=True)
class Source:
    """One old buurt's contribution to a reference buurt."""

    code: str
    share_of_old: float  # aandeel: part of the old buurt's weight that goes here
    part_of_new: float  # part of this buurt's weight that comes from the old buurt


@dataclass(frozen=True)
class Derivation:
    """How a reference buurt's earlier figures were derived."""

    code: str
    kind: str  # unchanged | renamed | part | merged | composed | no_source
    sources: tuple[Source, ...]
    old_vintage: int | None = None
    weighting: str = AREA

    def text(self) -> str:
        """One sentence for the information panel and the print footnote."""
        main = [s for s in self.sources if s.part_of_new >= SIGNIFICANT] or list(self.sources)
        if self.kind == "no_source":
            return tr("xw_no_source", year=self.old_vintage or "?")
        if self.kind == "unchanged":
            return tr("xw_unchanged", year=self.old_vintage or "?")
        if self.kind == "renamed":
            return tr("xw_renamed", old=main[0].code, year=self.old_vintage or "?")
        if self.kind == "part":
            s = main[0]
            return tr("xw_part", old=s.code, pct=_pct(s.share_of_old), by=_by(self.weighting))
        if self.kind == "merged":
            olds = ", ".join(f"{s.code} ({_pct(s.part_of_new)})" for s in main)
            return tr("xw_merged", olds=olds)
        parts = ", ".join(
            tr("xw_piece", old=s.code, pct=_pct(s.share_of_old), part=_pct(s.part_of_new))
            for s in main
        )
        return tr("xw_composed", parts=parts, by=_by(self.weighting))


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%" if value >= 0.01 else f"{100 * value:.1f}%"


def _by(weighting: str) -> str:
    return tr("xw_by_dwellings" if weighting == DWELLINGS else "xw_by_area")


@dataclass
class Conservation:
    """Gemeente totals of one count before and after apportioning."""

    indicator: str
    old_total: float
    new_total: float
    outside: float

    @property
    def difference(self) -> float:
        return self.old_total - self.new_total - self.outside

    @property
    def holds(self) -> bool:
        return abs(self.difference) <= 1e-6 * max(1.0, abs(self.old_total))

    def text(self) -> str:
        key = "xw_conserved" if self.holds else "xw_not_conserved"
        return tr(
            key,
            indicator=self.indicator,
            old=_num(self.old_total),
            new=_num(self.new_total),
            outside=_num(self.outside),
        )


def _num(value: float) -> str:
    return f"{value:,.1f}".replace(",", " ").replace(".0", "") if abs(value) < 1e15 else "?"


@dataclass
class Apportioned:
    """Old figures on the reference buurten, with the checks that go with them."""

    frame: pd.DataFrame
    conservation: list[Conservation]
    methods: dict[str, str]
    notes: list[str] = field(default_factory=list)


@dataclass
class Crosswalk:
    """The apportioning matrix from one vintage to the reference vintage, with its explanation."""

    old_codes: list[str]
    new_codes: list[str]
    matrix: pd.DataFrame  # MATRIX_COLUMNS; ``naar`` is "" for the remainder outside
    derivations: dict[str, Derivation]
    weighting: str
    old_vintage: int | None = None
    new_vintage: int | None = None
    notes: list[str] = field(default_factory=list)

    def shares(self) -> sparse.csr_matrix:
        """Old × new matrix of ``aandeel`` (the remainder left out)."""
        inside = self.matrix[self.matrix["naar"] != ""]
        rows = pd.Index(self.old_codes).get_indexer(inside["van"])
        cols = pd.Index(self.new_codes).get_indexer(inside["naar"])
        shape = (len(self.old_codes), len(self.new_codes))
        return sparse.csr_matrix((inside["aandeel"].to_numpy(float), (rows, cols)), shape=shape)

    def weights(self) -> sparse.csr_matrix:
        """Old × new matrix of the weights of the pieces (dwellings or m²)."""
        inside = self.matrix[self.matrix["naar"] != ""]
        rows = pd.Index(self.old_codes).get_indexer(inside["van"])
        cols = pd.Index(self.new_codes).get_indexer(inside["naar"])
        shape = (len(self.old_codes), len(self.new_codes))
        return sparse.csr_matrix((inside["gewicht"].to_numpy(float), (rows, cols)), shape=shape)

    def remainder(self) -> pd.Series:
        """Share of each old buurt's weight that falls outside the new division (0 if none)."""
        outside = self.matrix[self.matrix["naar"] == ""].groupby("van")["aandeel"].sum()
        return outside.reindex(self.old_codes, fill_value=0.0)

    def footnote(self, years: list[int] | None = None) -> str:
        """'2017 omgerekend naar de buurtindeling van 2018, naar rato van woningen'; ``years``:
        the series years converted (else the old vintage's year)."""
        from wijkkaart.vintages import years_text

        old = years_text(years) if years else (self.old_vintage or "?")
        return tr("xw_footnote", old=old, new=self.new_vintage or "?", by=_by(self.weighting))

    def apportion(self, values: pd.DataFrame, cat: Catalogue | None = None) -> Apportioned:
        return apportion(self, values, cat)


def gemeente_codes(codes: list[str]) -> set[str]:
    return {"GM" + c[2:6] for c in codes if isinstance(c, str) and len(c) >= 6}


def dissolve_to_wijken(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Buurten merged into their wijken by code (BU02890101 lies in WK028901)."""
    codes = pd.Series(frame.index, index=frame.index)
    wijk = "WK" + codes.str[2:8]
    out = frame[[frame.geometry.name]].assign(_wijk=wijk.to_numpy()).dissolve(by="_wijk")
    out.index.name = "code"
    return out


def build_crosswalk(
    old: gpd.GeoDataFrame,
    new: gpd.GeoDataFrame,
    bag: gpd.GeoDataFrame | None = None,
    old_vintage: int | None = None,
    new_vintage: int | None = None,
    feedback: Feedback | None = None,
) -> Crosswalk:
    """Crosswalk from ``old`` to ``new`` (both indexed by code, EPSG:28992).

    ``bag`` holds BAG verblijfsobjecten as points; those with ``woonfunctie`` weigh the pieces.
    ``feedback``: progress after the overlay, the dwelling weights and the derivations, each
    a cancel point.
    """
    feedback = ensure(feedback)
    old_geoms = np.asarray(old.geometry.to_numpy(), dtype=object)
    new_geoms = np.asarray(new.geometry.to_numpy(), dtype=object)
    old_codes = [str(c) for c in old.index]
    new_codes = [str(c) for c in new.index]
    notes: list[str] = []
    _check_gemeenten(old_codes, new_codes, old_geoms, new_geoms)

    overlay = overlay_areas(old_geoms, new_geoms)
    feedback.progress(0.5)
    real = overlay.pieces > 0
    i_old, i_new, pieces = overlay.i_old[real], overlay.i_new[real], overlay.pieces[real]
    shapes = overlay.shapes[real]
    old_area = shapely.area(old_geoms)
    _check_overlap(old_area, pieces)

    area_out = np.maximum(old_area - np.bincount(i_old, pieces, len(old_codes)), 0.0)
    area_out[area_out < 1e-6 * np.maximum(old_area, 1.0)] = 0.0
    piece_weight = pieces.copy()
    out_weight = area_out.copy()
    weighted_by = np.full(len(old_codes), AREA, dtype=object)
    weighting = AREA
    if bag is not None:
        weighting = DWELLINGS
        piece_weight, out_weight, weighted_by = _dwelling_weights(
            bag, old_geoms, (i_old, i_new, pieces, shapes), overlay.same, area_out, old_codes, notes
        )

    feedback.progress(0.7)
    total = np.bincount(i_old, piece_weight, len(old_codes)) + out_weight
    share = piece_weight / np.where(total[i_old] > 0, total[i_old], 1.0)
    matrix = pd.DataFrame(
        {
            "van": [old_codes[i] for i in i_old],
            "naar": [new_codes[j] for j in i_new],
            "aandeel": share,
            "gewicht": piece_weight,
            "gewogen_naar": weighted_by[i_old],
            "oppervlakte_m2": pieces,
            "opmerking": "",
        }
    )
    outside = np.flatnonzero(area_out > 0)
    if len(outside):
        rest = pd.DataFrame(
            {
                "van": [old_codes[i] for i in outside],
                "naar": "",
                "aandeel": out_weight[outside] / np.where(total[outside] > 0, total[outside], 1),
                "gewicht": out_weight[outside],
                "gewogen_naar": weighted_by[outside],
                "oppervlakte_m2": area_out[outside],
                "opmerking": tr("xw_outside_note"),
            }
        )
        matrix = pd.concat([matrix, rest], ignore_index=True)
        big = [
            f"{old_codes[i]} ({_pct(area_out[i] / max(old_area[i], 1e-9))})"
            for i in outside
            if area_out[i] / max(old_area[i], 1e-9) >= SIGNIFICANT
        ]
        if big:
            notes.append(tr("xw_outside", n=len(big), codes=short_list(big)))
    matrix = matrix.sort_values(["van", "naar"], kind="stable").reset_index(drop=True)
    walk = Crosswalk(
        old_codes=old_codes,
        new_codes=new_codes,
        matrix=matrix[MATRIX_COLUMNS],
        derivations={},
        weighting=weighting,
        old_vintage=old_vintage,
        new_vintage=new_vintage,
        notes=notes,
    )
    feedback.progress(0.8)
    walk.derivations = _derive(walk, old, new)
    feedback.progress(1.0)
    moved = _moved_codes(walk)
    if moved:
        notes.append(tr("xw_code_moved", n=len(moved), codes=short_list(moved)))
    return walk


@dataclass
class Overlay:
    """Every pair of an old and a new area that intersect, with the area they share.

    ``same`` gives per old area the index of the new area with exactly its shape (-1 for none);
    ``shapes`` holds the cut pieces of the changed pairs (None for a twin: the old shape itself).
    """

    i_old: np.ndarray
    i_new: np.ndarray
    pieces: np.ndarray
    same: np.ndarray
    shapes: np.ndarray


def overlay_areas(old_geoms: np.ndarray, new_geoms: np.ndarray) -> Overlay:
    """The overlay of two divisions (see :class:`Overlay`).

    Most buurten do not change between vintages. A buurt whose shape is exactly the same in both
    (after normalising the vertex order) is matched without an overlay, and its other pairs are
    known to be edges only, because a CBS division is a partition. Only the changed buurten are
    cut, which makes a national crosswalk fast (bench/bench_crosswalk.py).
    """
    same_old, same_new = same_shapes(old_geoms, new_geoms)
    matched_old = np.zeros(len(old_geoms), dtype=bool)
    matched_new = np.zeros(len(new_geoms), dtype=bool)
    matched_old[same_old] = True
    matched_new[same_new] = True
    rest_old = np.flatnonzero(~matched_old)
    rest_new = np.flatnonzero(~matched_new)
    if len(rest_old) and len(rest_new):
        tree = shapely.STRtree(new_geoms[rest_new])
        a, b = tree.query(old_geoms[rest_old], predicate="intersects")
        a, b = rest_old[a], rest_new[b]
        cut = shapely.intersection(old_geoms[a], new_geoms[b])
        areas = shapely.area(cut)
    else:
        a = b = np.zeros(0, dtype=np.int64)
        cut = np.zeros(0, dtype=object)
        areas = np.zeros(0)
    same = np.full(len(old_geoms), -1, dtype=np.int64)
    same[same_old] = same_new
    return Overlay(
        i_old=np.concatenate([same_old, a]),
        i_new=np.concatenate([same_new, b]),
        pieces=np.concatenate([shapely.area(old_geoms[same_old]), areas]),
        same=same,
        shapes=np.concatenate([np.full(len(same_old), None, dtype=object), cut]),
    )


def same_shapes(old_geoms: np.ndarray, new_geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(old index, new index) of the areas whose shape is exactly the same in both vintages.

    Candidates share their bounds and vertex count (cheap arrays); only those are normalised
    (vertex order and start point) and compared exactly, coordinate by coordinate.
    """
    keys = ["minx", "miny", "maxx", "maxy", "n"]

    def key_frame(geoms: np.ndarray) -> pd.DataFrame:
        frame = pd.DataFrame(shapely.bounds(geoms), columns=keys[:4])
        return frame.assign(n=shapely.get_num_coordinates(geoms), i=np.arange(len(geoms)))

    first_new = key_frame(new_geoms).drop_duplicates(keys)
    pairs = key_frame(old_geoms).merge(first_new, on=keys, suffixes=("_old", "_new"))
    a = pairs["i_old"].to_numpy(np.int64)
    b = pairs["i_new"].to_numpy(np.int64)
    equal = shapely.equals_exact(
        shapely.normalize(old_geoms[a]), shapely.normalize(new_geoms[b]), tolerance=0.0
    )
    return a[equal], b[equal]


def _check_gemeenten(
    old_codes: list[str], new_codes: list[str], old_geoms: np.ndarray, new_geoms: np.ndarray
) -> None:
    old_gm, new_gm = gemeente_codes(old_codes), gemeente_codes(new_codes)
    if old_gm and new_gm and not old_gm & new_gm:
        overlap = shapely.area(
            shapely.intersection(shapely.union_all(old_geoms), shapely.union_all(new_geoms))
        )
        if overlap < MIN_OVERLAP * shapely.area(shapely.union_all(old_geoms)):
            raise WijkkaartError(
                "xw_other_gemeente", old=short_list(sorted(old_gm)), new=short_list(sorted(new_gm))
            )


def _check_overlap(old_area: np.ndarray, pieces: np.ndarray) -> None:
    total = float(old_area.sum())
    covered = float(pieces.sum())
    if total <= 0 or covered < MIN_OVERLAP * total:
        raise WijkkaartError("xw_no_overlap", pct=f"{100 * covered / max(total, 1e-9):.0f}")


def _locate(points: np.ndarray, geoms: np.ndarray) -> np.ndarray:
    """Index of the polygon that holds each point (-1 for none; the first on a shared edge)."""
    where = np.full(len(points), -1, dtype=np.int64)
    # The tree holds the points, so that each polygon is prepared once and tests its candidates.
    poly, pt = shapely.STRtree(points).query(geoms, predicate="intersects")
    order = np.argsort(pt, kind="stable")[::-1]  # the first hit per point wins
    where[pt[order]] = poly[order]
    return where


def _dwelling_weights(
    bag: gpd.GeoDataFrame,
    old_geoms: np.ndarray,
    overlay: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    same: np.ndarray,
    area_out: np.ndarray,
    old_codes: list[str],
    notes: list[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Dwellings per piece; an old buurt without dwellings keeps its area weights.

    Each dwelling is placed once in an old buurt (one query of all points). A dwelling in an
    unchanged buurt lies in its twin; the others are placed in the cut pieces of their own old
    buurt only (one query of those points against those pieces), so that every dwelling counts
    in exactly one piece of its buurt or in the remainder outside the new division.
    """
    i_old, i_new, pieces, shapes = overlay
    points = bag
    if "woonfunctie" in bag:
        points = bag[bag["woonfunctie"].astype(bool)]
    else:
        notes.append(tr("xw_bag_no_use"))
    geoms = np.asarray(points.geometry.to_numpy(), dtype=object)
    geoms = geoms[~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)]
    in_old = _locate(geoms, old_geoms)
    if not (in_old >= 0).any():
        raise WijkkaartError("xw_bag_outside", n=len(geoms))
    outside_all = int((in_old < 0).sum())
    if outside_all:
        notes.append(tr("xw_bag_some_outside", n=outside_all))
    geoms, in_old = geoms[in_old >= 0], in_old[in_old >= 0]
    n_old = len(old_geoms)
    piece_of = np.full(len(geoms), -1, dtype=np.int64)  # index into the pieces; -1: outside
    twin = same[in_old] >= 0
    # a dwelling in an unchanged buurt lies in its twin's piece (one piece per such buurt)
    twin_piece = np.full(n_old, -1, dtype=np.int64)
    is_twin = same[i_old] == i_new
    twin_piece[i_old[is_twin]] = np.flatnonzero(is_twin)
    piece_of[twin] = twin_piece[in_old[twin]]
    cut = np.flatnonzero(~is_twin & ~pd.isna(shapes))
    moved = np.flatnonzero(~twin)
    if len(moved) and len(cut):
        hit_piece, hit_point = shapely.STRtree(geoms[moved]).query(
            shapes[cut], predicate="intersects"
        )
        own = i_old[cut[hit_piece]] == in_old[moved[hit_point]]  # pieces of its own buurt only
        hit_piece, hit_point = hit_piece[own], hit_point[own]
        order = np.argsort(hit_point, kind="stable")[::-1]  # the first piece on an edge wins
        piece_of[moved[hit_point[order]]] = cut[hit_piece[order]]
    weight = np.bincount(piece_of[piece_of >= 0], minlength=len(i_old)).astype(float)
    out = np.bincount(in_old[piece_of < 0], minlength=n_old).astype(float)
    have = np.bincount(in_old, minlength=n_old) > 0
    by = np.where(have, DWELLINGS, AREA).astype(object)
    fallback = ~have[i_old]
    weight[fallback] = pieces[fallback]
    out[~have] = area_out[~have]
    if (~have).any():
        codes = [old_codes[i] for i in np.flatnonzero(~have)]
        notes.append(tr("xw_no_dwellings", n=len(codes), codes=short_list(codes)))
    return weight, out, by


def _derive(walk: Crosswalk, old: gpd.GeoDataFrame, new: gpd.GeoDataFrame) -> dict[str, Derivation]:
    matrix = walk.matrix
    inside = matrix[(matrix["naar"] != "") & (matrix["gewicht"] > 0)]
    target = pd.Index(walk.new_codes).get_indexer(inside["naar"])
    weight = inside["gewicht"].to_numpy(float)
    order = np.lexsort((-weight, target))
    target, weight = target[order], weight[order]
    van = inside["van"].to_numpy(object)[order]
    share = inside["aandeel"].to_numpy(float)[order]
    starts = np.searchsorted(target, np.arange(len(walk.new_codes)))
    ends = np.searchsorted(target, np.arange(len(walk.new_codes)), side="right")
    result: dict[str, Derivation] = {}
    for j, code in enumerate(walk.new_codes):
        lo, hi = starts[j], ends[j]
        total = float(weight[lo:hi].sum())
        if hi == lo or total <= 0:
            result[code] = Derivation(code, "no_source", (), walk.old_vintage, walk.weighting)
            continue
        sources = tuple(
            Source(str(van[k]), float(share[k]), float(weight[k]) / total) for k in range(lo, hi)
        )
        main = [s for s in sources if s.part_of_new >= SIGNIFICANT]
        if len(main) == 1 and main[0].share_of_old >= WHOLE:
            kind = "unchanged" if main[0].code == code else "renamed"
        elif len(main) == 1:
            kind = "part"
        elif all(s.share_of_old >= WHOLE for s in main):
            kind = "merged"
        else:
            kind = "composed"
        result[code] = Derivation(code, kind, sources, walk.old_vintage, walk.weighting)
    return result


def _moved_codes(walk: Crosswalk) -> list[str]:
    """Codes present in both vintages whose areas are not the same place (the code was reused)."""
    moved = []
    for code in sorted(set(walk.old_codes) & set(walk.new_codes)):
        if walk.derivations[code].kind != "unchanged":
            moved.append(code)
    return moved


# --- apportioning figures --------------------------------------------------------------------


def apportion(walk: Crosswalk, values: pd.DataFrame, cat: Catalogue | None = None) -> Apportioned:
    """``values`` (old codes × indicators) on the new buurten, by the catalogue's rules."""
    cat = cat or catalogue()
    values = values.reindex(walk.old_codes)
    shares = walk.shares()
    weights = walk.weights()
    totals = np.asarray(weights.sum(axis=0)).ravel()
    fractions = weights @ sparse.diags(1.0 / np.where(totals > 0, totals, 1.0))
    remainder = walk.remainder().to_numpy(float)
    out = pd.DataFrame(index=pd.Index(walk.new_codes, name=values.index.name or "code"))
    methods: dict[str, str] = {}
    conservation: list[Conservation] = []
    notes: list[str] = []
    numeric = [c for c in values.columns if pd.api.types.is_numeric_dtype(values[c])]

    def missing_part(column: np.ndarray) -> np.ndarray:
        return np.asarray(fractions.T @ np.isnan(column).astype(float)).ravel()

    def as_sum(column: np.ndarray) -> np.ndarray:
        result = np.asarray(shares.T @ np.nan_to_num(column)).ravel()
        result[missing_part(column) >= SIGNIFICANT] = np.nan
        result[totals <= 0] = np.nan
        return result

    def as_mean(column: np.ndarray, weight: np.ndarray) -> np.ndarray:
        known = ~np.isnan(column) & ~np.isnan(weight)
        w = np.where(known, weight, 0.0)
        num = np.asarray(shares.T @ (w * np.where(known, column, 0.0))).ravel()
        den = np.asarray(shares.T @ w).ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            result = np.where(den > 0, num / den, np.nan)
        result[missing_part(np.where(known, column, np.nan)) >= SIGNIFICANT] = np.nan
        return result

    def as_piece_mean(column: np.ndarray) -> np.ndarray:
        known = ~np.isnan(column)
        num = np.asarray(fractions.T @ np.where(known, column, 0.0)).ravel()
        den = np.asarray(fractions.T @ known.astype(float)).ravel()
        with np.errstate(invalid="ignore", divide="ignore"):
            result = np.where(den > 0, num / den, np.nan)
        result[missing_part(column) >= SIGNIFICANT] = np.nan
        return result

    for col in numeric:
        column = values[col].to_numpy(float)
        ind = cat.get(col)
        if ind is None:
            out[col] = as_piece_mean(column)
            methods[col] = "piece_mean"
            continue
        if ind.aggregation == "sum":
            out[col] = as_sum(column)
            methods[col] = "sum"
            filled = np.nan_to_num(column)
            conservation.append(
                Conservation(
                    col,
                    float(filled.sum()),
                    float(np.asarray(shares.T @ filled).sum()),
                    float((filled * remainder).sum()),
                )
            )
        elif ind.aggregation == "weighted_mean" and ind.weight in values:
            out[col] = as_mean(column, values[ind.weight].to_numpy(float))
            methods[col] = f"weighted_mean:{ind.weight}"
        elif ind.aggregation == "ratio" and ind.numerator in values and ind.denominator in values:
            num = as_sum(values[ind.numerator].to_numpy(float))
            den = as_sum(values[ind.denominator].to_numpy(float))
            with np.errstate(invalid="ignore", divide="ignore"):
                out[col] = np.where(den > 0, num / den * ind.scale, np.nan)
            methods[col] = "ratio"
        elif ind.aggregation in ("weighted_mean", "ratio"):
            out[col] = as_piece_mean(column)
            methods[col] = "piece_mean"
            notes.append(tr("xw_weight_missing", indicator=col, weight=ind.weight or "?"))
        else:
            out[col] = _dominant(fractions, column)
            methods[col] = "dominant"
    for col in values.columns:
        if col not in numeric:
            out[col] = _dominant(fractions, values[col].to_numpy(object))
            methods[col] = "dominant"
    return Apportioned(out, conservation, methods, notes)


def _dominant(fractions: sparse.csr_matrix, column: np.ndarray) -> np.ndarray:
    """Per new buurt, the value of the old buurt that gives it most weight."""
    dense_idx = np.asarray(fractions.argmax(axis=0)).ravel()
    has = np.asarray(fractions.sum(axis=0)).ravel() > 0
    result = np.asarray(column, dtype=object)[dense_idx]
    result = result.astype(object)
    result[~has] = None
    if np.asarray(column).dtype.kind == "f":
        return np.where(has, result, np.nan).astype(float)
    return result


def matrix_csv(walk: Crosswalk) -> str:
    """The matrix as CSV text: van, naar, aandeel, gewicht, gewogen_naar, oppervlakte_m2."""
    frame = walk.matrix.copy()
    frame["aandeel"] = frame["aandeel"].round(6)
    frame["gewicht"] = frame["gewicht"].round(3)
    frame["oppervlakte_m2"] = frame["oppervlakte_m2"].round(1)
    return frame.to_csv(index=False, lineterminator="\n")
