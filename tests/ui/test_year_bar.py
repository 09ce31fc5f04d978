"""The year bar draws the project's series on the MAIN canvas, with pooled classes.

Real data: Baarn's 2024 buurten and its CBS series 2016–2025 (tests/data/real). Colours are
read from the canvas's pixels inside each buurt and compared with the classes computed here
from the same figures (mapclassify's Pooled through analysis/trend.pooled_breaks).
"""

from __future__ import annotations

import shutil
from collections import Counter

import numpy as np
import shapely
from PySide6.QtGui import QImage

from tests.baarn import add_invented_origin_shares, build_baarn_project
from tests.conftest import REAL
from tests.ui.waiting import open_window
from wijkkaart.analysis.trend import change, classify, pooled_breaks
from wijkkaart.cli import main
from wijkkaart.io.series import read_series
from wijkkaart.layers.style import ramp_colours

SERIES = REAL / "baarn_kerncijfers_buurten_2016_2025.json"


def _project(tmp_path, series: bool = True):
    """The real Baarn project (tests/baarn.py) without focus areas; or only its buurten."""
    if series:
        return build_baarn_project(tmp_path, focus=False, goals=False)
    shutil.copy(REAL / "cbs_buurten_2024.geojson", tmp_path / "buurten.geojson")
    project = tmp_path / "baarn.wijkkaart"
    assert main(["new", str(tmp_path / "buurten.geojson"), "--out", str(project)]) == 0
    return project


def _window(qtbot, project):
    return open_window(qtbot, project)


