"""The profile panel's *Waterbedeffect* tab on the real Baarn project (CBS 2016–2025).

The focus areas are real buurt outlines (5 m inside): Centrum-Oost (tests/baarn.py), Pekingpark
(one buurt, whose real figures show its neighbours' share of young people in youth care rising
while its own fell) and the whole gemeente (no buurt next to it).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely
from PySide6.QtGui import QImage

from tests.baarn import BAARN, BAARN_MAP, FOCUS, FOCUS_NAME
from tests.ui.waiting import open_window, wait_jobs
from wijkkaart.analysis.trend import higher_worse, waterbed
from wijkkaart.help import manual_markdown
from wijkkaart.io.areas import read_areas
from wijkkaart.io.series import read_series
from wijkkaart.layers.colours import MARKED_COLOUR
from wijkkaart.messages import set_language, tr
from wijkkaart.render.trend_chart import AREA_COLOUR

PEKINGPARK = "BU03080006"
# causal wording the tab must never use (issue 13: "geen causale taal")
FORBIDDEN = (
    "effect van",
    "door het programma",
    "door de aanpak",
    "dankzij",
    "veroorzaak",
    "als gevolg van",
    "leidt tot",
    "leidde tot",
    "verplaatst",
    "verdreven",
    "because of",
    "caused",
    "causes",
    "due to",
    "effect of",
    "thanks to",
    "led to",
    "leads to",
    "displaced",
    "pushed out",
)
ADDED_KEYS = (  # every text the waterbed tab added (wb_* of the analysis are checked too)
    "wb_tab",
    "wb_intro",
    "wb_summary",
    "wb_summary_none",
    "wb_col_focus",
    "wb_col_neighbours",
    "wb_col_rest",
    "wb_cell_tip",
    "wb_better",
    "wb_worse",
    "wb_same",
    "wb_no_direction_short",
    "wb_pick",
    "wb_chart_flag",
    "wb_no_focus",
    "wb_no_series",
    "wb_no_neighbours",
    "wb_no_rows",
    "wb_turnover_part",
    "wb_turnover",
    "job_waterbed",
    "export_waterbed_check",
    "cli_export_waterbed",
    "wb_print_caption",
    "wb_print_title",
    "wb_flag",
    "wb_ok",
    "wb_focus",
    "wb_neighbours",
    "wb_rest",
)
FIELDS = dict(
    area="A",
    n=2,
    total=8,
    group="G",
    first_value="1",
    first=2016,
    last_value="2",
    last=2025,
    direction="d",
    changes="C",
    pct="+25",
    label="L",
)


def _add_areas(project, *extra: tuple[str, shapely.Geometry]) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["focus_areas"] += [{"name": name, "wkt": polygon.wkt} for name, polygon in extra]
    project.write_text(json.dumps(data), encoding="utf-8")


def _window(qtbot, project):
    return open_window(qtbot, project, size=(1366, 768), rendered=False)


def _choose(qtbot, win, name: str):
    """Pick focus area ``name`` and bring its waterbed tab to the front, computed."""
    names = [win.focus_panel.list.item(i).text() for i in range(win.focus_panel.list.count())]
    row = next(i for i, text in enumerate(names) if text.startswith(name))
    win.focus_panel.list.setCurrentRow(row)
    panel = win.profile_panel
    qtbot.waitUntil(panel.has_waterbed, timeout=5000)
    win.docks["profile"].raise_()
    panel.show_waterbed_tab()
    qtbot.waitUntil(lambda: panel.waterbed.name == name, timeout=10000)
    assert wait_jobs(win.jobs, kind="waterbed")
    return panel.waterbed


def _marked_pixels(win) -> np.ndarray:
    image = win.canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1)
    ys, xs = np.nonzero((pixels & 0xFFFFFF) == int(MARKED_COLOUR[1:], 16))
    return np.column_stack([xs, ys])


def test_the_rows_are_the_analysis_on_the_same_buurten_and_the_neighbours_are_outlined(
    qtbot, baarn_project
):
    frame = read_areas(BAARN_MAP).frame
    peking = frame.geometry[PEKINGPARK].buffer(-5)
    _add_areas(baarn_project, ("Pekingpark", peking))
    win = _window(qtbot, baarn_project)
    series = read_series(BAARN)
    for name, codes in ((FOCUS_NAME, FOCUS), ("Pekingpark", [PEKINGPARK])):
        view = _choose(qtbot, win, name)
        watch = view.watch
        assert watch.codes == codes
        # the neighbours, by the test's own geometry: buurten touching the area, not in it
        outline = shapely.union_all(frame.loc[codes].geometry.to_numpy())
        touching = {
            c for c, g in frame.geometry.items() if c not in codes and g.distance(outline) < 1
        }
        assert set(watch.neighbours) == touching
        expected = waterbed(series, codes, sorted(touching))
        assert [r.indicator for r in watch.rows] == [r.indicator for r in expected]
        assert len(watch.rows) == 5  # ten indicators less two counts and three left out
        for got, want in zip(watch.rows, expected, strict=True):
            for line, other in ((got.focus, want.focus), (got.neighbours, want.neighbours)):
                assert line.values == pytest.approx(other.values, nan_ok=True)
            assert got.rest.values == pytest.approx(want.rest.values, nan_ok=True)
        # flagged: exactly where the neighbours' change is worse and the focus area's better
        own = set()
        for row in watch.rows:
            worse = higher_worse(series, row.indicator)
            spans = row.focus.first_last(), row.neighbours.first_last()
            if worse is None or None in spans:
                continue
            sign = -1 if worse else 1
            focus_change = spans[0][3] - spans[0][1]
            neighbour_change = spans[1][3] - spans[1][1]
            if sign * focus_change > 0 and sign * neighbour_change < 0:
                own.add(row.indicator)
        flagged = {r.indicator for r in watch.rows if r.flagged}
        assert flagged == own
        shown = view.shown_rows()
        assert [t[0].startswith("⚠") for t in shown] == [r.flagged for r in watch.rows]
        if name == "Pekingpark":
            assert "jongeren_jeugdzorg" in flagged  # real CBS: 2016–2024 down here, up next door
            summary = f"⚠ bij {len(flagged)} van de {len(watch.rows)} indicatoren"
            assert view.summary.text().startswith(summary)
            # the population next door changed much: the turnover caveat says so
            assert any(
                note.startswith("Inwoners: ") and "andere mensen" in note for note in watch.notes
            )
            assert "andere mensen" in view.notes.text()
        # clicking an indicator draws its three lines through the print's chart
        index = [r.indicator for r in watch.rows].index("jongeren_jeugdzorg")
        view.table.setCurrentCell(index, 1)
        trend = view.chart.trend
        assert trend.indicator == "jongeren_jeugdzorg"
        assert trend.gemeente.values == watch.rows[index].neighbours.values
        assert trend.g4.values == watch.rows[index].rest.values
        chart = view.chart.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        colours = np.frombuffer(chart.constBits(), dtype=np.uint32) & 0xFFFFFF
        assert int(AREA_COLOUR[1:], 16) in set(colours.tolist())  # the focus area's line
        # the neighbours are outlined on the map while the tab is up: dashed, in their colour
        qtbot.waitUntil(lambda: len(win.canvas.marked) > 0, timeout=3000)
        found = _marked_pixels(win)
        assert len(found) > 100
        rings = shapely.union_all(frame.loc[list(touching)].geometry.boundary.to_numpy())
        vp = win.canvas.viewport
        ratio = win.canvas.grab().devicePixelRatio()
        near = [
            rings.distance(shapely.Point(vp.to_map(x / ratio, y / ratio))) < 4 * vp.resolution
            for x, y in found[:: max(1, len(found) // 200)]
        ]
        assert all(near)  # every outlined pixel lies on a neighbour's edge
    win.profile_panel.tabs.setCurrentIndex(0)  # the figures in front: no outline
    qtbot.waitUntil(lambda: not win.canvas.marked, timeout=3000)
    assert len(_marked_pixels(win)) == 0
    win.profile_panel.show_waterbed_tab()
    qtbot.waitUntil(lambda: bool(win.canvas.marked), timeout=3000)
    win.docks["info"].raise_()  # the profile dock behind Informatie: no outline either
    qtbot.waitUntil(lambda: not win.canvas.marked, timeout=3000)


def test_messages_language_and_wording(qtbot, baarn_project, tmp_path):
    frame = read_areas(BAARN_MAP).frame
    whole = shapely.union_all(frame.geometry.to_numpy()).buffer(-5)
    _add_areas(baarn_project, ("Heel Baarn", whole))
    win = _window(qtbot, baarn_project)
    panel = win.profile_panel
    view = panel.waterbed
    # a project with a series and nothing chosen: the tab is offered and says to choose an area
    win.focus_panel.list.setCurrentRow(0)
    win.focus_panel.list.clearSelection()
    win.focus_panel.select(None)
    win.update_profile()
    qtbot.waitUntil(panel.has_waterbed, timeout=5000)
    assert view.message.text() == tr("wb_no_focus")
    assert view.message.text().startswith("Kies een focusgebied")
    # the whole gemeente: no buurt lies next to it
    view = _choose(qtbot, win, "Heel Baarn")
    assert view.watch is None and view.message.text().startswith("Er liggen geen buurten naast")
    assert not view.table.isVisible()
    # English, and back: the headers and the rows' texts follow
    view = _choose(qtbot, win, FOCUS_NAME)
    try:
        set_language("en")
        assert wait_jobs(win.jobs, kind="waterbed")
        qtbot.waitUntil(lambda: view.watch is not None, timeout=5000)
        assert view.table.horizontalHeaderItem(1).text() == "Area"
        assert view.message.text().startswith(f"{FOCUS_NAME}, the neighbouring buurten (")
        assert "neighbouring buurten" in view.watch.rows[0].neighbours.label
        assert panel.tabs.tabText(2) == "Waterbed watch"
    finally:
        set_language("nl")
    assert wait_jobs(win.jobs, kind="waterbed")
    qtbot.waitUntil(lambda: view.watch is not None, timeout=5000)
    assert view.table.horizontalHeaderItem(1).text() == "Gebied"
    assert panel.tabs.tabText(2) == "Waterbedeffect"
    # no causal wording in any text the tab adds, in either language
    try:
        for language in ("nl", "en"):
            set_language(language)
            for key in ADDED_KEYS:
                text = tr(key, **FIELDS).lower()
                assert not [w for w in FORBIDDEN if w in text], (language, key, text)
            manual = manual_markdown()  # the help's paragraph on the tab, too
            start = manual.index("**Waterbed")
            paragraph = manual[
                start : manual.index("\n- ", start) if "\n- " in manual[start:] else None
            ]
            paragraph = paragraph.split("\n## ")[0].lower()
            assert "--waterbed" in paragraph
            assert not [w for w in FORBIDDEN if w in paragraph], (language, paragraph)
    finally:
        set_language("nl")


def test_a_project_without_a_series_says_why_in_the_waterbed_tab(qtbot, tmp_path):
    """The tab is offered and its message is on screen: hidden with its tab (as it was), the
    planner never read why there is nothing to compare, nor how to add a series."""
    from tests.baarn import build_baarn_project

    project = build_baarn_project(tmp_path, goals=False, series=False)
    win = _window(qtbot, project)
    panel = win.profile_panel
    qtbot.waitUntil(panel.has_waterbed, timeout=5000)  # offered before anything is chosen
    win.docks["profile"].raise_()
    panel.show_waterbed_tab()
    message = panel.waterbed.message
    qtbot.waitUntil(message.isVisible, timeout=5000)
    assert message.text().startswith("Het project heeft geen reeks over meerdere jaren")
    assert message.height() >= message.fontMetrics().height()  # not squeezed to nothing
    win.focus_panel.list.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.title.text() == FOCUS_NAME, timeout=5000)
    win.docks["profile"].raise_()
    panel.show_waterbed_tab()
    qtbot.waitUntil(message.isVisible, timeout=5000)
    assert message.text().startswith("Het project heeft geen reeks over meerdere jaren")
    assert not panel.waterbed.table.isVisible() and not panel.waterbed.chart.isVisible()
    assert not win.canvas.marked


def test_selected_buurten_are_watched_beside_their_neighbours(qtbot, baarn_project):
    """Two real buurten selected (Zandvoort and Oude-Oosterhei): the tab compares them with the
    buurten around them, as the analysis does on the same codes."""
    chosen = ["BU03080003", "BU03080004"]
    win = _window(qtbot, baarn_project)
    layer = win.identify_layer()
    assert layer is not None
    win.select_areas(layer, chosen)
    panel = win.profile_panel
    qtbot.waitUntil(lambda: panel.waterbed.name != "", timeout=5000)
    assert wait_jobs(win.jobs, kind="waterbed")
    view = panel.waterbed
    assert view.watch is not None and view.watch.codes == chosen
    frame = read_areas(BAARN_MAP).frame
    outline = shapely.union_all(frame.loc[chosen].geometry.to_numpy())
    touching = {c for c, g in frame.geometry.items() if c not in chosen and g.distance(outline) < 1}
    assert set(view.watch.neighbours) == touching
    expected = waterbed(read_series(BAARN), chosen, sorted(touching))
    assert [r.flagged for r in view.watch.rows] == [r.flagged for r in expected]
    for got, want in zip(view.watch.rows, expected, strict=True):
        assert got.neighbours.values == pytest.approx(want.neighbours.values, nan_ok=True)
    win.select_areas(layer, [])  # nothing chosen: the tab says what to do
    qtbot.waitUntil(lambda: view.watch is None, timeout=3000)
    assert view.message.text().startswith("Kies een focusgebied")
