"""The app shows bad input as a Dutch message in a real Qt dialog, never as a traceback."""

from PySide6.QtWidgets import QMessageBox

from wijkkaart.io.areas import read_areas
from wijkkaart.messages import WijkkaartError, set_language
from wijkkaart.ui.errors import error_box


def _read_error(path):
    try:
        read_areas(path)
    except WijkkaartError as exc:
        return exc
    raise AssertionError("expected an error")


def test_bad_file_message_in_dialog(qtbot, tmp_path):
    path = tmp_path / "leeg.gpkg"
    path.write_bytes(b"")
    box = error_box(None, _read_error(path))
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    assert box.icon() == QMessageBox.Icon.Warning
    assert "kan niet worden gebruikt" in box.text()
    assert f"Het bestand {path} is leeg." == box.informativeText()


def test_unexpected_error_shows_no_traceback(qtbot):
    box = error_box(None, KeyError("woningvoorraad"), path="x.gpkg")
    qtbot.addWidget(box)
    assert "Onverwachte fout" in box.informativeText()
    assert "Traceback" not in box.informativeText()
    assert "niet gewijzigd" in box.informativeText()


def test_english_dialog(qtbot, tmp_path):
    set_language("en")
    path = tmp_path / "notes.geojson"
    path.write_text("not a map", encoding="utf-8")
    box = error_box(None, _read_error(path))
    qtbot.addWidget(box)
    assert box.text() == "This file cannot be used."
    assert "is not a map file" in box.informativeText()


def test_a_refusal_that_is_not_about_a_file_is_not_headed_as_one(qtbot):
    box = error_box(None, WijkkaartError("typology_needs_indicators"))
    qtbot.addWidget(box)
    assert box.text() == "Dat lukte niet."
    assert "kan niet worden gebruikt" not in box.text()


def test_unexpected_error_names_the_log_file(qtbot):
    from wijkkaart.ui.recovery import log_file

    box = error_box(None, KeyError("x"))
    qtbot.addWidget(box)
    assert str(log_file()) in box.informativeText()
