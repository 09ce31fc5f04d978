"""What the panels offer for one AreaData, computed once per data version and off the GUI thread.

Taking a new document into the window filled the analysis panel (clusterable indicators, the
default cluster choice, whether the default rules can run), the style panel (the indicators
and those without figures) and the fit to the map (the bounds) on the GUI thread, each from its
own ``statistics_frame()``. With them made in the job, set_new_document on the synthetic
national layer takes a median 8-13 ms instead of 16-26 ms (40 gemeenten) and 13 ms instead of
51 ms (all 415), at a load of 3-4 on 2 CPUs. The job that builds a document calls
:func:`prepare_document` (a join, a data role or an analysis: :func:`prepare_state`), and the
views read :func:`summary_of`, which finds the parts made. A part nobody prepared is made
when first asked for, on the asking thread, and only that part: never more work than the view
did itself before.

Area data is never mutated in place (``layers/document.py``): a join, a data role or an analysis
makes a new AreaData, so the object is the data version. An entry holds its data only weakly,
is checked to be of that very object, and goes when the data goes; at most :data:`LIMIT`
entries are kept. An outline or point layer's frame has a summary of its bounds only (its
``attach`` too gives the layer a new frame, never changes the one it has).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeAlias, TypeVar

import geopandas as gpd

from wijkkaart.analysis.typology import (
    DEFAULT_HOUSING_RULES,
    clusterable_indicators,
    default_cluster_indicators,
    parse_rules,
    rules_refusal,
)
from wijkkaart.catalogue import catalogue
from wijkkaart.io.dataset import AreaData
from wijkkaart.lru import LruCache
from wijkkaart.places import Place, names_from_frames, places_of

__all__ = [
    "LIMIT",
    "SUMMARIES",
    "AnalysisOffer",
    "AreaSummary",
    "StyleChoices",
    "analysis_offer",
    "area_bounds",
    "prepare",
    "prepare_document",
    "prepare_state",
    "style_choices",
    "summary_of",
]

LIMIT = 8  # the base data, the data with analysis columns, and a few undo steps of each

Bounds = tuple[float, float, float, float]
Data: TypeAlias = AreaData | gpd.GeoDataFrame  # a layer's frame (outlines, points) has bounds only
T = TypeVar("T")


@dataclass(frozen=True)
class AnalysisOffer:
    """What the analysis panel offers on these data."""

    clusterable: tuple[str, ...]  # numbers a clustering can use (the typology tab's list)
    cluster_defaults: tuple[str, ...]  # ticked in that list (the CLI's default too)
    default_rules_run: bool  # the default housing rules can run here
    default_rules_empty: tuple[str, ...]  # when they cannot: their indicators without figures


@dataclass(frozen=True)
class StyleChoices:
    """What the style panel's indicator pickers list."""

    columns: tuple[str, ...]  # the indicators and custom columns, no year columns
    without_figures: Mapping[str, str]  # of those, the ones with no figure at all: reason key


def analysis_offer(areas: AreaData) -> AnalysisOffer:
    """Computed afresh (the cache is :func:`summary_of`)."""
    rules = parse_rules(DEFAULT_HOUSING_RULES)
    runs = rules_refusal(areas, rules) is None
    empty: list[str] = []
    if not runs:
        stats = areas.statistics_frame()
        used = list(dict.fromkeys(c.indicator for r in rules for c in r.conditions))
        empty = [c for c in used if c not in stats or stats[c].notna().sum() == 0] or used
    return AnalysisOffer(
        clusterable=tuple(clusterable_indicators(areas)),
        cluster_defaults=tuple(default_cluster_indicators(areas)),
        default_rules_run=runs,
        default_rules_empty=tuple(empty),
    )


def style_choices(areas: AreaData) -> StyleChoices:
    """Computed afresh (the cache is :func:`summary_of`)."""
    cat = catalogue()
    columns = [
        column
        for column in [*areas.indicators, *areas.custom]
        if (entry := cat.get(column)) is None or entry.kind != "year"
    ]
    return StyleChoices(tuple(columns), MappingProxyType(areas.without_figures(columns)))


