"""One spatial index per area data set, built once per data version and shared by every caller.

The workspace (identify, lasso), the profile of a drawn area, the neighbouring buurten and the
buurten of a focus area (the trend, the small multiples) each kept or built their own STRtree
over the same buurten: the workspace per (layer uid, data version), the profile on the
AreaData's ``__dict__``, the neighbours and ``codes_inside`` afresh on every call. They all ask
:func:`area_index` now.

Area data is never mutated in place (``layers/document.py``): a join, a data role or an analysis
makes a new AreaData, so the object is the data version, as in :mod:`data_summary`. An entry
holds its data only weakly, is checked to be of that very object (and its very frame), goes when
the data goes, and at most :data:`LIMIT` entries are kept.

Jobs on two threads may ask at once: an index is built under its entry's lock, so it is built
once and whole. The index holds the frame's own geometry objects (a copy of the array, not of
the shapes): callers must never prepare or otherwise change them (two threads preparing one
geometry crashed the process; prepare a copy of the query shape instead, as the profile does).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely

from wijkkaart.io.dataset import AreaData
from wijkkaart.lru import LruCache

__all__ = ["INDEXES", "LIMIT", "AreaIndex", "area_index"]

LIMIT = 8  # the base data, the data with analysis columns, other layers' data, a few undo steps


@dataclass(frozen=True, eq=False)
class AreaIndex:
    """The STRtree over some rows of an AreaData's frame, in the frame's row order.

    ``tree.query`` gives positions into ``geoms``, ``codes`` and ``rows``.
    """

    codes: pd.Index  # the code of each indexed row
    rows: np.ndarray  # the position of each indexed row in ``areas.frame``
    geoms: np.ndarray  # read-only array of the frame's geometry objects: never prepare them
    tree: shapely.STRtree
    include_water: bool


def _build(areas: AreaData, include_water: bool) -> AreaIndex:
    """The rows of ``areas.statistics_frame(include_water)``, in its order, indexed."""
    frame = areas.frame
    rows = np.arange(len(frame)) if include_water else np.flatnonzero(~areas.water.to_numpy())
    # A copy of the array (fancy indexing copies): the frame's own array stays writable.
    geoms = np.asarray(frame.geometry.to_numpy()[rows], dtype=object)
    geoms.flags.writeable = False
    return AreaIndex(frame.index[rows], rows, geoms, shapely.STRtree(geoms), include_water)


class _Entry:
    """The indexes (with and without water) of one AreaData; holds it weakly."""

    def __init__(self, areas: AreaData, went: Callable[[weakref.ref], None]) -> None:
        held = weakref.ref(self)

        def gone(ref: weakref.ref) -> None:
            went(ref)
            entry = held()
            if entry is not None:  # the trees go with the data, not at the next use
                entry.indexes.clear()  # no lock (see went): nobody builds for gone data

        self.ref = weakref.ref(areas, gone)
        self.frame = weakref.ref(areas.frame)  # a frame swapped in place is other data
        self.lock = threading.Lock()
        self.indexes: dict[bool, AreaIndex] = {}

    def of(self, areas: AreaData) -> bool:
        return self.ref() is areas and self.frame() is areas.frame


class _Indexes:
    """The cache: id(areas) -> entry; counts its builds (the tests and the bench read it)."""

    def __init__(self, limit: int = LIMIT) -> None:
        self._items: LruCache[_Entry] = LruCache(limit)
        self._lock = threading.Lock()  # one entry per data, even when two threads ask at once
        self._gone: list[tuple[int, weakref.ref]] = []  # data that went, purged at the next use
        self.builds = 0

    def get(self, areas: AreaData, include_water: bool = False) -> AreaIndex:
        entry = self._entry(areas)
        with entry.lock:  # a second thread waits for the first one's build, then takes it
            made = entry.indexes.get(include_water)
            if made is None:
                made = entry.indexes[include_water] = _build(areas, include_water)
                with self._lock:
                    self.builds += 1
        return made

    def _entry(self, areas: AreaData) -> _Entry:
        self._purge()
        key = id(areas)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit.of(areas):
                return hit

            # The callback only notes the key: it may run inside a garbage collection on any
            # thread, even one that holds a lock here, so it must not take one.
            def went(gone: weakref.ref, key: int = key) -> None:
                self._gone.append((key, gone))

            entry = _Entry(areas, went)
            self._items.put(key, entry)
            return entry

    def _purge(self) -> None:
        """Drop the entries of data that went (unless the key was taken by newer data)."""
        while self._gone:
            key, gone = self._gone.pop()
            with self._lock:
                hit = self._items.get(key)
                if hit is not None and hit.ref is gone:
                    self._items.drop(key.__eq__)

    def __len__(self) -> int:
        self._purge()
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


INDEXES = _Indexes()


def area_index(areas: AreaData, include_water: bool = False) -> AreaIndex:
    """The shared index of the rows of ``areas.statistics_frame(include_water)`` (water buurten
    left out unless asked for), built on first use on the asking thread and kept."""
    return INDEXES.get(areas, include_water)
