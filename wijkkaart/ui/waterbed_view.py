"""The *Waterbedeffect* tab of the profile panel: a focus area beside its neighbouring buurten.

One row per rate or mean of the series with the change (first to last year with figures) of the
focus area, the buurten next to it and the rest of the gemeente; a row is marked where the
neighbours worsened while the focus area improved. Clicking a row draws the three lines with the
print's :func:`wijkkaart.render.trend_chart.draw_trend`. The computation is
:func:`wijkkaart.timeline.area_waterbed` (the CLI's ``trend --waterbed`` too), run in a
``waterbed`` job. While the tab is on screen the neighbours are outlined on the map.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.analysis.trend import Line, Trend, Waterbed, higher_worse, unit_notes
from wijkkaart.analysis.waterbed_rows import FLAG, change, change_text, direction
from wijkkaart.io.series import Series
from wijkkaart.layers.style import format_number
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.ui.trend_view import TrendChart

MIN_TABLE_HEIGHT = 90
MIN_CHART_HEIGHT = 110  # table, chart and texts fit a 1366x768 laptop's profile dock
FLAG_BACKGROUND = "#fde0c5"
BETTER_COLOUR = "#2166ac"  # the change map's ramp: blue better, red worse
WORSE_COLOUR = "#b2182b"


class WaterbedView(QWidget):
    """Table of the three movements, the chosen indicator's chart and the notes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = _CompactTable(0, 4)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)  # a long indicator name wraps, never "Netto …"
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setMinimumHeight(MIN_TABLE_HEIGHT)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.chart = TrendChart()
        self.chart.setMinimumHeight(MIN_CHART_HEIGHT)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        for label in (self.message, self.summary, self.notes):  # alone in the tab: at its top
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self.message)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 10)  # up to its rows' height first: the chart the rest
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.notes)
        self.table.currentCellChanged.connect(lambda row, *_: self._draw(row))
        # set by the window: its JobRunner (without one the watch is computed at once) and the
        # canvas's pointer (outlines the neighbours while this tab is on screen)
        self.jobs: Any = None
        self.mark: Callable[[list[str]], None] = lambda codes: None
        # a dock behind another dock's tab stays "visible" to Qt: the window says when it is up
        self.dock_shown: Callable[[], bool] = lambda: True
        self.series: Series | None = None
        self.name = ""
        self.watch: Any = None  # the timeline.WaterbedWatch shown
        self._inputs: tuple[Any, ...] | None = None
        self._args: tuple[Any, ...] | None = None
        self._message_key = "wb_no_focus"
        self._message_fields: dict[str, Any] = {}
        self._set_headers()
        self.show_message("wb_no_focus")
        from wijkkaart.ui.language import follow_language

        follow_language(self._language_changed)

    def sizeHint(self) -> QSize:
        """At its real width: a wrapped label's own hint guesses a narrow one (70 px for two
        lines of text), and the dock's scroll area sizes the panel by this hint."""
        hint = super().sizeHint()
        layout = self.layout()
        if self.width() > 0 and layout is not None and layout.hasHeightForWidth():
            return QSize(hint.width(), layout.heightForWidth(self.width()))
        return hint

    # --- what is shown -------------------------------------------------------------------------

    def show_area(
        self, series: Series, areas: Any, polygon: Any, codes: list[str], name: str
    ) -> None:
        """Compare the focus area ``name`` (buurten ``codes``, outline ``polygon``) with its
        neighbours, in a ``waterbed`` job (a newer area cancels it). The same area again (the
        trend re-shown after a selection) keeps what is shown."""
        from wijkkaart.timeline import area_waterbed

        inputs = (id(series), id(areas), tuple(codes), name, polygon.wkb if polygon else None)
        if inputs == self._inputs and self.watch is not None:
            return
        self._inputs = inputs
        self._args = (series, areas, polygon, list(codes), name)
        self.series, self.name = series, name
        args = (series, areas, polygon, list(codes))
        if self.jobs is None:  # a view on its own (no window): at once, on this thread
            try:
                self._show_watch(area_waterbed(*args))
            except WijkkaartError as exc:
                self._failed(exc)
            return

        def work(feedback):
            feedback.check()  # replaced before it began: only the last area is compared
            return area_waterbed(*args)

        self.jobs.start(
            "waterbed", work, self._show_watch, label=ui("job_waterbed"), on_error=self._failed
        )

    def show_message(self, key: str, **fields: Any) -> None:
        """Nothing to compare (no focus area, no series, no neighbours): say why, in words."""
        if self.jobs is not None:
            self.jobs.cancel("waterbed")
        self._message_key, self._message_fields = key, dict(fields)
        self._inputs = self._args = None
        self.watch = None
        self.message.setText(ui(key, **fields))
        self.summary.setText("")
        self.table.setRowCount(0)
        self.table.hide()
        self.chart.set_trend(None)
        self.chart.hide()
        self.notes.setText("")
        self.mark([])

    def _show_watch(self, watch: Any) -> None:
        if not watch.neighbours:
            self.show_message("wb_no_neighbours")
            return
        if not watch.rows:
            self.show_message("wb_no_rows")
            return
        self.watch = watch
        self._message_key = ""
        self._fill()
        self.follow_screen()

    def _failed(self, error: BaseException) -> None:
        if not isinstance(error, WijkkaartError):
            if self.jobs is not None:
                self.jobs.show_error(error)
            return
        self.show_message("wb_no_focus")
        self._message_key = ""  # the error's own text (said in the language it came in)
        self.message.setText(str(error))

    def _fill(self) -> None:
        watch, series = self.watch, self.series
        assert watch is not None and series is not None
        self.message.setText(ui("wb_intro", area=self.name, n=len(watch.neighbours)))
        flagged = sum(row.flagged for row in watch.rows)
        total = len(watch.rows)
        if flagged:
            self.summary.setText(ui("wb_summary", n=flagged, total=total))
        else:
            self.summary.setText(ui("wb_summary_none", total=total))
        current = self.table.currentRow()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for row in watch.rows:
            self._add_row(series, row)
        self.table.blockSignals(False)
        self.table.show()
        QTimer.singleShot(0, self.table.resizeRowsToContents)  # once the columns have widths
        self.chart.show()
        chosen = current if 0 <= current < total else 0
        self.table.setCurrentCell(chosen, 0)
        self._draw(chosen)

    def _add_row(self, series: Series, row: Waterbed) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        worse_if_higher = higher_worse(series, row.indicator)
        label = QTableWidgetItem(f"{FLAG} {row.label}" if row.flagged else row.label)
        label.setToolTip(row.text)
        label.setData(Qt.ItemDataRole.UserRole, row.indicator)
        self.table.setItem(r, 0, label)
        for column, (key, line) in enumerate(
            (
                ("wb_col_focus", row.focus),
                ("wb_col_neighbours", row.neighbours),
                ("wb_col_rest", row.rest),
            ),
            start=1,
        ):
            delta = change(line)
            cell = QTableWidgetItem(change_text(line))
            cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            moved = direction(delta, worse_if_higher)
            if moved == "better":
                cell.setForeground(QBrush(QColor(BETTER_COLOUR)))
            elif moved == "worse":
                cell.setForeground(QBrush(QColor(WORSE_COLOUR)))
            span = line.first_last()
            if span is not None:
                cell.setToolTip(
                    ui(
                        "wb_cell_tip",
                        group=ui(key),
                        first_value=format_number(span[1], 1),
                        first=span[0],
                        last_value=format_number(span[3], 1),
                        last=span[2],
                        direction=ui(f"wb_{moved}") if moved else ui("wb_no_direction_short"),
                    )
                )
            self.table.setItem(r, column, cell)
        if row.flagged:
            for column in range(4):
                item = self.table.item(r, column)
                if item is not None:
                    item.setBackground(QBrush(QColor(FLAG_BACKGROUND)))

    def _draw(self, index: int) -> None:
        """The three lines of the indicator in row ``index``, by the print's chart function."""
        if self.watch is None or self.series is None or not 0 <= index < len(self.watch.rows):
            self.chart.set_trend(None)
            return
        row = self.watch.rows[index]
        series = self.series
        self.chart.set_trend(
            Trend(
                indicator=row.indicator,
                label=row.label,
                unit=series.unit(row.indicator),
                years=series.years,
                area=Line(self.name or row.focus.label, row.focus.values),
                gemeente=row.neighbours,
                g4=row.rest,
                higher_worse=higher_worse(series, row.indicator),
            )
        )
        span = row.focus.first_last()
        # a flag in the chart's title (with the years it spans); the analysis' own sentence in
        # the tooltip (the intro says already that the figures do not say why)
        self.chart.title = (
            ui("wb_chart_flag", label=row.label, first=span[0], last=span[2])
            if row.flagged and span is not None
            else None
        )
        self.chart.update()
        self.chart.setToolTip(row.text)
        # the series' own warnings on this indicator (a unit that changed) and the turnover notes
        self.notes.setText("\n".join([*unit_notes(series, row.indicator), *self.watch.notes]))

    def chosen_indicator(self) -> str | None:
        row = self.table.currentRow()
        if self.watch is None or not 0 <= row < len(self.watch.rows):
            return None
        return str(self.watch.rows[row].indicator)

    def shown_rows(self) -> list[tuple[str, ...]]:
        """The table as shown (for tests): label and the three change texts per row."""
        rows = []
        for r in range(self.table.rowCount()):
            items = [self.table.item(r, c) for c in range(4)]
            rows.append(tuple(item.text() if item is not None else "" for item in items))
        return rows

    # --- on screen or not: the neighbours' outline follows -----------------------------------

    def follow_screen(self) -> None:
        """Outline the neighbours while this view is on screen, else nothing (called when its
        tab, its dock's tab or the view itself is shown or hidden)."""
        on = self.isVisible() and self.dock_shown()
        self.mark(list(self.watch.neighbours) if on and self.watch is not None else [])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.follow_screen()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self.mark([])

    # --- language ------------------------------------------------------------------------------

    def _set_headers(self) -> None:
        self.table.setHorizontalHeaderLabels(
            [ui("col_indicator"), ui("wb_col_focus"), ui("wb_col_neighbours"), ui("wb_col_rest")]
        )

    def _language_changed(self, _code: str) -> None:
        """Headers, wording and the rows' texts (built from data) in the new language."""
        self._set_headers()
        if self.watch is not None and self._args is not None:
            self._inputs = None  # the rows' texts come from the analysis: computed again
            self.show_area(*self._args)
        elif self._message_key:
            self.message.setText(ui(self._message_key, **self._message_fields))


