"""Which areas are selected, and of which layer: a Qt-free model the views follow.

The canvas outline, the attribute table, the information and profile panels all show the one
selection held here; whoever changes it (a click, the lasso, the table, the search box) sets it
here and the views redraw from ``changed``. Setting the same selection again emits nothing, so a
view that sets it and also listens cannot loop.
"""

from __future__ import annotations

from collections.abc import Iterable

from psygnal import Signal


class Selection:
    """Selected area codes (in selection order) of one area layer, by layer uid."""

    changed = Signal(object, tuple)  # layer uid (or None), codes
    """Emitted with ``(layer_uid, codes)`` after every real change."""

    def __init__(self) -> None:
        self._layer: int | None = None
        self._codes: tuple[str, ...] = ()

    @property
    def layer(self) -> int | None:
        """The uid of the layer whose areas are selected (None when nothing is)."""
        return self._layer

    @property
    def codes(self) -> tuple[str, ...]:
        return self._codes

    def __bool__(self) -> bool:
        return bool(self._codes)

    def __len__(self) -> int:
        return len(self._codes)

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def select(self, layer: int | None, codes: Iterable[str]) -> bool:
        """Select ``codes`` (duplicates dropped, order kept) of ``layer``; True when it changed."""
        unique = tuple(dict.fromkeys(str(c) for c in codes))
        owner = layer if unique else None
        if owner == self._layer and unique == self._codes:
            return False
        self._layer, self._codes = owner, unique
        self.changed.emit(owner, unique)
        return True

    def toggle(self, layer: int, code: str) -> bool:
        """Shift+click: add ``code``, or take it out when it was selected (same layer only)."""
        codes = list(self._codes) if self._layer == layer else []
        if code in codes:
            codes.remove(code)
        else:
            codes.append(code)
        return self.select(layer, codes)

    def extend(self, layer: int, codes: Iterable[str]) -> bool:
        """Shift+lasso: add ``codes`` to the current selection of the same layer."""
        before = list(self._codes) if self._layer == layer else []
        return self.select(layer, [*before, *codes])

    def clear(self) -> bool:
        return self.select(None, ())

    def of(self, layer: int | None) -> list[str]:
        """The selected codes if they are ``layer``'s, else none (a view of another layer)."""
        return list(self._codes) if layer is not None and layer == self._layer else []
