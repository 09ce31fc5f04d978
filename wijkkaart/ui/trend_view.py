"""The trend of the profiled area in the profile panel, drawn by the print's chart function.

The panel shows one indicator at a time (chosen in the box above the chart); the chart itself is
:func:`wijkkaart.render.trend_chart.draw_trend`, so the screen and the print agree.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.trend import Trend
from wijkkaart.io.series import Series
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.trend_chart import draw_trend

MIN_CHART_HEIGHT = 150
GOAL_ROWS = 4  # at most this many goals shown before the list scrolls


class TrendChart(QWidget):
    """Paints one :class:`Trend` with its goals' lines."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # the height follows the panel (a stretch in the trend tab); a small dock keeps this much
        self.setMinimumHeight(MIN_CHART_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.trend: Trend | None = None
        self.goals: list[Any] = []
        self.title: str | None = None  # the chart's own title; None: the indicator and unit

    def set_trend(self, value: Trend | None, goals: list[Any] | None = None) -> None:
        self.trend, self.goals = value, list(goals or [])
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.fillRect(self.rect(), QColor("white"))
            if self.trend is not None:
                mm = self.logicalDpiX() / 25.4
                draw_trend(
                    painter, QRectF(self.rect()), self.trend, self.goals, mm=mm, title=self.title
                )
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
        # footnotes to the chart, a size smaller (as the print has them): three notes on % laag
        # inkomen took seven lines and pushed the goals below a 1366x768 dock
        small = self.notes.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.notes.setFont(small)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.choice)
        layout.addWidget(self.chart, 1)  # the chart takes the height the panel has left
        layout.addWidget(self.notes)
        self.goals_label = QLabel(ui("goals_title"))
        self.goals_label.setWordWrap(True)
        self.add_button = QPushButton(ui("goal_add"))
        self.remove_button = QPushButton(ui("goal_remove"))
        row = QHBoxLayout()  # "Doelen" and its buttons on one line: the list keeps the height
        row.addWidget(self.goals_label, 1)
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        layout.addLayout(row)
        # one line per goal, cut in the middle so its start and its status stay readable, the
        # whole goal in the tooltip; as tall as its goals (up to GOAL_ROWS): wrapped in a fixed
        # four lines, the second of two goals was cut in half at 1366x768 (walk, Baarn)
        self.goal_list = QListWidget()
        self.goal_list.setWordWrap(False)
        self.goal_list.setUniformItemSizes(True)
        self.goal_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.goal_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.goal_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fit_goal_list()
        layout.addWidget(self.goal_list)
        self.add_button.clicked.connect(self._add_clicked)
        self.remove_button.clicked.connect(self._remove_clicked)
        # set by the main window: the document that keeps the goals (set_document) and the undo
        # stack's entry
        self.document: Any = None
        self.apply: Any = None
        self.jobs: Any = None  # the window's JobRunner; without one the trend is computed at once
        self.series: Series | None = None
        self.codes: list[str] = []
        self.name = ""
        self.goals: list[Any] = []
        self.choice.currentIndexChanged.connect(self._redraw)
        from wijkkaart.ui.language import follow_language

        follow_language(self._language_changed)

    def set_document(self, document: Any) -> None:
        """Show the goals ``document`` keeps and follow them: a goal added or removed, here or
        by an undo or redo anywhere, reaches this view through ``events.goals`` (nothing calls
        it by hand). The previous document is let go."""
        if document is self.document:
            return
        self.unfollow()
        self.document = document
        if document is not None:
            document.events.goals.connect(self._goals_changed)

    def unfollow(self) -> None:
        """Disconnect from the document (closed, or another document shown)."""
        if self.document is not None:
            self.document.events.goals.disconnect(self._goals_changed)
        self.document = None

    @property
    def project(self) -> Any:
        """The project that keeps the goals (None: no document shown)."""
        return self.document.project if self.document is not None else None

    def closeEvent(self, event: Any) -> None:
        self.unfollow()
        super().closeEvent(event)

    def _fit_goal_list(self) -> None:
        """The list as tall as its goals, one line each, at most GOAL_ROWS (at least one)."""
        box = self.goal_list
        row = box.sizeHintForRow(0) if box.count() else box.fontMetrics().height() + 4
        rows = min(max(box.count(), 1), GOAL_ROWS)
        box.setFixedHeight(rows * row + 2 * box.frameWidth())

    def _language_changed(self, _code: str) -> None:
        """Chart, notes and indicator names are built from data: rebuilt in the new language."""
        self.goals_label.setText(ui("goals_title"))
        self.add_button.setText(ui("goal_add"))
        self.remove_button.setText(ui("goal_remove"))
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

    def add_goal(self, goal: Any) -> None:
        """Add ``goal`` to the shown focus area, as an undoable command."""
        from wijkkaart.goal_commands import ReplaceGoals, with_goal
        from wijkkaart.messages import lazy

        if self.document is None or self.apply is None:
            return
        fields = {k: v for k, v in goal.to_dict().items() if v is not None}
        goals = with_goal(self.document.project, self.name, fields)
        # shown here by the document's goals event (the same path as its undo)
        self.apply(ReplaceGoals(self.document, goals, lazy("cmd_goal_add")))

    def remove_goal(self, index: int) -> None:
        from wijkkaart.goal_commands import ReplaceGoals, without_goal
        from wijkkaart.messages import lazy

        if self.document is None or self.apply is None or not 0 <= index < len(self.goals):
            return
        goals = without_goal(self.document.project, self.name, index)
        self.apply(ReplaceGoals(self.document, goals, lazy("cmd_goal_remove")))

    def _goals_changed(self) -> None:
        """The document's goals changed: this area's goals again, and the chart with them."""
        from wijkkaart.timeline import project_goals

        if self.document is None:
            return
        goals = project_goals(self.document.project, self.name)
        if goals == self.goals:
            return  # another area's goal: nothing here changes
        self.goals = goals
        self._redraw()

    def _add_clicked(self) -> None:
        from wijkkaart.ui.goal_dialog import GoalDialog

        if self.series is None:
            return
        dialog = GoalDialog(self.series, self.choice.currentData(), self)
        if dialog.exec() and dialog.result_goal is not None:
            self.add_goal(dialog.result_goal)

    def _remove_clicked(self) -> None:
        self.remove_goal(self.goal_list.currentRow())

    def _redraw(self) -> None:
        """The goals' list now; the chart from a ``trend`` job (the previous one is cancelled:
        moving quickly across areas or indicators computes only the last trend)."""
        from wijkkaart.timeline import area_trend

        self.goal_list.clear()
        for goal in self.goals:
            self.goal_list.addItem(self._goal_text(goal))
            self.goal_list.item(self.goal_list.count() - 1).setToolTip(self._goal_text(goal, True))
        self._fit_goal_list()
        if self.series is None or not self.codes:
            if self.jobs is not None:
                self.jobs.cancel("trend")
            self.chart.set_trend(None)
            return
        args = (self.series, list(self.codes), self.choice.currentData(), self.name)
        goals = list(self.goals)
        if self.jobs is None:  # a view on its own (no window): at once, on this thread
            try:
                self._show_trend(area_trend(*args, goals))
            except WijkkaartError as exc:
                self._trend_failed(exc)
            return

        def work(feedback):
            feedback.check()  # replaced before it began: only the last trend is computed
            return area_trend(*args, goals)

        self.jobs.start(
            "trend",
            work,
            self._show_trend,
            label=ui("job_trend"),
            on_error=self._trend_failed,
        )

    def _show_trend(self, found: tuple[Trend, list[Any]]) -> None:
        line, statuses = found
        self.chart.set_trend(line, statuses)
        self.notes.setText("\n".join(line.notes))
        self._show_statuses(statuses)

    def _show_statuses(self, statuses: list[Any]) -> None:
        """Each charted goal's latest status after its text in the list ("bereikt (2023)"), as
        the print's goals table says it: a planner sees in the panel whether a goal is on course."""
        from wijkkaart.analysis.goals import status_text
        from wijkkaart.messages import tr

        for row, goal in enumerate(self.goals):
            found = next((s for s in statuses if s.goal == goal), None)
            item = self.goal_list.item(row)
            if found is None or item is None:
                continue
            latest = found.latest()
            status = (
                tr("tp_status_in", status=status_text(latest[1]), year=latest[0])
                if latest is not None
                else status_text("no_data")
            )
            item.setText(f"{self._goal_text(goal)} — {status}")
            item.setToolTip(f"{self._goal_text(goal, True)} — {status}")
        self._fit_goal_list()

    def _goal_text(self, goal: Any, full: bool = False) -> str:
        """The goal as the list says it; a goal on the charted indicator without that indicator's
        name (the chart's title says it), so two goals fit a 1366x768 dock unscrolled."""
        described = goal.describe()
        if not full and goal.indicator == self.choice.currentData():
            return described[:1].upper() + described[1:]
        label = self.series.label(goal.indicator) if self.series is not None else ""
        return f"{label}: {described}"

    def _trend_failed(self, error: BaseException) -> None:
        if not isinstance(error, WijkkaartError):
            if self.jobs is not None:
                self.jobs.show_error(error)
            return
        self.chart.set_trend(None)
        self.notes.setText(str(error))
