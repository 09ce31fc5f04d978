"""A series without boundaries, as small trend charts per area: choose an indicator, print, export.

Opened when a table over the years (the Leefbaarometer per wijk) matches no area of the project,
so there is nothing to map. The charts are :func:`wijkkaart.render.trend_grid.draw_trend_grid`,
the same painting as the PDF and the PNG.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.series_grid import SeriesGrid, series_grid
from wijkkaart.export.trend_grid_print import PAPERS, write_grid_csv, write_trend_grid
from wijkkaart.feedback import Feedback
from wijkkaart.io.series import Series
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.trend_grid import draw_trend_grid
from wijkkaart.ui.errors import error_box
from wijkkaart.ui.jobs import JobRunner
from wijkkaart.ui.language import follow_language

SCREEN_MM = 3.4  # logical pixels per "millimetre" of the chart layout on screen
MARGIN = 10


class TrendGridView(QWidget):
    """Paints a :class:`SeriesGrid`; ``cells`` are the chart rectangles of the last paint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid: SeriesGrid | None = None
        self.cells: list[QRectF] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(420, 300)

    def set_grid(self, grid: SeriesGrid | None) -> None:
        self.grid = grid
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(1000, 620)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            if self.grid is None:
                return
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            rect = QRectF(self.rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
            self.cells = draw_trend_grid(painter, rect, self.grid, mm=SCREEN_MM)
        finally:
            painter.end()


class SeriesWindow(QDialog):
    """The charts of one series per area, with the indicator, the paper and the exports."""

    def __init__(
        self,
        series: Series,
        path: str | Path,
        parent: QWidget | None = None,
        jobs: JobRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self.series = series
        self.path = Path(path)
        # The charts are computed, and printed, in jobs of the window's runner (without one:
        # at once); this window's own kinds, so two chart windows never cancel each other.
        self.jobs = jobs
        number = next(_WINDOWS)
        self.grid_kind, self.write_kind = f"series_grid#{number}", f"series_write#{number}"
        self.written: Path | None = None  # the file the last print or export wrote
        self.setModal(False)
        self.indicator = QComboBox()
        for indicator in series.indicators:  # the catalogue's labels where it knows them
            self.indicator.addItem(series.label(indicator), indicator)
        self.paper = QComboBox()
        for name in PAPERS:
            self.paper.addItem(name, name)
        self.pdf_button = QPushButton()
        self.export_button = QPushButton()
        self.indicator_label, self.paper_label = QLabel(), QLabel()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.view = TrendGridView()
        bar = QHBoxLayout()
        bar.addWidget(self.indicator_label)
        bar.addWidget(self.indicator, 1)
        bar.addWidget(self.paper_label)
        bar.addWidget(self.paper)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.indicator.currentIndexChanged.connect(self._indicator_changed)
        self.pdf_button.clicked.connect(lambda: self.print_pdf())
        self.export_button.clicked.connect(lambda: self.export())
        score = series.resolve("leefbaarometer_score")  # the headline figure, where present
        start = self.indicator.findData(score)
        self.indicator.setCurrentIndex(max(start, 0))
        self._translate()
        follow_language(self._language_changed)

    def _translate(self) -> None:
        self.setWindowTitle(ui("series_window_title", name=self.path.name))
        self.pdf_button.setText(ui("series_window_pdf"))
        self.export_button.setText(ui("series_window_export"))
        self.indicator_label.setText(ui("series_window_indicator"))
        self.paper_label.setText(ui("series_window_paper"))
        for i in range(self.indicator.count()):
            self.indicator.setItemText(i, self.series.label(self.indicator.itemData(i)))
        self._indicator_changed()  # the charts' own texts (heading, average, notes)

    def _language_changed(self, _code: str) -> None:
        self._translate()

    @property
    def grid(self) -> SeriesGrid | None:
        return self.view.grid

    def select(self, indicator: str) -> bool:
        index = self.indicator.findData(self.series.resolve(indicator))
        if index >= 0:
            self.indicator.setCurrentIndex(index)
        return index >= 0

    def _indicator_changed(self, *_args: object) -> None:
        """The charts of the chosen indicator, in a job (the last charts stay meanwhile; the
        print and export buttons wait for the new ones)."""
        indicator = self.indicator.currentData()
        if indicator is None:
            return
        series = self.series

        def work(feedback: Feedback) -> SeriesGrid:
            feedback.check()
            return series_grid(series, indicator)

        def apply(grid: SeriesGrid) -> None:
            self.view.set_grid(grid)
            self.status.setText("")
            self._writable(True)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, WijkkaartError):
                error_box(self, exc).exec()
            self.view.set_grid(None)
            self.status.setText(str(exc))
            self._writable(True)

        if self.jobs is None:
            try:
                apply(work(Feedback()))
            except WijkkaartError as exc:
                failed(exc)
            return
        self._writable(False)
        self.status.setText(ui("profile_busy"))
        self.jobs.start(
            self.grid_kind,
            work,
            apply,
            label=ui("job_series_grid"),
            on_error=failed,
            on_cancel=lambda: self._writable(True),
        )

    def _writable(self, ready: bool) -> None:
        self.pdf_button.setEnabled(ready)
        self.export_button.setEnabled(ready)

    def _busy(self) -> bool:
        return self.jobs is not None and self.jobs.running(self.grid_kind)

    def done(self, result: int) -> None:
        """Closed: what it still computes or writes stops (a file half written is removed)."""
        if self.jobs is not None:
            self.jobs.cancel(self.grid_kind)
            self.jobs.cancel(self.write_kind)
        super().done(result)

    def _target(
        self, path: str | Path | None, title: str, filters: str, suffix: str
    ) -> Path | None:
        """``path``, else where a save dialog says (it suggests the series' name + ``suffix``)."""
        if path:
            return Path(path)
        from wijkkaart.ui import folders

        chosen = folders.ask_save(self, title, self._stem() + suffix, self.path, filters)
        return Path(chosen) if chosen else None

    def _stem(self) -> str:
        grid = self.grid
        return f"{self.path.stem}-{grid.indicator if grid else ui('file_series')}"

    def print_pdf(self, path: str | Path | None = None) -> Path | None:
        """Write the charts on a landscape A4 or A3 PDF (the paper chosen); a dialog asks where.
        Written in a job (the path is then in ``self.written``); at once without a runner."""
        grid = self.grid
        if grid is None or self._busy():
            return None
        target = self._target(path, ui("series_window_pdf"), ui("series_window_filter_pdf"), ".pdf")
        if target is None:
            return None
        if target.suffix.lower() != ".pdf":
            target = target.with_suffix(".pdf")
        paper = self.paper.currentData()
        return self._write(
            lambda feedback: write_trend_grid(grid, target, paper, [self.path], feedback=feedback)
        )

    def export(self, path: str | Path | None = None) -> Path | None:
        """Write the charts as a PNG (the chosen paper at 150 dpi) or the figures as a CSV (in a
        job, as :meth:`print_pdf`)."""
        grid = self.grid
        if grid is None or self._busy():
            return None
        target = self._target(
            path, ui("series_window_export"), ui("series_window_filter_export"), ".png"
        )
        if target is None:
            return None
        csv: Path = target
        if csv.suffix.lower() == ".csv":
            return self._write(lambda _feedback: write_grid_csv(grid, csv, [self.path]))
        if target.suffix.lower() != ".png":
            target = target.with_suffix(".png")
        paper = self.paper.currentData()
        return self._write(
            lambda feedback: write_trend_grid(grid, target, paper, [self.path], feedback=feedback)
        )

    def _write(self, work: Callable[[Feedback], Path]) -> Path | None:
        """Run ``work(feedback)`` (it writes the file; painting an A3 PNG took 250-350 ms) in a
        job; the done callback says where it went. The path, when written at once."""
        self.written = None

        def apply(written: Path) -> None:
            self.written = written
            self.status.setText(ui("series_window_saved", path=written))

        def failed(exc: BaseException) -> None:
            error_box(self, exc).exec()

        if self.jobs is None:
            try:
                apply(work(Feedback()))
            except WijkkaartError as exc:
                failed(exc)
            return self.written
        self.jobs.start(self.write_kind, work, apply, label=ui("job_series_write"), on_error=failed)
        return None


_WINDOWS = itertools.count(1)
