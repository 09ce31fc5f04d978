"""Typology, stacking, start buurten, housing mix and neighbours from the analysis panel."""

import time

import pandas as pd
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.waiting import open_project, wait_jobs
from wijkkaart.analysis.profile import shares_for_wijk
from wijkkaart.layers.model import AreaLayer
from wijkkaart.ui.analysis_panel import ITEM_ID
from wijkkaart.ui.main_window import MainWindow

OVERVECHT = "WK034403"


def layer_named(win, name):
    return next((x for x in win.document.layers if x.name == name), None)


def settle(win):
    """Until the weight spin boxes have rested and the ranking job has been applied."""
    timer = win.analysis_panel._ranking_timer
    end = time.monotonic() + 5
    while timer.isActive() and time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)
    assert wait_jobs(win.jobs)


def first_area_layer(win):
    return next(x for x in win.document.layers if isinstance(x, AreaLayer))


def test_rules_typology_adds_a_type_layer_and_explains_it(window, tmp_path):
    panel = window.analysis_panel
    panel.rules.setPlainText("Veel corporatie: corporatiebezit >= 45\nKoop: koop >= 60\nRest\n")
    panel.run_typology()
    assert wait_jobs(window.jobs)
    layer = layer_named(window, "Buurttypen")
    assert layer is not None and layer.style.kind == "categorical"
    labels = {e.label for b in window.legend.blocks() for e in b.entries}
    assert {"Veel corporatie", "Koop", "Rest"} <= labels
    table = panel.explanation
    assert table.item(table.rowCount() - 1, 0).text() == "Gemeente"
    out = tmp_path / "typen.csv"
    panel._export(panel.explanation_frame, "x.csv", str(out))
    exported = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig")
    assert exported["buurten"].iloc[-1] == 111
    window.actions_by_key["undo"].trigger()
    assert layer_named(window, "Buurttypen") is None


def test_clustering_from_the_panel(window):
    panel = window.analysis_panel
    panel.use_clusters.setChecked(True)
    panel.k.setValue(3)
    panel.run_typology()
    assert wait_jobs(window.jobs)
    types = window.document.areas.frame["typologie"].dropna()
    assert set(types) == {"Type 1", "Type 2", "Type 3"}


def test_stacking_layer_and_information_panel(window, qtbot):
    window.analysis_panel.run_stacking()
    assert wait_jobs(window.jobs)
    assert layer_named(window, "Stapeling") is not None
    data = window.document.areas
    code = data.frame["stapeling"].idxmax()
    window.info.show_area(data, code)
    rows = {r[0]: r for r in window.info.rows()}
    # The default stacking uses illustrative sample indicators (energy labels): marked '*'.
    assert "stapeling" in data.illustrative
    assert rows["Stapeling van problemen *"][1] == str(int(data.frame.at[code, "stapeling"]))
    assert rows["Stapeling: waarop slechter *"][1]


def test_ranking_follows_weights_at_once_and_explains_a_buurt(window):
    panel = window.analysis_panel
    panel.run_ranking()
    assert wait_jobs(window.jobs)
    before = window.document.areas.frame["startscore"].copy()
    _, weight, _ = panel._weights[0]
    weight.setValue(0.0)  # drop the corporation share: the map follows when the box rests
    settle(window)
    after = window.document.areas.frame["startscore"]
    assert not before.equals(after)
    layer = layer_named(window, "Startbuurten warmtetransitie")
    assert layer.data is window.document.areas
    best = after.idxmax()
    panel.show_contributions(best)
    assert "rang 1" in panel.contributions.text()


