"""The analysis panel shows the analysis the map holds, and starts from a method that can run."""

import json
from pathlib import Path

import pytest

from tests.ui.waiting import accepted, joined, open_project, wait_jobs
from wijkkaart.ui.analysis_panel import ITEM_ID
from wijkkaart.ui.main_window import MainWindow

DATA = Path("/work/shared/data")


def checked(panel):
    items = [panel.cluster_indicators.item(i) for i in range(panel.cluster_indicators.count())]
    return [i.data(ITEM_ID) for i in items if i.checkState().value == 2]


def test_clusters_typology_reopens_as_clusters(window, project, qtbot):
    panel = window.analysis_panel
    panel.use_clusters.setChecked(True)
    panel.k.setValue(3)
    chosen = checked(panel)[:3]
    for i in range(panel.cluster_indicators.count()):
        item = panel.cluster_indicators.item(i)
        item.setCheckState(
            item.checkState().Checked
            if item.data(ITEM_ID) in chosen
            else item.checkState().Unchecked
        )
    panel.run_typology()
    assert wait_jobs(window.jobs)
    assert window.save()

    again = MainWindow()
    qtbot.addWidget(again)
    assert open_project(again, project)
    reopened = again.analysis_panel
    assert reopened.use_clusters.isChecked() and not reopened.use_rules.isChecked()
    assert reopened.k.value() == 3
    assert checked(reopened) == chosen
    # three types and the gemeente row, as before saving
    assert reopened.explanation.rowCount() == 4
    assert reopened.explanation.item(3, 0).text() == "Gemeente"
    reopened.run_typology()  # runs the clustering again, not the rules
    assert wait_jobs(again.jobs)
    types = again.document.areas.frame["typologie"].dropna()
    assert set(types) == {"Type 1", "Type 2", "Type 3"}


def test_rules_typology_reopens_with_its_rules_and_undo_clears(window, project, qtbot):
    panel = window.analysis_panel
    typed = "Veel corporatie: corporatiebezit >= 45\nRest\n"
    panel.rules.setPlainText(typed)
    panel.run_typology()
    assert wait_jobs(window.jobs)
    assert panel.rules.toPlainText() == typed  # a run does not rewrite what the user typed
    assert panel.explanation.rowCount() == 3
    assert window.save()
    again = MainWindow()
    qtbot.addWidget(again)
    assert open_project(again, project)
    reopened = again.analysis_panel
    assert reopened.use_rules.isChecked()
    # the rules as typed, in the planner's words (it showed the catalogue id
    # perc_huurwoningen_in_bezit_woningcorporaties)
    assert reopened.rules.toPlainText() == typed
    assert reopened.explanation.rowCount() == 3
    window.actions_by_key["undo"].trigger()
    assert panel.explanation.rowCount() == 0


@pytest.mark.parametrize(
    "source",
    [
        "zaanstad/cbs_buurten_2017.geojson",
        "ermelo/cbs_buurten_2021.gpkg",
        "baarn/cbs_buurten_2024.geojson",
    ],
)
def test_default_typology_runs_on_a_new_project(window, dialogs, source):
    dialog = window.new_project(DATA / source, show=False)
    accepted(dialog)
    assert window.canvas.wait_rendered()
    panel = window.analysis_panel
    assert panel.use_clusters.isChecked()
    assert not panel.rules_reason.isHidden()
    assert panel.rules_reason.text().startswith("Standaardregels niet mogelijk")
    before = list(dialogs)
    panel.run_typology()  # the planner's first click
    assert wait_jobs(window.jobs)
    assert dialogs == before
    types = window.document.areas.frame["typologie"].dropna()
    assert types.nunique() == panel.k.value()


def test_default_rules_stay_where_they_can_run(window):
    panel = window.analysis_panel
    assert panel.use_rules.isChecked() and panel.rules_reason.isHidden()


def test_a_join_keeps_the_method_the_user_chose(window, tmp_path):
    panel = window.analysis_panel
    panel.use_clusters.setChecked(True)  # the user's choice, not yet run
    codes = window.document.areas.frame.index[:5].tolist()
    table = tmp_path / "eigen.csv"  # invented counts, only to make a join
    table.write_text(
        "buurtcode;eigen_telling\n" + "".join(f"{c};{i}\n" for i, c in enumerate(codes))
    )
    dialog = window.join_table(table)
    joined(dialog)
    assert wait_jobs(window.jobs)
    assert "eigen_telling" in window.document.areas.frame
    assert panel.use_clusters.isChecked()


def test_cli_clusters_without_indicators_choose_what_the_app_ticks(window, dialogs, run_cli):
    """`wijkkaart typology --clusters 3` on the real Ermelo file needed --indicators; now it uses
    the panel's own default (one function), and gives the app's types."""
    source = DATA / "ermelo/cbs_buurten_2021.gpkg"
    dialog = window.new_project(source, show=False)
    accepted(dialog)
    assert window.canvas.wait_rendered()
    panel = window.analysis_panel
    ticked = checked(panel)
    assert ticked  # Ermelo's file has no housing mix: the first shares it does have
    panel.k.setValue(3)
    panel.run_typology()
    assert wait_jobs(window.jobs)
    app_types = window.document.areas.frame["typologie"]

    result = run_cli("typology", source, "--clusters", "3", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["indicators"] == ticked
    assert app_types.dropna().nunique() == 3 and app_types.notna().sum() >= 10
    assert {c: t for c, t in data["types"].items() if t} == {
        c: t for c, t in app_types.dropna().items()
    }
