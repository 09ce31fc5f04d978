"""The layers on the map: a Qt-free model with one event per attribute.

Views subscribe to ``layer.events.<field>`` (psygnal); a setter that does not change the value
emits nothing, so views cannot loop. Data (GeoDataFrames, AreaData) hangs off the layer but is not
an evented field; ``source`` says where it came from, for saving the project.

Every layer has a **data version** (``layer.data_version``, evented as
``layer.events.data_version``): an int that grows by one each time ``attach()`` gives the layer
data, which is how the document hands a layer new columns (a join, analysis columns, a data role
added or removed, an undo of any of those). Nothing else changes a layer's data: attached data is
never mutated in place. So ``(layer.uid, layer.data_version)`` names one state of the data, and
caches key on ``(uid, data_version, style)`` instead of on ``id()`` of a frame they do not hold.
The version is not saved in the project; it starts at 1 for the first attached data.

Layers (and focus areas) compare by identity (``eq=False``): two new layers with the same name
and style are still two layers, so removing one from a list never removes the other.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import geopandas as gpd
from psygnal import evented
from psygnal.containers import EventedList

from wijkkaart.io.dataset import AreaData
from wijkkaart.layers.style import ChoroplethStyle, Style, Symbology, style_from_dict, symbolize

_ids = itertools.count(1)


@evented
@dataclass(eq=False)
class Layer:
    if TYPE_CHECKING:
        events: ClassVar[Any]  # the psygnal group ``@evented`` adds: one signal per field

    name: str
    visible: bool = True
    opacity: float = 1.0
    kind: str = "layer"
    source: dict[str, Any] = field(default_factory=dict)
    data_version: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        self.uid = next(_ids)

    def _data_changed(self) -> None:
        """Called by every ``attach()``: the layer's data (or its columns) may have changed."""
        self.data_version += 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "visible": self.visible,
            "opacity": self.opacity,
            "source": self.source,
        }


@evented
@dataclass(eq=False)
class AreaLayer(Layer):
    """Areas (buurten, wijken) filled by a style: choropleth, categories or bivariate."""

    style: Style = field(default_factory=lambda: ChoroplethStyle("percentage_koopwoningen"))
    labels: bool = True
    outline: str = "#ffffff"
    kind: str = "areas"
    # named after its indicator by wijkkaart (not by the user): the name follows the indicator
    auto_name: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        self.data: AreaData | None = None
        # a line under the legend block, set by a view that draws a layer of its own (the year
        # map's "classes equal for 2016–2023"); not saved, not evented
        self.legend_caption = ""

    def attach(self, data: AreaData) -> AreaLayer:
        """Give the layer (new) data; bumps ``data_version`` and redraws with it."""
        self.data = data
        self._data_changed()
        return self

    def symbology(self) -> Symbology:
        """Colours and legend for the current style, classified once (shared with the renderer
        through :data:`wijkkaart.layers.symbology_cache.SYMBOLOGIES`)."""
        from wijkkaart.layers.symbology_cache import SYMBOLOGIES

        assert self.data is not None
        return SYMBOLOGIES.get(self.uid, self.data_version, self.data, self.style)

    def known_symbology(self) -> Symbology | None:
        """The classification when it was made already (by the renderer, a job); never
        classifies, so the GUI thread may call it."""
        from wijkkaart.layers.symbology_cache import SYMBOLOGIES

        if self.data is None:
            return None
        return SYMBOLOGIES.known(self.uid, self.data_version, self.data, self.style)

    def to_dict(self) -> dict[str, Any]:
        extra = {"auto_name": True} if self.auto_name else {}
        return {
            **super().to_dict(),
            "style": self.style.to_dict(),
            "labels": self.labels,
            **extra,
        }


