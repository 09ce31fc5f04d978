"""The trend chart and the goals table stay readable at every size: year labels thinned by their
measured width, a count compared as an index, every goals-table heading and value whole on
A4/A3 portrait and landscape. Real data: the shared Baarn project (tests/baarn.py)."""

from __future__ import annotations

import itertools
import shutil
import subprocess

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from tests.baarn import BAARN, FOCUS, FOCUS_NAME, LOW_INCOME
from wijkkaart.analysis.goals import evaluate
from wijkkaart.analysis.trend import trend
from wijkkaart.cli import main
from wijkkaart.io.series import read_series
from wijkkaart.layers.style import format_number
from wijkkaart.render.trend_chart import draw_trend
from wijkkaart.timeline import project_goals

pytestmark = pytest.mark.usefixtures("qapp")
POPULATION = "aantal_inwoners"


def _draw(line, width: int, height: int = 260, goals=None):
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    try:
        labels = draw_trend(painter, QRectF(0, 0, width, height), line, goals, mm=96 / 25.4)
    finally:
        painter.end()
    return labels


@pytest.mark.parametrize("width", [160, 220, 260, 300, 340, 420, 560, 800])
def test_year_labels_never_touch_and_keep_both_ends(width):
    series = read_series(BAARN)
    line = trend(series, FOCUS, LOW_INCOME, name=FOCUS_NAME)
    labels = _draw(line, width)
    years = [year for year, _ in labels]
    assert years[0] == 2016 and years[-1] == 2025  # the first and the latest year
    for (_, a), (_, b) in itertools.pairwise(labels):
        assert a.right() < b.left(), (width, years)  # measured text, no overlap
    if width >= 800:
        assert years == list(range(2016, 2026))  # room for every year: all labelled


def test_a_count_is_drawn_as_an_index_with_its_real_figures():
    series = read_series(BAARN)
    people = trend(series, FOCUS, POPULATION, name=FOCUS_NAME)
    rate = trend(series, FOCUS, LOW_INCOME, name=FOCUS_NAME)
    assert people.count and not rate.count  # catalogue: aggregation sum against weighted_mean
    table = series.table(POPULATION)
    first = float(table.loc[FOCUS, 2016].sum())
    last = float(table.loc[FOCUS, 2025].sum())
    indexed = people.indexed()
    assert people.index_year() == 2016
    assert indexed.area.values[2016] == pytest.approx(100.0)
    assert indexed.area.values[2025] == pytest.approx(last / first * 100)
    gm = float(table.loc["GM0308", 2025] / table.loc["GM0308", 2016]) * 100
    assert indexed.gemeente.values[2025] == pytest.approx(gm)
    assert rate.indexed().area.values[2016] == pytest.approx(100.0)  # possible, but not drawn
    report = people.as_dict()
    assert report["soort"] == "aantal" and report["index"]["basisjaar"] == 2016
    assert rate.as_dict()["index"] is None


