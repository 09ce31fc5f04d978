"""Cancelling each kind of job leaves the document exactly as it was (serialised snapshots).

Each job is cancelled with *Annuleren* in the status bar right after it starts, before its
result could be applied; the long EP-Online job is also cancelled halfway, and its worker stops.
"""

import json
import time

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_responsive import big_eponline, sample  # noqa: F401 - fixtures


def serialised(window) -> str:
    document = window.document
    state = {
        "snapshot": document.snapshot_data(),
        "columns": list(document.areas.frame.columns),
        "base": list(document.base_areas.frame.columns),
        "layers": [id(layer) for layer in document.layers],
        "undo": window.stack.undo_text(),
        "clean": window.stack.is_clean(),
    }
    return json.dumps(state, sort_keys=True, default=str)


def cancel_at_once(window, kind):
    job = window.jobs.job(kind)
    assert job is not None and job.state == "running"
    window.jobs.bar.cancel_button.click()
    assert job.state == "cancelled"
    assert window.jobs.wait()
    if job.thread is not None:
        job.thread.join(10)
    return job


@pytest.mark.parametrize("run", ["run_typology", "run_stacking", "run_ranking"])
def test_cancelling_an_analysis(window, qtbot, run):
    before = serialised(window)
    getattr(window.analysis_panel, run)()
    cancel_at_once(window, "analysis:" + run.removeprefix("run_"))
    qtbot.wait(100)
    assert serialised(window) == before


def test_cancelling_a_clustering_into_regions(window, qtbot):
    """Contiguous regions with a minimum (spopt max-p): cancelled while it runs."""
    panel = window.analysis_panel
    panel.use_clusters.setChecked(True)
    panel.contiguous.setChecked(True)
    panel.min_inhabitants.setValue(20_000)
    before = serialised(window)
    panel.run_typology()
    qtbot.wait(300)
    job = window.jobs.job("analysis:typology")
    if job is not None:  # still running: Annuleren
        cancel_at_once(window, "analysis:typology")
        assert serialised(window) == before
    else:  # it was quicker than 300 ms on this machine: then it was applied as one step
        assert window.stack.undo_text() == "typologie maken"


def test_cancelling_opening_a_project_keeps_the_open_one(window, qtbot, project, tmp_path):
    import shutil

    other = tmp_path / "ander"
    shutil.copytree(project.parent, other)
    document = window.document
    before = serialised(window)
    window.open_project(other / project.name, wait=False)
    cancel_at_once(window, "open")
    qtbot.wait(100)
    assert window.document is document and serialised(window) == before


def test_cancelling_a_join(window, qtbot, tmp_path):
    codes = window.document.areas.frame.index[:5].tolist()
    table = tmp_path / "eigen.csv"
    table.write_text(
        "buurtcode;eigen_telling\n" + "".join(f"{c};{i}\n" for i, c in enumerate(codes))
    )
    before = serialised(window)
    dialog = window.join_table(table)
    assert dialog.join(wait=False) is None
    cancel_at_once(window, "join")
    qtbot.wait(100)
    assert serialised(window) == before and "eigen_telling" not in window.document.areas.frame


@pytest.mark.parametrize(
    "name,atlas", [("kaart.pdf", False), ("kaart.html", False), ("atlas.pdf", True)]
)
def test_cancelling_an_export_writes_nothing(window, qtbot, tmp_path, name, atlas):
    window.open_export()
    dialog = window.export_dialog
    folder = tmp_path / "uit"
    folder.mkdir()
    target = folder / name
    target.write_bytes(b"the previous export")
    before = serialised(window)
    assert dialog.export_to(target, atlas=atlas, wait=False) is None
    cancel_at_once(window, "export")
    qtbot.wait(100)
    assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in folder.iterdir()) == [name]  # no temporary file left
    assert serialised(window) == before


def test_cancelling_eponline_halfway_stops_the_worker(window, qtbot, big_eponline):  # noqa: F811
    """300,000 label rows added in the app: Annuleren while it reads; the worker stops."""
    ep, bag, _areas = big_eponline
    before = serialised(window)
    dialog = window.add_data("eponline", show=False)
    dialog.bag.setText(str(bag))
    dialog.run(ep, wait=False)
    job = window.jobs.job("role")
    qtbot.waitUntil(lambda: job.feedback.fraction >= 0.3, timeout=60_000)
    qtbot.waitUntil(window.jobs.bar.isVisible, timeout=5_000)
    clicked = time.monotonic()
    window.jobs.bar.cancel_button.click()
    job.thread.join(5)
    stopped = time.monotonic() - clicked
    print(
        f"EP-Online 300k cancelled at {job.feedback.fraction:.0%}: worker stopped in "
        f"{stopped * 1000:.0f} ms"
    )
    assert not job.thread.is_alive() and stopped < 1.0
    qtbot.wait(100)
    assert dialog.report is None and serialised(window) == before


def test_cancelling_a_raster_role_its_zonal_statistics(window, qtbot, project, tmp_path):
    """Adding a risk raster runs the zonal statistics in a job; Annuleren adds nothing."""
    import shutil

    raster = tmp_path / "hittestress.tif"
    shutil.copy(project.parent / "voorbeeld_waterdiepte.tif", raster)
    before = serialised(window)
    dialog = window.add_data("raster", show=False)
    assert dialog.run(raster, wait=False) is None
    cancel_at_once(window, "role")
    qtbot.wait(100)
    assert serialised(window) == before
    assert not any(c.startswith("hittestress") for c in window.document.areas.frame.columns)
    report = dialog.run(raster)  # and without Annuleren it is added, as one undo step
    assert report is not None and "hittestress_gemiddeld" in window.document.areas.frame


def test_a_refused_analysis_in_a_job_is_a_dutch_dialog_and_changes_nothing(window, dialogs):
    from wijkkaart.messages import WijkkaartError

    panel = window.analysis_panel
    panel.use_clusters.setChecked(True)
    for i in range(panel.cluster_indicators.count()):
        panel.cluster_indicators.item(i).setCheckState(Qt.CheckState.Unchecked)
    before = serialised(window)
    panel.run_typology()
    assert window.jobs.wait()
    assert dialogs == [str(WijkkaartError("typology_needs_indicators"))]
    assert serialised(window) == before
