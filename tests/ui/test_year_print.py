"""The export dialog prints the map the planner looks at: the year of the year bar, the change
between two years, or small multiples of chosen years (issue 13, item 3).

Real data: Baarn's 2024 buurten and its CBS series 2016–2025 (tests/baarn.py). The PDFs are read
with pdftotext and rasterised with pdftoppm; colours are compared with the pooled classes
computed here from the same figures (analysis/trend.pooled_breaks, mapclassify's Pooled).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QImage

from tests.baarn import BAARN, LOW_INCOME
from tests.ui.waiting import exported, open_window, preview_drawn
from wijkkaart.analysis.trend import classify, pooled_breaks
from wijkkaart.io.series import read_series
from wijkkaart.layers.style import ramp_colours
from wijkkaart.render.viewport import Viewport

needs_poppler = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils")


def _window(qtbot, project: Path):
    win = open_window(qtbot, project)
    qtbot.waitUntil(lambda: win.year_bar.series is not None, timeout=20_000)
    return win


def _dialog(win):
    win.actions_by_key["export"].trigger()
    return win.export_dialog


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _raster(pdf: Path, dpi: int) -> list[QImage]:
    """Every page of ``pdf`` at ``dpi``."""
    prefix = pdf.with_name(pdf.stem + f"-{dpi}")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(prefix)], check=True)
    pages = sorted(pdf.parent.glob(prefix.name + "*.png"))
    assert pages
    return [QImage(str(p)).convertToFormat(QImage.Format.Format_RGB32) for p in pages]


def _pixels(image: QImage) -> np.ndarray:
    raw = np.frombuffer(image.constBits(), dtype=np.uint32)
    return raw.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()].copy()


@needs_poppler
def test_the_year_shown_on_the_bar_is_printed_with_pooled_classes(qtbot, tmp_path):
    """Year bar on 2019 -> the dialog prints 2019, with the pooled caption, and a buurt has the
    pooled class colour of its 2019 figure."""
    from tests.baarn import build_baarn_project

    project = build_baarn_project(tmp_path, focus=False, goals=False)  # the map frame alone
    win = _window(qtbot, project)
    bar = win.year_bar
    bar.choice.setCurrentIndex(bar.choice.findData(LOW_INCOME))
    bar.slider.setValue(bar.years.index(2019))
    assert bar.active
    dialog = _dialog(win)
    assert dialog.time_kind.currentData() == "year"  # the default while the bar is on
    assert dialog.time_year.currentText() == "2019"
    assert dialog.title.placeholderText() == "% Huishoudens met laag inkomen 2019"
    dialog.dpi.setValue(72)
    pdf = exported(dialog, tmp_path / "2019.pdf")
    assert pdf is not None
    text = _text(pdf)
    assert "% Huishoudens met laag inkomen 2019" in text  # the title and the legend's title
    codes = list(win.document.areas.frame.index)
    series = read_series(BAARN)
    table = series.table(LOW_INCOME).reindex(index=codes)
    with_figures = [y for y in table.columns if table[y].notna().any()]
    first, last = min(with_figures), max(with_figures)
    assert f"Klassen gelijk voor {first}–{last}" in " ".join(text.split())  # the pooled caption
    # the choice is the project's print setting now, undoable like the others
    kept = win.document.project.data["print"]["kaart"]
    assert (kept["soort"], kept["jaar"], kept["indicator"]) == ("year", 2019, LOW_INCOME)

    dpi = 60
    (page,) = _raster(pdf, dpi)
    _, painted = dialog._paint_preview(
        dialog._preview_inputs()
    )  # the same layout code: the map frame in mm
    frame = painted.placed["map"]
    mm = painted.mm
    x0, y0 = frame.left() / mm / 25.4 * dpi, frame.top() / mm / 25.4 * dpi
    width, height = frame.width() / mm / 25.4 * dpi, frame.height() / mm / 25.4 * dpi
    view = Viewport.fit(dialog.print_bounds(), int(width), int(height), margin=0.02)
    pixels = _pixels(page)
    breaks = pooled_breaks(table[with_figures], k=5)
    colours = [c.lower() for c in ramp_colours("YlOrRd", len(breaks))]  # higher is worse
    frame_codes = win.document.areas.frame
    known = [c for c in codes if table.loc[c, 2019] == table.loc[c, 2019]]
    largest = sorted(known, key=lambda c: frame_codes.loc[c].geometry.area)[-4:]
    assert len({int(classify(np.array([table.loc[c, 2019]]), breaks)[0]) for c in largest}) > 1
    for code in largest:
        polygon = frame_codes.loc[code].geometry.buffer(-60)
        ys, xs = np.mgrid[int(y0) : int(y0 + height), int(x0) : int(x0 + width)]
        mx, my = view.to_map(xs - x0 + 0.5, ys - y0 + 0.5)
        inside = shapely.contains_xy(polygon, mx, my)
        assert inside.sum() > 30, code
        value = Counter(pixels[ys[inside], xs[inside]].tolist()).most_common(1)[0][0]
        found = f"#{int(value) & 0xFFFFFF:06x}"
        wanted = colours[int(classify(np.array([table.loc[code, 2019]]), breaks)[0])]
        assert found == wanted, (code, table.loc[code, 2019])

    # the CLI's --year draws the same page (the same function: map_time.print_layers)
    from wijkkaart.cli import main

    cli = tmp_path / "cli-2019.pdf"
    args = ["export", str(project), "--out", str(cli), "--dpi", "72", "--year", "2019"]
    assert main([*args, "--indicator", LOW_INCOME]) == 0
    assert _text(cli) == text
    (cli_page,) = _raster(cli, dpi)
    assert int((_pixels(cli_page) != pixels).sum()) == 0

    # undo puts the project's print settings back as they were before the dialog
    win.stack.undo()
    assert "kaart" not in (win.document.project.data.get("print") or {})


@needs_poppler
def test_small_multiples_from_the_dialog_are_the_clis_page(qtbot, tmp_path, baarn_project, dialogs):
    """The dialog's small multiples of 2016, 2019, 2021, 2023 = ``wijkkaart export --years``."""
    from wijkkaart.cli import main

    win = _window(qtbot, baarn_project)
    dialog = _dialog(win)
    assert dialog.time_kind.currentData() == "project"  # the bar is off: the project map
    dialog.time_kind.setCurrentIndex(dialog.time_kind.findData("years"))
    dialog.time_indicator.setCurrentIndex(dialog.time_indicator.findData(LOW_INCOME))
    # the default: the years with figures thinned to what fits the page, first and last kept
    default = [int(y) for y in dialog.time_years.text().split(",")]
    series = read_series(BAARN)
    table = series.table(LOW_INCOME).reindex(index=list(win.document.areas.frame.index))
    with_figures = [int(y) for y in table.columns if table[y].notna().any()]
    assert 3 <= len(default) <= 6
    assert default[0] == with_figures[0] and default[-1] == with_figures[-1]
    dialog.time_years.setText("2016, 2019, 2021, 2023")
    dialog.time_years.editingFinished.emit()
    assert preview_drawn(dialog)  # drawn in a job
    assert dialog.title.placeholderText().endswith(": 2016, 2019, 2021, 2023")
    assert not dialog.preview.elements  # the preview shows the page of small maps
    assert dialog.preview.page_mm == (297.0, 210.0)
    dialog.dpi.setValue(100)
    app = exported(dialog, tmp_path / "app.pdf")
    assert app is not None
    win.document.save()
    saved = json.loads(baarn_project.read_text(encoding="utf-8"))["print"]["kaart"]
    assert saved["soort"] == "years" and saved["jaren"] == [2016, 2019, 2021, 2023]

    cli = tmp_path / "cli.pdf"
    args = ["export", str(baarn_project), "--out", str(cli), "--dpi", "100"]
    assert main([*args, "--years", "2016,2019,2021,2023", "--indicator", LOW_INCOME]) == 0
    text = _text(app)
    assert text == _text(cli)
    for year in ("2016", "2019", "2021", "2023"):
        assert year in text
    assert text.count("Klassen (alle jaren)") == 1  # one legend
    gui_pages, cli_pages = _raster(app, 40), _raster(cli, 40)
    assert len(gui_pages) == len(cli_pages) == 1
    a, b = _pixels(gui_pages[0]), _pixels(cli_pages[0])
    assert a.shape == b.shape
    assert int((a != b).sum()) == 0  # 0 differing pixels
    # the saved project prints the same small multiples without --years
    again = tmp_path / "saved.pdf"
    assert main(["export", str(baarn_project), "--out", str(again), "--dpi", "100"]) == 0
    assert _text(again) == text

    # the atlas makes one map per page: it says so in Dutch and writes nothing
    assert exported(dialog, tmp_path / "atlas.pdf", atlas=True) is None
    assert not (tmp_path / "atlas.pdf").exists()
    assert any("atlasboekje" in shown and "kleine kaarten" in shown for shown in dialogs)


