"""Cancelling each kind of job leaves the document exactly as it was (serialised snapshots).

Each job is cancelled with *Annuleren* in the status bar right after it starts, before its
result could be applied; the long EP-Online job is also cancelled halfway, and its worker stops.
"""

import json
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.ui.test_responsive import big_eponline, sample  # noqa: F401 - fixtures
from tests.ui.waiting import accepted, role_added, table_read, wait_jobs


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
    assert wait_jobs(window.jobs)
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


def test_annuleren_ends_the_max_p_process(window, qtbot):
    """With the fork server up, the region typology's max-p runs in a child process: Annuleren
    ends that process within half a second, and the document is as before."""
    from tests.processes import gone
    from wijkkaart import child_process

    child_process.preload(*child_process.FOR_LONG_SESSIONS)
    assert child_process.warm_up(None)
    panel = window.analysis_panel
    panel.use_clusters.setChecked(True)
    panel.contiguous.setChecked(True)
    panel.min_inhabitants.setValue(10_000)
    before = serialised(window)
    panel.run_typology()
    qtbot.waitUntil(lambda: child_process.running() != [], timeout=20_000)
    pids = child_process.running()
    clicked = time.monotonic()
    job = cancel_at_once(window, "analysis:typology")
    qtbot.waitUntil(lambda: all(gone(pid) for pid in pids), timeout=500)
    stopped = time.monotonic() - clicked
    assert job.thread is None or not job.thread.is_alive()
    assert stopped < 0.5 and child_process.running() == []
    assert serialised(window) == before


def test_cancelling_opening_a_project_keeps_the_open_one(window, qtbot, project, tmp_path):
    import shutil

    other = tmp_path / "ander"
    shutil.copytree(project.parent, other)
    document = window.document
    before = serialised(window)
    window.open_project(other / project.name)
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
    dialog = table_read(window.join_table(table))
    assert dialog.join() is None
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
    assert dialog.export_to(target, atlas=atlas) is not None
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
    dialog.run(ep)
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
    assert dialog.run(raster) is None
    cancel_at_once(window, "role")
    qtbot.wait(100)
    assert serialised(window) == before
    assert not any(c.startswith("hittestress") for c in window.document.areas.frame.columns)
    report = role_added(dialog, raster)  # and without Annuleren it is added, as one undo step
    assert report is not None and "hittestress_gemiddeld" in window.document.areas.frame


def test_a_refused_analysis_in_a_job_is_a_dutch_dialog_and_changes_nothing(window, dialogs):
    from wijkkaart.messages import WijkkaartError

    panel = window.analysis_panel
    panel.use_clusters.setChecked(True)
    for i in range(panel.cluster_indicators.count()):
        panel.cluster_indicators.item(i).setCheckState(Qt.CheckState.Unchecked)
    before = serialised(window)
    panel.run_typology()
    assert wait_jobs(window.jobs)
    assert dialogs == [str(WijkkaartError("typology_needs_indicators"))]
    assert serialised(window) == before


# --- the export preview and the data roles that were not covered yet -------------------------

DATA = Path("/work/shared/data")
HEAT_PLAN = DATA / "amsterdam" / "warmteprogramma_per_buurt.csv"
APPINGEDAM = DATA / "appingedam" / "buurten_2020_generalised.geojson"
BAG_POINTS = DATA / "appingedam" / "bag_verblijfsobjecten_sample.csv"
ZAANSTAD = DATA / "zaanstad" / "cbs_buurten_2017.geojson"
ZAANSTAD_WIJKEN = DATA / "zaanstad" / "cbs_wijken_2017.geojson"
needs_data = pytest.mark.skipif(not HEAT_PLAN.exists(), reason="shared data not present")


def files_in(*folders: Path) -> list[str]:
    return sorted(str(p) for folder in folders for p in folder.rglob("*"))


