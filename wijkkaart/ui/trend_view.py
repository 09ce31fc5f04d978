"""The trend of the profiled area in the profile panel, drawn by the print's chart function.

The panel shows one indicator at a time (chosen in the box above the chart); the chart itself is
:func:`wijkkaart.render.trend_chart.draw_trend`, so the screen and the print agree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from wijkkaart.analysis.goals import evaluate
from wijkkaart.analysis.trend import Trend, trend
from wijkkaart.io.series import Series
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.trend_chart import draw_trend


class TrendChart(QWidget):
    """Paints one :class:`Trend` with its goals' lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(230)
        self.trend: Trend | None = None
        self.goals: list[Any] = []

    def set_trend(self, value: Trend | None, goals: list[Any] | None = None) -> None:
        self.trend, self.goals = value, list(goals or [])
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            if self.trend is not None:
                mm = self.logicalDpiX() / 25.4
                draw_trend(painter, QRectF(self.rect()), self.trend, self.goals, mm=mm)
        finally:
            painter.end()


class TrendView(QWidget):
    """Indicator choice, the chart and its notes, for the codes of the profiled area."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        self.chart = TrendChart()
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(QLabel(ui("trend_panel_title")))
        layout.addWidget(self.choice)
        layout.addWidget(self.chart)
        layout.addWidget(self.notes)
        self.series: Series | None = None
        self.codes: list[str] = []
        self.name = ""
        self.goals: list[Any] = []
        self.choice.currentIndexChanged.connect(self._redraw)
        from wijkkaart.ui.language import follow_language

        follow_language(self._language_changed)

    def _language_changed(self, _code: str) -> None:
        """Chart, notes and indicator names are built from data: rebuilt in the new language."""
        if self.series is not None:
            self.show_area(self.series, self.codes, self.name, self.goals)

    def show_area(self, series: Series, codes: list[str], name: str, goals: list[Any]) -> None:
        self.series, self.codes, self.name, self.goals = series, codes, name, goals
        current = self.choice.currentData()
        self.choice.blockSignals(True)
        self.choice.clear()
        for indicator in series.indicators:
            self.choice.addItem(series.label(indicator), indicator)
        index = self.choice.findData(current)
        self.choice.setCurrentIndex(max(index, 0))
        self.choice.blockSignals(False)
        self._redraw()
        self.setVisible(bool(codes))

    def _redraw(self) -> None:
        if self.series is None or not self.codes:
            self.chart.set_trend(None)
            return
        indicator = self.choice.currentData()
        try:
            line = trend(self.series, self.codes, indicator, name=self.name)
            statuses = [
                evaluate(g, line)
                for g in self.goals
                if self.series.resolve(g.indicator) == line.indicator
            ]
        except WijkkaartError as exc:
            self.chart.set_trend(None)
            self.notes.setText(str(exc))
            return
        self.chart.set_trend(line, statuses)
        self.notes.setText("\n".join(line.notes))
