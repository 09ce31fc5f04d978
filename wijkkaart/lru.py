"""A small thread-safe LRU mapping, Qt-free: the render caches and the layers' symbology cache
are bounded by it, so memory cannot grow with use.

Keys name a state of the data, e.g. ``(layer uid, data version, id(frame), style)``. An entry
that uses ``id()`` of an object also holds that object, so the id cannot be reused by another
while the entry lives.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LruCache(Generic[V]):
    """At most ``limit`` entries; the least recently used one goes first."""

    def __init__(self, limit: int) -> None:
        self.limit = max(int(limit), 1)
        self._items: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._items

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
            return value

    def get_or_make(self, key: Hashable, make: Callable[[], V]) -> V:
        """The cached value, or ``make()`` stored under ``key`` (made outside the lock)."""
        value = self.get(key)
        if value is None:
            value = self.put(key, make())
        return value

    def drop(self, predicate: Callable[[Hashable], bool]) -> int:
        """Remove the entries whose key satisfies ``predicate``; returns how many went."""
        with self._lock:
            gone = [key for key in self._items if predicate(key)]
            for key in gone:
                del self._items[key]
            return len(gone)

    def items(self) -> list[tuple[Hashable, V]]:
        with self._lock:
            return list(self._items.items())

    def values(self) -> list[V]:
        with self._lock:
            return list(self._items.values())

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
