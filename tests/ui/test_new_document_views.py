"""Taking a new document into the window: the panels show what a fresh computation gives, and
what they need of the data was made in the job that read it, not on the GUI thread.

The expected contents are computed here the way the panels computed them themselves before
``analysis/data_summary.py`` (one ``statistics_frame()`` after another on the GUI thread), on
the real Utrecht sample and on the synthetic national layer (bench/national.py, 700 buurten in
20 gemeenten: invented figures, for the shape of a national file only).
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.waiting import accepted, open_project, spy_threads, wait_jobs
from wijkkaart.analysis import data_summary
from wijkkaart.analysis.typology import (
    DEFAULT_HOUSING_RULES,
    clusterable_indicators,
    default_cluster_indicators,
    parse_rules,
    rules_refusal,
)
from wijkkaart.catalogue import catalogue
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import BivariateStyle
from wijkkaart.ui.indicator_picker import ID_ROLE, IndicatorPicker

ITEM_ID = Qt.ItemDataRole.UserRole


@pytest.fixture
def national(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.national import national_buurten

    return national_buurten(tmp_path / "nl.gpkg", n=700)


def new_national(window, path):
    """Nieuw project on the national file, every gemeente ticked, OK: as the planner does."""
    dialog = window.new_project(path, show=False)
    assert wait_jobs(window.jobs)  # the list of gemeenten
    dialog.choose(dialog.visible_codes())
    accepted(dialog)
    assert window.document is dialog.document
    return window.document


def rows(listing) -> list[tuple[str, bool]]:
    return [
        (
            listing.item(r).data(ITEM_ID),
            listing.item(r).checkState() == Qt.CheckState.Checked,
        )
        for r in range(listing.count())
    ]


def picker_rows(picker) -> list[tuple]:
    model = picker.model()
    return [
        (
            model.item(r).text(),
            model.item(r).data(ID_ROLE),
            model.item(r).isEnabled(),
            model.item(r).toolTip(),
        )
        for r in range(model.rowCount())
    ]


def assert_panels_as_computed_afresh(window, qtbot, style: bool = True) -> None:
    document = window.document
    base = document.base_areas
    cat = catalogue()
    # analysis panel: the clusterable indicators, the CLI's default ticked; stacking; the rules
    usable = clusterable_indicators(base)
    ticked = default_cluster_indicators(base)
    panel = window.analysis_panel
    assert rows(panel.cluster_indicators) == [(c, c in ticked) for c in usable]
    assert [c for c, _ in rows(panel.stack_indicators)] == [
        c for c in usable if cat[c].direction != "neutral"
    ]
    refused = rules_refusal(base, parse_rules(DEFAULT_HOUSING_RULES)) is not None
    assert panel.rules_reason.isHidden() is not refused
    assert panel.use_clusters.isChecked() is refused
    if not style:
        return
    # style panel: the picker as filled from the layer's data directly
    layer = window.style_panel.layer
    assert isinstance(layer, AreaLayer) and layer.data is document.areas
    data = layer.data
    columns = [c for c in [*data.indicators, *data.custom] if c not in cat or cat[c].kind != "year"]
    expected = IndicatorPicker()
    qtbot.addWidget(expected)
    expected.set_indicators(columns, data.illustrative, data.without_figures(columns))
    assert picker_rows(window.style_panel.indicator) == picker_rows(expected)
    assert window.style_panel.indicator.currentData() == layer.style.indicator


def test_panels_on_the_utrecht_sample_as_computed_afresh(window, qtbot):
    assert_panels_as_computed_afresh(window, qtbot)


def test_panels_on_the_national_layer_as_computed_afresh(window, national, qtbot):
    document = new_national(window, national)
    assert len(document.areas.frame) == 700
    assert_panels_as_computed_afresh(window, qtbot)
    # fitted to the areas (once: the saved view of a new project is not restored over it)
    x0, y0, x1, y1 = document.areas.frame.total_bounds
    v = window.canvas.viewport
    assert v.bounds[0] <= x0 and v.bounds[2] >= x1 and v.bounds[1] <= y0 and v.bounds[3] >= y1


def test_the_views_summary_is_made_in_the_job_not_on_the_gui_thread(
    window, national, monkeypatch, qtbot, sample
):
    threads = {
        name: spy_threads(monkeypatch, data_summary, name)
        for name in ("analysis_offer", "style_choices", "area_bounds")
    }
    new_national(window, national)
    assert window.canvas.wait_rendered()
    assert open_project(window, sample / "utrecht.wijkkaart")
    gui = threading.main_thread()
    for name, seen in threads.items():
        assert len(seen) >= 2, name  # the national document and the sample, each once
        assert all(thread is not gui for thread in seen), name
    assert_panels_as_computed_afresh(window, qtbot)


def test_the_second_indicator_is_offered_when_bivariate_is_chosen(window, qtbot):
    """The second picker is filled only for a bivariate style: choosing one fills it with the
    same indicators as the first, and the map gets a bivariate style."""
    panel = window.style_panel
    panel.kind.setCurrentIndex(panel.kind.findData("bivariate"))
    assert panel.indicator_y.isEnabled()
    assert picker_rows(panel.indicator_y) == picker_rows(panel.indicator)
    style = panel.layer.style
    assert isinstance(style, BivariateStyle) and style.x == panel.indicator.currentData()
    second = next(c for c in panel.indicator_y.indicators() if c != style.x)
    panel.indicator_y.setCurrentIndex(panel.indicator_y.findData(second, ID_ROLE))
    assert panel.layer.style.y == second
    window.stack.undo()  # the second indicator, then the kind: the panel shows each again
    assert panel.indicator_y.currentData() == style.y
    window.stack.undo()
    assert panel.kind.currentData() == "choropleth" and not panel.indicator_y.isEnabled()


def test_a_typology_run_makes_the_style_choices_of_its_data_in_the_job(window, monkeypatch, qtbot):
    """An analysis is a new data version (a column more): the style panel that follows the
    layer's data finds its choices made by the analysis job, and shows the new column."""
    threads = spy_threads(monkeypatch, data_summary, "style_choices")
    before = window.document.areas
    window.analysis_panel.use_rules.setChecked(True)
    window.analysis_panel.run_typology()
    assert wait_jobs(window.jobs)
    after = window.document.areas
    assert after is not before and "typology" in window.document.analyses
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    added = [c for c in after.frame.columns if c not in before.frame.columns]
    layer = window.style_panel.layer
    assert layer is not None and layer.data is after
    offered = window.style_panel.indicator.indicators() + window.style_panel.indicator.unavailable()
    assert set(added) & set(offered)
    assert_panels_as_computed_afresh(window, qtbot)