def test_a_count_chart_on_the_print_says_index_and_keeps_the_figures(baarn_project, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils")
    out = tmp_path / "inwoners.pdf"
    args = ["export", str(baarn_project), "--out", str(out), "--trend", POPULATION]
    assert main([*args, "--dpi", "100"]) == 0
    text = " ".join(
        subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split()
    )
    table = read_series(BAARN).table(POPULATION)
    first = format_number(float(table.loc[FOCUS, 2016].sum()), 0)
    last = format_number(float(table.loc[FOCUS, 2025].sum()), 0)
    assert "Aantal inwoners (index, 2016 = 100)" in text
    assert f"{FOCUS_NAME}: {first} (2016) → {last} (2025)" in text


def test_the_trend_command_words_a_count_as_the_chart_does(baarn_project, capsys):
    capsys.readouterr()
    args = ["trend", str(baarn_project), "--area", FOCUS_NAME, "--indicator", POPULATION]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "als index (2016 = 100)" in out
    table = read_series(BAARN).table(POPULATION)
    index_2025 = float(table.loc[FOCUS, 2025].sum() / table.loc[FOCUS, 2016].sum()) * 100
    assert f"{index_2025:.1f}" in out
    assert main([*args[:-1], LOW_INCOME]) == 0
    assert "index" not in capsys.readouterr().out  # a rate is shown as it is


def test_goal_lines_of_a_count_are_on_the_index_scale():
    """An invented goal on the real count: 4,000 inhabitants in 2024 from the 2016 figure."""
    from wijkkaart.analysis.goals import Goal

    series = read_series(BAARN)
    people = trend(series, FOCUS, POPULATION, name=FOCUS_NAME)
    goal = Goal(POPULATION, 2016, "absolute", 2024, target_value=4000.0, higher_better=True)
    status = evaluate(goal, people)
    first = float(series.table(POPULATION).loc[FOCUS, 2016].sum())
    assert people.index_value(status.target) == pytest.approx(4000 / first * 100)
    assert people.index_value(status.baseline) == pytest.approx(100.0)
    image = QImage(400, 260, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    draw_trend(painter, QRectF(0, 0, 400, 260), people, [status], mm=96 / 25.4)
    painter.end()
    from wijkkaart.render.trend_chart import STYLES

    goal_colour = QColor(STYLES["goal"][0])
    hits = sum(
        image.pixelColor(x, y) == goal_colour for x in range(0, 400, 2) for y in range(0, 260, 2)
    )
    assert hits > 10  # the goal's line is inside the chart, on the index scale


@pytest.mark.parametrize("paper", ["A4", "A3"])
@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_every_goals_heading_and_value_is_whole(baarn_project, tmp_path, paper, orientation):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils")
    out = tmp_path / f"{paper}-{orientation}.pdf"
    args = ["export", str(baarn_project), "--out", str(out), "--paper", paper]
    args += ["--orientation", orientation, "--trend", LOW_INCOME, "--goals", "--dpi", "60"]
    assert main(args) == 0
    layout = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = layout.split()
    for heading in HEADINGS:
        assert heading in words, (heading, paper, orientation)  # whole, never "Horiz"
    assert "…" not in layout  # nothing elided
    from wijkkaart.project import load_project
    from wijkkaart.timeline import project_series

    project = load_project(baarn_project)
    label = project_series(project).label(LOW_INCOME)
    goals = project_goals(project, FOCUS_NAME)
    columns = _columns(out, paper, orientation)
    assert columns["Indicator"] == " ".join([label] * len(goals))
    assert columns["Doel"].startswith("6,3: " + goals[0].describe())  # wrapped at words, whole
    assert columns["Doel"].endswith(goals[1].describe())
    assert columns["Stand"] == "bereikt (2023) bereikt (2023)"
    assert columns["Partij"] == "gemeente Baarn -"


HEADINGS = ("Indicator", "Basis", "Doel", "Horizon", "Stand", "Partij")


def _columns(pdf, paper: str, orientation: str) -> dict[str, str]:
    """The goals table's text per column, read from the PDF's word boxes (pdftotext -bbox):
    the words under each heading, from its left edge to the next heading's (the last to the
    trend band's edge), top to bottom."""
    import re

    from wijkkaart.export.layout import PAPER_MM
    from wijkkaart.export.page_layout import default_layout

    w_mm, h_mm = sorted(PAPER_MM[paper], reverse=orientation == "landscape")
    bx, by, bw, bh = (
        v * 72 / 25.4 for v in default_layout(w_mm, h_mm, 1.0, False, None, True)["trend"]
    )

    xml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [
        (float(x0), float(y0), float(x1), text)
        for x0, y0, x1, text in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            xml,
        )
    ]
    heads = {}
    for x0, y0, _, text in words:
        if text in HEADINGS and text not in heads:
            heads[text] = (x0, y0)
    assert set(heads) == set(HEADINGS), heads
    top = heads["Indicator"][1]
    assert all(abs(y - top) < 1 for _, y in heads.values())  # one heading row
    footer = [y for _, y, _, t in words if t == "Bron:" and y > top]  # the page's footer
    bottom = min([by + bh, *footer])
    edges = [heads[h][0] for h in HEADINGS] + [bx + bw]
    out = {}
    for i, heading in enumerate(HEADINGS):
        cell = sorted(
            (round(y, 0), x0, t)
            for x0, y, _, t in words
            if top + 1 < y < bottom and edges[i] - 0.5 <= x0 < edges[i + 1] - 0.5
        )
        out[heading] = " ".join(t for *_, t in cell)
    return out