def test_housing_mix_scenario_for_a_selection(window):
    codes = list(shares_for_wijk(window.document.areas, OVERVECHT).index)
    window.select_areas(first_area_layer(window), codes)
    panel = window.analysis_panel
    panel.targets["koop"].setValue(35)
    panel.targets["corporatie"].setValue(40)
    panel.targets["particulier"].setValue(25)
    panel.run_scenario()
    assert wait_jobs(window.jobs, "scenario")  # computed in a job
    assert panel.scenario_table.rowCount() == 3
    _, result, _ = window.current_area()
    stock = result.indicators["woningvoorraad"].value.value
    known = (
        sum(
            result.indicators[i].value.value
            for i in (
                "percentage_koopwoningen",
                "perc_huurwoningen_in_bezit_woningcorporaties",
                "perc_huurwoningen_in_bezit_overige_verhuurders",
            )
        )
        / 100
        * stock
    )
    assert stock == 17041 and known < stock  # dwellings of unknown ownership are left out
    assert f"nu {round(known)} woningen" in panel.scenario_title.text()


def test_neighbours_of_a_focus_area_are_listed_and_selected(window):
    codes = list(shares_for_wijk(window.document.areas, OVERVECHT).index)
    window.select_areas(first_area_layer(window), codes)
    window.focus_from_selection()
    window.analysis_panel.run_neighbours()
    assert wait_jobs(window.jobs, "neighbours")  # found in a job
    table = window.analysis_panel.neighbours_frame
    assert len(table) > 3 and not set(table.index) & set(codes)
    assert window.selection == list(table.index)
    assert window.focus_panel.current() is not None


def test_analyses_are_saved_and_recomputed_on_opening(window, qtbot, project):
    window.analysis_panel.run_typology()
    assert wait_jobs(window.jobs)
    window.analysis_panel.run_ranking()
    assert wait_jobs(window.jobs)
    window.save()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert open_project(again, project)
    frame = again.document.areas.frame
    pd.testing.assert_series_equal(frame["typologie"], window.document.areas.frame["typologie"])
    assert layer_named(again, "Buurttypen").data is again.document.areas
    assert again.canvas.wait_rendered()
    assert again.analysis_panel.criteria.rowCount() == len(window.analysis_panel._weights)


def test_analysis_after_a_profile_was_shown(window):
    """Profiles cache spatial indexes on the data; re-running an analysis must still work."""
    codes = list(shares_for_wijk(window.document.areas, OVERVECHT).index)
    window.select_areas(first_area_layer(window), codes)
    window.focus_from_selection()  # computes a profile on the current areas
    window.analysis_panel.run_stacking()
    assert wait_jobs(window.jobs)
    window.analysis_panel.run_stacking()
    assert wait_jobs(window.jobs)
    assert "stapeling" in window.document.areas.frame
    assert window.profile_panel.rows()


def test_analyses_are_undone_with_their_results(window):
    panel = window.analysis_panel
    panel.run_typology()
    assert wait_jobs(window.jobs)
    assert window.actions_by_key["undo"].text() == "Ongedaan maken: typologie maken"
    window.actions_by_key["undo"].trigger()
    assert "typologie" not in window.document.areas.frame
    assert layer_named(window, "Buurttypen") is None
    assert "typology" not in window.document.analyses
    window.actions_by_key["redo"].trigger()
    assert layer_named(window, "Buurttypen").data is window.document.areas
    types = window.document.areas.frame["typologie"]
    undetermined = window.document.results["typology"].undetermined
    assert set(types.index[types.isna()]) == set(undetermined)


def test_a_burst_of_weight_changes_is_one_undo_step(window):
    panel = window.analysis_panel
    panel.run_ranking()
    assert wait_jobs(window.jobs)
    first = window.document.areas.frame["startscore"].copy()
    for value in (2.0, 1.0, 0.0):
        panel._weights[0][1].setValue(value)
    settle(window)
    assert not window.document.areas.frame["startscore"].equals(first)
    window.actions_by_key["undo"].trigger()
    pd.testing.assert_series_equal(window.document.areas.frame["startscore"], first)


def test_exporting_a_table_over_a_project_input_is_refused(window):
    panel = window.analysis_panel
    panel.rules.setPlainText("Koop: koop >= 60\nRest\n")
    panel.run_typology()
    assert wait_jobs(window.jobs)
    shown = []
    panel.show_error = shown.append
    target = window.document.project.resolve("utrecht_kerncijfers_2020.csv")
    before = target.read_bytes()
    panel._export(panel.explanation_frame, "x.csv", str(target))
    assert target.read_bytes() == before
    assert [e.key for e in shown] == ["output_is_input"]


