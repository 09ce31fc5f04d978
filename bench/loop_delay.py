"""How long the GUI event loop waits: one precise 10 ms QTimer for the benches that need it.

bench_jobs, bench_trend_panel, bench_legend, bench_atlas and tests/ui/test_responsive.py
measure the same thing (the longest gap between two ticks of a 10 ms timer on the GUI thread
beyond the 10 ms) while work runs; this is that timer, and the loop that keeps the event loop
turning until the work is done. Import it after QT_QPA_PLATFORM is set (it imports PySide6).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer


class LoopDelay:
    """A precise timer on the GUI thread that records every gap between its ticks."""

    def __init__(self, interval_ms: int = 10) -> None:
        self.interval_ms = interval_ms
        self.gaps: list[float] = []  # seconds between two ticks (the first from start())
        self.stamps: list[float] = []  # perf_counter of every tick, one per gap
        self._last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self.stamps.append(now)
        self._last = now

    def start(self) -> None:
        """Forget earlier gaps and start ticking."""
        self.gaps.clear()
        self.stamps.clear()
        self._last = time.perf_counter()
        self.timer.start(self.interval_ms)

    def stop(self) -> None:
        self.timer.stop()

    def __enter__(self) -> LoopDelay:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def worst(self) -> float:
        """The longest wait beyond the interval, in seconds (0 when it never ticked)."""
        interval = self.interval_ms / 1000
        return max(self.gaps or [interval]) - interval

    def until(self, moment: float) -> float:
        """The longest wait of the ticks up to ``moment`` (e.g. while a job ran)."""
        gaps = [g for g, t in zip(self.gaps, self.stamps, strict=True) if t <= moment]
        return max(gaps) - self.interval_ms / 1000

    def after(self, moment: float) -> float:
        """The longest wait of the ticks after ``moment`` (e.g. applying a job's result)."""
        gaps = [g for g, t in zip(self.gaps, self.stamps, strict=True) if t > moment]
        return max(gaps) - self.interval_ms / 1000

    def measure(
        self, start: Callable[[], object], done: Callable[[], bool], settle: bool = True
    ) -> float:
        """Wall seconds from start() until done(), the event loop turning with the timer on.

        settle: one more processEvents before the timer stops (a job's done callback runs).
        """
        app = QCoreApplication.instance()
        assert app is not None, "a QApplication must exist"
        self.start()
        began = time.perf_counter()
        start()
        while not done():
            app.processEvents()
            time.sleep(0.001)
        if settle:
            app.processEvents()
        wall = time.perf_counter() - began
        self.stop()
        return wall
