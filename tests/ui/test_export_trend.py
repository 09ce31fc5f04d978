"""The export dialog offers a focus area's trend charts and goals table when the project has a
series and goals (the real Baarn 2016–2025 CBS series), and disables them when it has not."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.ui.waiting import exported, open_window, preview_drawn
from wijkkaart.render.trend_chart import AREA_COLOUR


@pytest.fixture
def baarn_window(qtbot, baarn_project):
    return open_window(qtbot, baarn_project)


def _has_colour(image, colour: str) -> int:
    from PySide6.QtGui import QColor

    wanted = QColor(colour)
    hits = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - wanted.red()) + abs(c.green() - wanted.green()) < 40:
                hits += abs(c.blue() - wanted.blue()) < 40
    return hits


def test_the_dialog_puts_trend_and_goals_on_the_preview_and_the_pdf(baarn_window, tmp_path):
    baarn_window.actions_by_key["export"].trigger()
    dialog = baarn_window.export_dialog
    assert dialog.trend_first.isEnabled() and dialog.goals_box.isEnabled()
    assert preview_drawn(dialog)
    assert "trend" not in dialog.preview.elements
    dialog.trend_first.setCurrentIndex(dialog.trend_first.findData("huishoudens_laag_inkomen"))
    dialog.goals_box.setChecked(True)
    assert preview_drawn(dialog)  # drawn in a job: its done callback shows it
    assert "trend" in dialog.preview.elements  # a movable element of the preview
    x, y, w, h = dialog.preview.elements["trend"]
    _, map_y, _, map_h = dialog.preview_frame_mm
    assert y >= map_y + map_h  # under the map, which keeps its frame
    # the area's line, sampled at every second pixel of a 520 px wide preview
    assert _has_colour(dialog.preview_image(), AREA_COLOUR) > 10
    dialog.move_element("trend", (x, y - 5, w, h))
    assert "trend" in dialog.layout_moves  # dragged: kept as a page fraction
    dialog.dpi.setValue(100)
    out = exported(dialog, tmp_path / "centrum.pdf")
    assert out is not None and out.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "Doelen" in text and "% Huishoudens met laag inkomen (%)" in text


def test_without_series_the_options_are_disabled(window):
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    assert not dialog.trend_first.isEnabled()
    assert not dialog.trend_second.isEnabled()
    assert not dialog.goals_box.isEnabled()
    assert "meerdere jaren" in dialog.trend_first.toolTip()


def test_the_trend_choice_is_a_print_setting_the_cli_reads(baarn_window, baarn_project, tmp_path):
    """Chosen in the dialog, stored in the project's print settings as one undo step, saved,
    and printed by ``wijkkaart export`` without --trend or --goals."""
    from wijkkaart.cli import main
    from wijkkaart.export.settings import PrintSettings

    baarn_window.actions_by_key["export"].trigger()
    dialog = baarn_window.export_dialog
    before = baarn_window.document.project.data.get("print")
    dialog.trend_first.setCurrentIndex(dialog.trend_first.findData("huishoudens_laag_inkomen"))
    dialog.goals_box.setChecked(True)
    saved = baarn_window.document.project.data["print"]
    assert saved["trend"] == ["huishoudens_laag_inkomen"] and saved["goals"] is True
    assert baarn_window.stack.undo_text() == "afdrukinstellingen"
    baarn_window.stack.undo()  # the dialog's changes are one undo step, as its other settings
    assert baarn_window.document.project.data.get("print") == before
    baarn_window.stack.redo()
    assert PrintSettings.of(baarn_window.document).trend == ("huishoudens_laag_inkomen",)
    assert baarn_window.save()
    # a new dialog opens with the stored choice
    dialog.close()
    baarn_window.actions_by_key["export"].trigger()
    again = baarn_window.export_dialog
    assert again.trend_first.currentData() == "huishoudens_laag_inkomen"
    assert again.goals_box.isChecked()
    if shutil.which("pdftotext") is None:
        return
    out = tmp_path / "uit_project.pdf"
    assert main(["export", str(baarn_project), "--out", str(out), "--dpi", "60"]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    assert "Doelen" in text and "% Huishoudens met laag inkomen (%)" in text


def test_a_trend_print_defaults_its_extent_to_the_focus_area(baarn_window):
    baarn_window.actions_by_key["export"].trigger()
    dialog = baarn_window.export_dialog
    assert dialog.extent_kind.currentData() == "gemeente"
    whole = dialog.print_bounds()
    dialog.trend_first.setCurrentIndex(dialog.trend_first.findData("huishoudens_laag_inkomen"))
    assert dialog.extent_kind.currentData() == "focus"
    assert dialog.extent_target.currentData() == "Centrum-Oost"
    stored = baarn_window.document.project.data["print"]["extent"]
    assert stored["kind"] == "focus" and stored["target"] == "Centrum-Oost"
    area = dialog.print_bounds()
    assert (area[2] - area[0]) < 0.5 * (whole[2] - whole[0])  # the map shows the area large
    # the user may change it back: later trend changes leave the chosen extent alone
    dialog.extent_kind.setCurrentIndex(dialog.extent_kind.findData("gemeente"))
    dialog.goals_box.setChecked(True)
    assert dialog.extent_kind.currentData() == "gemeente"
    assert baarn_window.document.project.data["print"]["extent"]["kind"] == "gemeente"


def test_the_waterbed_table_is_a_print_setting_of_the_dialog(baarn_window, tmp_path):
    from wijkkaart.export.settings import PrintSettings

    baarn_window.actions_by_key["export"].trigger()
    dialog = baarn_window.export_dialog
    assert dialog.waterbed_box.isEnabled() and not dialog.waterbed_box.isChecked()
    assert preview_drawn(dialog)
    assert "trend" not in dialog.preview.elements
    dialog.waterbed_box.setChecked(True)
    assert PrintSettings.of(baarn_window.document).waterbed  # stored in the project
    assert preview_drawn(dialog)
    assert "trend" in dialog.preview.elements  # the table's band under the map
    dialog.dpi.setValue(100)
    out = exported(dialog, tmp_path / "waterbed.pdf")
    assert out is not None and out.exists()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        text = text.replace("ﬀ", "ff")
        assert "Waterbedeffect: gebied, buurten ernaast, rest" in text
        assert "Netto arbeidsparticipatie" in text
