"""Door de jaren: a year slider with play for the project's series, beside the map.

The map of the chosen year is drawn by the canvas's renderer on the reference buurten, with
class breaks pooled over all years, so a colour means the same value in every year. It is a view:
it never changes the document, its layers or its styles (nothing here is saved or undone).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.trend import higher_worse, pooled_breaks
from wijkkaart.io.series import Series
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import ChoroplethStyle
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.renderer import GeometryStore, render_image, snapshot
from wijkkaart.render.viewport import Viewport

STEP_MS = 900  # one year per step while playing


class YearPlayer(QWidget):
    series_changed = Signal(object)  # the series shown (None: none), once it has been read

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setPageStep(1)
        self.play = QToolButton()
        self.play.setCheckable(True)
        self.play.setText("▶")
        self.play.setToolTip(ui("years_play"))
        self.year = QLabel()
        self.map = QLabel()
        self.map.setMinimumSize(320, 240)
        self.map.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = QLabel(ui("years_none"))
        self.note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.play)
        row.addWidget(self.slider, 1)
        row.addWidget(self.year)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.choice)
        layout.addLayout(row)
        layout.addWidget(self.map, 1)
        layout.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setInterval(STEP_MS)
        self.timer.timeout.connect(self._step)
        self.play.toggled.connect(self._toggle)
        self.slider.valueChanged.connect(self._draw)
        self.choice.currentIndexChanged.connect(self._indicator_changed)
        self.series: Series | None = None
        self.document: Any = None
        self.years: list[int] = []
        self.breaks: tuple[float, ...] = ()
        self.store = GeometryStore()
        self.layer: AreaLayer | None = None
        self.jobs: Any = None  # the window's JobRunner; without one the series is read at once
        self._enable(False)
        from wijkkaart.ui.language import follow_language

        follow_language(self._language_changed)

    def _language_changed(self, _code: str) -> None:
        """The indicator names, the legend note and the tooltip in the new language."""
        self.play.setToolTip(ui("years_play"))
        if self.series is None:
            self.note.setText(ui("years_none"))
            return
        current = self.choice.currentIndex()
        self.choice.blockSignals(True)
        for i in range(self.choice.count()):
            self.choice.setItemText(i, self.series.label(self.choice.itemData(i)))
        self.choice.setCurrentIndex(current)
        self.choice.blockSignals(False)
        year = self.slider.value()
        self._indicator_changed()
        self.slider.setValue(year)

    def _enable(self, on: bool) -> None:
        for widget in (self.choice, self.slider, self.play):
            widget.setEnabled(on)

    def set_document(self, document: Any) -> None:
        """Follow ``document``: its series, on its buurten (nothing without a series).

        The series is read off the GUI thread: by the open job (it is then known here) or by a
        ``series`` job started now; ``series_changed`` says when it is there."""
        from wijkkaart.timeline import cached_project_series, known_project_series

        self.play.setChecked(False)
        self.document, self.series = document, None
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.blockSignals(False)
        self.map.clear()
        self.store = GeometryStore()
        self._enable(False)
        project = document.project
        if not project.data.get("series"):
            self.note.setText(ui("years_none"))
            self.series_changed.emit(None)
            return
        known = known_project_series(project)
        if known is not None:
            self._show_series(document, known)
            return
        self.note.setText(ui("years_reading"))
        if self.jobs is None:  # a player on its own (no window): read at once
            try:
                self._show_series(document, cached_project_series(project))
            except WijkkaartError as exc:
                self._show_series(document, exc)
            return

        def failed(error: BaseException) -> None:
            if isinstance(error, WijkkaartError):
                self._show_series(document, error)
            else:
                self.jobs.show_error(error)

        self.jobs.start(
            "series",
            lambda _feedback: cached_project_series(project),
            lambda series: self._show_series(document, series),
            label=ui("job_series"),
            on_error=failed,
        )

    def _show_series(self, document: Any, found: Series | WijkkaartError) -> None:
        """The series read (or why not) for ``document``, if it is still the one shown."""
        if document is not self.document:
            return
        if isinstance(found, WijkkaartError):
            self.note.setText(str(found))
            self.series_changed.emit(None)
            return
        self.series = found
        self.choice.blockSignals(True)
        for indicator in found.indicators:
            self.choice.addItem(found.label(indicator), indicator)
        self.choice.blockSignals(False)
        self._enable(True)
        self._indicator_changed()
        self.series_changed.emit(found)

    def _indicator_changed(self) -> None:
        if self.series is None or self.document is None:
            return
        indicator = self.choice.currentData()
        codes = list(self.document.areas.frame.index)
        table = self.series.table(indicator).reindex(index=codes)
        self.table = table
        self.years = [int(y) for y in table.columns if table[y].notna().any()]
        try:
            self.breaks = tuple(pooled_breaks(table[self.years], k=5))
        except WijkkaartError as exc:
            self.note.setText(str(exc))
            return
        worse = higher_worse(self.series, indicator)
        style = ChoroplethStyle(
            "jaarwaarde",
            method="manual",
            ramp="YlOrRd" if worse else "YlGnBu",
            fixed_breaks=self.breaks,
        )
        self.layer = AreaLayer(name=self.series.label(indicator), style=style, labels=False)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(len(self.years) - 1, 0))
        self.slider.setValue(len(self.years) - 1)
        self.slider.blockSignals(False)
        from html import escape

        from wijkkaart.export.small_multiples import legend_rows
        from wijkkaart.layers.style import ramp_colours

        colours = ramp_colours(style.ramp, len(self.breaks))
        rows = " ".join(
            f'<span style="background:{c}">&nbsp;&nbsp;&nbsp;</span>&nbsp;{escape(t)}'
            for c, t in legend_rows(list(self.breaks), colours)
        )
        pooled = escape(ui("years_pooled", first=self.years[0], last=self.years[-1]))
        self.note.setText(f"{rows}<br>{pooled}")
        self._draw()

    def current_year(self) -> int | None:
        return self.years[self.slider.value()] if self.years else None

    def _draw(self) -> None:
        year = self.current_year()
        if year is None or self.layer is None or self.document is None:
            return
        self.year.setText(str(year))
        areas = self.document.areas
        values = pd.DataFrame({"jaarwaarde": self.table[year]})
        self.layer.attach(areas.add_columns(values, pd.DataFrame(index=values.index), "reeks"))
        width, height = max(self.map.width(), 320), max(self.map.height(), 240)
        minx, miny, maxx, maxy = (float(v) for v in areas.frame.total_bounds)
        viewport = Viewport.fit((minx, miny, maxx, maxy), width, height)
        image = render_image(snapshot([self.layer], self.store), viewport)
        self.map.setPixmap(QPixmap.fromImage(image))

    def _toggle(self, on: bool) -> None:
        self.play.setText("⏸" if on else "▶")
        if on:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(0)
            self.timer.start()
        else:
            self.timer.stop()

    def _step(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)
