"""One shared store of classifications (colours + legend), so a layer is classified once.

The render worker classifies every area layer it draws; the legend panel, the style panel and
the exports need the very same :class:`Symbology`. They all go through :data:`SYMBOLOGIES`,
keyed on (layer uid, data version, id(data), style, language) (the entry holds the data, so the
id cannot be reused while it lives). A key being classified on one thread is not classified
again on another: the second caller waits for the first one's result.

:meth:`SymbologyCache.known` never classifies: the GUI thread uses it (the legend panel) and
has a job compute what is missing (``wijkkaart/ui/legend_widget.py``).
"""

from __future__ import annotations

import threading
from collections.abc import Hashable
from typing import Any

from wijkkaart.layers.style import Style, Symbology
from wijkkaart.lru import LruCache

__all__ = ["SYMBOLOGIES", "SymbologyCache"]


class _Pending:
    """A classification under way on some thread; others wait for its outcome."""

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Symbology | None = None
        self.error: BaseException | None = None


class SymbologyCache:
    """Bounded; an older data version of a layer falls out when a newer one is stored."""

    def __init__(self, limit: int = 32) -> None:
        self._items: LruCache[tuple[object, Symbology]] = LruCache(limit)
        self._pending: dict[Hashable, _Pending] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(uid: int, version: int, data: object, style: Style) -> tuple:
        from wijkkaart.messages import language

        return (uid, version, id(data), style, language())  # the legend's words are in it

    def known(self, uid: int, version: int, data: object, style: Style) -> Symbology | None:
        """The classification when it was made already; never classifies."""
        hit = self._items.get(self.key(uid, version, data, style))
        return hit[1] if hit is not None and hit[0] is data else None

    def get(self, uid: int, version: int, data: Any, style: Style) -> Symbology:
        """The classification of ``data`` in ``style``, made here (once) when not known."""
        from wijkkaart.layers.model import symbology_for

        key = self.key(uid, version, data, style)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None and hit[0] is data:
                return hit[1]
            pending = self._pending.get(key)
            owner = pending is None
            if pending is None:
                pending = self._pending[key] = _Pending()
        if not owner:
            pending.done.wait()
            if pending.error is not None:
                raise pending.error
            assert pending.value is not None
            return pending.value
        try:
            value = symbology_for(data, style)
        except BaseException as exc:
            pending.error = exc
            raise
        else:
            pending.value = value
            if uid:  # uid 0: not a layer (a print copy); nothing older to drop
                self._items.drop(lambda k: isinstance(k, tuple) and k[0] == uid and k[1] != version)
            self._items.put(key, (data, value))
            return value
        finally:
            with self._lock:
                self._pending.pop(key, None)
            pending.done.set()

    def held(self) -> list[object]:
        """The data objects held (tests of memory: old versions must go)."""
        return [entry[0] for entry in self._items.values()]

    def clear(self) -> None:
        self._items.clear()


SYMBOLOGIES = SymbologyCache()
