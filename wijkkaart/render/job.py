"""A render job, after QGIS's ``QgsMapRendererJob``: one settings value in, one image out.

:class:`MapSettings` is an immutable value (view, captured layers, background, print scale) read
from the model on the GUI thread. A :class:`RenderJob` renders it anywhere (a worker thread for
the canvas, the caller's thread for a print page), can be cancelled at any time, and reports a
failure in its result instead of raising it into an event loop. :class:`RenderRunner` runs jobs
off the GUI thread for the canvas: a new start cancels the running job, and a failure is
reported once, not at every pan.
"""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from PySide6.QtGui import QColor, QImage, QPainter

from wijkkaart.heap import frozen
from wijkkaart.layers.model import Layer
from wijkkaart.render.renderer import (
    GeometryStore,
    LayerState,
    RenderCancelled,
    capture,
    prepare,
    render,
    render_image_and_missing,
)
from wijkkaart.render.viewport import Viewport

Tile = tuple[str, int, int, int]


@dataclass(frozen=True)
class MapSettings:
    """What one render draws and how: everything a worker needs, nothing it could see change."""

    viewport: Viewport
    layers: tuple[LayerState, ...]
    background: str | None = None  # a colour name; None: white image, or the page as it is
    pixel_ratio: float = 1.0  # device pixels per screen pixel (print)
    detail: float | None = None  # map resolution geometry is simplified to (default: 1 pixel)
    label_size: float = 8.0

    @classmethod
    def of(
        cls,
        layers: list[Layer],
        viewport: Viewport,
        focus_areas: Any = None,
        **options: Any,
    ) -> MapSettings:
        """Settings for ``layers`` as they are now (call on the thread that owns the model)."""
        return cls(viewport, capture(list(layers), focus_areas), **options)


@dataclass
class RenderResult:
    """The outcome of one job: an image, or why there is none."""

    settings: MapSettings
    image: QImage | None = None
    missing_tiles: list[Tile] = field(default_factory=list)
    error: Exception | None = None
    cancelled: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.image is not None and self.error is None and not self.cancelled


class RenderJob:
    """Renders one :class:`MapSettings`; cancellable from any thread."""

    def __init__(self, settings: MapSettings, store: GeometryStore) -> None:
        self.settings = settings
        self.store = store
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()

    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def run(self) -> RenderResult:
        """Render into a new image. Safe in a worker thread; never raises (see ``error``)."""
        result = RenderResult(self.settings)
        start = time.perf_counter()
        try:
            items = prepare(self.settings.layers, self.store, self.is_cancelled)
            background = QColor(self.settings.background) if self.settings.background else None
            image, missing = render_image_and_missing(
                items, self.settings.viewport, background, self.is_cancelled, self.store.outlines
            )
        except RenderCancelled:
            result.cancelled = True
        except Exception as exc:  # the error channel: the caller decides how to tell the user
            result.error = exc
        else:
            result.image, result.missing_tiles = image, missing
            result.cancelled = self.is_cancelled()
        result.seconds = time.perf_counter() - start
        return result

    def paint(self, painter: QPainter) -> list[Tile]:
        """Paint onto the caller's painter (a print page), where it has placed the map.

        Errors are raised: an export reports them through its own job.
        """
        s = self.settings
        items = prepare(s.layers, self.store, self.is_cancelled)
        background = QColor(s.background) if s.background else None
        return render(
            painter,
            items,
            s.viewport,
            background,
            s.pixel_ratio,
            s.detail,
            s.label_size,
            self.is_cancelled,
        )


class _Signals(QObject):
    finished = Signal(object)  # RenderResult


class _Task(QRunnable):
    def __init__(self, job: RenderJob, signals: _Signals) -> None:
        super().__init__()
        self.job, self.signals = job, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        # As the app's jobs (wijkkaart/heap.py): a full collection in the middle of a national
        # render walked the whole app with the GIL held, 72-104 ms of a frozen window
        with frozen():
            result = self.job.run()
        # RuntimeError: the canvas (and its runner) was closed meanwhile; nobody waits for it
        with contextlib.suppress(RuntimeError):
            self.signals.finished.emit(result)


class RenderRunner(QObject):
    """Runs the canvas's render jobs on one worker thread, newest first.

    ``finished`` carries every result (cancelled ones too, so the caller knows the worker is
    free); ``failed`` carries an error once per distinct message until a render succeeds again.
    """

    finished = Signal(object)  # RenderResult
    failed = Signal(object)  # the exception

    def __init__(self, store: GeometryStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store or GeometryStore()
        self.last_good: RenderResult | None = None
        self._job: RenderJob | None = None
        self._reported: str | None = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.finished.connect(self._on_finished)

    def is_busy(self) -> bool:
        return self._job is not None

    def start(self, settings: MapSettings) -> RenderJob:
        """Start rendering ``settings``; a job still running is cancelled first."""
        if self._job is not None:
            self._job.cancel()
        job = RenderJob(settings, self.store)
        self._job = job
        self._pool.start(_Task(job, self._signals))
        return job

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def wait(self, msecs: int) -> bool:
        """Block up to ``msecs`` for the worker (tests and screenshots only)."""
        return self._pool.waitForDone(msecs)

    def _on_finished(self, result: RenderResult) -> None:
        if self._job is not None and result.settings is self._job.settings:
            self._job = None
        if result.error is not None:
            text = str(result.error) or type(result.error).__name__
            if text != self._reported:
                self._reported = text
                self.failed.emit(result.error)
        elif result.ok:
            self._reported = None
            self.last_good = result
        self.finished.emit(result)
