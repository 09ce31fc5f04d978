"""A job's result computed against an older state of the document is never applied over newer
work: an undoable edit made while the job runs survives, the job runs again on the edited
document (the status bar says so), and undoing the job's step gives the edited document back.

The edit is pushed on the GUI thread right after the job starts: the job's result reaches the
GUI thread as a queued event, so it can only arrive after the edit (no timing luck involved).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.test_cancel_jobs import serialised
from tests.ui.waiting import wait_jobs
from wijkkaart.commands import ReplaceAreaData
from wijkkaart.roles import project_roles, role_state

UTRECHT_WIJKEN = Path("/work/shared/data/utrecht/wijken_geometrie_2015_wgs84.geojson")
pytestmark = pytest.mark.skipif(not UTRECHT_WIJKEN.exists(), reason="shared data not present")


def overlay_paths(document) -> list[str]:
    return [Path(e["path"]).name for e in document.project.data.get("overlays", [])]


def status_messages(window) -> list[str]:
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    return shown


def test_an_analysis_started_before_an_edit_runs_again_on_the_edited_document(window):
    """Stacking started; meanwhile the real Utrecht wijken are added as a data role (a change
    of the role lists and layers only: the buurt data stays the same object)."""
    document = window.document
    shown = status_messages(window)
    window.analysis_panel.run_stacking()
    job = window.jobs.job("analysis:stacking")
    assert job is not None
    state, _report = role_state(document, "wijken", UTRECHT_WIJKEN)
    assert state.areas is document.areas  # what the old staleness check (areas) could not see
    window.apply(ReplaceAreaData(document, state, "gegevens toevoegen"))
    edited = serialised(window)
    assert wait_jobs(window.jobs)
    assert job.state == "applied"  # done, but computed on the old state: not put in place
    assert "wijken_geometrie_2015_wgs84.geojson" in overlay_paths(document)  # the edit stays
    assert "stapeling" in document.areas.frame  # computed again, on the edited document
    assert any(m.startswith("Het project is intussen gewijzigd") for m in shown)
    window.stack.undo()  # the stacking
    assert serialised(window) == edited


def test_a_layer_only_role_started_before_an_edit_is_not_put_over_it(window):
    """The real Utrecht wijken are added in a job; meanwhile the planner removes the project's
    own wijk file (a step that changes the role lists and layers, not the buurt data). The
    result read before the removal would bring its entry back: it is read again instead."""
    document = window.document
    shown = status_messages(window)
    dialog = window.add_data("wijken", show=False)
    dialog.run(UTRECHT_WIJKEN)
    job = window.jobs.job("role")
    roles = [r for r in project_roles(document.project) if r["role"] != "areas"]
    own = next(i for i, r in enumerate(roles) if Path(r["path"]).name == "utrecht_wijken.gpkg")
    areas = document.areas
    assert window.layer_actions.remove_data(choice=own)
    assert wait_jobs(window.jobs, "remove_data")
    assert document.areas is areas  # the old staleness check would have let the result in
    edited = serialised(window)
    assert wait_jobs(window.jobs)
    assert job.state == "applied" and dialog.report is not None
    assert "utrecht_wijken.gpkg" not in overlay_paths(document)  # the removal stays
    assert "wijken_geometrie_2015_wgs84.geojson" in overlay_paths(document)
    assert any(m.startswith("Het project is intussen gewijzigd") for m in shown)
    window.stack.undo()  # adding the wijken
    assert serialised(window) == edited