class _CompactTable(QTableWidget):
    """A table at most as tall as its rows, given that height before the chart grows.

    The dock's scroll area sizes the panel by its preferred height: the default (192 px) pushed
    the chart below a 1366x768 screen, so it asks for MIN_TABLE_HEIGHT; sharing the rest 1:1 with
    the chart cut the fifth Baarn row in half when a name wrapped, and left an empty stripe below
    the rows on a taller screen. Its rows follow its width (a wrapped name is
    never cut to "Jongeren met …"), and its height follows its rows."""

    def __init__(self, rows: int, columns: int) -> None:
        super().__init__(rows, columns)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.verticalHeader().sectionResized.connect(lambda *_: self._follow_rows())
        self.model().rowsInserted.connect(lambda *_: self._follow_rows())
        self.model().rowsRemoved.connect(lambda *_: self._follow_rows())

    def content_height(self) -> int:
        """The header and every row, inside the frame: the height that shows all rows whole."""
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        header = self.horizontalHeader().height() if self.horizontalHeader().isVisible() else 0
        return max(MIN_TABLE_HEIGHT, header + rows + 2 * self.frameWidth())

    def _follow_rows(self) -> None:
        self.setMaximumHeight(self.content_height())
        self.updateGeometry()

    def resizeRowsToContents(self) -> None:
        super().resizeRowsToContents()
        self._follow_rows()

    def sizeHint(self) -> QSize:
        # little, so the dock never scrolls for it (its rows at a narrower width ask more); the
        # layout's stretch gives it up to its rows' height before the chart grows
        return QSize(super().sizeHint().width(), MIN_TABLE_HEIGHT)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.resizeRowsToContents)
