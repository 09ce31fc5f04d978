"""The legend panel: always the legend of what is on the map (same painter as the exports).

The panel never classifies and never reads a raster on the GUI thread. It paints the legend it
knows (:attr:`LegendWidget.shown`), built from classifications made already, normally by the
render worker, which shares them through :data:`~wijkkaart.layers.symbology_cache.SYMBOLOGIES`.
What is still missing (a style changed, the map has not drawn it yet) is computed by a
``legend`` job; until it arrives the panel keeps showing the last known legend.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QPointF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from wijkkaart.feedback import Feedback
from wijkkaart.layers.legend import LegendBlock, LegendPending
from wijkkaart.layers.model import AreaLayer, Follower, LayerList, RasterLayer, follow
from wijkkaart.messages import ui
from wijkkaart.render.legend import legend_blocks, paint_legend

log = logging.getLogger(__name__)


def _work_item(layer: Any) -> tuple[tuple, Any]:
    """(key, what to compute) for a layer whose legend needs work, read on the GUI thread."""
    from wijkkaart.layers.symbology_cache import SymbologyCache

    if isinstance(layer, AreaLayer) and layer.data is not None:
        key = SymbologyCache.key(layer.uid, layer.data_version, layer.data, layer.style)
        return key, ("areas", layer.uid, layer.data_version, layer.data, layer.style)
    assert isinstance(layer, RasterLayer)
    return ("raster", str(layer.path), layer.vmin, layer.vmax), (
        "raster",
        layer.path,
        layer.vmin,
        layer.vmax,
    )


def _compute(items: dict[tuple, Any], feedback: Feedback) -> dict[tuple, str]:
    """The legend job (worker thread): classify / read the stretch; the failures by key."""
    from wijkkaart.layers.raster_stretch import raster_range
    from wijkkaart.layers.symbology_cache import SYMBOLOGIES

    failed: dict[tuple, str] = {}
    for i, (key, item) in enumerate(items.items()):
        feedback.progress(i / max(len(items), 1))
        try:
            if item[0] == "areas":
                SYMBOLOGIES.get(*item[1:])
            else:
                raster_range(*item[1:])
        except Exception as exc:  # shown as the layer's note (or error) when painted
            failed[key] = str(exc)
    return failed


class LegendWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layers: LayerList | None = None
        self._height = 100
        self._follower: Follower | None = None
        self.focus_areas = None
        self._focus_follower: Follower | None = None
        self.setMinimumWidth(200)
        self.jobs: Any = None  # the window's JobRunner; without one the panel makes its own
        self.shown: list[LegendBlock] = []  # the last known legend: what the panel paints
        self._working: frozenset[tuple] = frozenset()  # the keys the running job computes
        self._failed: dict[tuple, str] = {}  # keys whose work failed (not started again)

    def set_layers(self, layers: LayerList, focus_areas=None) -> None:
        """Show the legend of ``layers`` (and the focus areas, as on the print) and follow
        them (and only them) from now on."""
        self._stop_following()
        self.layers = layers
        self.focus_areas = focus_areas
        self.shown = []
        self._failed.clear()
        self._follower = follow(layers, self.update)  # new data: new classes and counts
        if focus_areas is not None:
            self._focus_follower = follow(focus_areas, self.update)
        self.update()

    def _stop_following(self) -> None:
        for follower in (self._follower, self._focus_follower):
            if follower is not None:
                follower.close()
        self._follower = self._focus_follower = None

    def closeEvent(self, event) -> None:
        self._stop_following()
        super().closeEvent(event)

    def blocks(self) -> list[LegendBlock]:
        """The complete legend now, computing what is missing on the calling thread.

        For tests and callers that need it at once; the panel itself paints :attr:`shown`
        and leaves the work to a job."""
        if self.layers is None:
            return []
        return legend_blocks(list(self.layers), list(self.focus_areas or []))

    def refresh(self) -> bool:
        """Update :attr:`shown` from work already done; True when it is complete.

        Work still missing goes to a ``legend`` job (one at a time: the same missing work is
        not started twice, and a newer need cancels the older job)."""
        if self.layers is None:
            self.shown = []
            return True
        layers: list[Any] = list(self.layers)
        focus: list[Any] = list(self.focus_areas or [])
        try:
            self.shown = legend_blocks(layers, focus, known_only=True)
            return True
        except LegendPending as pending:
            items = dict(_work_item(layer) for layer in pending.layers)
        todo = {k: v for k, v in items.items() if k not in self._failed}
        if not todo:  # only failures left: the full call re-raises them quickly, as notes
            try:
                self.shown = legend_blocks(layers, focus)
            except Exception as exc:  # a layer whose indicator went: the map says it too
                log.debug("legend: %s", exc)
            return True
        if frozenset(todo) != self._working:
            self._start(todo)
        return False

    def _start(self, todo: dict[tuple, Any]) -> None:
        if self.jobs is None:
            from wijkkaart.ui.jobs import JobRunner

            self.jobs = JobRunner(self)
        mine = frozenset(todo)

        def apply(failed: dict[tuple, str]) -> None:
            if self._working == mine:
                self._working = frozenset()
            self._failed.update(failed)
            self.update()  # paints from the now known work

        def stopped(*_: object) -> None:
            if self._working == mine:
                self._working = frozenset()

        self.jobs.start(
            "legend",
            lambda feedback: _compute(todo, feedback),
            apply,
            label=ui("job_legend"),
            on_error=stopped,
            on_cancel=stopped,
        )
        self._working = mine  # after start(): the older job's cancel resets its own keys only

    def sizeHint(self) -> QSize:
        return QSize(240, self._height)

    def paintEvent(self, event: QPaintEvent) -> None:
        complete = self.refresh() if self.layers is not None else True
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            height = paint_legend(painter, QPointF(8, 8), self.shown, self.width() - 16)
        finally:
            painter.end()
        wanted = int(height) + 16
        if wanted != self._height:
            self._height = wanted
            self.setMinimumHeight(wanted)
            self.updateGeometry()
        if not complete:
            log.debug("legend: showing the last known legend while a job computes the rest")