def test_clustering_on_another_gemeente_ticks_indicators_that_have_data(qtbot, real, dialogs):
    """Ermelo 2021 has none of the housing indicators: the panel offers and ticks what is there."""
    from wijkkaart.new_project import new_project
    from wijkkaart.ui.analysis_panel import AnalysisPanel

    document = new_project(real / "cbs_buurten_2021.gpkg")
    panel = AnalysisPanel()
    qtbot.addWidget(panel)
    panel.set_document(document)
    stats = document.base_areas.statistics_frame()
    offered = [panel.cluster_indicators.item(i) for i in range(panel.cluster_indicators.count())]
    assert offered and all(stats[i.data(ITEM_ID)].notna().sum() >= 2 for i in offered)
    assert any(i.checkState() == Qt.CheckState.Checked for i in offered)


def test_clustering_without_indicators_is_a_message_not_a_crash(sample):
    import pytest

    from wijkkaart.analysis.typology import cluster
    from wijkkaart.cli import load_areas
    from wijkkaart.messages import WijkkaartError

    with pytest.raises(WijkkaartError) as info:
        cluster(load_areas(sample / "utrecht.wijkkaart"), [], 3)
    assert info.value.key == "typology_needs_indicators"


def test_twenty_quick_weight_steps_rank_at_most_twice(window, qtbot):
    """A spin box still moving queues no rankings: it re-ranks when it rests (debounced)."""
    panel = window.analysis_panel
    panel.run_ranking()
    assert wait_jobs(window.jobs)
    started, applied = [], []
    window.jobs.job_started.connect(lambda job: started.append(job.kind))
    window.jobs.job_finished.connect(lambda job: applied.append(job.state))
    weight = panel._weights[0][1]
    weight.setSingleStep(0.1)
    for _ in range(20):
        weight.stepUp()
        qtbot.wait(30)  # a user holding the arrow: a step every 30 ms
    settle(window)
    assert 1 <= started.count("analysis:ranking") <= 2
    assert "applied" in applied
    spec = window.document.analyses["ranking"]["criteria"][0]
    assert spec["weight"] == weight.value()  # the map shows where the box stopped


def test_a_new_run_cancels_the_one_still_running(window):
    panel = window.analysis_panel
    panel.run_ranking()
    first = window.jobs.job("analysis:ranking")
    panel._weights[0][1].setValue(0.0)
    panel.run_ranking()
    second = window.jobs.job("analysis:ranking")
    assert wait_jobs(window.jobs)
    assert first.state == "cancelled" and second.state == "applied"
    assert window.document.analyses["ranking"]["criteria"][0]["weight"] == 0.0


def test_memory_does_not_grow_over_20_analysis_reruns(window, qtbot):
    """20 re-runs through the app (job, command, undo stack, map): traced memory stays flat."""
    import gc
    import tracemalloc

    panel = window.analysis_panel
    weight = panel._weights[0][1]

    def rerun(value):
        weight.setValue(value)
        panel.run_ranking()
        assert wait_jobs(window.jobs)
        window.stack.end_merge()  # each run its own undo step (the stack keeps at most 20)
        assert window.canvas.wait_rendered()

    for i in range(5):  # warm up caches, the undo stack and the renderer
        rerun(float(i % 3))
    gc.collect()
    tracemalloc.start()
    try:
        start, _ = tracemalloc.get_traced_memory()
        for i in range(20):
            rerun(float((i % 5) + 1))
        gc.collect()
        end, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown = (end - start) / 1e6
    one = window.document.areas.frame.memory_usage(deep=True).sum() / 1e6
    print(f"20 re-runs: traced memory grew {grown:.2f} MB (one area frame {one:.2f} MB)")
    # The undo stack keeps the last 20 heavy steps (evented's limit), each a DataState that
    # shares its frames; more than that would be a leak.
    assert grown < 20 * one + 5