@needs_poppler
def test_small_multiples_carry_the_trend_chart_and_goals(qtbot, tmp_path, baarn_project):
    """With the focus area's trend chart and its goals table, as ``--trend-area --goals``."""
    from wijkkaart.cli import main

    win = _window(qtbot, baarn_project)
    dialog = _dialog(win)
    dialog.time_kind.setCurrentIndex(dialog.time_kind.findData("years"))
    dialog.time_indicator.setCurrentIndex(dialog.time_indicator.findData(LOW_INCOME))
    dialog.time_years.setText("2016, 2019, 2022")
    dialog.time_years.editingFinished.emit()
    assert dialog.time_chart.isEnabled()  # one focus area: its chart can go with the maps
    dialog.time_chart.setChecked(True)
    dialog.goals_box.setChecked(True)
    dialog.dpi.setValue(100)
    app = exported(dialog, tmp_path / "app.pdf")
    assert app is not None
    cli = tmp_path / "cli.pdf"
    args = ["export", str(baarn_project), "--out", str(cli), "--dpi", "100"]
    years = ["--years", "2016,2019,2022", "--indicator", LOW_INCOME]
    assert main([*args, *years, "--trend-area", "Centrum-Oost", "--goals"]) == 0
    text = _text(app)
    assert text == _text(cli)
    assert "Centrum-Oost" in text and "Doel" in text


