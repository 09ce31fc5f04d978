"""The profile of an area (a drawn focus area, a wijk, a selection of buurten).

Every indicator is aggregated as the catalogue says (see :mod:`aggregate`). Buurten that lie only
partly inside a drawn area count for the share of their area inside it: a polygon covering half of
a buurt gets half its inhabitants. That is an assumption (people spread evenly over the buurt),
so the profile says which buurten were apportioned.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from wijkkaart.analysis.aggregate import Aggregate, aggregate, custom_aggregation
from wijkkaart.analysis.spatial_index import area_index
from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback
from wijkkaart.io.codes import parent_code
from wijkkaart.io.dataset import AreaData
from wijkkaart.messages import WijkkaartError, reason_text, tr

FULL = 0.999  # a buurt this much inside counts as wholly inside
# A buurt less than half a percent inside is not in the area: it only touches it (a drawn edge
# along its boundary leaves slivers of a square metre), and the card would say "(0 %)" for it.
# Overvecht's focus area counted 13 buurten for its 10, three of them at 0.2-0.7 m2.
TOUCHING = 0.005


G4 = ("GM0363", "GM0599", "GM0518", "GM0344")  # Amsterdam, Rotterdam, Den Haag, Utrecht


@dataclass
class IndicatorProfile:
    indicator: str
    value: Aggregate
    gemeente: Aggregate  # the area's own gemeente(n), not the whole file
    file_wide: Aggregate | None = None  # "alle gemeenten in dit bestand", when there are several
    g4: Aggregate | None = None  # the four large cities together, when the data holds all four


@dataclass
class Profile:
    shares: pd.Series  # code -> share of the buurt inside the area (0..1]
    names: dict[str, str]
    indicators: dict[str, IndicatorProfile] = field(default_factory=dict)
    national: dict[str, float] = field(default_factory=dict)
    illustrative: set[str] = field(default_factory=set)  # indicators with voorbeeldgegevens
    gemeenten: list[str] = field(default_factory=list)  # the gemeente(n) the area lies in
    several_gemeenten: bool = False  # the file holds more gemeenten than the area touches
    has_g4: bool = False
    custom: dict[str, str] = field(default_factory=dict)  # custom indicator -> how aggregated

    @property
    def partial(self) -> list[str]:
        return [c for c, s in self.shares.items() if s < FULL]

    def to_dict(self) -> dict:
        """JSON-ready: indicators id -> {value, gemeente, weight, coverage}; buurten with shares."""
        from wijkkaart.catalogue import catalogue

        cat = catalogue()
        out = {}
        for key, item in self.indicators.items():
            ind = cat.get(key)
            entry = {
                "value": _json_value(item.value.value),
                "gemeente": _json_value(item.gemeente.value),
                "national": self.national.get(key),
                "weight": ind.weight if ind else None,
                "aggregation": ind.aggregation if ind else self.custom.get(key, "none"),
                "coverage": round(item.value.coverage, 6),
                "illustrative": key in self.illustrative,
            }
            if item.value.reason is not None:  # why the value is null, e.g. "no_weight"
                entry["reason"] = item.value.reason
                reason = item.value.reason
                entry["reason_text"] = (
                    tr("weight_missing") if reason == "no_weight" else reason_text(reason)
                )
            if item.file_wide is not None:
                entry["all_gemeenten_in_file"] = _json_value(item.file_wide.value)
            if item.g4 is not None:
                entry["g4"] = _json_value(item.g4.value)
            if item.value.distribution:
                entry["distribution"] = item.value.distribution
            if item.value.low is not None:
                entry["range"] = [item.value.low, item.value.high]
            out[key] = entry
        return {
            "gemeenten": self.gemeenten,
            "illustrative": bool(self.illustrative & set(self.indicators)),
            "indicators": out,
            "buurten": [
                {"code": c, "naam": self.names.get(c, ""), "share": round(float(s), 6)}
                for c, s in self.shares.items()
            ],
            "apportioned": self.partial,
        }


def _json_value(value: object) -> object:
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


def shares_for_polygon(
    areas: AreaData, polygon: shapely.Geometry, include_water: bool = False
) -> pd.Series:
    """Share of each buurt's area that lies inside ``polygon`` (EPSG:28992).

    Buurten that only touch the polygon (less than ``TOUCHING`` inside) are left out.
    """
    if polygon is None or polygon.is_empty:
        return pd.Series(dtype=float)
    index = area_index(areas, include_water)  # the one index of these data (spatial_index.py)
    candidates = index.tree.query(polygon, predicate="intersects")
    if not len(candidates):
        return pd.Series(dtype=float)
    chosen = index.geoms[candidates]
    # Buurten wholly inside need no (slow) intersection: test them against the prepared area.
    # Prepared on a copy: preparing changes the geometry in place, and the caller's focus area
    # may be in use by another job at the same time (two threads preparing one geometry crash
    # the process: seen with the profile job and the export preview job on one focus area).
    polygon = shapely.from_wkb(shapely.to_wkb(polygon))
    shapely.prepare(polygon)
    within = shapely.contains(polygon, chosen)
    share = np.ones(len(chosen))
    crossing = ~within
    if crossing.any():
        parts = chosen[crossing]
        inside = shapely.area(shapely.intersection(parts, polygon))
        total = shapely.area(parts)
        with np.errstate(invalid="ignore", divide="ignore"):
            share[crossing] = np.where(total > 0, inside / total, 0.0)
    result = pd.Series(np.clip(share, 0, 1), index=index.codes[candidates])
    result = result[result >= TOUCHING]
    result[result >= FULL] = 1.0
    return result.sort_index()


def shares_for_codes(areas: AreaData, codes: list[str]) -> pd.Series:
    unknown = [c for c in codes if c not in areas.frame.index]
    if unknown:
        raise WijkkaartError("profile_unknown_codes", codes=", ".join(unknown[:10]))
    frame = areas.statistics_frame()
    return pd.Series(1.0, index=[c for c in codes if c in frame.index])


def shares_for_wijk(areas: AreaData, wijk: str) -> pd.Series:
    codes = [c for c in areas.statistics_frame().index if parent_code(c, "wijk") == wijk]
    if not codes:
        raise WijkkaartError("profile_unknown_codes", codes=wijk)
    return pd.Series(1.0, index=codes)


def gemeenten_of(codes: Iterable[object]) -> list[str]:
    """The gemeente codes of CBS codes (``BU03440311`` -> ``GM0344``), sorted, without gaps."""
    return sorted({g for c in codes if (g := parent_code(str(c), "gemeente"))})


def _file_gemeenten(areas: AreaData, codes: pd.Index) -> list[str]:
    """:func:`gemeenten_of` every buurt in the file, once per data set: parsing 14,500 codes on
    every profile was half of a live profile's time on a national layer."""
    cache = areas.__dict__.setdefault("_file_gemeenten", {})
    key = id(areas.frame)
    hit = cache.get(key)
    if hit is None or hit[0] is not areas.frame:
        hit = cache[key] = (areas.frame, gemeenten_of(codes))
    return list(hit[1])


