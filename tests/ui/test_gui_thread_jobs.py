"""Work that ran on the GUI thread now runs in jobs (issue 11): the heavy function runs on a
worker, its result equals the direct call's, and cancelling leaves the document as it was."""

import threading

from tests.ui.test_cancel_jobs import cancel_at_once, serialised
from tests.ui.waiting import spy_threads, wait_jobs
from wijkkaart import workspace
from wijkkaart.ui.profile_panel import ProfilePanel
from wijkkaart.workspace import polygon_card


def card_rows(qtbot, title, result, data):
    """The rows a profile panel shows for ``result``: the card as the old direct call gave."""
    panel = ProfilePanel()
    qtbot.addWidget(panel)
    panel.show_profile(title, result, data)
    return panel.rows()


def test_a_focus_areas_card_reads_its_rasters_off_the_gui_thread(window, qtbot, monkeypatch):
    computed = spy_threads(monkeypatch, workspace, "polygon_card")
    area = next(iter(window.document.focus_areas))  # the sample's Overvecht
    window.focus_panel.select(area)
    assert window.jobs.running("profile")
    assert window.profile_panel.title.text() == area.name  # named at once, figures to come
    assert wait_jobs(window.jobs, "profile")
    assert computed and all(t is not threading.main_thread() for t in computed)
    document = window.document
    direct = polygon_card(document.areas, area.geometry, document.project.raster_entries())
    rows = window.profile_panel.rows()
    assert rows == card_rows(qtbot, area.name, direct, document.areas)
    assert any(r[0] == "Inwoners" and r[1] for r in rows)


def test_a_newer_choice_cancels_the_card_being_computed(window, qtbot):
    document = window.document
    data = document.areas
    first = next(iter(document.focus_areas))
    codes = list(data.frame.index[:3])
    window.select_areas(next(x for x in document.layers if getattr(x, "data", None) is data), codes)
    second = window.focus_from_selection()  # chosen: its card job starts
    assert second is not None
    window.focus_panel.select(first)
    job = window.jobs.job("profile")
    window.focus_panel.select(second)  # before the first card landed
    assert job.state == "cancelled"
    assert wait_jobs(window.jobs, "profile")
    direct = polygon_card(data, second.geometry, document.project.raster_entries())
    assert window.profile_panel.rows() == card_rows(qtbot, second.name, direct, data)


def test_cancelling_the_card_leaves_the_document_as_it_was(window, qtbot):
    before = serialised(window)
    window.focus_panel.select(next(iter(window.document.focus_areas)))
    cancel_at_once(window, "profile")
    qtbot.wait(100)
    assert serialised(window) == before
    assert window.profile_panel.rows() == []  # no figures of a card that did not land
    assert window.profile_panel.note.text() == "Afgebroken; er is niets veranderd."


def overvecht_selected(window):
    from wijkkaart.analysis.profile import shares_for_wijk

    data = window.document.areas
    codes = list(shares_for_wijk(data, "WK034403").index)
    layer = next(x for x in window.document.layers if getattr(x, "data", None) is data)
    window.select_areas(layer, codes)
    return codes


def test_the_housing_mix_is_computed_off_the_gui_thread(window, monkeypatch):
    import pandas as pd

    from wijkkaart.analysis.scenario import current_mix, scenarios
    from wijkkaart.ui import analysis_panel

    overvecht_selected(window)
    threads = spy_threads(monkeypatch, analysis_panel, "choice_profile")
    panel = window.analysis_panel
    panel.targets["koop"].setValue(35)
    panel.targets["corporatie"].setValue(40)
    panel.targets["particulier"].setValue(25)
    panel.run_scenario()
    assert wait_jobs(window.jobs, "scenario")
    assert threads and all(t is not threading.main_thread() for t in threads)
    _, result, _ = window.current_area()  # the old direct call
    direct = scenarios(current_mix(result), {"koop": 35.0, "corporatie": 40.0, "particulier": 25.0})
    pd.testing.assert_frame_equal(panel.scenario_frame, direct)


def test_the_neighbours_are_found_off_the_gui_thread(window, monkeypatch):
    import pandas as pd

    from wijkkaart.analysis.neighbours import neighbouring_buurten
    from wijkkaart.ui import analysis_panel

    codes = overvecht_selected(window)
    area = window.focus_from_selection()
    threads = spy_threads(monkeypatch, analysis_panel, "neighbouring_buurten")
    before = serialised(window)
    window.analysis_panel.run_neighbours()
    cancel_at_once(window, "neighbours")
    assert serialised(window) == before  # cancelled: nothing selected
    window.analysis_panel.run_neighbours()
    assert wait_jobs(window.jobs, "neighbours")
    assert threads and all(t is not threading.main_thread() for t in threads)
    direct = neighbouring_buurten(window.document.areas, area.geometry)
    pd.testing.assert_frame_equal(window.analysis_panel.neighbours_frame, direct)
    assert window.selection == list(direct.index) and not set(direct.index) & set(codes)