def test_a_change_print_across_a_definition_change_is_refused(qtbot, tmp_path, dialogs):
    """INVENTED shares (migration background) on the real Baarn codes, for 2020 and 2023: the
    catalogue knows the definition changed in 2022, so the change print is refused in Dutch."""
    from tests.baarn import add_invented_origin_shares, build_baarn_project
    from wijkkaart.cli import main

    project = build_baarn_project(tmp_path, focus=False, goals=False)
    add_invented_origin_shares(project, tmp_path)
    win = _window(qtbot, project)
    dialog = _dialog(win)
    dialog.time_kind.setCurrentIndex(dialog.time_kind.findData("change"))
    index = dialog.time_indicator.findData("percentage_westerse_migratieachtergrond")
    dialog.time_indicator.setCurrentIndex(index)
    dialog.time_first.setCurrentText("2020")
    dialog.time_last.setCurrentText("2023")
    assert dialog.time_choice().first == 2020 and dialog.time_choice().last == 2023
    assert preview_drawn(dialog)
    assert "definitie veranderde in 2022" in dialog.status.text()  # the preview says why
    out = tmp_path / "verandering.pdf"
    assert exported(dialog, out) is None
    assert not out.exists()
    assert any("definitie veranderde in 2022" in shown for shown in dialogs)
    # the CLI refuses it with the same words
    code = main(
        [
            "export",
            str(project),
            "--out",
            str(out),
            "--change",
            "2020:2023",
            "--indicator",
            "percentage_westerse_migratieachtergrond",
        ]
    )
    assert code == 2 and not out.exists()
