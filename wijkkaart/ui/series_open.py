"""Opening a table over the years: on the map when the project has its areas, else as charts.

*Bestand → Tabel over jaren openen…* and a file dropped on the window come here. A series whose
codes are the project's areas is added to the project (one undoable step; the year bar *Door de
jaren* and the profile's trend then show it). A series that matches no area, such as the
Leefbaarometer per wijk of a gemeente whose boundaries are not loaded, is offered as small charts
per area (:class:`~wijkkaart.ui.series_window.SeriesWindow`). A table without years whose codes
are the project's goes to the join dialog; one that is neither gets a Dutch message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from wijkkaart.analysis.series_grid import matches_areas, series_level
from wijkkaart.io.series import Series, read_series
from wijkkaart.io.tables import TABLE_SUFFIXES
from wijkkaart.messages import WijkkaartError, level_text, ui
from wijkkaart.ui.errors import error_box

if TYPE_CHECKING:
    from wijkkaart.ui.jobs import Job
    from wijkkaart.ui.main_window import MainWindow
    from wijkkaart.ui.series_window import SeriesWindow

SERIES_SUFFIXES = {*TABLE_SUFFIXES, ".json"}


def project_codes(document) -> set[str]:
    """The area codes the year bar can map a series on: the project's areas (buurten, or the
    wijken of a project made at wijk level). Another layer's codes would attach a series that
    shows nowhere."""
    if document is None:
        return set()
    return set(map(str, document.areas.frame.index))


def table_codes(path: Path) -> set[str]:
    """The area codes of a table without years (none when it has no code column)."""
    from wijkkaart.io.codes import normalise_codes
    from wijkkaart.io.columns import find_code_column
    from wijkkaart.io.tables import read_table_raw

    try:
        raw = read_table_raw(path)
        found = find_code_column(raw)
    except WijkkaartError:
        return set()
    if found is None:
        return set()
    return {str(c) for c in normalise_codes(raw[found.column]).dropna()}


class SeriesOpener(QObject):
    """The window's way in for series files (menu and drops); keeps the chart windows open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.charts: list[SeriesWindow] = []
        self.outcome: SeriesWindow | bool | None = None  # of the last file read
        self.asked = QMessageBox.question  # one place to answer in tests

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, ui("open_series"), "", ui("open_series_filter")
        )
        if path:
            self.open(path)

    def open(self, path: str | Path) -> Job:
        """Read the table in a job, then put it on the map or offer the charts.

        Returns the job at once (the window stays responsive); its done callback sets
        ``self.outcome``: a chart window, True when added to the map, None when nothing was
        done (tests wait with ``tests/ui/waiting.py``).
        """
        path = Path(path)
        window = self.window
        document = window.document
        codes = project_codes(document)  # read here, on the GUI thread
        # the series list is planned on a copy taken here; a result planned on an older list
        # (another step landed meanwhile) is planned again, never put over the newer one
        basis = document.revision if document is not None else None
        planned = document.draft().project if document is not None else None
        self.outcome = None

        def work(feedback):
            try:
                series = read_series(path, feedback)
            except WijkkaartError as exc:
                if exc.key != "series_no_year":
                    raise
                return ("table", table_codes(path))
            if document is not None and matches_areas(series, list(codes)):
                from wijkkaart.series_commands import planned_series

                return ("attach", *planned_series(planned, path))
            series_level(series)  # a series without area codes is refused here, in Dutch
            return ("charts", series)

        def apply(found) -> None:
            kind = found[0]
            if kind == "table":
                self._not_a_series(path, found[1])
            elif kind == "attach":
                stale = document is not None and document.revision != basis
                if stale and window.document is document:
                    window.jobs.say_stale(ui("job_series"))  # planned on an older list
                    self.open(path)
                    return
                self.outcome = self._attach(document, found[1], found[2])
            else:
                self.outcome = self._offer(found[1], path)

        def failed(error: BaseException) -> None:
            error_box(window, error, path).exec()

        return window.jobs.start(
            "series_file", work, apply, on_error=failed, label=ui("job_series"), path=path
        )

    def _offer(self, series: Series, path: Path) -> SeriesWindow | None:
        """Ask whether to show a series that matches no area as charts per area."""
        level = series_level(series)
        years = f"{series.years[0]}–{series.years[-1]}" if series.years else "-"
        question = ui(
            "series_offer_charts",
            name=path.name,
            level_one=level_text(level),
            n=len(series.codes(level)),
            years=years,
        )
        answer = self.asked(self.window, ui("open_series"), question)
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return self.show_charts(series, path)

    def show_charts(self, series: Series, path: Path) -> SeriesWindow:
        from wijkkaart.ui.series_window import SeriesWindow

        charts = SeriesWindow(series, path, self.window, self.window.jobs)
        self.charts.append(charts)
        charts.finished.connect(lambda *_: self.charts.remove(charts))
        charts.resize(min(1100, self.window.width()), min(700, self.window.height()))
        charts.show()
        return charts

    def _attach(self, document, entries: list, series: Series) -> bool:
        """Add the series to ``document`` (one undoable step), if it is still the one shown."""
        from wijkkaart.series_commands import ReplaceSeries

        window = self.window
        current = window.document
        if current is None or current is not document:
            return False
        # the year bar, the trend and the export dialog follow the document's years event
        window.apply(ReplaceSeries(current, entries))
        years = f"{series.years[0]}–{series.years[-1]}" if series.years else "-"
        window.statusBar().showMessage(
            ui("series_attached", years=years, n=len(series.indicators)), 15000
        )
        return True

    def _not_a_series(self, path: Path, codes: set[str]) -> None:
        """A table without years: the join dialog when its codes are the project's, else why not."""
        if codes and codes & project_codes(self.window.document):
            self.window.join_table(path)
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning, ui("open_series"), ui("series_neither", name=path.name)
        )
        box.setParent(self.window, box.windowFlags())
        box.exec()
        return None


class DropOpener(QObject):
    """Files dropped on the window: a project or area file opens, a table goes to the series."""

    def __init__(self, window: MainWindow, series: SeriesOpener) -> None:
        super().__init__(window)
        self.window, self.series = window, series
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    @staticmethod
    def _paths(event: QDragEnterEvent | QDropEvent) -> list[Path]:
        mime = event.mimeData()
        if not mime.hasUrls():
            return []
        return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        drag = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)
        if watched is not self.window or kind not in drag:
            return super().eventFilter(watched, event)
        assert isinstance(event, QDragEnterEvent | QDropEvent)  # DragEnter/Move are drops too
        paths = self._paths(event)
        if not paths:
            return super().eventFilter(watched, event)
        event.acceptProposedAction()
        if kind == QEvent.Type.Drop:
            self.drop(paths[0])
        return True

    def drop(self, path: Path) -> object:
        if path.suffix.lower() in SERIES_SUFFIXES:
            return self.series.open(path)
        files = self.window.files
        if not files.maybe_save():
            return None
        return files.open_path(path)