def _row_gemeenten(areas: AreaData, codes: pd.Index) -> pd.Index:
    """The gemeente code of every row, parsed once per data set (an atlas page per gemeente
    parsed all 14,500 codes again for every indicator)."""
    cache = areas.__dict__.setdefault("_row_gemeenten", {})
    key = (id(areas.frame), len(codes))
    hit = cache.get(key)
    if hit is None or hit[0] is not areas.frame or not (hit[1] is codes or hit[1].equals(codes)):
        owners = pd.Index([parent_code(str(c), "gemeente") for c in codes])
        hit = cache[key] = (areas.frame, codes, owners)
    return hit[2]


def gemeente_value(
    areas: AreaData, indicator: str, gemeenten: tuple[str, ...] | None = None
) -> Aggregate:
    """The value over the buurten of ``gemeenten`` (default: the whole file), cached per data set.

    Profiles update live while drawing, so each comparison is computed once.
    """
    cache = areas.__dict__.setdefault("_gemeente_values", {})
    key = (id(areas.frame), indicator, gemeenten)
    if key not in cache:
        stats = areas.statistics_frame()
        if gemeenten is not None:
            stats = stats[_row_gemeenten(areas, stats.index).isin(list(gemeenten))]
        cache[key] = aggregate(stats, indicator)
    return cache[key]