def test_the_join_dialog_reads_its_table_off_the_gui_thread(window, monkeypatch, tmp_path):
    from tests.ui.waiting import table_read
    from wijkkaart.io.columns import identify_rows
    from wijkkaart.io.tables import read_table_raw
    from wijkkaart.ui import table_dialog

    real = "/work/shared/data/utrecht/kerncijfers_buurten_provincie_utrecht_ca2020.csv"
    threads = spy_threads(monkeypatch, table_dialog, "read_table_raw")
    before = serialised(window)
    dialog = window.join_table(real)
    assert dialog.isVisible() and dialog.summary.text() == "Bezig met lezen…"
    assert not dialog.join_button.isEnabled() and dialog.join() is None
    cancel_at_once(window, "table_read")
    assert serialised(window) == before
    dialog = table_read(window.join_table(real))
    assert threads and all(t is not threading.main_thread() for t in threads)
    raw = read_table_raw(real)  # the direct read, as the dialog's constructor did
    found = identify_rows(raw, real, level=window.document.base_areas.level)
    assert dialog.code_column == found.code_column == "buurt_code"
    shown = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert shown == list(dialog.combos) and "koopwoning_percentage" in shown
    assert dialog.join_button.isEnabled()
    assert str(len(found.codes)) in dialog.summary.text()


def test_a_layer_file_is_read_off_the_gui_thread(window, monkeypatch):
    import pandas as pd

    from tests.conftest import REAL
    from tests.ui.waiting import layer_added
    from wijkkaart.layers import document as document_module
    from wijkkaart.layers.model import AreaLayer

    path = REAL / "cbs_buurten_2017.geojson"  # Zaanstad's 50 real buurten
    threads = spy_threads(monkeypatch, document_module, "read_areas")
    before = serialised(window)
    window.add_layer_file(path)
    cancel_at_once(window, "layer_file")
    assert serialised(window) == before
    layer = layer_added(window, path)
    assert threads and all(t is not threading.main_thread() for t in threads)
    direct = window.document.layer_for_file(path)  # the old direct call
    assert isinstance(layer, AreaLayer) and window.document.layers[-1] is layer
    assert layer.to_dict() == direct.to_dict()
    pd.testing.assert_frame_equal(layer.data.frame, direct.data.frame)
    assert window.stack.undo_text() == "laag toevoegen"
    assert window.canvas.wait_rendered()


def test_fixing_the_breaks_of_an_unclassified_layer_classifies_off_the_gui_thread(
    window, monkeypatch
):
    from wijkkaart.layers import model, symbology_cache
    from wijkkaart.layers.model import AreaLayer, symbology_for

    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    window.layer_panel.select(layer)
    window.style_panel.set_layer(layer)
    symbology_cache.SYMBOLOGIES.clear()  # not classified yet (as a hidden layer)
    threads = spy_threads(monkeypatch, model, "symbology_for")
    style = layer.style
    window.style_panel.fix.click()
    assert layer.style is style  # nothing fixed yet: classifying in a job
    assert wait_jobs(window.jobs, "symbology")
    assert threads and all(t is not threading.main_thread() for t in threads)
    direct = symbology_for(layer.data, style)  # the old direct classification
    assert layer.style.fixed_breaks and list(layer.style.fixed_breaks) == list(direct.breaks)
    assert window.stack.can_undo()
    assert window.canvas.wait_rendered()


def test_the_series_charts_are_computed_and_written_off_the_gui_thread(
    window, monkeypatch, tmp_path, qtbot
):
    import pandas as pd
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.waiting import charts_ready, charts_written, series_opened
    from wijkkaart.analysis.series_grid import series_grid
    from wijkkaart.export.trend_grid_print import write_trend_grid
    from wijkkaart.ui import series_window

    lbm = "/work/shared/data/amstelveen/leefbaarometer3_wijken_2014_2022.csv"  # real, per wijk
    window.series_opener.asked = lambda *_args: QMessageBox.StandardButton.Yes
    computed = spy_threads(monkeypatch, series_window, "series_grid")
    written = spy_threads(monkeypatch, series_window, "write_trend_grid")
    charts = series_opened(window, lbm)
    qtbot.addWidget(charts)
    assert charts.select("lbm")
    grid = charts_ready(charts)
    assert computed and all(t is not threading.main_thread() for t in computed)
    direct = series_grid(charts.series, "lbm")  # the old direct call
    pd.testing.assert_frame_equal(grid.table(), direct.table())
    charts.paper.setCurrentIndex(charts.paper.findData("A3"))
    before = serialised(window)
    charts.export(tmp_path / "gestopt.png")
    cancel_at_once(window, charts.write_kind)
    assert not (tmp_path / "gestopt.png").exists() and serialised(window) == before
    png = charts_written(charts, charts.export, tmp_path / "lbm.png")
    assert written and all(t is not threading.main_thread() for t in written)
    same = write_trend_grid(direct, tmp_path / "direct.png", "A3", [lbm])
    assert QImage(str(png)) == QImage(str(same))  # pixel for pixel the old direct export


def test_the_export_job_reads_no_widget_nor_layer_list(window, monkeypatch, tmp_path):
    """The print's dpi, view and layers are read on the GUI thread; the job only writes."""
    import subprocess

    from tests.ui.waiting import exported
    from wijkkaart.export.printing import export_map
    from wijkkaart.ui.export_dialog import ExportDialog

    window.open_export()
    dialog = window.export_dialog
    read = spy_threads(monkeypatch, ExportDialog, "print_layers")
    written = exported(dialog, tmp_path / "kaart.pdf")
    assert written is not None and read
    assert all(t is threading.main_thread() for t in read)
    settings = dialog.settings()
    direct = export_map(  # the old call the job made, its inputs read as it read them
        window.document,
        tmp_path / "direct.pdf",
        settings.page_options(),
        dpi=dialog.dpi.value(),
        extent=settings.extent,
        view_bounds=dialog.bounds,
        trend=dialog.trend_spec(),
        layers=dialog.print_layers(settings.time),
    )

    def text(pdf):
        return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout

    assert text(written) == text(direct) and "Koopwoningen" in text(written)