def area_bounds(data: AreaData | gpd.GeoDataFrame) -> Bounds | None:
    """The bounds of the shapes of area data or of a layer's frame (outlines, points); None
    when none has a shape. Computed afresh."""
    frame = data.frame if isinstance(data, AreaData) else data
    shapes = frame.geometry.values  # the array: building a Series cost more than the bounds
    if not len(shapes) or shapes.isna().all():
        return None
    box = shapes.total_bounds
    return (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


class AreaSummary:
    """The parts of one AreaData's summary, each made once (on whichever thread asks first).

    Holds its data weakly: the cache must not keep a closed document's data alive.
    """

    def __init__(self, areas: Data) -> None:
        self._ref = weakref.ref(areas)
        self._parts: dict[str, Any] = {}

    def _part(self, name: str, make: Callable[[Any], T]) -> T:
        if name not in self._parts:
            areas = self._ref()
            if areas is None:  # only reachable through summary_of, which holds the data
                raise LookupError("the data of this summary are gone")
            # No lock: two threads making the same part make equal values; one is kept.
            self._parts.setdefault(name, make(areas))
        return self._parts[name]

    @property
    def analysis(self) -> AnalysisOffer:
        return self._part("analysis", analysis_offer)

    @property
    def style(self) -> StyleChoices:
        return self._part("style", style_choices)

    @property
    def bounds(self) -> Bounds | None:
        return self._part("bounds", area_bounds)

    def places(self, frames: Sequence[gpd.GeoDataFrame | None]) -> list[Place]:
        """What the search field finds on these areas, named from the outline ``frames``
        (the document's other layers): made once per data version and set of frames."""
        shown = tuple(f for f in frames if f is not None)
        refs, made = self._parts.get("places", ((), None))
        same = made is not None and len(refs) == len(shown)
        if same and all(ref() is frame for ref, frame in zip(refs, shown, strict=True)):
            return made
        areas = self._ref()
        if areas is None:
            raise LookupError("the data of this summary are gone")
        places = places_of(areas, names_from_frames(shown))
        self._parts["places"] = (tuple(weakref.ref(f) for f in shown), places)
        return places


class _Summaries:
    """The cache: id(areas) -> (weak reference to areas, its summary)."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._items: LruCache[tuple[weakref.ref, AreaSummary]] = LruCache(limit)
        self._gone: list[tuple[int, weakref.ref]] = []  # data that went, purged at the next use

    def get(self, areas: Data) -> AreaSummary:
        self._purge()
        key = id(areas)
        hit = self._items.get(key)
        if hit is not None and hit[0]() is areas:
            return hit[1]

        # The callback only notes the key: it may run inside a garbage collection on any
        # thread, even one that holds the cache's lock, so it must not take that lock.
        def went(gone: weakref.ref, key: int = key) -> None:
            self._gone.append((key, gone))

        ref = weakref.ref(areas, went)
        summary = AreaSummary(areas)
        self._items.put(key, (ref, summary))
        return summary

    def _purge(self) -> None:
        """Drop the entries of data that went (unless the key was taken by newer data)."""
        while self._gone:
            key, gone = self._gone.pop()
            hit = self._items.get(key)
            if hit is not None and hit[0] is gone:
                self._items.drop(key.__eq__)

    def __len__(self) -> int:
        self._purge()
        return len(self._items)


SUMMARIES = _Summaries()


def summary_of(areas: Data) -> AreaSummary:
    """The (cached) summary of ``areas``; its parts are made by :func:`prepare` or on use."""
    return SUMMARIES.get(areas)


PARTS = ("analysis", "style", "bounds")
SHOWN = ("style", "bounds")  # what the views ask of data with analysis columns (layers' data)


def prepare(datas: Iterable[AreaData | None], parts: Iterable[str] = PARTS) -> None:
    """Make these ``parts`` of the summaries a document's views will ask for: call it in the
    job that builds the data (any thread), so that showing them costs the GUI thread nothing."""
    wanted = tuple(parts)
    for areas in datas:
        if areas is not None:
            summary = summary_of(areas)
            for name in wanted:
                getattr(summary, name)  # made here, kept


def prepare_document(document: Any) -> None:
    """:func:`prepare` for what a MapDocument shows: the analysis panel's offer of its data
    without analysis columns, the style choices and bounds of every area layer's data, and the
    bounds of the outline and point layers' frames (the fit to the map: 8 ms for the national
    outlines) and the search field's places (0.3 s there). Typed loosely: analysis/ does not
    import layers/."""
    layers = list(getattr(document, "layers", None) or [])
    prepare([document.base_areas])
    prepare([document.areas, *(getattr(x, "data", None) for x in layers)], SHOWN)
    frames = [getattr(x, "frame", None) for x in layers]
    for frame in frames:
        if frame is not None:
            summary_of(frame).bounds  # noqa: B018 (made here, kept)
    # the search field's places, of the top area layer (the one a new window searches)
    top = next((x.data for x in reversed(layers) if getattr(x, "data", None) is not None), None)
    if isinstance(top, AreaData):
        summary_of(top).places(frames)


def prepare_state(state: Any) -> Any:
    """:func:`prepare_document` for a DataState a job computed (a join, a data role, an
    analysis, another reference vintage), so the views that follow the data find its summary
    made; the frames of layers it brings (outlines dissolved anew) get their bounds. Returns
    ``state``."""
    prepare([state.base_areas])
    prepare([state.areas], SHOWN)
    layers = [*(state.layers or ()), *(layer for _, layer in state.added)]
    for frame in (getattr(x, "frame", None) for x in layers):
        if frame is not None:
            summary_of(frame).bounds  # noqa: B018 (made here, kept)
    return state