def profile(
    areas: AreaData,
    shares: pd.Series,
    indicators: list[str] | None = None,
    feedback: Feedback | None = None,
    polygon: shapely.Geometry | None = None,
    rasters: list[dict] | None = None,
) -> Profile:
    """Aggregate every indicator over the buurten in ``shares``, beside its own gemeente(n).

    In a file with several gemeenten an area is compared with the gemeente(n) it lies in, and
    the file-wide value is given apart as "alle gemeenten in dit bestand"; the G4 value (the four
    large cities together) is added when the data holds all four.
    """
    stats = areas.statistics_frame()
    columns = indicators or [*areas.indicators, *areas.custom]
    if stats.index.is_unique:
        # take() by position: .loc with an index intersection cost 3.5 ms of a 14 ms profile
        positions = stats.index.get_indexer(shares.index)
        inside = stats.take(np.sort(positions[positions >= 0]))
    else:
        inside = stats.loc[stats.index.intersection(shares.index)]
    names = areas.frame["naam"].reindex(shares.index).fillna("").astype(str)
    in_file = _file_gemeenten(areas, stats.index)
    own = tuple(gemeenten_of(shares.index)) or None
    several = len(in_file) > 1 and own is not None and set(own) != set(in_file)
    has_g4 = set(G4) <= set(in_file)
    result = Profile(
        shares=shares,
        names=dict(zip(shares.index, names, strict=True)),
        national=dict(areas.national),
        illustrative=set(areas.illustrative),
        gemeenten=list(own or ()),
        several_gemeenten=several,
        has_g4=has_g4,
    )
    for column in columns:
        if column not in catalogue():
            result.custom[column] = custom_aggregation(column, stats)
    for i, column in enumerate(columns):
        result.indicators[column] = IndicatorProfile(
            column,
            aggregate(inside, column, shares),
            gemeente_value(areas, column, own if several else None),
            gemeente_value(areas, column) if several else None,
            gemeente_value(areas, column, G4) if has_g4 else None,
        )
        if feedback is not None and i % 10 == 0:
            feedback.progress(i / len(columns))
    if polygon is not None and rasters:
        _raster_values(result, polygon, rasters, columns, feedback)
    if feedback is not None:
        feedback.progress(1.0)
    return result


def _raster_values(
    result: Profile,
    polygon: shapely.Geometry,
    rasters: list[dict],
    columns: list[str],
    feedback: Feedback | None = None,
) -> None:
    """Max and p90 of a drawn area read from the raster itself (they cannot be aggregated).

    ``rasters`` are the project's raster entries with a resolved ``path`` (and ``prefix``,
    ``nodata_is_zero``, ``threshold`` as in the project file); coverage is the share of the
    area with valid cells.
    """
    from wijkkaart.analysis.zonal import zonal_for_polygon

    for entry in rasters:
        prefix = entry.get("prefix", "raster")
        wanted = [c for c in (f"{prefix}_max", f"{prefix}_p90") if c in columns]
        if not wanted:
            continue
        if feedback is not None:
            feedback.check()  # between rasters: each read is one window
        stats = zonal_for_polygon(
            entry["path"],
            polygon,
            nodata_is_zero=bool(entry.get("nodata_is_zero")),
            threshold=entry.get("threshold"),
        )
        for column in wanted:
            value = stats[column.rsplit("_", 1)[1]]
            item = result.indicators[column]
            item.value = Aggregate(value, stats["coverage"] if np.isfinite(value) else 0.0)