def _pixels(win) -> np.ndarray:
    assert win.canvas.wait_rendered()
    image = win.canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    raw = np.frombuffer(image.constBits(), dtype=np.uint32)
    return raw.reshape(image.height(), image.bytesPerLine() // 4)[:, : image.width()].copy()


def _colour_of(win, pixels: np.ndarray, code: str) -> str:
    """The most common colour of the canvas inside buurt ``code`` (labels, outlines aside)."""
    polygon = win.document.areas.frame.loc[code].geometry.buffer(-15)
    v = win.canvas.viewport
    ys, xs = np.mgrid[0 : pixels.shape[0], 0 : pixels.shape[1]]
    mx, my = v.to_map(xs + 0.5, ys + 0.5)
    inside = shapely.contains_xy(polygon, mx, my)
    assert inside.sum() > 50, code
    value = Counter(pixels[inside].tolist()).most_common(1)[0][0]
    return f"#{int(value) & 0xFFFFFF:06x}"


def _choose(bar, indicator: str) -> None:
    bar.choice.setCurrentIndex(bar.choice.findData(indicator))


def _set_year(bar, year: int) -> None:
    bar.slider.setValue(bar.years.index(year))


def _largest(win, codes) -> str:
    return max(codes, key=lambda c: win.document.areas.frame.loc[c].geometry.area)


def test_the_slider_redraws_the_main_canvas_with_pooled_classes(qtbot, tmp_path):
    project = _project(tmp_path)
    before = project.read_bytes()
    win = _window(qtbot, project)
    bar = win.year_bar
    assert bar.isEnabled() and bar.toggle.isEnabled() and bar.when.isVisible()
    _choose(bar, "aantal_inwoners")
    assert not bar.active  # choosing an indicator does not yet change the map
    codes = list(win.document.areas.frame.index)
    table = read_series(SERIES).table("aantal_inwoners").reindex(index=codes)
    breaks = pooled_breaks(table, k=5)
    colours = [c.lower() for c in ramp_colours("YlGnBu", 5)]
    first = table[2016].to_numpy()
    last = table[2024].to_numpy()
    classes = zip(codes, classify(first, breaks), classify(last, breaks), strict=True)
    moved = [c for c, a, b in classes if a != b]
    same = [c for c, a, b in zip(codes, first, last, strict=True) if a == b]
    assert moved and same  # the real figures have both
    moved_code, same_code = _largest(win, moved), _largest(win, same)

    _set_year(bar, 2016)  # moving the slider turns the year map on
    assert bar.active and bar.toggle.isChecked() and bar.year.text() == "2016"
    assert list(bar.year_map.breaks) == breaks
    pixels_2016 = _pixels(win)
    _set_year(bar, 2024)
    pixels_2024 = _pixels(win)
    for year, pixels in ((2016, pixels_2016), (2024, pixels_2024)):
        for code in (moved_code, same_code):
            wanted = colours[int(classify(np.array([table.loc[code, year]]), breaks)[0])]
            assert _colour_of(win, pixels, code) == wanted, (year, code)
    # a buurt whose class changed looks different; the same value is the same colour each year
    assert _colour_of(win, pixels_2016, moved_code) != _colour_of(win, pixels_2024, moved_code)
    assert _colour_of(win, pixels_2016, same_code) == _colour_of(win, pixels_2024, same_code)
    # the main legend shows the pooled classes and the year
    (block, *_rest) = win.legend.blocks()
    assert block.title.endswith("2024") and "2016–2025" in block.caption
    assert [e.colour.lower() for e in block.entries[:5]] == colours
    # a view: no command, nothing dirty, nothing written
    assert win.stack.is_clean() and not win.stack.can_undo()
    assert not win.windowTitle().startswith("*")
    assert project.read_bytes() == before


def test_leaving_the_year_view_restores_the_map_exactly(qtbot, tmp_path):
    win = _window(qtbot, _project(tmp_path))
    bar = win.year_bar
    original = _pixels(win)
    titles = [b.title for b in win.legend.blocks()]
    _choose(bar, "huishoudens_laag_inkomen")
    _set_year(bar, 2019)
    shown = _pixels(win)
    assert not np.array_equal(shown, original)
    assert win.canvas.layers is not win.document.layers  # the document's list is not touched
    assert bar.year_map.layer not in win.document.layers
    bar.toggle.setChecked(False)
    assert not bar.active
    assert win.canvas.layers is win.document.layers
    assert np.array_equal(_pixels(win), original)
    assert [b.title for b in win.legend.blocks()] == titles


def test_play_advances_to_the_last_year_without_queueing_renders(qtbot, tmp_path):
    win = _window(qtbot, _project(tmp_path))
    bar = win.year_bar
    _choose(bar, "huishoudens_laag_inkomen")
    assert bar.years == list(range(2016, 2024))  # the years with figures
    _set_year(bar, 2016)
    seen = []
    bar.year_map.layer.events.style.connect(lambda style: seen.append(style.indicator))
    bar.timer.setInterval(10)
    bar.play.setChecked(True)
    qtbot.waitUntil(lambda: not bar.play.isChecked(), timeout=10_000)
    assert bar.current_year() == 2023 and bar.year.text() == "2023"
    assert [s[-4:] for s in seen] == [str(y) for y in range(2017, 2024)]  # one step per year
    # a burst of steps: each one cancels the render before it, none waits in a queue (the
    # play's last render is let finish first: under load it was still running, and counted)
    assert win.canvas.wait_rendered()
    results = []
    win.canvas.runner.finished.connect(results.append)
    for year in bar.years:
        _set_year(bar, year)
    assert win.canvas.wait_rendered()
    drawn = [r for r in results if r.ok]
    assert len(drawn) <= 2 and any(r.cancelled for r in results)
    area_states = [s for s in drawn[-1].settings.layers if s.kind == "areas"]
    assert area_states[-1].style.indicator.endswith("2023")  # the last step is what is shown
    assert win.stack.is_clean()


def test_the_change_map_between_two_years(qtbot, tmp_path):
    win = _window(qtbot, _project(tmp_path))
    bar = win.year_bar
    _choose(bar, "huishoudens_laag_inkomen")
    bar.toggle.setChecked(True)
    bar.mode.setCurrentIndex(1)
    bar.first_year.setCurrentText("2016")
    bar.last_year.setCurrentText("2023")
    codes = list(win.document.areas.frame.index)
    table = read_series(SERIES).table("huishoudens_laag_inkomen").reindex(index=codes)
    moved = change(table, 2016, 2023, "%", 5, "huishoudens_laag_inkomen")
    assert bar.year.text() == "2016–2023"
    (block, *_rest) = win.legend.blocks()
    assert block.title.endswith("verandering 2016–2023 (procentpunten)")
    # diverging, centred on 0: the middle class holds 0; red where the low-income share rose
    assert moved.breaks[1] < 0 < moved.breaks[2]
    colours = [c.lower() for c in ramp_colours("RdBu", 5, reverse=True)]
    pixels = _pixels(win)
    classes = classify(moved.absolute.to_numpy(), moved.breaks)
    rose = [c for c, k in zip(codes, classes, strict=True) if k >= 3]
    fell = [c for c, k in zip(codes, classes, strict=True) if 0 <= k <= 1]
    assert rose and fell
    for code in (_largest(win, rose), _largest(win, fell)):
        k = int(classes[codes.index(code)])
        assert _colour_of(win, pixels, code) == colours[k], code
    assert win.stack.is_clean()


def test_a_change_across_a_definition_change_is_refused(qtbot, tmp_path):
    """INVENTED shares (migration background) on the real Baarn codes: the catalogue knows the
    definition changed in 2022, so a change from 2020 to 2023 must be refused in Dutch."""
    project = _project(tmp_path)
    add_invented_origin_shares(project, tmp_path)
    win = _window(qtbot, project)
    bar = win.year_bar
    _choose(bar, "percentage_westerse_migratieachtergrond")
    assert bar.years == [2020, 2023]
    _set_year(bar, 2020)
    code = _largest(win, list(win.document.areas.frame.index))
    colour = _colour_of(win, _pixels(win), code)
    bar.mode.setCurrentIndex(1)
    assert "definitie veranderde in 2022" in bar.error.text()
    assert not bar.error.isHidden()
    # the map stays as it was: the year 2020, not a change map
    assert bar.year_map.layer.style.indicator.endswith("2020")
    assert _colour_of(win, _pixels(win), code) == colour
    bar.mode.setCurrentIndex(0)
    assert bar.error.isHidden()


def test_own_fixed_breaks_and_bad_ones(qtbot, tmp_path):
    win = _window(qtbot, _project(tmp_path))
    bar = win.year_bar
    _choose(bar, "huishoudens_laag_inkomen")
    bar.breaks.setText("3; 6")
    bar.breaks.editingFinished.emit()
    _set_year(bar, 2016)
    assert bar.year_map.breaks[:2] == (3.0, 6.0) and len(bar.year_map.breaks) == 3
    (block, *_rest) = win.legend.blocks()
    assert "Eigen vaste grenzen" in block.caption and len(block.entries) >= 3
    bar.breaks.setText("drie")
    bar.breaks.editingFinished.emit()
    assert "Geen geldige grenzen" in bar.error.text()


def test_the_bar_follows_the_language(qtbot, tmp_path):
    from wijkkaart.ui.language import switch

    win = _window(qtbot, _project(tmp_path))
    bar = win.year_bar
    _choose(bar, "huishoudens_laag_inkomen")
    _set_year(bar, 2019)
    assert bar.toggle.text() == "Door de jaren" and bar.mode.itemText(0) == "Jaar"
    try:
        switch("en", remember=False)
        assert bar.toggle.text() == "Over the years"
        assert bar.mode.itemText(1) == "Change"
        assert bar.play.toolTip() == "Play: year after year"
        assert "the same value every year" in win.legend.blocks()[0].caption
        assert bar.active and bar.current_year() == 2019  # the view stays where it was
    finally:
        switch("nl", remember=False)
    assert bar.toggle.text() == "Door de jaren"
    assert "Klassen gelijk" in win.legend.blocks()[0].caption


def test_a_project_without_series_disables_the_bar(qtbot, tmp_path):
    win = _window(qtbot, _project(tmp_path, series=False))
    bar = win.year_bar
    assert bar.series is None and not bar.toggle.isEnabled() and not bar.slider.isEnabled()
    assert "geen reeks over meerdere jaren" in bar.toggle.toolTip()
    assert bar.when.isHidden()  # no empty slider under the map
    bar.toggle.setChecked(True)  # even when forced: no year map, no traceback
    assert not bar.active and win.canvas.layers is win.document.layers