def symbology_for(data: AreaData, style: Style) -> Symbology:
    """Colours and legend of ``data`` in ``style``: a pure function, safe in a worker thread."""
    from wijkkaart.analysis.aggregate import aggregate
    from wijkkaart.catalogue import catalogue

    mean = None
    entry = catalogue().get(style.indicator)
    # The gemeente value of a count is its total, not an average of buurten: centring a
    # count on it would put every buurt in one class. Counts (and custom columns) are
    # centred on the mean of the mapped buurten instead (``symbolize`` does that).
    averaged = entry is not None and entry.aggregation in ("weighted_mean", "ratio")
    if averaged and (
        getattr(style, "centre_on_mean", False) or getattr(style, "method", "") == "std_mean"
    ):
        mean = aggregate(data.statistics_frame(), style.indicator).number
    return symbolize(data.frame, style, mean)


@evented
@dataclass(eq=False)
class OutlineLayer(Layer):
    """Boundaries drawn over fills: wijk boundaries, focus areas."""

    colour: str = "#333333"
    width: float = 1.6
    label_field: str | None = None
    kind: str = "outline"

    def __post_init__(self) -> None:
        super().__post_init__()
        self.frame: gpd.GeoDataFrame | None = None

    def attach(self, frame: gpd.GeoDataFrame) -> OutlineLayer:
        self.frame = frame
        self._data_changed()
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "colour": self.colour,
            "width": self.width,
            "label_field": self.label_field,
        }


SYMBOLS = ("circle", "square", "triangle")


@evented
@dataclass(eq=False)
class PointLayer(Layer):
    """Points (facilities, initiatives, BAG objects) drawn on top with a symbol and labels."""

    colour: str = "#7b3294"
    size_mm: float = 2.2
    symbol: str = "circle"
    label_field: str | None = None
    kind: str = "points"

    def __post_init__(self) -> None:
        super().__post_init__()
        self.frame: gpd.GeoDataFrame | None = None

    def attach(self, frame: gpd.GeoDataFrame) -> PointLayer:
        self.frame = frame
        self._data_changed()
        return self

    def to_dict(self) -> dict[str, Any]:
        return {
            **super().to_dict(),
            "colour": self.colour,
            "size_mm": self.size_mm,
            "symbol": self.symbol,
            "label_field": self.label_field,
        }


@evented
@dataclass(eq=False)
class RasterLayer(Layer):
    """A risk raster drawn with a colour ramp; nodata transparent."""

    ramp: str = "Blues"
    vmin: float | None = None
    vmax: float | None = None
    kind: str = "raster"

    def __post_init__(self) -> None:
        super().__post_init__()
        self.path: Path | None = None  # resolved file; ``source`` keeps the project-relative one

    def attach(self, path: Path) -> RasterLayer:
        self.path = Path(path)
        self._data_changed()
        return self

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "ramp": self.ramp, "vmin": self.vmin, "vmax": self.vmax}


@evented
@dataclass(eq=False)
class BasemapLayer(Layer):
    """The national topographic background map (PDOK BRT-Achtergrondkaart), optional."""

    style: str = "grijs"
    kind: str = "basemap"

    def to_dict(self) -> dict[str, Any]:
        return {**super().to_dict(), "style": self.style}


class LayerList(EventedList):
    """Layers in drawing order: index 0 is drawn first (bottom)."""

    def find(self, uid: int) -> Layer | None:
        return next((layer for layer in self if layer.uid == uid), None)

    def area_layers(self) -> list[AreaLayer]:
        return [layer for layer in self if isinstance(layer, AreaLayer)]

    def below_overlays(self) -> int:
        """Where a new fill goes: under the boundaries and points on top, so they stay visible.

        The overlays are the run of outline and point layers at the top of the list; a layer
        inserted at this index is drawn over every fill and under every one of them.
        """
        index = len(self)
        while index > 0 and isinstance(self[index - 1], OutlineLayer | PointLayer):
            index -= 1
        return index


