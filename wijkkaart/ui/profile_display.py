"""The profile card and the trend of what is chosen: a focus area, else the selected buurten.

A focus area being drawn or dragged shows a live card (without the raster figures, which take too
long); a finished area also reads raster max and p90 for its shape, in a ``profile`` job off the
GUI thread, and then shows its trend over the years (a ``trend`` job) when the project has a
series. The figures come from the Qt-free workspace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shapely

from wijkkaart.messages import WijkkaartError, ui

if TYPE_CHECKING:
    from wijkkaart.ui.main_window import MainWindow


class ProfileDisplay:
    """Fills ``window.profile_panel`` (and its trend view) from the window's workspace."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.panel = window.profile_panel
        canvas = window.canvas
        canvas.sketch_changed.connect(self.sketch_changed)
        canvas.sketch_cancelled.connect(self.update)
        canvas.edit_changed.connect(self._editing)
        # the series read (or none): the waterbed tab says what it can compare, from the start
        window.year_bar.series_changed.connect(lambda _series: self.update())
        self.panel.trend.jobs = window.jobs  # the chart is computed in a job
        self.panel.waterbed.jobs = window.jobs  # so is the waterbed watch
        self.panel.waterbed.mark = window.canvas.mark_codes  # its neighbours, outlined
        dock = window.docks["profile"]
        self._card_of = None  # the focus area whose finished card the panel shows
        self._profile_up = False  # the profile dock is behind Informatie at start
        self.panel.waterbed.dock_shown = lambda: self._profile_up
        dock.visibilityChanged.connect(self._profile_visibility)
        self.panel.tabs.currentChanged.connect(lambda _i: self.panel.waterbed.follow_screen())

    def _profile_visibility(self, visible: bool) -> None:
        self._profile_up = visible
        self.panel.waterbed.follow_screen()

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 10000)

    def update(self) -> None:
        """Profile of the selected focus area, else of the selected buurten."""
        workspace = self.window.workspace
        if self.window.document is None or workspace is None:
            return
        self.window.jobs.cancel("trend")  # the trend of what was shown before must not land
        self.window.jobs.cancel("profile")  # nor the card
        area = workspace.current
        has_series = bool(self.window.document.project.data.get("series"))
        # offered with or without a series: without one, the tab says why and how to add one
        # (hidden, its message was never seen and the feature could not be found)
        self.panel.offer_waterbed(True)
        if area is not None and area.geometry is not None:
            if not has_series:
                self.panel.waterbed.show_message("wb_no_series")
            self._profile_job(area)
            return
        self.panel.waterbed.show_message("wb_no_focus" if has_series else "wb_no_series")
        chosen = workspace.selection_profile()
        self._card_of = None  # the card shown is no focus area's
        if chosen is not None:
            self.panel.show_profile(*chosen)
            if has_series:  # the selected buurten beside the buurten around them
                self._selection_waterbed(chosen[0], workspace.selected_codes())
            return
        self.panel.clear()

    def _selection_waterbed(self, title: str, codes: list[str]) -> None:
        """The waterbed watch of the selected buurten (of the project's own map), when the
        project's series has been read (the opening job reads it)."""
        from wijkkaart.io.series import Series
        from wijkkaart.timeline import known_project_series

        document = self.window.document
        assert document is not None
        frame = document.areas.frame
        chosen = [c for c in codes if c in frame.index]
        series = known_project_series(document.project)
        if isinstance(series, WijkkaartError):
            self.panel.waterbed.message.setText(str(series))
            return
        if not chosen or not isinstance(series, Series):
            return  # another layer's selection, or the series still being read: choose again
        polygon = shapely.union_all(frame.loc[chosen].geometry.to_numpy())
        self.panel.waterbed.show_area(series, document.areas, polygon, chosen, title)

    def sketch_changed(self, points: list[tuple[float, float]]) -> None:
        """The outline being drawn: its card, live."""
        if len(points) >= 3:
            polygon = shapely.make_valid(shapely.Polygon(points))
            self.show_polygon(polygon, ui("profile_drawing"))

    def _editing(self, geometry) -> None:
        """The focus area being dragged: its card, live."""
        area = self.window.focus_panel.current()
        if area is not None:
            self.show_polygon(geometry, area.name, area)

    def show_polygon(self, polygon, title: str, area=None) -> None:
        """The live card of an area being drawn or dragged (``area``, when it is one already):
        computed here, without the raster figures, so it follows the mouse; a finished area's
        card is a job (:meth:`_profile_job`), which keeps these figures meanwhile."""
        self._card_of = area
        self.window.jobs.cancel("profile")  # a card of before the drag must not land over it
        document, workspace = self.window.document, self.window.workspace
        assert document is not None and workspace is not None
        result = workspace.polygon_profile(polygon)
        if result is None:
            self.panel.clear()
            return
        self.panel.show_profile(title, result, document.areas)

    def _profile_job(self, area) -> None:
        """The card of a finished area in a ``profile`` job: reading the rasters' windows took
        60-120 ms on the GUI thread for the sample's Overvecht on every focus-area event. A
        newer request cancels it; meanwhile the panel keeps the figures of the same area (a
        rename, a colour) or says it is busy. The job works on the data captured here; when the
        document's area data or rasters changed before it landed, the card is asked again.
        (Not ``document.revision``: the focus-area events that start this job bump it too.)"""
        from wijkkaart.workspace import polygon_card

        document = self.window.document
        assert document is not None
        polygon, title = area.geometry, area.name
        data = document.areas
        rasters = document.project.raster_entries()
        if self._card_of is area:  # the same area renamed, recoloured or edited
            self.panel.title.setText(title)
        else:
            self._card_of = None
            self.panel.show_busy(title)

        def work(feedback):
            feedback.check()  # replaced before it began: nothing to do
            try:
                return polygon_card(data, polygon, rasters, feedback), ""
            except WijkkaartError as exc:  # a raster that went away: the card without it
                return polygon_card(data, polygon, None, feedback), str(exc)

        def apply(outcome) -> None:
            if self.window.document is not document:
                return  # another project was opened meanwhile
            if document.areas is not data or document.project.raster_entries() != rasters:
                self.update()  # a join, an analysis or a role landed: its card again
                return
            result, problem = outcome
            if problem:
                self._status(problem)
            if result is None:
                self.panel.clear()
                return
            self._card_of = area
            self.panel.show_profile(title, result, data)
            self.show_trend(polygon, title)  # its trend over the years (not while drawing)

        def failed(error: BaseException) -> None:
            self._card_of = None
            self.panel.clear()
            if isinstance(error, WijkkaartError):
                self._status(str(error))
            else:
                self.window.jobs.show_error(error)

        def cancelled() -> None:  # Annuleren (a newer request says busy again at once)
            if self._card_of is None:
                self.panel.note.setText(ui("cancelled"))

        self.window.jobs.start(
            "profile",
            work,
            apply,
            label=ui("job_profile"),
            on_error=failed,
            on_cancel=cancelled,
        )

    def show_trend(self, polygon, title: str) -> None:
        """The trend panel for the buurten of ``polygon``, when the project has a series.

        Reading the series and finding the area's buurten run in a ``trend`` job (a newer area
        cancels it); the view then computes the chart in the next ``trend`` job."""
        from wijkkaart.timeline import area_trend_inputs

        document = self.window.document
        assert document is not None
        view = self.panel.trend
        if not document.project.data.get("series"):
            self.window.jobs.cancel("trend")
            view.hide()
            return
        project, areas = document.project, document.areas

        def apply(found) -> None:
            if self.window.document is not document:
                return
            if found is None:
                view.hide()
                return
            view.apply = self.window.apply
            view.show_area(*found)
            series, codes, name, _goals = found
            self.panel.waterbed.show_area(series, areas, polygon, codes, name)

        def failed(error: BaseException) -> None:
            if not isinstance(error, WijkkaartError):
                self.window.jobs.show_error(error)
                return
            self._status(str(error))
            view.hide()
            self.panel.waterbed.show_message("wb_no_series")
            self.panel.waterbed.message.setText(str(error))

        def work(feedback):
            feedback.check()  # replaced before it began (the user moved on): nothing to do
            return area_trend_inputs(project, areas, polygon, title)

        self.window.jobs.start(
            "trend",
            work,
            apply,
            label=ui("job_trend"),
            on_error=failed,
        )
