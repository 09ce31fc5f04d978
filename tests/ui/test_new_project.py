"""Start from your own gemeente: Nieuw project, Gegevens toevoegen, opening data files."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QFileDialog

from tests.ui.waiting import accepted, joined, open_path, role_added, spy_threads, wait_jobs
from wijkkaart.layers.model import AreaLayer, OutlineLayer

DATA = Path("/work/shared/data")
ZAANSTAD = DATA / "zaanstad" / "cbs_buurten_2017.geojson"
ZAANSTAD_WIJKEN = DATA / "zaanstad" / "cbs_wijken_2017.geojson"
PROVINCE = DATA / "utrecht" / "kerncijfers_buurten_provincie_utrecht_ca2020.csv"

pytestmark = pytest.mark.skipif(not ZAANSTAD.exists(), reason="shared data not present")


@pytest.fixture(autouse=True)
def own_settings(tmp_path, monkeypatch):
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    QSettings("wijkkaart", "wijkkaart").clear()
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # wijkkaart.ui.settings (platformdirs)


@pytest.fixture
def national(tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from bench.national import national_buurten

    return national_buurten(tmp_path / "nl.gpkg", n=700)


@pytest.fixture
def zaanstad(window):
    """The window on a new Zaanstad project."""
    dialog = window.new_project(ZAANSTAD, show=False)
    accepted(dialog)
    assert window.canvas.wait_rendered()
    return window


def test_zaanstad_new_project_opens_unsaved_zoomed(window, qtbot):
    dialog = window.new_project(ZAANSTAD, show=False)
    assert not dialog.list.isVisibleTo(dialog)  # one gemeente: nothing to choose
    assert dialog.busy and "gelezen" in dialog.recognised.text()  # read in a job meanwhile
    assert wait_jobs(window.jobs)
    text = dialog.recognised.text()
    assert "50 buurt" in text and "2017" in text and "Zaanstad" in text
    assert "Inwoners" in text  # an indicator with data
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    accepted(dialog)
    document = window.document
    assert document.project.unsaved is True
    assert window.windowTitle() == "naamloos — wijkkaart"
    area = next(layer for layer in document.layers if isinstance(layer, AreaLayer))
    assert len(area.data.frame) == 50 and area.labels
    assert area.data.frame["naam"].notna().all()
    assert area.style.indicator in area.data.frame.columns
    x0, y0, x1, y1 = area.data.frame.total_bounds
    v = window.canvas.viewport
    assert v.bounds[0] <= x0 and v.bounds[2] >= x1 and v.bounds[1] <= y0 and v.bounds[3] >= y1
    assert (v.bounds[2] - v.bounds[0]) < 3 * (x1 - x0)  # zoomed to Zaanstad, not the country


def test_many_gemeenten_filter_and_choose(window, national, qtbot):
    dialog = window.new_project(national, show=False)
    assert wait_jobs(window.jobs)  # the gemeenten are listed in a job
    assert dialog.list.isVisibleTo(dialog)
    assert dialog.list.count() == 20
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    qtbot.keyClicks(dialog.filter, "gm0003")
    assert dialog.visible_codes() == ["GM0003"]
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Return)  # one left: Enter chooses it
    assert dialog.chosen() == ["GM0003"]
    dialog.filter.clear()
    assert len(dialog.visible_codes()) == 20
    dialog.choose(["GM0003", "GM0007"])
    assert "2 van 20" in dialog.chosen_label.text()
    accepted(dialog)
    frame = window.identify_layer().data.frame
    assert len(frame) == 70
    assert {c[2:6] for c in frame.index} == {"0003", "0007"}
    v = window.canvas.viewport
    x0, y0, x1, y1 = frame.total_bounds
    assert v.bounds[0] <= x0 and v.bounds[2] >= x1
    assert v.bounds[1] <= y0 and v.bounds[3] >= y1  # (synthetic gemeenten are scattered)


def test_ok_during_the_preview_waits_for_it_instead_of_reading_again(window, national, qtbot):
    """OK while the preview still reads the same choice: one read, not a second one beside it."""
    from PySide6.QtCore import QTimer

    dialog = window.new_project(national, show=False)
    assert wait_jobs(window.jobs)  # the list of gemeenten
    started: list[str] = []

    def on_start(job) -> None:
        started.append(job.kind)
        if len(started) == 1:  # the preview's read has just started: the planner clicks OK
            QTimer.singleShot(0, dialog.accept)

    window.jobs.job_started.connect(on_start)
    dialog.choose(dialog.visible_codes())  # every gemeente: the 350 ms preview starts
    qtbot.waitUntil(
        lambda: (
            window.document is not None
            and window.identify_layer() is not None
            and len(window.identify_layer().data.frame) == 700
        ),
        timeout=30_000,
    )
    assert wait_jobs(window.jobs)
    window.jobs.job_started.disconnect(on_start)
    assert started.count("new_project") == 1
    assert window.document is dialog.document


def test_province_table_lists_real_gemeenten_but_needs_a_map(window, qtbot, dialogs):
    dialog = window.new_project(PROVINCE, show=False)
    assert wait_jobs(window.jobs)
    assert dialog.list.count() == 26
    qtbot.keyClicks(dialog.filter, "UTRECHTSE")
    assert dialog.visible_codes() == ["GM1581"]
    assert "Utrechtse Heuvelrug" in dialog.list.item(0).text() or any(
        "Utrechtse Heuvelrug" in dialog.list.item(r).text() for r in range(dialog.list.count())
    )
    dialog.choose(["GM0344"])
    accepted(dialog)
    assert dialog.result() == 0  # not accepted: a table has no map
    assert any("zonder kaart" in text for text in dialogs)
    assert window.document.project.unsaved is not True  # the sample is still open


def test_file_without_codes_offers_a_plain_layer(window, tmp_path, qtbot):
    layer_file = tmp_path / "speelplekken.geojson"
    centre = window.identify_layer().data.frame.geometry.iloc[0].centroid
    gpd.GeoDataFrame(
        {"naam": ["Plein"]}, geometry=[shapely.buffer(centre, 150)], crs="EPSG:28992"
    ).to_file(layer_file)
    before = layer_file.read_bytes()
    dialog = window.new_project(layer_file, show=False)
    assert wait_jobs(window.jobs)
    assert dialog.missing.isVisibleTo(dialog)
    assert "CBS-codes" in dialog.missing.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    count = len(window.document.layers)
    dialog.as_layer.click()  # the file is read as a layer in a job
    assert wait_jobs(window.jobs)
    assert len(window.document.layers) == count + 1
    added = window.layer_panel.current_layer()
    assert isinstance(added, OutlineLayer) and added.name == "speelplekken"
    v = window.canvas.viewport  # zoomed to the added layer
    assert v.bounds[0] <= centre.x <= v.bounds[2] and (v.bounds[2] - v.bounds[0]) < 3000
    assert layer_file.read_bytes() == before


def test_ctrl_s_on_a_new_project_asks_a_name(zaanstad, tmp_path, monkeypatch):
    target = tmp_path / "zaanstad"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "wijkkaart (*.wijkkaart)")
    )
    assert zaanstad.actions_by_key["save_project"].shortcut().toString() == "Ctrl+S"
    zaanstad.actions_by_key["save_project"].trigger()
    saved = tmp_path / "zaanstad.wijkkaart"
    assert saved.is_file()
    assert zaanstad.document.project.unsaved is False
    assert "naamloos" not in zaanstad.windowTitle()
    assert saved.resolve() in zaanstad.recent.paths()


def test_add_wijken_then_replace(zaanstad, dialogs):
    dialog = zaanstad.add_data("wijken", show=False)
    dialog.file.setText(str(ZAANSTAD_WIJKEN))
    dialog.source.setText("CBS Wijk- en buurtkaart 2017")
    count = len(zaanstad.document.layers)
    accepted(dialog)
    assert dialog.report is not None and dialog.report.role == "wijken"
    assert dialog.result() == 1
    wijken = [
        layer
        for layer in zaanstad.document.layers
        if layer.source.get("path", "").endswith("cbs_wijken_2017.geojson")
    ]
    assert len(wijken) == 1 and len(wijken[0].frame) == 19  # instead of the dissolved outlines
    assert len(zaanstad.document.layers) == count
    assert zaanstad.layer_panel.current_layer() is wijken[0]
    assert any("19" in text for text in dialogs)  # the report
    assert zaanstad.windowTitle().startswith("*")  # changed, not saved
    again = zaanstad.add_data("wijken", show=False)
    again.file.setText(str(ZAANSTAD_WIJKEN))
    accepted(again)  # role exists -> "vervangen?" answered Yes by the fixture
    assert any("Vervangen" in text for text in dialogs)
    assert again.report is not None
    assert len(zaanstad.document.layers) == count


def test_add_table_goes_through_the_join_dialog(zaanstad, tmp_path):
    table = tmp_path / "eigen_cijfers.csv"
    codes = list(zaanstad.identify_layer().data.frame.index[:10])
    table.write_text(
        "buurtcode;woningvoorraad\n" + "".join(f"{c};{100 + i}\n" for i, c in enumerate(codes))
    )
    dialog = zaanstad.add_data("table", show=False)
    assert not dialog.form.isRowVisible(3)  # the join dialog asks about the table itself
    dialog.file.setText(str(table))
    accepted(dialog)
    join = zaanstad.layer_actions.table_dialog
    assert join.path == table
    joined(join)
    frame = zaanstad.identify_layer().data.frame
    assert frame.loc[codes[3], "woningvoorraad"] == 103


def test_add_data_bad_file_is_a_dialog(zaanstad, tmp_path, dialogs):
    bad = tmp_path / "kapot.tif"
    bad.write_bytes(b"not a raster")
    dialog = zaanstad.add_data("raster", show=False)
    dialog.file.setText(str(bad))
    count = len(zaanstad.document.layers)
    accepted(dialog)
    assert dialog.report is None and dialog.result() == 0
    assert dialogs
    assert len(zaanstad.document.layers) == count


def test_open_data_file_as_new_project_and_failure_keeps_window(window, tmp_path, dialogs):
    assert open_path(window, ZAANSTAD)
    assert window.document.project.unsaved is True
    assert window.windowTitle() == "naamloos — wijkkaart"
    broken = tmp_path / "kapot.geojson"
    broken.write_text("{ dit is geen json")
    assert open_path(window, broken) is False
    assert dialogs
    assert window.isVisible() and window.document.project.unsaved is True


def test_run_a_data_file_screenshot(tmp_path):
    from wijkkaart.ui.app import run

    out = tmp_path / "zaanstad.png"
    assert run(ZAANSTAD, screenshot=out, size=(1000, 700)) == 0
    assert out.stat().st_size > 10_000


def test_moved_data_file_is_asked_for(window, tmp_path, monkeypatch):
    folder = tmp_path / "eigen"
    folder.mkdir()
    data = folder / "buurten.geojson"
    shutil.copy(ZAANSTAD, data)
    shutil.copy(ZAANSTAD_WIJKEN, folder / "wijken.geojson")
    assert open_path(window, data)
    window.add_data("wijken", show=False)
    window.layer_actions.add_data_dialog.file.setText(str(folder / "wijken.geojson"))
    accepted(window.layer_actions.add_data_dialog)
    window.document.save(folder / "zaanstad.wijkkaart")
    moved = tmp_path / "elders"
    moved.mkdir()
    shutil.move(data, moved / "buurten.geojson")
    asked = []

    def where(_parent, caption, *_args, **_kw):
        asked.append(caption)
        return str(moved / "buurten.geojson"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", where)
    assert open_path(window, folder / "zaanstad.wijkkaart")
    assert asked and "buurten.geojson" in asked[0]
    assert len(window.identify_layer().data.frame) == 50
    assert any(layer.source.get("path") == "wijken.geojson" for layer in window.document.layers)
    assert window.windowTitle().startswith("*")  # the new location still has to be saved


def test_the_add_data_report_speaks_dutch():
    from wijkkaart.roles import RoleReport
    from wijkkaart.ui.add_data_dialog import AddDataDialog

    report = RoleReport(role="points", path=Path("voorzieningen.csv"), messages=["100 van 100"])
    report.counts = {"points": 1250, "in_areas": 1200, "internal_key": 3}
    headline, details = AddDataDialog.report_text(report)
    assert "voorzieningen.csv" in headline
    assert "punten: 1.250" in details and "punten in de buurten: 1.200" in details
    assert "in_areas" not in details and "internal_key" not in details
    assert details.endswith("100 van 100")


def test_eponline_shows_progress_and_cancel_leaves_the_project_as_it_was(window, tmp_path, qtbot):
    """EP-Online + BAG added in the app: a job with progress; Annuleren changes nothing."""
    from tests.test_roles import _labels_at

    document = window.document
    codes = document.areas.frame.index[:10].tolist()
    ep, bag = _labels_at(tmp_path, document, codes)
    before = document.snapshot_data()
    columns = list(document.areas.frame.columns)

    dialog = window.add_data("eponline", show=False)
    dialog.bag.setText(str(bag))
    dialog.run(ep)
    job = window.jobs.job("role")
    window.jobs.bar.cancel_button.click()  # Annuleren, before the result could land
    assert wait_jobs(window.jobs) and job.state == "cancelled"
    qtbot.wait(200)
    assert dialog.report is None
    assert document.snapshot_data() == before and list(document.areas.frame.columns) == columns

    seen = []
    window.jobs.job_started.connect(lambda started: seen.append(started))
    report = role_added(dialog, ep)
    assert report is not None and report.counts["placed"] == 10
    [job] = seen
    assert job.state == "applied" and job.feedback.fraction == 1.0
    assert job.feedback.message == "Klaar: 10 labels in buurten geplaatst."


def test_the_gemeenten_are_listed_off_the_gui_thread(window, national, monkeypatch):
    """Choosing a national file lists its gemeenten in the dialog's job, not on the GUI thread
    (it read the code columns of every feature behind a wait cursor)."""
    import threading

    from wijkkaart import new_project as new_project_module

    threads = spy_threads(monkeypatch, new_project_module, "list_gemeenten")
    dialog = window.new_project(national, show=False)
    assert dialog.busy and "gelezen" in dialog.recognised.text()
    assert wait_jobs(window.jobs)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert dialog.list.count() == 20 and not dialog.busy
    assert dialog.recognised.text() == ""


def test_what_was_recognised_is_counted_off_the_gui_thread(window, monkeypatch):
    """recognised() (counts per gemeente, the outline names) runs in the read's job; the done
    callback only shows its text."""
    import threading

    from wijkkaart import new_project as new_project_module

    threads = spy_threads(monkeypatch, new_project_module, "recognised")
    dialog = window.new_project(ZAANSTAD, show=False)
    assert wait_jobs(window.jobs)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert "50 buurt" in dialog.recognised.text() and "Zaanstad" in dialog.recognised.text()


def test_a_scenario_refused_on_a_file_without_dwellings_leaves_no_busy_title(zaanstad):
    """Zaanstad 2017 (real) has no tenure shares: the scenario job fails with the Dutch
    refusal, and the title no longer says it is computing (it kept "Bezig met berekenen…")."""
    from wijkkaart.messages import ui

    panel = zaanstad.analysis_panel
    shown: list = []
    panel.show_error = shown.append
    layer = zaanstad.identify_layer()
    zaanstad.select_areas(layer, list(layer.data.frame.index[:3]))
    panel.run_scenario()
    assert panel.scenario_title.text() == ui("profile_busy")
    assert wait_jobs(zaanstad.jobs, "scenario")
    assert [e.key for e in shown] == ["scenario_needs_mix"]
    assert panel.scenario_title.text() == ui("scenario_hint")
    assert panel.scenario_table.rowCount() == 0
