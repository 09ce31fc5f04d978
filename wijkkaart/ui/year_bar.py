"""The year bar under the map: the project's series on the main canvas, one year at a time.

Like QGIS's temporal controller, a strip docked to the map: *Door de jaren* switches the year map
on and off; then the indicator, *Jaar* (a slider over the years with figures, previous, play and
next, the year shown large) or *Verandering* (from year A to year B), and optional fixed breaks.
The year map itself (``wijkkaart/year_map.py``) is an area layer of its own that takes the place
of the buurten fill in a copy of the document's layer list; the canvas renders that copy through
its render job (``render/job.py``) and the main legend shows its classes and year.

It is a view, not a document change. Looking through the years is like panning or zooming: the
planner looks, and the project stays as it was. So nothing here is a command, nothing is saved
and nothing marks the work dirty (the project's ``reference_year`` is another thing: the
boundaries everything is shown on). What a saved project prints, and what ``wijkkaart export``
draws from it, is its own layers; a year on paper is asked for explicitly (``--year``,
``--change``, ``--years``). Switching the year view off gives the canvas and the legend the
document's own layer list back, so the normal map returns exactly as it was.

Playing never queues renders: each step starts the canvas's render at once, and a render still
running is cancelled by the render runner (``bench/bench_year_step.py`` times a step).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.io.series import Series
from wijkkaart.layers.model import Follower, follow
from wijkkaart.messages import WijkkaartError, language, ui
from wijkkaart.year_map import (
    YearMap,
    YearView,
    compose,
    year_table,
    year_view,
    years_with_figures,
)

STEP_MS = 900  # one year per step while playing
YEAR, CHANGE = 0, 1  # the mode combo's rows


class YearBar(QWidget):
    """The strip under the canvas; ``set_document`` follows a project (disabled without series)."""

    series_changed = Signal(object)  # the series shown (None: none), once it has been read
    # what the map shows (a year_map.YearView; None: the project's own map): the layer list and
    # the style panel say it, so no panel shows a style the map does not
    view_changed = Signal(object)

    def __init__(self, canvas: Any, legend: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas, self.legend = canvas, legend
        self.document: Any = None
        self.series: Series | None = None
        self.year_map: YearMap | None = None
        self.years: list[int] = []
        self._follower: Follower | None = None
        self.view: YearView | None = None  # as last said by view_changed
        self.jobs: Any = None  # the window's JobRunner; without one the series is read at once
        icons = self.style()
        self.toggle = QCheckBox()
        self.choice = QComboBox()
        self.choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.choice.setMinimumContentsLength(12)
        self.mode = QComboBox()
        self.mode.addItems(["", ""])
        self.previous = self._button(icons.standardIcon(QStyle.StandardPixmap.SP_MediaSeekBackward))
        self.play = self._button(icons.standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play.setCheckable(True)
        self.next = self._button(icons.standardIcon(QStyle.StandardPixmap.SP_MediaSeekForward))
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setPageStep(1)
        self.slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        self.slider.setMinimumWidth(80)
        self.lowest, self.highest = QLabel(), QLabel()  # the first and last year, at the ends
        self.first_year = QComboBox()
        self.arrow = QLabel("→")
        self.last_year = QComboBox()
        self.year = QLabel()
        font = self.year.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.year.setFont(font)
        self.breaks = QLineEdit()
        self.breaks.setMaximumWidth(120)
        self.breaks.setClearButtonEnabled(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        top = QHBoxLayout()  # what is shown ...
        top.setSpacing(4)
        top.addWidget(self.toggle)
        top.addWidget(self.choice, 1)
        top.addWidget(self.mode)
        top.addWidget(self.breaks)
        self.when = QWidget()  # ... and when (hidden without a series)
        bottom = QHBoxLayout(self.when)
        bottom.setContentsMargins(0, 0, 0, 0)
        bottom.setSpacing(4)
        when: list[QWidget] = [self.previous, self.play, self.next, self.lowest]
        for widget in when:
            bottom.addWidget(widget)
        bottom.addWidget(self.slider, 1)
        bottom.addWidget(self.highest)
        between: list[QWidget] = [self.first_year, self.arrow, self.last_year]
        for widget in between:
            bottom.addWidget(widget)
        bottom.addStretch(0)
        bottom.addWidget(self.year)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 3, 6, 3)
        layout.setSpacing(2)
        layout.addLayout(top)
        layout.addWidget(self.when)
        layout.addWidget(self.error)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.timer = QTimer(self)
        self.timer.setInterval(STEP_MS)
        self.timer.timeout.connect(self._step)
        self._tell_timer = QTimer(self)
        self._tell_timer.setSingleShot(True)
        self._tell_timer.setInterval(0)
        self._tell_timer.timeout.connect(self._tell_now)
        self.toggle.toggled.connect(self._toggled)
        self.choice.currentIndexChanged.connect(self._rebuild)
        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.slider.valueChanged.connect(self._show)
        self.first_year.currentIndexChanged.connect(self._show)
        self.last_year.currentIndexChanged.connect(self._show)
        self.previous.clicked.connect(lambda: self.slider.setValue(self.slider.value() - 1))
        self.next.clicked.connect(lambda: self.slider.setValue(self.slider.value() + 1))
        self.play.toggled.connect(self._play_toggled)
        self.breaks.editingFinished.connect(self._rebuild)
        self._mode_changed()
        self._translate()
        from wijkkaart.ui.language import follow_language

        follow_language(self._language_changed)

    def _button(self, icon: Any) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setAutoRaise(True)
        return button

    # --- texts -----------------------------------------------------------------------------------

    def _translate(self) -> None:
        self.toggle.setText(ui("yearbar_toggle"))
        self.mode.setItemText(YEAR, ui("yearbar_mode_year"))
        self.mode.setItemText(CHANGE, ui("yearbar_mode_change"))
        self.mode.setToolTip(ui("yearbar_mode_tip"))
        self.choice.setToolTip(ui("yearbar_indicator_tip"))
        self.previous.setToolTip(ui("yearbar_previous"))
        self.next.setToolTip(ui("yearbar_next"))
        self.play.setToolTip(ui("yearbar_pause") if self.play.isChecked() else ui("years_play"))
        self.first_year.setToolTip(ui("yearbar_from_tip"))
        self.last_year.setToolTip(ui("yearbar_to_tip"))
        self.breaks.setPlaceholderText(ui("yearbar_breaks"))
        self.breaks.setToolTip(ui("yearbar_breaks_tip"))
        self.toggle.setToolTip(ui("yearbar_toggle_tip"))
        self._enable(self.series is not None)

    def _language_changed(self, _code: str) -> None:
        """The fixed texts, the indicator names and the map's legend in the new language."""
        self._translate()
        if self.series is None:
            return
        self.choice.blockSignals(True)
        for i in range(self.choice.count()):
            self.choice.setItemText(i, self.series.label(self.choice.itemData(i)))
        self.choice.blockSignals(False)
        self._rebuild()

    # --- the document ------------------------------------------------------------------------

    def set_document(self, document: Any) -> None:
        """Follow ``document``'s series on its buurten; disabled (and why) without one.

        The series is read off the GUI thread: by the open job (it is then known here) or by a
        ``series`` job started now; ``series_changed`` says when it is there. A series added,
        a reference switched or either undone reaches the bar through ``events.years``."""
        if document is not self.document:
            self.unfollow()
            self.document = document
            document.events.years.connect(self._years_changed)
        self._leave(restore=False)  # the window shows the new document's own layers
        self._read()

    def unfollow(self) -> None:
        """Let the document go (another one is shown, or the bar is closed)."""
        if self.document is not None:
            self.document.events.years.disconnect(self._years_changed)
            self._leave(restore=False)  # whoever shows the next document sets its layers
        self.document = None

    def closeEvent(self, event: Any) -> None:
        self.unfollow()
        super().closeEvent(event)

    def _years_changed(self) -> None:
        """The document's series or reference vintage changed (a command, or its undo): back to
        the document's own map, and the series read again."""
        self._leave()
        self._read()

    def _read(self) -> None:
        from wijkkaart.timeline import cached_project_series, known_project_series

        document = self.document
        self.series, self.year_map, self.years = None, None, []
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.blockSignals(False)
        self._translate()  # disabled until there is a series
        project = document.project
        if not project.data.get("series"):
            self._say("")
            self.series_changed.emit(None)
            return
        known = known_project_series(project)
        if known is not None:
            self._show_series(document, known)
            return
        self._say(ui("years_reading"), error=False)
        if self.jobs is None:  # a bar on its own (no window): read at once
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
            lambda feedback: cached_project_series(project, feedback),
            lambda series: self._show_series(document, series),
            label=ui("job_series"),
            on_error=failed,
        )

    def _show_series(self, document: Any, found: Series | WijkkaartError) -> None:
        """The series read (or why not) for ``document``, if it is still the one shown."""
        if document is not self.document:
            return
        if isinstance(found, WijkkaartError):
            self._say(str(found))
            self.series_changed.emit(None)
            return
        self._say("")
        self.series = found
        self.choice.blockSignals(True)
        for indicator in found.indicators:
            self.choice.addItem(found.label(indicator), indicator)
        self.choice.blockSignals(False)
        self._translate()  # enabled now
        self._rebuild()
        self.series_changed.emit(found)

    def _enable(self, on: bool) -> None:
        """Without a series every control is disabled and says why (in its tooltip)."""
        self.setToolTip("" if on else ui("years_none"))
        for widget in (
            self.toggle,
            self.choice,
            self.mode,
            self.previous,
            self.play,
            self.next,
            self.slider,
            self.first_year,
            self.last_year,
            self.breaks,
        ):
            widget.setEnabled(on)
            if not on:
                widget.setToolTip(ui("years_none"))
        self.when.setVisible(on)  # no empty slider under a map without years
        if not on:
            self.year.clear()
            self.slider.setRange(0, 0)

    @property
    def active(self) -> bool:
        """Is the year map on the canvas now?"""
        return self._follower is not None

    def print_choice(self) -> Any:
        """What the bar shows, as the print settings keep it (a
        :class:`~wijkkaart.export.map_time.MapTime`: the year or the change, the indicator and
        the planner's fixed breaks); None while the year map is off. The export dialog starts
        from it, so the print shows the map the planner is looking at."""
        from wijkkaart.export.map_time import MapTime

        if not self.active or self.choice.currentIndex() < 0:
            return None
        indicator = str(self.choice.currentData())
        span, year = self._span(), self.current_year()
        if self.mode.currentIndex() == CHANGE and span is not None:
            return MapTime("change", indicator, first=span[0], last=span[1])
        try:
            fixed = self._fixed_breaks()
        except WijkkaartError:
            fixed = ()
        return MapTime("year", indicator, year=year, breaks=fixed)

    def current_year(self) -> int | None:
        if not self.years:
            return None
        return self.years[min(self.slider.value(), len(self.years) - 1)]

    # --- building the year map -----------------------------------------------------------------

    def _fixed_breaks(self) -> tuple[float, ...]:
        text = self.breaks.text().strip()
        if not text:
            return ()
        values = []
        for part in text.replace("\n", ";").split(";"):
            part = part.strip().replace(" ", "")
            if not part:
                continue
            try:
                values.append(float(part.replace(",", ".") if language() == "nl" else part))
            except ValueError:
                raise WijkkaartError("yearbar_bad_breaks", text=text) from None
        if not values:
            raise WijkkaartError("yearbar_bad_breaks", text=text)
        return tuple(sorted(set(values)))

    def _rebuild(self) -> None:
        """A new indicator (or new breaks, or a new language): the years it has; its map is
        made when it is shown (pooling loads mapclassify: not while a project opens)."""
        if self.series is None or self.document is None or self.choice.currentIndex() < 0:
            return
        year, span = self.current_year(), self._span()
        table = year_table(self.series, self.choice.currentData(), self.document.areas)
        years = self.years = years_with_figures(table)
        self.year_map = None
        for widget in (self.slider, self.first_year, self.last_year):
            widget.blockSignals(True)
        self.slider.setRange(0, max(len(years) - 1, 0))
        self.slider.setValue(years.index(year) if year in years else len(years) - 1)
        self.lowest.setText(str(years[0]) if years else "")
        self.highest.setText(str(years[-1]) if years else "")
        for combo in (self.first_year, self.last_year):
            combo.clear()
            combo.addItems([str(y) for y in years])
        first, last = span if span and span[0] in years and span[1] in years else (0, 0)
        self.first_year.setCurrentIndex(years.index(first) if first else 0)
        self.last_year.setCurrentIndex(years.index(last) if last else len(years) - 1)
        for widget in (self.slider, self.first_year, self.last_year):
            widget.blockSignals(False)
        if self.active:
            if self._make_map():
                self._recompose()
            else:
                self._leave()
        self._show()

    def _make_map(self) -> bool:
        """The year map of the chosen indicator (once); False, and why, when there is none."""
        if self.year_map is not None:
            return True
        if self.series is None or self.document is None:
            return False
        try:
            self.year_map = YearMap(
                self.series,
                self.choice.currentData(),
                self.document.areas,
                fixed=self._fixed_breaks(),
            )
        except WijkkaartError as exc:
            self._say(str(exc))
            return False
        self._say("")
        return True

    def _span(self) -> tuple[int, int] | None:
        if self.first_year.count() == 0:
            return None
        return int(self.first_year.currentText()), int(self.last_year.currentText())

    def _mode_changed(self) -> None:
        change = self.mode.currentIndex() == CHANGE
        if change:
            self.play.setChecked(False)
        years: list[QWidget] = [self.previous, self.play, self.next, self.slider]
        for widget in [*years, self.lowest, self.highest]:
            widget.setVisible(not change)
        between: list[QWidget] = [self.first_year, self.arrow, self.last_year]
        for widget in between:
            widget.setVisible(change)
        self.breaks.setVisible(not change)  # a change has its own scale, centred on 0
        self._show()

    def _show(self) -> None:
        """Put the chosen year (or change) on the year map; moving a control turns it on."""
        span, year = self._span(), self.current_year()
        if year is None or span is None:
            return
        change = self.mode.currentIndex() == CHANGE
        self.year.setText(f"{span[0]}–{span[1]}" if change else str(year))
        if self.series is not None:
            self.previous.setEnabled(self.slider.value() > self.slider.minimum())
            self.next.setEnabled(self.slider.value() < self.slider.maximum())
        if not self.active:
            if self._touched():
                self.toggle.setChecked(True)  # -> _enter, which shows it
            return
        if self.year_map is None:
            return
        try:
            if change:
                self.year_map.show_change(*span)
            else:
                self.year_map.show(year)
        except WijkkaartError as exc:  # a definition change, the same year twice
            self._say(str(exc))
            return
        self._say("")
        self._tell()
        self.canvas.request_render(immediate=True)  # replaces a render still running

    def _touched(self) -> bool:
        """Did the planner move a control (not a rebuild on opening a project)?"""
        sender = self.sender()
        return sender in (self.slider, self.first_year, self.last_year, self.mode, self.timer)

    def _say(self, text: str, error: bool = True) -> None:
        """A line under the controls: why nothing changed (red), or that the series is read."""
        self.error.setStyleSheet("color: #8a1c1c" if error else "color: #555555")
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # --- on and off ----------------------------------------------------------------------------

    def _toggled(self, on: bool) -> None:
        if on:
            self._enter()
        else:
            self._leave()

    def _enter(self) -> None:
        if self.active or self.document is None:
            return
        if not self._make_map():
            self._leave()
            return
        self._follower = follow(self.document.layers, self._recompose)
        self._recompose()
        self._show()

    def _recompose(self) -> None:
        """The document's layers with the year map in the place of the buurten fill."""
        if self.document is None or self.year_map is None:
            return
        shown = compose(self.document.layers, self.year_map.layer, self.document.areas)
        self.canvas.set_layers(shown)
        self.legend.set_layers(shown, self.document.focus_areas)
        self._tell()

    def _tell(self) -> None:
        """Say what the map shows (view_changed) once the event loop runs: a burst of steps
        (playing, a dragged slider) is said once, and a step waits for no panel."""
        self._tell_timer.start()

    def _tell_now(self) -> None:
        view = None
        if self.active and self.year_map is not None and self.document is not None:
            view = year_view(self.year_map, self.document.layers, self.document.areas)
        if view != self.view:
            self.view = view
            self.view_changed.emit(view)

    def switch_off(self) -> None:
        """Back to the project's own map (the style panel's *Jaarweergave uitzetten*)."""
        self._leave()

    def _leave(self, restore: bool = True) -> None:
        """Back to the document's own layers on the canvas and in the legend."""
        self.play.setChecked(False)
        if self._follower is not None:
            self._follower.close()
            self._follower = None
            if restore and self.document is not None:
                self.canvas.set_layers(self.document.layers)
                self.legend.set_layers(self.document.layers, self.document.focus_areas)
        self.toggle.blockSignals(True)
        self.toggle.setChecked(False)
        self.toggle.blockSignals(False)
        self._tell()

    # --- playing -------------------------------------------------------------------------------

    def _play_toggled(self, on: bool) -> None:
        style = self.style()
        pixmap = QStyle.StandardPixmap.SP_MediaPause if on else QStyle.StandardPixmap.SP_MediaPlay
        self.play.setIcon(style.standardIcon(pixmap))
        self.play.setToolTip(ui("yearbar_pause") if on else ui("years_play"))
        if on:
            if self.slider.value() >= self.slider.maximum():
                self.slider.setValue(0)
            if not self.active:
                self.toggle.setChecked(True)
            self.timer.start()
        else:
            self.timer.stop()

    def _step(self) -> None:
        if self.slider.value() >= self.slider.maximum():
            self.play.setChecked(False)
            return
        self.slider.setValue(self.slider.value() + 1)


def map_with_bar(canvas: QWidget, bar: YearBar) -> QWidget:
    """The window's central widget: the canvas with the year bar docked under it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    layout.addWidget(canvas, 1)
    layout.addWidget(bar)
    return box
