"""Prints made from the app (issue 12): the extent is a choice, the map fills its frame, the app
and the CLI print the same page, and a layout dragged in the preview is kept in the project."""

import shutil
import subprocess

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage

from tests.ui.waiting import exported, preview_drawn
from wijkkaart.export.layout import PagePainter
from wijkkaart.export.page_layout import MARGIN_MM
from wijkkaart.layers.model import AreaLayer

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")


def raster(pdf, dpi) -> QImage:
    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-singlefile", str(pdf), str(prefix)], check=True
    )
    return QImage(str(prefix) + ".png")


def map_frame(dialog, dpi) -> tuple:
    """The map frame in page pixels at ``dpi`` (the same layout code the file used)."""
    options = dialog.options()
    w_mm, h_mm = options.size_mm
    page = PagePainter(None, round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi), options)
    rect = page.rects()["map"]
    return rect.left(), rect.top(), rect.right(), rect.bottom()


def class_colour_box(image: QImage, frame: tuple, colours: set[str]) -> tuple[float, float]:
    """The share of the frame's width and height spanned by pixels in a class colour."""
    left, top, right, bottom = (int(v) for v in frame)
    targets = [QColor(c) for c in colours]
    xs, ys = [], []
    for y in range(top + 2, bottom - 2):
        for x in range(left + 2, right - 2, 2):
            pixel = QColor(image.pixel(x, y))
            if any(
                abs(pixel.red() - c.red())
                + abs(pixel.green() - c.green())
                + abs(pixel.blue() - c.blue())
                < 12
                for c in targets
            ):
                xs.append(x)
                ys.append(y)
    assert xs, "no map colour inside the frame"
    return (max(xs) - min(xs)) / (right - left), (max(ys) - min(ys)) / (bottom - top)


@needs_poppler
def test_whole_gemeente_fills_the_map_frame_and_cli_prints_the_same_page(window, tmp_path):
    window.canvas.zoom(4.0)  # the canvas shows a small part: the print must not follow it
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    dialog.paper.setCurrentText("A3")
    assert dialog.extent_kind.currentData() == "gemeente"  # the default is a choice, not the view
    dialog.dpi.setValue(72)
    gui = exported(dialog, tmp_path / "app.pdf")
    assert gui is not None
    dpi = 40
    page = raster(gui, dpi)
    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    colours = {e.colour for e in layer.symbology().legend if not e.hatched}
    width, height = class_colour_box(page, map_frame(dialog, dpi), colours)
    assert width * height >= 0.85, (width, height)

    # the same settings from the command line: they are the project's saved print settings
    assert window.document.project.data["print"]["paper"] == "A3"
    window.document.save()
    from wijkkaart.cli import main

    out = tmp_path / "cli.pdf"
    assert (
        main(["export", str(window.document.project.path), "--out", str(out), "--dpi", "72"]) == 0
    )
    cli = raster(out, dpi)
    assert (cli.width(), cli.height()) == (page.width(), page.height())
    differ = sum(
        page.pixel(x, y) != cli.pixel(x, y)
        for x in range(0, page.width(), 2)
        for y in range(0, page.height(), 2)
    )
    assert differ / (page.width() * page.height() / 4) < 0.002, differ


def test_fixed_scale_and_wijk_extent(window):
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    dialog.extent_kind.setCurrentIndex(dialog.extent_kind.findData("wijk"))
    dialog.extent_target.setCurrentIndex(dialog.extent_target.findData("WK034403"))
    bounds = dialog.print_bounds()
    codes = [c for c in window.document.areas.frame.index if str(c).startswith("BU034403")]
    wijk = window.document.areas.frame.loc[codes].total_bounds
    assert bounds[0] < wijk[0] and bounds[2] > wijk[2]  # the wijk with a margin around it
    assert bounds[2] - bounds[0] < 1.3 * (wijk[2] - wijk[0]) * 1.25
    dialog.scale.setCurrentIndex(dialog.scale.findData(25_000))
    options = dialog.options()
    assert options.scale == 25_000
    # at 1:25.000 one millimetre of paper is 25 metres, at any dpi
    for dpi in (72, 300):
        w_mm, h_mm = options.size_mm
        page = PagePainter(None, w_mm / 25.4 * dpi, h_mm / 25.4 * dpi, options)
        viewport = page._viewport(page.rects()["map"], bounds)
        assert viewport.resolution * page.mm == pytest.approx(25.0)
        assert (viewport.cx, viewport.cy) == pytest.approx(
            ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
        )
    assert window.document.project.data["print"]["scale"] == 25_000