def test_the_search_list_is_made_in_the_job_and_finds_as_before(
    window, national, monkeypatch, qtbot
):
    """The search field's places of a new national project are made by the job that read it:
    typing finds what the places made afresh give, and the GUI thread made none."""
    from wijkkaart.places import find, names_from_frames, places_of

    threads = spy_threads(monkeypatch, data_summary, "places_of")
    document = new_national(window, national)
    assert threads and all(thread is not threading.main_thread() for thread in threads)
    made = len(threads)
    window.navigation.focus_search()
    qtbot.keyClicks(window.search_box, "buurt 12")
    assert len(threads) == made  # typing made no list
    frames = [getattr(x, "frame", None) for x in document.layers]
    fresh_places = places_of(window.identify_layer().data, names_from_frames(frames))
    assert window.search_box.matches == find(fresh_places, "buurt 12")
    assert window.search_box.matches  # "Buurt 12", "Buurt 120", ... (synthetic names)


def test_another_reference_vintage_is_summarised_in_its_job(qtbot, tmp_path, monkeypatch):
    """Switching the buurtindeling re-derives the buurten (real Wageningen 2017/2018
    boundaries, invented counts: tests/wageningen.py): the panels' summary of the new data is
    made by the reference job, and the panels show what a fresh computation gives."""
    from tests.wageningen import build_wageningen_project
    from wijkkaart.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1300, 850)
    window.show()
    assert open_project(window, build_wageningen_project(tmp_path))
    threads = {
        name: spy_threads(monkeypatch, data_summary, name)
        for name in ("analysis_offer", "style_choices", "area_bounds")
    }
    window.series_actions.choose_reference(2017)
    qtbot.waitUntil(lambda: not window.jobs.running(), timeout=120_000)
    assert len(window.document.areas.frame) == 14
    for name, seen in threads.items():
        assert seen and all(thread is not threading.main_thread() for thread in seen), name
    # the buurten are drawn as boundaries only here: no area layer for the style panel
    assert window.style_panel.layer is None
    assert_panels_as_computed_afresh(window, qtbot, style=False)