class Follower:
    """Calls ``callback`` once per change of an evented list or of any item in it.

    Items added later are followed too, removed items no longer are, and :meth:`close`
    disconnects everything (views call it when they are closed or shown another list). One
    change is one call: a list edit calls back after it is done (``inserted``, ``removed``,
    ``moved``, ``changed``), not also when it starts. ``skip`` names item fields that do not
    concern the view (the canvas ignores a layer's ``name``).

    Its slots are connected with ``max_args``: psygnal then does not read each slot's signature
    (``inspect.signature``); a follower of three layers is made and closed in 0.33 ms instead
    of 0.44 ms (a new document makes six on the GUI thread).
    """

    _LIST_SIGNALS = ("inserted", "removed", "moved", "changed")

    def __init__(
        self, items: EventedList, callback: Callable[[], None], skip: tuple[str, ...] = ()
    ) -> None:
        self.items: EventedList | None = items
        self.callback = callback
        self.skip = skip
        self._followed: dict[int, Any] = {}
        for name in self._LIST_SIGNALS:
            getattr(items.events, name).connect(self._list_changed, max_args=0)
        items.events.inserted.connect(self._inserted, max_args=2)
        items.events.removed.connect(self._removed, max_args=2)
        for item in items:
            self._follow(item)

    def _follow(self, item: Any) -> None:
        if id(item) not in self._followed and hasattr(item, "events"):
            self._followed[id(item)] = item
            item.events.connect(self._item_changed, max_args=1)

    def _unfollow(self, item: Any) -> None:
        if self._followed.pop(id(item), None) is not None:
            item.events.disconnect(self._item_changed)

    def _inserted(self, _index: int, item: Any) -> None:
        self._follow(item)

    def _removed(self, _index: int, item: Any) -> None:
        if not any(other is item for other in self.items or ()):
            self._unfollow(item)

    def _list_changed(self, *_: object) -> None:
        self.callback()

    def _item_changed(self, info: Any) -> None:
        if info.signal.name not in self.skip:
            self.callback()

    def close(self) -> None:
        """Disconnect from the list and every item."""
        if self.items is None:
            return
        for name in self._LIST_SIGNALS:
            getattr(self.items.events, name).disconnect(self._list_changed)
        self.items.events.inserted.disconnect(self._inserted)
        self.items.events.removed.disconnect(self._removed)
        for item in list(self._followed.values()):
            self._unfollow(item)
        self.items = None


def follow(
    items: EventedList, callback: Callable[[], None], skip: tuple[str, ...] = ()
) -> Follower:
    """A :class:`Follower` of ``items``; keep it and ``close()`` it when the view goes."""
    return Follower(items, callback, skip)


def _size_mm(value: object) -> float:
    """A symbol size from a project file: finite and between 0.5 and 20 mm, else the default."""
    try:
        size = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 2.2
    return min(max(size, 0.5), 20.0) if math.isfinite(size) else 2.2


def layer_from_dict(data: dict[str, Any]) -> Layer:
    kind = data.get("kind")
    common = {
        "name": data["name"],
        "visible": bool(data.get("visible", True)),
        "opacity": float(data.get("opacity", 1.0)),
        "source": dict(data.get("source", {})),
    }
    if kind == "areas":
        return AreaLayer(
            **common,
            style=style_from_dict(data["style"]),
            labels=bool(data.get("labels", True)),
            auto_name=bool(data.get("auto_name", False)),
        )
    if kind == "outline":
        return OutlineLayer(
            **common,
            colour=data.get("colour", "#333333"),
            width=float(data.get("width", 1.6)),
            label_field=data.get("label_field"),
        )
    if kind == "points":
        symbol = data.get("symbol", "circle")
        label_field = data.get("label_field")
        return PointLayer(
            **common,
            colour=str(data.get("colour", "#7b3294")),
            size_mm=_size_mm(data.get("size_mm", 2.2)),
            symbol=symbol if symbol in SYMBOLS else "circle",
            label_field=label_field if isinstance(label_field, str) else None,
        )
    if kind == "raster":
        return RasterLayer(
            **common, ramp=data.get("ramp", "Blues"), vmin=data.get("vmin"), vmax=data.get("vmax")
        )
    if kind == "basemap":
        return BasemapLayer(**common, style=data.get("style", "grijs"))
    raise ValueError(f"unknown layer kind {kind}")