def test_dragged_layout_is_saved_and_reused(window, qtbot, tmp_path):
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    dialog.resize(1100, 700)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert preview_drawn(dialog)
    preview = dialog.preview
    before = preview.elements["legend"]
    start = preview.to_widget(before).center()
    target = start + QPointF(-preview.width() * 0.3, preview.height() * 0.1)
    qtbot.mousePress(preview, Qt.MouseButton.LeftButton, pos=start.toPoint())
    qtbot.mouseMove(preview, pos=QPoint(int((start.x() + target.x()) / 2), int(start.y())))
    qtbot.mouseMove(preview, pos=target.toPoint())
    qtbot.mouseRelease(preview, Qt.MouseButton.LeftButton, pos=target.toPoint())
    assert preview_drawn(dialog)
    moved = preview.elements["legend"]
    assert moved[0] < before[0] - 20  # moved left by tens of millimetres
    saved = window.document.project.data["print"]["layout"]["legend"]
    assert saved == dialog.layout_moves["legend"]
    assert moved[0] >= MARGIN_MM - 0.01  # kept on the page, inside the margins
    path = window.document.save()
    dialog.close()

    from wijkkaart.layers.document import MapDocument
    from wijkkaart.ui.export_dialog import ExportDialog

    again = ExportDialog(MapDocument.open(path), None)
    qtbot.addWidget(again)
    assert again.layout_moves["legend"] == saved
    assert again.preview.elements["legend"][0] == pytest.approx(moved[0], abs=0.5)
    # and the command line's page (from the saved project) has the legend there too
    from wijkkaart.export.settings import PrintSettings

    options = PrintSettings.of(MapDocument.open(path)).page_options()
    w_mm, h_mm = options.size_mm
    page = PagePainter(None, w_mm / 25.4 * 72, h_mm / 25.4 * 72, options)
    assert page.rects()["legend"].left() / page.mm == pytest.approx(moved[0], abs=0.5)


def test_canvas_legend_is_the_print_legend_and_print_settings_undo(window):
    from wijkkaart.layers.legend import legend_blocks

    titles = [b.title for b in window.legend.blocks()]
    assert "Focusgebieden" in titles  # the canvas legend names the focus areas, as the print
    printed = legend_blocks(window.document.layers, window.document.focus_areas)
    assert titles == [b.title for b in printed]
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    before = window.document.project.data.get("print")
    dialog.paper.setCurrentText("A2")
    assert window.document.project.data["print"]["paper"] == "A2"
    assert window.stack.undo_text() == "afdrukinstellingen"
    assert not window.stack.is_clean()  # the project has unsaved changes now
    window.stack.undo()
    assert window.document.project.data.get("print") == before


def test_templates_are_picked_in_the_dialog(window):
    window.actions_by_key["export"].trigger()
    dialog = window.export_dialog
    for key, paper, orientation in (
        ("a4-rapport", "A4", "portrait"),
        ("a3-wandkaart", "A3", "landscape"),
        ("a0-poster", "A0", "portrait"),
    ):
        dialog.template.setCurrentIndex(dialog.template.findData(key))
        assert (dialog.paper.currentText(), dialog.orientation.currentData()) == (
            paper,
            orientation,
        )
        image = dialog.preview_image()
        assert (image.width() < image.height()) == (orientation == "portrait")
        assert window.document.project.data["print"]["template"] == key
    dialog.paper.setCurrentText("A2")  # changed by hand: no longer the poster template
    assert dialog.template.currentData() is None
