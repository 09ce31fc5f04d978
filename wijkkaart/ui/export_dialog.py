"""Export dialog: print settings with a live, editable preview, then PDF, PNG, SVG, HTML or atlas.

The settings (template, paper, extent, scale, title, the user's layout) are the project's print
settings (:mod:`wijkkaart.export.settings`): the dialog opens with them, every change is stored
back as one undo step, and ``wijkkaart export`` prints the same page from the saved project.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.export.extent import KINDS, SCALES, PrintExtent, resolve_bounds, wijk_codes
from wijkkaart.export.layout import PAPER_MM, PRESET_RESIDENTS, PageOptions, PagePainter
from wijkkaart.export.map_time import MapTime, print_layers, thin_years
from wijkkaart.export.page_layout import TEMPLATES, snap, to_fraction
from wijkkaart.export.settings import PrintSettings, SetPrintSettings
from wijkkaart.export.trend_spec import TrendPrint
from wijkkaart.feedback import Feedback
from wijkkaart.io.series import Series
from wijkkaart.layers.document import MapDocument
from wijkkaart.lru import LruCache
from wijkkaart.messages import WijkkaartError, ui
from wijkkaart.render.renderer import GeometryStore
from wijkkaart.render.viewport import nice_scale
from wijkkaart.ui import folders
from wijkkaart.ui.jobs import Job, JobRunner
from wijkkaart.ui.print_preview import PrintPreview

PREVIEW_DPI = 36
MAX_PREVIEW_DPI = 120


class ExportDialog(QDialog):
    def __init__(self, document: MapDocument, bounds, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs: JobRunner | None = getattr(parent, "jobs", None)  # the window's runner
        self.setWindowTitle(ui("export_title"))
        self.document, self.bounds = document, bounds  # ``bounds``: the canvas, for 'view'
        self._stack = getattr(parent, "stack", None)  # the window's undo stack
        self.push = getattr(self._stack, "push", None)
        self.store = GeometryStore()
        self._year_layers: LruCache[list] = LruCache(4)  # print_layers of a year or a change
        self._loading = True
        self.template = QComboBox()
        self.template.addItem(ui("print_template_none"), None)
        for key, template in TEMPLATES.items():
            self.template.addItem(ui(template.label_key), key)
        self.paper = QComboBox()
        self.paper.addItems(list(PAPER_MM))
        self.orientation = QComboBox()
        self.orientation.addItem(ui("landscape"), "landscape")
        self.orientation.addItem(ui("portrait"), "portrait")
        self.extent_kind = QComboBox()
        for kind in KINDS:
            self.extent_kind.addItem(ui(f"print_extent_{kind}"), kind)
        self.extent_target = QComboBox()
        self.margin = QSpinBox()
        self.margin.setRange(0, 200)
        self.margin.setSuffix(" %")
        self.scale = QComboBox()
        self.scale.addItem(ui("print_scale_fit"), None)
        for value in SCALES:
            self.scale.addItem(nice_scale(value), value)
        self.dpi = QSpinBox()
        self.dpi.setRange(72, 600)
        self.dpi.setValue(300)
        self.title = QLineEdit()
        self.subtitle = QLineEdit()
        self.residents = QCheckBox(ui("preset_residents"))
        self.overview = QCheckBox(ui("overview_map"))
        self.reset_layout = QPushButton(ui("print_layout_reset"))
        self._time_widgets(document)
        self._trend_widgets(document)
        self.read_series()
        self._fill_years()
        self._time_visibility()
        self.preview = PrintPreview()
        self.preview.setToolTip(ui("print_layout_hint"))
        self.preview.moved.connect(self.move_element)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout()
        form.addRow(ui("print_time_label"), self.time_kind)
        form.addRow(ui("print_time_indicator"), self.time_indicator)
        form.addRow(ui("print_time_when"), self.time_when)
        form.addRow(self.time_chart)
        form.addRow(ui("print_template"), self.template)
        form.addRow(ui("paper"), self.paper)
        form.addRow(ui("orientation"), self.orientation)
        form.addRow(ui("print_extent"), self.extent_kind)
        form.addRow(ui("print_target"), self.extent_target)
        form.addRow(ui("print_margin"), self.margin)
        form.addRow(ui("print_scale"), self.scale)
        form.addRow("dpi (PNG)", self.dpi)
        form.addRow(ui("title"), self.title)
        form.addRow(ui("subtitle"), self.subtitle)
        form.addRow(self.residents)
        form.addRow(self.overview)
        form.addRow(ui("export_trend_label"), self.trend_first)
        form.addRow("", self.trend_second)
        form.addRow(self.goals_box)
        form.addRow(self.waterbed_box)
        form.addRow(self.reset_layout)
        buttons = QHBoxLayout()
        self.buttons = {}
        for key in ("export_pdf", "export_png", "export_svg", "export_html", "export_atlas"):
            button = QPushButton(ui(key))
            buttons.addWidget(button)
            self.buttons[key] = button
        self.buttons["export_pdf"].clicked.connect(lambda: self._choose(".pdf"))
        self.buttons["export_png"].clicked.connect(lambda: self._choose(".png"))
        self.buttons["export_svg"].clicked.connect(lambda: self._choose(".svg"))
        self.buttons["export_html"].clicked.connect(lambda: self._choose(".html"))
        self.buttons["export_atlas"].clicked.connect(lambda: self._choose(".pdf", atlas=True))
        top = QHBoxLayout()
        top.addLayout(form)
        top.addWidget(self.preview, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addWidget(self.status)
        self.layout_moves: dict[str, list[float]] = {}
        self.preview_frame_mm: tuple | None = None
        self._bar = getattr(parent, "year_bar", None)
        self.show_document()
        self._loading = False
        self.template.currentIndexChanged.connect(self._template_chosen)
        for widget in (
            self.paper,
            self.orientation,
            self.extent_target,
            self.scale,
            self.trend_first,
            self.trend_second,
        ):
            widget.currentIndexChanged.connect(self.changed)
        self.time_kind.currentIndexChanged.connect(self._time_kind_chosen)
        self.time_indicator.currentIndexChanged.connect(self._time_indicator_chosen)
        for combo in (self.time_year, self.time_first, self.time_last):
            combo.currentIndexChanged.connect(self.changed)
        self.time_years.editingFinished.connect(self.changed)
        self.time_chart.toggled.connect(self.changed)
        self.extent_kind.currentIndexChanged.connect(self._kind_chosen)
        self.margin.valueChanged.connect(self.changed)
        for box in (self.residents, self.overview, self.goals_box, self.waterbed_box):
            box.toggled.connect(self.changed)
        for line in (self.title, self.subtitle):
            line.editingFinished.connect(self.changed)
        self.reset_layout.clicked.connect(self._reset_layout)
        # Ctrl+Z and Ctrl+Shift+Z here too: every change made here is a step on the window's stack
        for key in ("undo", "redo"):
            action = getattr(parent, "actions_by_key", {}).get(key)
            if action is not None:
                self.addAction(action)
        self._echo = False  # True while our own change is stored: it is shown already
        self._following = False
        self.follow()
        self.finished.connect(self.unfollow)  # closed (Esc, Sluiten, the window's cross)
        self.resize(self.sizeHint())
        self.update_preview()

    # --- following the document ------------------------------------------------------------------

    def follow(self) -> None:
        """Show the project's print settings whenever they change: an undo or redo (in the window
        or here), or another dialog. Our own change is not shown again (no echo)."""
        if not self._following:
            events = self.document.events
            events.print_settings.connect(self._document_changed)
            events.years.connect(self._years_changed)  # a series added, switched or undone
            events.goals.connect(self._goals_changed)
            events.focus_areas.connect(self._focus_areas_changed)  # drawn, renamed, removed
            if self._stack is not None:  # emptied when the window shows another project
                self._stack.changed.connect(self._stack_changed)
            self._following = True

    def unfollow(self, *_: object) -> None:
        """Closed: the document no longer calls this dialog (shown again, it follows again)."""
        if self._following:
            events = self.document.events
            events.print_settings.disconnect(self._document_changed)
            events.years.disconnect(self._years_changed)
            events.goals.disconnect(self._goals_changed)
            events.focus_areas.disconnect(self._focus_areas_changed)
            if self._stack is not None:
                self._stack.changed.disconnect(self._stack_changed)
            self._following = False

    def _stack_changed(self) -> None:
        """The window shows another project: this dialog would print, and push steps for, a
        project no longer on screen. It closes (and so stops following)."""
        if getattr(self.parent(), "document", self.document) is not self.document:
            self.close()

    def _document_changed(self) -> None:
        if self._echo:
            return
        self.show_document()
        self.update_preview()

    def show_document(self) -> None:
        """The project's print settings in the widgets; the map the year bar shows when the
        settings keep no small multiples (as when the dialog opened: the year the planner
        looks at)."""
        saved = PrintSettings.of(self.document)
        loading, self._loading = self._loading, True
        self.layout_moves = dict(saved.layout)
        self.show_settings(saved)
        shown = self._bar.print_choice() if self._bar is not None else None
        if shown is not None and self.time_kind.isEnabled():
            keep = saved.time if saved.time.kind == "years" else None
            self.show_time(keep or shown, shown)
            self.title.setPlaceholderText(self.default_title())
        self._loading = loading

    def _trend_widgets(self, document: MapDocument) -> None:
        """Trend charts (two indicators of the series) and the goals table: enabled once the
        project's series has been read (:meth:`_series_read`), the goals table with goals."""
        self.trend_first, self.trend_second = QComboBox(), QComboBox()
        for box in (self.trend_first, self.trend_second):
            box.addItem("—", None)
        self.goals_box = QCheckBox(ui("export_goals_check"))
        # the focus area beside its neighbouring buurten (the profile's Waterbedeffect tab)
        self.waterbed_box = QCheckBox(ui("export_waterbed_check"))
        self._enable_series_widgets()

    def _enable_series_widgets(self) -> None:
        """On with a series read; off with the reason in the tooltip (none, or being read)."""
        on = self.series is not None
        why = ui("years_reading") if self.series_reading else ""
        for box in (self.trend_first, self.trend_second):
            box.setEnabled(on)
            box.setToolTip("" if on else why or ui("export_trend_none"))
        has_goals = on and bool(self.document.project.data.get("goals"))
        self.goals_box.setEnabled(has_goals)
        self.goals_box.setToolTip("" if has_goals else why or ui("tp_no_goals"))
        self.waterbed_box.setEnabled(on)
        self.waterbed_box.setToolTip("" if on else why or ui("wb_no_series"))
        self.time_kind.setEnabled(on)
        self.time_kind.setToolTip("" if on else why or ui("print_time_no_series"))

    def _time_widgets(self, document: MapDocument) -> None:
        """Kaart: the project map, the year shown, the change shown, or small multiples of
        chosen years (enabled once the project's series has been read)."""
        self.series: Series | None = None
        self.series_reading = False  # True while the series job runs (the widgets wait)
        self.time_kind = QComboBox()
        for kind in ("project", "year", "change", "years"):
            self.time_kind.addItem(ui(f"print_time_{kind}"), kind)
        self.time_indicator = QComboBox()
        self.time_year, self.time_first, self.time_last = QComboBox(), QComboBox(), QComboBox()
        self.time_years = QLineEdit()
        self.time_years.setToolTip(ui("print_time_years_tip"))
        self.time_when = QWidget()
        row = QHBoxLayout(self.time_when)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.time_year)
        row.addWidget(self.time_first)
        self.time_arrow = QLabel("→")
        row.addWidget(self.time_arrow)
        row.addWidget(self.time_last)
        row.addWidget(self.time_years, 1)
        self.time_chart = QCheckBox(ui("print_time_chart"))
        self.time_breaks: tuple[float, ...] = ()  # the year bar's fixed breaks, kept as they are
        self._indicator_shown = self.time_indicator.currentData()

    def read_series(self) -> None:
        """The project's series for Kaart and the trend charts: the one the year bar or the
        open job has read, else read in a ``print_series`` job (never on this thread); the
        widgets are filled in its done callback. Meanwhile they wait, disabled, and what the
        project keeps for them is printed as it is (:meth:`settings`)."""
        from wijkkaart.timeline import cached_project_series, known_project_series

        project = self.document.project
        if not project.data.get("series"):
            return
        known = known_project_series(project)
        if known is not None:
            self._series_read(known)
            return
        if self.jobs is None:  # a dialog on its own (no window): read at once
            try:
                self._series_read(cached_project_series(project))
            except WijkkaartError as exc:
                self._series_read(exc)
            return
        self.series_reading = True
        self._enable_series_widgets()
        jobs = self.jobs

        def failed(error: BaseException) -> None:
            if isinstance(error, WijkkaartError):
                self._series_read(error)
            else:
                self._series_read(WijkkaartError("trend_no_series"))
                jobs.show_error(error)

        jobs.start(
            "print_series",
            lambda _feedback: cached_project_series(project),
            self._series_read,
            label=ui("job_series"),
            on_error=failed,
        )

    def _series_read(self, found: Series | WijkkaartError) -> None:
        """The series (or why it could not be read): fill Kaart and the trend charts, and show
        the project's settings in them."""
        self.series_reading = False
        if isinstance(found, WijkkaartError):
            self.series = None
            self._enable_series_widgets()
            self.time_kind.setToolTip(str(found))
            return
        self.series = found
        loading, self._loading = self._loading, True
        for key in found.indicators:
            self.time_indicator.addItem(found.label(key), key)
        for box in (self.trend_first, self.trend_second):
            for key in found.indicators:
                box.addItem(found.label(key), key)
        self._indicator_shown = self.time_indicator.currentData()
        self._enable_series_widgets()
        self._fill_years()
        self._time_visibility()
        self._loading = loading
        if not self._loading:  # read in a job: the dialog is up, show what the project keeps
            self.show_document()
            if self.isVisible():  # closed meanwhile: no preview wanted
                self.update_preview()

    def _years_changed(self) -> None:
        """The project's series changed (added, a reference switched, or undone): Kaart and the
        trend charts offer the series as it is now, read again (in a job when not known)."""
        if self.jobs is not None:
            self.jobs.cancel("print_series")  # the series before the change must not land
        loading, self._loading = self._loading, True
        self.series, self.series_reading = None, False
        boxes = (self.time_indicator, self.trend_first, self.trend_second)
        for box in boxes:
            box.blockSignals(True)
        self.time_indicator.clear()
        for box in boxes[1:]:
            while box.count() > 1:  # "—" stays
                box.removeItem(box.count() - 1)
        for box in boxes:
            box.blockSignals(False)
        self.read_series()
        self._enable_series_widgets()
        self._fill_years()
        self._time_visibility()
        self._loading = loading
        self.show_document()
        self.update_preview()

    def _focus_areas_changed(self) -> None:
        """A focus area drawn, renamed or removed (or undone): the extent's list of areas and
        the small multiples' trend chart offer the areas there are now; the print settings
        keep the area they name."""
        kind = self.extent_kind.currentData()
        if kind == "focus":
            kept = PrintSettings.of(self.document).extent
            current = kept.target if kept.kind == "focus" else self.extent_target.currentData()
            self._fill_targets("focus", str(current or ""))
        self._time_visibility()
        self.update_preview()

    def _goals_changed(self) -> None:
        """A goal added or removed (or undone): the goals table is offered when there are any."""
        self._enable_series_widgets()
        self.update_preview()

    def _years_of(self, indicator: str | None) -> list[int]:
        """The years in which ``indicator`` has figures on the project's buurten."""
        if self.series is None or not indicator:
            return []
        from wijkkaart.year_map import year_table, years_with_figures

        return years_with_figures(year_table(self.series, indicator, self.document.areas))

    def _fill_years(self) -> None:
        years = [str(y) for y in self._years_of(self.time_indicator.currentData())]
        for combo in (self.time_year, self.time_first, self.time_last):
            current = combo.currentText()
            combo.blockSignals(True)
            combo.clear()
            combo.addItems(years)
            if current in years:
                combo.setCurrentText(current)
            combo.blockSignals(False)
        if years and self.time_first.currentText() == self.time_last.currentText():
            self.time_first.setCurrentIndex(0)
            self.time_last.setCurrentIndex(len(years) - 1)
        if years and not self.time_year.currentText():
            self.time_year.setCurrentIndex(len(years) - 1)

    def chart_area(self) -> str:
        """The focus area whose trend chart goes with small multiples: the extent's focus area,
        else the project's only one; '' when there is none."""
        if self.extent_kind.currentData() == "focus" and self.extent_target.currentData():
            return str(self.extent_target.currentData())
        areas = [a.name for a in self.document.focus_areas if a.geometry is not None]
        return areas[0] if len(areas) == 1 else ""

    def _time_visibility(self) -> None:
        kind = self.time_kind.currentData()
        on = kind != "project" and self.time_kind.isEnabled()
        self.time_indicator.setEnabled(on)
        self.time_when.setEnabled(on)
        self.time_year.setVisible(kind in ("project", "year"))
        between: list[QWidget] = [self.time_first, self.time_arrow, self.time_last]
        for part in between:
            part.setVisible(kind == "change")
        self.time_years.setVisible(kind == "years")
        area = self.chart_area()
        self.time_chart.setEnabled(kind == "years" and bool(area))
        self.time_chart.setToolTip("" if area else ui("print_time_chart_none"))
        # the single page's elements have no meaning on the page of small maps
        single: list[QWidget] = [self.residents, self.overview, self.reset_layout]
        single += [self.trend_first, self.trend_second, self.scale]
        for widget in single:
            widget.setEnabled(kind != "years" and self._enabled_before(widget))

    def _enabled_before(self, widget: QWidget) -> bool:
        """The trend widgets stay off without a series, whatever the map."""
        if widget in (self.trend_first, self.trend_second):
            return self.series is not None
        return True

    def time_choice(self) -> MapTime:
        """The map the print shows, as the print settings keep it."""
        kind = self.time_kind.currentData() if self.time_kind.isEnabled() else "project"
        if kind == "project":
            return MapTime()
        indicator = str(self.time_indicator.currentData() or "")

        def number(combo: QComboBox) -> int | None:
            return int(combo.currentText()) if combo.currentText() else None

        if kind == "year":
            return MapTime("year", indicator, year=number(self.time_year), breaks=self.time_breaks)
        if kind == "change":
            first, last = number(self.time_first), number(self.time_last)
            return MapTime("change", indicator, first=first, last=last)
        from wijkkaart.timeline import parse_years

        try:
            years = tuple(parse_years(self.time_years.text())) if self.time_years.text() else ()
        except WijkkaartError:
            years = ()
        if not years:
            years = tuple(thin_years(self._years_of(indicator)))
        area = self.chart_area() if self.time_chart.isChecked() and self.chart_area() else ""
        return MapTime("years", indicator, years=years, area=area)

    def show_time(self, when: MapTime, shown: MapTime | None = None) -> None:
        """Show ``when`` in the Kaart widgets; ``shown`` (the year bar's) fills what it lacks."""
        loading, self._loading = self._loading, True
        fill = shown or when
        indicator = when.indicator or fill.indicator
        index = self.time_indicator.findData(indicator)
        if index >= 0:
            self.time_indicator.setCurrentIndex(index)
        self._indicator_shown = self.time_indicator.currentData()
        self._fill_years()
        self.time_kind.setCurrentIndex(max(self.time_kind.findData(when.kind), 0))
        year = when.year or fill.year
        if year is not None:
            self.time_year.setCurrentText(str(year))
        first, last = when.first or fill.first, when.last or fill.last
        if first is not None and last is not None:
            self.time_first.setCurrentText(str(first))
            self.time_last.setCurrentText(str(last))
        years = when.years or tuple(thin_years(self._years_of(indicator)))
        self.time_years.setText(", ".join(map(str, years)))
        self.time_breaks = when.breaks if when.kind == "year" else ()
        self.time_chart.setChecked(bool(when.area))
        self._time_visibility()
        self._loading = loading

    def _time_kind_chosen(self) -> None:
        if self.time_kind.currentData() == "years" and not self.time_years.text().strip():
            indicator = self.time_indicator.currentData()
            self.time_years.setText(", ".join(map(str, thin_years(self._years_of(indicator)))))
        self._time_visibility()
        self.changed()

    def _time_indicator_chosen(self) -> None:
        """Another indicator: its years; small multiples keep the years typed, but the
        default (the old indicator's years thinned) becomes the new indicator's default."""
        self.time_breaks = ()  # the bar's own breaks belonged to its indicator
        typed = self.time_years.text()
        defaults = {", ".join(map(str, thin_years(self._years_of(self._indicator_shown))))}
        self._indicator_shown = self.time_indicator.currentData()
        self._fill_years()
        years = self._years_of(self._indicator_shown)
        chosen = [y for y in self.time_choice().years if y in years]
        if len(chosen) < 2 or typed.strip() in defaults | {""}:
            chosen = thin_years(years)
        self.time_years.setText(", ".join(map(str, chosen)))
        self.changed()

    def trend_choice(self) -> tuple[tuple[str, ...], bool]:
        """The chosen trend indicators and goals table, as the print settings keep them."""
        chosen = [b.currentData() for b in (self.trend_first, self.trend_second)]
        indicators = tuple(dict.fromkeys(c for c in chosen if c))
        return indicators, self.goals_box.isChecked() and self.goals_box.isEnabled()

    def trend_spec(self) -> TrendPrint | None:
        """The chosen trend charts and goals table (a TrendPrint), or None."""
        return self.settings().trend_print()

    def _extent_to_trend_area(self) -> None:
        """The trend is a focus area's: a whole-gemeente print of it shows the area small, so
        the extent follows that area when the trend is first chosen (the user may change it)."""
        areas = [a.name for a in self.document.focus_areas]
        if len(areas) != 1 or self.extent_kind.currentData() != "gemeente":
            return
        loading, self._loading = self._loading, True
        self.extent_kind.setCurrentIndex(self.extent_kind.findData("focus"))
        self._fill_targets("focus", areas[0])
        self._loading = loading

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._following:  # closed and shown again: what the project holds now
            self.follow()
            self.show_document()
        self.update_preview()  # now the preview knows its size: paint it sharp

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.isVisible():
            self.update_preview()

    def hideEvent(self, event) -> None:
        """Closed (or hidden with its window): a preview still being drawn is not wanted."""
        super().hideEvent(event)
        if self.jobs is not None and self.jobs.cancel("preview"):
            self.status.clear()

    # --- settings <-> widgets --------------------------------------------------------------------

    def show_settings(self, settings: PrintSettings) -> None:
        loading, self._loading = self._loading, True
        self.template.setCurrentIndex(max(self.template.findData(settings.template), 0))
        self.paper.setCurrentText(settings.paper)
        self.orientation.setCurrentIndex(self.orientation.findData(settings.orientation))
        self.extent_kind.setCurrentIndex(self.extent_kind.findData(settings.extent.kind))
        self._fill_targets(settings.extent.kind, settings.extent.target)
        self.margin.setValue(round(settings.extent.margin * 100))
        index = self.scale.findData(settings.scale)
        if index < 0 and settings.scale:
            self.scale.addItem(nice_scale(settings.scale), settings.scale)
            index = self.scale.count() - 1
        self.scale.setCurrentIndex(max(index, 0))
        # An empty field leaves the title to the page (the map's indicator), as 'wijkkaart
        # export' does; the placeholder shows it, from the same rule (export/title.py).
        self.title.setText(settings.title)
        self.title.setPlaceholderText(self.default_title())
        self.subtitle.setText(settings.subtitle)
        self.residents.setChecked(settings.preset == PRESET_RESIDENTS)
        self.overview.setChecked(settings.overview)
        for box, indicator in zip(
            (self.trend_first, self.trend_second), (*settings.trend, None, None), strict=False
        ):
            box.setCurrentIndex(max(box.findData(indicator), 0) if box.isEnabled() else 0)
        self.goals_box.setChecked(settings.goals and self.goals_box.isEnabled())
        self.waterbed_box.setChecked(settings.waterbed and self.waterbed_box.isEnabled())
        self.show_time(settings.time)
        self._loading = loading

    def default_title(self) -> str:
        """The title the print gets when the field stays empty (as the CLI's print)."""
        from wijkkaart.export.title import map_title

        when = self.time_choice()
        if when.kind == "years" and self.series is not None and when.indicator:
            from wijkkaart.messages import tr

            label = self.series.label(when.indicator)  # as the page of small maps says it
            return tr("sm_title", label=label, years=when.describe())
        try:
            layers = self.print_layers()
        except WijkkaartError:
            layers = list(self.document.layers)
        return map_title("", layers, list(self.document.focus_areas))

    def print_layers(self, when: MapTime | None = None) -> list:
        """What a single page draws: the project's layers, or the year or change chosen under
        Kaart (the CLI's ``--year``/``--change`` use the same function)."""
        when = self.time_choice() if when is None else when
        if when.kind not in ("year", "change"):
            return list(self.document.layers)
        # Kept per map and layer list: each change here asks for the title (on this thread),
        # and a new year map is a new layer, classified again (50-100 ms on Baarn's 21
        # buurten). The same layers also let the preview job find its classes made.
        layers = self.document.layers
        key = (
            when,
            id(self.document.areas),
            id(self.series),
            tuple((x.uid, x.visible) for x in layers),
        )
        hit = self._year_layers.get(key)
        if hit is None:
            hit = self._year_layers.put(key, print_layers(self.document, when, self.series))
        return list(hit)

    def _fill_targets(self, kind: str, current: str = "") -> None:
        self.extent_target.blockSignals(True)
        self.extent_target.clear()
        if kind == "wijk":
            from wijkkaart.export.printing import wijk_names

            names = wijk_names(self.document)
            for code in wijk_codes(self.document):
                name = names.get(code)
                self.extent_target.addItem(f"{name} ({code})" if name else code, code)
        elif kind == "focus":
            for area in self.document.focus_areas:
                self.extent_target.addItem(area.name, area.name)
        index = self.extent_target.findData(current)
        self.extent_target.setCurrentIndex(max(index, 0))
        self.extent_target.setEnabled(kind in ("wijk", "focus"))
        self.margin.setEnabled(kind in ("wijk", "focus"))
        self.extent_target.blockSignals(False)

    def settings(self) -> PrintSettings:
        """The settings as the widgets show them; while the series is still being read, the
        map, trend charts, goals and waterbed table the project keeps (their widgets wait)."""
        kind = self.extent_kind.currentData()
        target = self.extent_target.currentData() if kind in ("wijk", "focus") else ""
        chosen = PrintSettings(
            trend=self.trend_choice()[0],
            goals=self.trend_choice()[1],
            waterbed=self.waterbed_box.isChecked() and self.waterbed_box.isEnabled(),
            time=self.time_choice(),
        )
        if self.series_reading:
            chosen = PrintSettings.of(self.document)
        return PrintSettings(
            paper=self.paper.currentText(),
            orientation=self.orientation.currentData(),
            title=self.title.text().strip(),
            subtitle=self.subtitle.text().strip(),
            preset=PRESET_RESIDENTS if self.residents.isChecked() else None,
            overview=self.overview.isChecked(),
            extent=PrintExtent(kind, target or "", self.margin.value() / 100),
            scale=self.scale.currentData(),
            template=self.template.currentData(),
            layout=dict(self.layout_moves),
            trend=chosen.trend,
            goals=chosen.goals,
            waterbed=chosen.waterbed,
            time=chosen.time,
        )

    def options(self) -> PageOptions:
        return self.settings().page_options()

    def print_bounds(self) -> tuple[float, float, float, float]:
        return resolve_bounds(self.document, self.settings().extent, self.bounds)

    def _kind_chosen(self) -> None:
        self._fill_targets(self.extent_kind.currentData())
        self._time_visibility()  # the trend chart of small multiples follows the focus area
        self.changed()

    def _template_chosen(self) -> None:
        if self._loading:
            return
        settings = self.settings().with_template(self.template.currentData())
        self.show_settings(settings)
        self.changed()

    def _reset_layout(self) -> None:
        self.layout_moves = {}
        self.changed()

    def changed(self, *_: object) -> None:
        """Store the settings in the project (one undo step while the dialog is open)."""
        if self._loading:
            return
        template = self.template.currentData()
        if template is not None:  # paper or orientation changed by hand: no longer the template
            chosen = TEMPLATES[template]
            if (self.paper.currentText(), self.orientation.currentData()) != (
                chosen.paper,
                chosen.orientation,
            ):
                self._loading = True
                self.template.setCurrentIndex(0)
                self._loading = False
        indicators, goals = self.trend_choice()
        before = PrintSettings.of(self.document)
        if (indicators or goals) and not (before.trend or before.goals):
            self._extent_to_trend_area()
        self.title.setPlaceholderText(self.default_title())  # follows the map chosen
        self.store_settings()
        self.update_preview()

    def store_settings(self) -> None:
        """The dialog's settings into the project, when they differ (one undo step while the
        dialog is open)."""
        settings = self.settings()
        if PrintSettings.of(self.document) == settings or not self._following:
            return  # unchanged, or closed (its project may no longer be the window's)
        self._echo = True  # what the document will say is what the widgets show
        try:
            if self.push is not None:
                self.push(SetPrintSettings(self.document, settings, merge_key=("print", id(self))))
            else:
                SetPrintSettings(self.document, settings).do()
        finally:
            self._echo = False

    def move_element(self, name: str, rect_mm: tuple) -> None:
        """An element was dragged in the preview: snap it and keep it as a page fraction."""
        w_mm, h_mm = self.options().size_mm
        guides = [self.preview_frame_mm] if self.preview_frame_mm else []
        snapped = snap(rect_mm, w_mm, h_mm, guides)
        self.layout_moves[name] = to_fraction(snapped, w_mm, h_mm)
        self.changed()

    # --- preview ---------------------------------------------------------------------------------

    def preview_image(self) -> QImage:
        """The page as it will print, at screen resolution (same layout code as the file)."""
        image, _ = self._paint_preview(self._preview_inputs())
        return image

    def preview_dpi(self, size_mm: tuple[float, float]) -> float:
        """Sharp in the preview as shown: its pixels at least, PREVIEW_DPI at least, <= 120."""
        w_in, h_in = (v / 25.4 for v in size_mm)
        ratio = self.preview.devicePixelRatioF() if self.preview.isVisible() else 1.0
        fit = min(self.preview.width() / w_in, self.preview.height() / h_in) * ratio
        return min(max(fit, PREVIEW_DPI), MAX_PREVIEW_DPI)

    def _preview_inputs(self) -> dict:
        """Everything the preview page needs, read here on the GUI thread (widgets, document),
        so the job that paints it reads no widget."""
        settings = self.settings()
        options = settings.page_options()
        return {
            "settings": settings,
            "options": options,
            "dpi": self.preview_dpi(options.size_mm),
            "bounds": self.print_bounds(),
            "focus": self.document.focus_areas,
            "overview": self.document.areas.frame,
            "trend": settings.trend_print(),  # its charts are computed in the job
        }

    def _paint_preview(
        self, inputs: dict, feedback: Feedback | None = None
    ) -> tuple[QImage, PagePainter | None]:
        """Paint the page into an image (in the preview job: QImage, no widget read)."""
        settings = inputs["settings"]
        options = inputs["options"]
        w_mm, h_mm = options.size_mm
        dpi = inputs["dpi"]
        image = QImage(
            round(w_mm / 25.4 * dpi),
            round(h_mm / 25.4 * dpi),
            QImage.Format.Format_RGB32,
        )
        image.setDotsPerMeterX(round(dpi / 0.0254))
        image.setDotsPerMeterY(round(dpi / 0.0254))
        if feedback is not None:
            feedback.check()
        if settings.time.kind == "years":  # the page of small maps, as the file will have it
            from wijkkaart.export.small_multiples import years_page

            years = years_page(self.document, settings, round(dpi), self.series)
            painter = QPainter(image)
            try:
                years.paint(painter, image.width(), image.height())
            finally:
                painter.end()
            return image, None
        layers = self.print_layers(settings.time)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        page = PagePainter(painter, image.width(), image.height(), options)
        page.fetch_tiles = False  # the preview never waits for the network
        try:
            page.paint(
                layers,
                inputs["bounds"],
                self.store,
                inputs["focus"],
                table=self.preview_table(),  # the focus area's profile: in the job too
                overview=inputs["overview"],
                trend=self.preview_trend(inputs["trend"]),
            )
        finally:
            painter.end()
        if feedback is not None:
            feedback.check()
        return image, page

    def preview_table(self):
        """The profile table the print will carry (one focus area), so the preview shows it."""
        from wijkkaart.export.printing import single_page_table

        return single_page_table(self.document)

    def preview_trend(self, spec: TrendPrint | None):
        """The trend block the print will carry (one focus area); None when there is none.
        In the preview job: the series is read there when nothing has read it yet."""
        from wijkkaart.export.printing import single_page_trend

        try:
            return single_page_trend(self.document, spec)
        except WijkkaartError:
            return None  # said when the print is made; the preview shows the page without

    def update_preview(self) -> None:
        """Draw the preview in a job; its done callback shows it. A newer change cancels it,
        and so does closing the dialog. Meanwhile the old page stays, the status line says
        the new one is being drawn, and every widget keeps responding (no waiting here)."""
        jobs = self.jobs
        try:
            inputs = self._preview_inputs()
        except WijkkaartError as exc:
            self.status.setText(str(exc))
            return
        if jobs is None:
            try:
                self._show_preview(self._paint_preview(inputs))
            except WijkkaartError as exc:
                self.status.setText(str(exc))
            return
        revision = self.document.revision

        def show(rendered: tuple[QImage, PagePainter]) -> None:
            if self.document.revision != revision:  # the map changed while it was drawn
                self.update_preview()
                return
            self._show_preview(rendered)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, WijkkaartError):
                self.status.setText(str(exc))
            else:
                jobs.show_error(exc)

        self.status.setText(ui("job_preview"))
        jobs.start(
            "preview",
            lambda feedback: self._paint_preview(inputs, feedback),
            show,
            label=ui("job_preview"),
            on_error=failed,
        )

    def _show_preview(self, rendered: tuple[QImage, PagePainter | None]) -> None:
        image, page = rendered
        if page is None:  # small multiples: a page of its own, nothing on it to move
            self.preview_frame_mm = None
            self.preview.set_page(image, self.options().size_mm, {})
            self.status.setText(ui("print_time_years_note"))
            return
        mm = page.mm
        elements = {
            k: (r.x() / mm, r.y() / mm, r.width() / mm, r.height() / mm)
            for k, r in page.placed.items()
        }
        frame = elements.get("map")
        self.preview_frame_mm = frame
        self.preview.set_page(image, page.options.size_mm, elements)
        notes = []
        if self.overview.isChecked() and "overview" not in page.placed:
            notes.append(ui("print_overview_whole"))
        self.status.setText(" ".join(notes))

    # --- files -----------------------------------------------------------------------------------

    def atlas_pages(self) -> int:
        """Pages the atlas button would print: one per focus area, else one per wijk."""
        if len(self.document.focus_areas):
            return len(self.document.focus_areas)
        return len(wijk_codes(self.document))

    def confirm_large_atlas(self, limit: int | None = None) -> bool:
        """Ask before an atlas of more pages than the CLI allows without --max-pages."""
        from wijkkaart.export.printing import ATLAS_PAGE_LIMIT

        pages = self.atlas_pages()
        if pages <= (ATLAS_PAGE_LIMIT if limit is None else limit):
            return True
        answer = QMessageBox.question(
            self,
            ui("export_title"),
            ui("export_atlas_large_question", pages=pages),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _choose(self, suffix: str, atlas: bool = False) -> None:
        if atlas and not self.confirm_large_atlas():
            return
        project = Path(self.document.project.path)
        name = project.with_suffix(suffix).name
        path = folders.ask_save(self, ui("export_title"), name, project, f"*{suffix}")
        if path:
            target = path if path.endswith(suffix) else path + suffix
            self.export_to(target, atlas=atlas)  # the status bar shows it running

    def export_to(self, path: str | Path, atlas: bool = False) -> Job | None:
        """Write the print (or atlas, or HTML map) in a job: progress and Annuleren in the status
        bar, and a cancelled or failed export leaves the old file as it was. When it is done,
        ``self.written`` is the path written (None until then, and when it was not written);
        the job is returned (None without a runner: then it is written at once)."""
        from wijkkaart.ui.errors import error_box

        path = Path(path)
        self.store_settings()  # what is printed is what the project keeps (and the CLI prints)
        settings = self.settings()
        trend = self.trend_spec()  # read here, not in the job's thread
        self.written: Path | None = None
        # the widgets and the document's layer list are read here, on their own thread: the
        # job only writes (print_layers also fills the dialog's year-map cache)
        dpi, bounds = self.dpi.value(), self.bounds
        try:
            layers = self.print_layers(settings.time) if settings.time.kind != "years" else []
        except WijkkaartError as exc:
            error_box(self, exc, path).exec()
            return None

        def work(feedback: Feedback) -> Path:
            return self._export(path, atlas, settings, feedback, trend, (dpi, bounds, layers))

        def apply(written: Path) -> None:
            self.written = written
            self.status.setText(ui("exported", path=written))

        if self.jobs is None:
            try:
                apply(work(Feedback()))
            except WijkkaartError as exc:
                error_box(self, exc, path).exec()
            return None
        return self.jobs.start(
            "export", work, apply, label=ui("job_export", name=path.name), path=path
        )

    def _export(
        self,
        path: Path,
        atlas: bool,
        settings: PrintSettings,
        feedback: Feedback,
        trend: TrendPrint | None,
        read: tuple[int, tuple[float, float, float, float] | None, list],
    ) -> Path:
        """The job's work: ``read`` is (dpi, view bounds, print layers), taken on the GUI
        thread by :meth:`export_to`; nothing here reads a widget."""
        from wijkkaart.export.printing import export_atlas, export_map
        from wijkkaart.export.web import export_html

        dpi, view_bounds, layers = read

        if settings.time.kind == "years":
            if atlas:
                raise WijkkaartError("print_atlas_years")
            from wijkkaart.export.small_multiples import export_years

            return export_years(self.document, settings, path, dpi, self.series, feedback)
        if atlas:
            per = "focusgebied" if len(self.document.focus_areas) else "wijk"
            written = export_atlas(
                self.document,
                path,
                per=per,
                options=settings.page_options(),
                dpi=dpi,
                feedback=feedback,
                trend=trend,
                layers=layers,
            )
        elif path.suffix.lower() in (".html", ".htm"):
            written = export_html(
                self.document,
                path,
                layers=layers,
                title=settings.title,
                subtitle=settings.subtitle,
                feedback=feedback,
            )
        else:
            written = export_map(
                self.document,
                path,
                settings.page_options(),
                dpi=dpi,
                extent=settings.extent,
                view_bounds=view_bounds,
                feedback=feedback,
                trend=trend,
                layers=layers,
            )
        return written
