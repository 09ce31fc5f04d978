"""Kaart → Reeks op een andere buurtindeling toevoegen… and Kaart → Referentie-indeling kiezen….

Adding a series asks which buurtindeling its figures are on; on another one it asks for those
boundaries (and offers a BAG file, to convert by dwellings instead of area), and for their year
when the file does not tell. Switching the reference shows the other buurtindeling and converts
every series to it. Both are computed in a job (:mod:`wijkkaart.vintage_states`) and put in
place as one undoable command.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from wijkkaart.commands import ReplaceAreaData
from wijkkaart.messages import WijkkaartError, lazy, ui
from wijkkaart.ui.errors import error_box

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow

log = logging.getLogger(__name__)
SERIES_FILTER = "Reeksen (*.json *.csv *.xlsx *.txt)"
AREAS_FILTER = "Buurtgrenzen (*.geojson *.gpkg *.json *.shp *.zip)"
BAG_FILTER = "BAG (*.csv *.gpkg *.zip)"


class SeriesActions:
    def __init__(self, window: MainWindow) -> None:
        self.window = window

    def _folder(self) -> str:
        document = self.window.document
        return str(document.project.path.parent) if document is not None else ""

    # --- adding a series ---------------------------------------------------------------------

    def add_series(
        self,
        path: str | Path | None = None,
        division: str | Path | None = None,
        bag: str | Path | None = None,
        ask: bool = True,
    ) -> None:
        """Add a series file; ``ask=False`` (tests) takes ``division`` and ``bag`` as given."""
        w = self.window
        if w.document is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                w, ui("series_choose_file"), self._folder(), SERIES_FILTER
            )
            if not chosen:
                return
            path = chosen
        if ask:
            answer = self._ask_division()
            if answer is None:
                return
            division, bag = answer
        self._start_series(Path(path), division, bag, None)

    def _ask_division(self) -> tuple[str | None, str | None] | None:
        """(division, bag) the user chose; None: cancelled."""
        from wijkkaart.vintages import reference_text, reference_year

        w = self.window
        assert w.document is not None
        text = reference_text(reference_year(w.document.project))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            ui("series_add_title"),
            ui("series_division_question"),
            parent=w,
        )
        same = box.addButton(
            ui("series_division_reference", text=text), QMessageBox.ButtonRole.AcceptRole
        )
        other = box.addButton(ui("series_division_other"), QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is same:
            return None, None
        if box.clickedButton() is not other:
            return None
        division, _ = QFileDialog.getOpenFileName(
            w, ui("series_division_file"), self._folder(), AREAS_FILTER
        )
        if not division:
            return None
        ask_bag = QMessageBox(
            QMessageBox.Icon.Question, ui("series_add_title"), ui("series_bag_question"), parent=w
        )
        choose = ask_bag.addButton(ui("series_bag_choose"), QMessageBox.ButtonRole.ActionRole)
        ask_bag.addButton(ui("series_bag_skip"), QMessageBox.ButtonRole.AcceptRole)
        ask_bag.exec()
        bag = None
        if ask_bag.clickedButton() is choose:
            bag, _ = QFileDialog.getOpenFileName(
                w, ui("series_bag_file"), self._folder(), BAG_FILTER
            )
        return division, bag or None

    def _start_series(self, path: Path, division: Any, bag: Any, year: int | None) -> None:
        from wijkkaart.vintage_states import series_state

        w = self.window
        document = w.document
        assert document is not None
        # the draft is taken here, on the GUI thread; its result is only put in place over the
        # document it was computed on (another step landed meanwhile: computed again on that)
        draft, basis = document.draft(), document.revision
        label = ui("job_add_series")

        def done(result: Any) -> None:
            state, series = result
            if w.document is not document:
                return
            if document.revision != basis:
                w.jobs.say_stale(label)
                self._start_series(path, division, bag, year)
                return
            w.apply(ReplaceAreaData(document, state, lazy("cmd_add_series")))
            years = f"{series.years[0]}–{series.years[-1]}" if series.years else "-"
            w.statusBar().showMessage(
                ui("series_added", path=path.name, years=years, n=len(series.indicators)), 15000
            )

        def failed(error: BaseException) -> None:
            if isinstance(error, WijkkaartError) and error.key == "vintage_year_unknown":
                year_given, ok = QInputDialog.getInt(
                    w, ui("series_add_title"), ui("series_year_question"), 2018, 1900, 2100
                )
                if ok:
                    self._start_series(path, division, bag, year_given)
                return
            if not isinstance(error, WijkkaartError):
                log.error("adding series %s failed: %r", path, error)
            error_box(w, error, path).exec()

        w.jobs.start(
            "add_series",
            lambda feedback: series_state(draft, path, division, bag, year, feedback),
            done,
            label=label,
            on_error=failed,
            path=path,
        )

    # --- the reference vintage ---------------------------------------------------------------

    def choose_reference(self, year: int | None = None) -> None:
        """Offer the buurtindelingen the project holds; the chosen one becomes the reference."""
        from wijkkaart.vintages import held_years, reference_text, reference_year

        w = self.window
        document = w.document
        if document is None:
            return
        # a migrated project's divisions got their years when it was opened (MapDocument.open)
        current = reference_year(document.project)
        years = held_years(document.project)
        if year is None:
            if len(years) < 2:
                QMessageBox.information(
                    w,
                    ui("reference_title"),
                    ui("reference_only_one", text=reference_text(current)),
                )
                return
            labels = [reference_text(y) for y in years]
            start = years.index(current) if current in years else 0
            text, ok = QInputDialog.getItem(
                w, ui("reference_title"), ui("reference_question"), labels, start, False
            )
            if not ok or text not in labels:
                return
            year = years[labels.index(text)]
        if year == current:
            return
        self._start_reference(int(year))

    def _start_reference(self, year: int) -> None:
        from wijkkaart.analysis.data_summary import prepare_state
        from wijkkaart.vintage_states import reference_state

        def prepared_state(result: tuple[Any, Any]) -> tuple[Any, Any]:
            """The new buurten re-derive every panel: their summary made in the job too."""
            prepare_state(result[0])
            return result

        w = self.window
        document = w.document
        assert document is not None
        draft, basis = document.draft(), document.revision  # as for a series (above)
        label = ui("job_reference")

        def done(result: Any) -> None:
            state, _series = result
            if w.document is not document:
                return
            if document.revision != basis:
                w.jobs.say_stale(label)
                self._start_reference(year)
                return
            w.apply(ReplaceAreaData(document, state, lazy("cmd_reference", year=year)))
            w.navigation.full_extent()
            w.statusBar().showMessage(
                ui("vintage_switched", year=year, n=len(document.areas.frame)), 15000
            )

        def failed(error: BaseException) -> None:
            if not isinstance(error, WijkkaartError):
                log.error("switching to %s failed: %r", year, error)
            error_box(w, error).exec()

        w.jobs.start(
            "reference",
            lambda feedback: prepared_state(reference_state(draft, year, feedback)),
            done,
            label=label,
            on_error=failed,
        )
