"""The export dialog: a preview that follows the options, and files written from it."""

import shutil
import subprocess


def test_preview_follows_paper_and_orientation(window):
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    landscape = dialog.preview_image()
    assert landscape.width() > landscape.height()
    dialog.orientation.setCurrentIndex(dialog.orientation.findData("portrait"))
    portrait = dialog.preview_image()
    assert portrait.width() < portrait.height()
    dialog.paper.setCurrentText("A3")
    assert dialog.preview_image().width() > portrait.width()


def test_export_pdf_of_what_is_on_screen(window, tmp_path):
    window.canvas.zoom(3.0)
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    dialog.title.setText("Overvecht en omgeving")
    dialog.dpi.setValue(100)
    out = dialog.export_to(tmp_path / "scherm.pdf")
    assert out is not None and out.exists()
    assert "Geëxporteerd" in dialog.status.text()
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
        assert "Overvecht en omgeving" in text
    html = dialog.export_to(tmp_path / "scherm.html")
    assert html.read_text(encoding="utf-8").count("Overvecht en omgeving") >= 1


def test_export_error_is_shown_not_raised(window, tmp_path, dialogs):
    window.actions_by_key["export"].trigger()
    assert window.export_dialog.export_to(tmp_path / "kaart.docx") is None
    assert "kies .pdf" in dialogs[0]