def test_cancelling_the_export_preview_and_closing_the_dialog(window, qtbot, project):
    """The preview is drawn in a job: Annuleren, and closing the dialog, stop it; nothing of
    the document changes and no file is written."""
    folder = project.parent
    files = files_in(folder)
    before = serialised(window)
    window.open_export()
    dialog = window.export_dialog
    job = window.jobs.job("preview")
    assert job is not None and dialog.status.text() == "Voorbeeld tekenen…"  # its own busy line
    window.jobs.bar.cancel_button.click()
    assert job.state == "cancelled" and wait_jobs(window.jobs)
    dialog.paper.setCurrentText("A3")  # a change: the SetPrintSettings step and a new preview
    assert window.stack.undo_text() != "" and window.jobs.job("preview") is not None
    again = window.jobs.job("preview")
    dialog.close()  # closing the dialog cancels the preview still being drawn
    assert again.state == "cancelled" and wait_jobs(window.jobs)
    if again.thread is not None:
        again.thread.join(10)
    qtbot.wait(100)
    window.stack.undo()  # the paper change (the only step the dialog made)
    assert serialised(window) == before
    assert files_in(folder) == files


def _document_state(window) -> str:
    return serialised(window)


def _new_project(window, path: Path) -> None:
    dialog = window.new_project(path, show=False)
    accepted(dialog)
    assert window.document is not None and window.document.project.unsaved


def _cancel_role(window, role: str, path: Path, tmp_path: Path, **fields) -> None:
    folders = (path.parent, tmp_path)
    files = files_in(*folders)
    before = _document_state(window)
    dialog = window.add_data(role, show=False)
    for name, value in fields.items():
        getattr(dialog, name).setText(str(value))
    dialog.run(path)
    cancel_at_once(window, "role")
    assert dialog.report is None
    assert _document_state(window) == before
    assert files_in(*folders) == files  # no temporary or written file left
    report = role_added(dialog, path)  # and without Annuleren it is added, as one undo step
    assert report is not None and _document_state(window) != before
    window.stack.undo()
    assert _document_state(window) == before


@needs_data
def test_cancelling_a_points_role_appingedam_bag(window, tmp_path):
    _new_project(window, APPINGEDAM)
    _cancel_role(window, "points", BAG_POINTS, tmp_path)
    assert not any(layer.kind == "points" for layer in window.document.layers)


@needs_data
def test_cancelling_a_wijken_role_zaanstad(window, tmp_path):
    _new_project(window, ZAANSTAD)
    _cancel_role(window, "wijken", ZAANSTAD_WIJKEN, tmp_path)
    assert "overlays" not in window.document.project.data or not any(
        "cbs_wijken_2017" in entry["path"] for entry in window.document.project.data["overlays"]
    )


@needs_data
def test_cancelling_a_heat_plan_role_amsterdam(window, tmp_path):
    """The real Amsterdam heat-transition programme (475 buurten) on buurten with its codes.

    The file has no geometry: the buurten here are invented squares in RD New around Amsterdam,
    one per code of the file (only the codes and the plan are real)."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    codes = pd.read_csv(HEAT_PLAN, dtype=str)["buurtcode"].tolist()
    squares = [
        shapely.box(x, y, x + 250, y + 250)
        for i in range(len(codes))
        for x, y in [(115_000 + (i % 25) * 250, 480_000 + (i // 25) * 250)]
    ]
    areas = tmp_path / "amsterdam_vierkanten.gpkg"
    gpd.GeoDataFrame(
        {"buurtcode": codes, "buurtnaam": [f"vierkant {i}" for i in range(len(codes))]},
        geometry=squares,
        crs="EPSG:28992",
    ).to_file(areas, driver="GPKG")
    _new_project(window, areas)
    _cancel_role(window, "heat_plan", HEAT_PLAN, tmp_path)
    assert "warmtestrategie" not in window.document.areas.frame.columns


@needs_data
def test_closing_the_new_project_dialog_cancels_its_read(window, qtbot):
    """Nieuw project reads the file in a job while the dialog says so; closing the dialog, or
    Annuleren after OK, stops the read and the open project stays as it was."""
    document = window.document
    before = serialised(window)
    dialog = window.new_project(ZAANSTAD, show=True)
    job = window.jobs.job("new_project")
    assert job is not None and dialog.busy and "gelezen" in dialog.recognised.text()
    dialog.close()
    assert job.state == "cancelled" and not dialog.busy and wait_jobs(window.jobs)
    dialog = window.new_project(ZAANSTAD, show=True)
    dialog.accept()  # OK while it is read: it waits for the read, the dialog stays open
    assert dialog.isVisible() and window.jobs.job("new_project") is not None
    window.jobs.bar.cancel_button.click()
    assert wait_jobs(window.jobs) and dialog.result() == 0 and not dialog.busy
    qtbot.wait(100)
    assert window.document is document and serialised(window) == before
    dialog.close()
