"""``wijkkaart export … --year / --change / --years`` on the real Baarn 2016–2025 project.

Checks pixels (the colour of a buurt follows its class of that year), the PDF's text with
pdftotext, and the Dutch messages for a year given twice or not in the data.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QImage

from tests.baarn import BAARN, LOW_INCOME, build_baarn_project
from wijkkaart.analysis.trend import classify, pooled_breaks
from wijkkaart.cli import main
from wijkkaart.io.series import read_series
from wijkkaart.layers.style import ramp_colours


@pytest.fixture(autouse=True)
def _one_application(qapp):
    """Exports share the session's QApplication: a QGuiApplication of their own would leave
    later widget tests unable to make a window."""
    return qapp


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The shared Baarn project (tests/baarn.py) without its focus area: the gemeente's maps."""
    return build_baarn_project(tmp_path_factory.mktemp("baarn"), focus=False)


def colours_in(path: Path) -> set[str]:
    image = QImage(str(path)).convertToFormat(QImage.Format.Format_RGB32)
    pixels = np.frombuffer(image.constBits(), dtype=np.uint32).reshape(image.height(), -1)
    found = {f"#{int(v) & 0xFFFFFF:06x}" for v in np.unique(pixels)}
    return found


def test_a_year_is_drawn_with_the_classes_pooled_over_all_years(project, tmp_path, capsys):
    out = tmp_path / "2019.png"
    args = ["export", str(project), "--out", str(out), "--dpi", "60", "--year", "2019"]
    assert main([*args, "--indicator", LOW_INCOME]) == 0
    series = read_series(BAARN)
    table = series.table(LOW_INCOME).loc[series.codes("buurt")]
    breaks = pooled_breaks(table.reindex(columns=series.years), k=5)
    ramp = ramp_colours("YlOrRd", len(breaks))  # higher is worse: yellow to red
    classes = {int(c) for c in classify(table[2019].to_numpy(), breaks) if c >= 0}
    found = colours_in(out)
    for c in classes:  # every class that 2019's buurten fall in is on the map
        assert ramp[c].lower() in found


def test_a_change_map_is_centred_on_zero(project, tmp_path):
    out = tmp_path / "change.pdf"
    args = ["export", str(project), "--out", str(out), "--dpi", "72", "--change", "2016:2023"]
    assert main([*args, "--indicator", LOW_INCOME]) == 0
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "verandering 2016–2023 (procentpunten)" in text
    assert "-1 – 1" in text  # the middle class holds 'no change'


def test_small_multiples_share_one_legend(project, tmp_path):
    out = tmp_path / "jaren.pdf"
    years = "2016,2019,2021,2023"
    assert (
        main(
            [
                "export",
                str(project),
                "--out",
                str(out),
                "--years",
                years,
                "--indicator",
                LOW_INCOME,
                "--dpi",
                "100",
            ]
        )
        == 0
    )
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    for year in ("2016", "2019", "2021", "2023"):
        assert year in text
    assert text.count("Klassen (alle jaren)") == 1
    assert "Zelfde klassen in elk jaar" in text
    assert "Bron: CBS StatLine" in text
    png = tmp_path / "jaren.png"
    assert (
        main(
            [
                "export",
                str(project),
                "--out",
                str(png),
                "--years",
                years,
                "--indicator",
                LOW_INCOME,
                "--dpi",
                "80",
            ]
        )
        == 0
    )
    assert QImage(str(png)).width() == int(297 / 25.4 * 80)


def _pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_every_year_and_the_small_multiples_word_the_classes_alike(project, tmp_path):
    """One legend function: a single year's print and the small maps list the same classes,
    starting at the lowest figure of all years (not at the shown year's own minimum)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils")
    series = read_series(BAARN)
    table = series.table(LOW_INCOME).loc[series.codes("buurt")].reindex(columns=series.years)
    low = table.min().min()
    lowest = f"{low:.1f}".replace(".", ",")
    assert table[2019].min() > low  # 2019 alone would start the legend higher
    texts = []
    for option in (["--year", "2019"], ["--year", "2023"], ["--years", "2016,2019,2023"]):
        out = tmp_path / f"{option[1].replace(',', '_')}.pdf"
        args = ["export", str(project), "--out", str(out), "--indicator", LOW_INCOME, *option]
        assert main([*args, "--dpi", "72"]) == 0
        texts.append(_pdf_text(out))
    for text in texts:
        assert f"{lowest} – " in text
    classes = [
        [line.split("  ")[-1].strip() for line in t.splitlines() if " – " in line] for t in texts
    ]
    first = [c for c in classes[2] if c.startswith(lowest)]
    assert first and all(first[0] in t for t in texts)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--years", "2016,2016"], "Het jaar 2016 staat er twee keer in"),
        (["--year", "2015"], "Het jaar 2015 staat niet in de gegevens"),
        (["--change", "2016-2024"], "geen verandering tussen twee jaren"),
        (["--change", "2020:2020"], "twee keer in"),
    ],
)
def test_bad_years_are_dutch_messages(project, tmp_path, capsys, option, message):
    out = tmp_path / "x.png"
    assert (
        main(["export", str(project), "--out", str(out), *option, "--indicator", LOW_INCOME]) == 2
    )
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not out.exists()


def test_the_project_keeps_its_years_after_an_export(project):
    data = json.loads(project.read_text(encoding="utf-8"))
    assert data["series"][0]["years"] == list(range(2016, 2026))


def test_small_multiples_with_the_trend_chart_of_a_focus_area(baarn_project, tmp_path):
    from wijkkaart.render.trend_chart import AREA_COLOUR

    project = baarn_project
    png = tmp_path / "met_trend.png"
    args = [
        "export",
        str(project),
        "--out",
        str(png),
        "--years",
        "2016,2020,2023",
        "--indicator",
        LOW_INCOME,
        "--dpi",
        "80",
        "--trend-area",
        "Centrum-Oost",
    ]
    assert main(args) == 0
    assert AREA_COLOUR in colours_in(png)  # the area's line is drawn
    assert "#33a02c" in colours_in(png)  # and the goal's line
    without = tmp_path / "zonder.png"
    assert main([*args[:-2], "--out", str(without)]) == 0
    assert AREA_COLOUR not in colours_in(without)
    pdf = tmp_path / "met_trend.pdf"
    assert main([*args[:3], str(pdf), *args[4:]]) == 0
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Centrum-Oost" in text and "doel" in text and "gemeente Baarn" in text


def test_small_multiples_carry_the_goals_table_under_the_maps(baarn_project, tmp_path, capsys):
    """``--years … --trend-area NAME --goals``: the area's goals (the shared fixture's two) in a
    table under the maps, measured so every heading is whole; refusals say what to use."""
    from wijkkaart.timeline import project_goals

    pdf = tmp_path / "doelen.pdf"
    args = ["export", str(baarn_project), "--out", str(pdf), "--years", "2016,2020,2023"]
    args += ["--indicator", LOW_INCOME, "--dpi", "80", "--trend-area", "Centrum-Oost"]
    assert main([*args, "--goals"]) == 0
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils")
    layout = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = layout.split()
    for heading in ("Doelen", "Indicator", "Basis", "Doel", "Horizon", "Stand", "Partij"):
        assert heading in words, heading
    from wijkkaart.project import load_project

    goals = project_goals(load_project(baarn_project), "Centrum-Oost")
    assert all(str(g.horizon_year) in words for g in goals)
    assert "bereikt" in words and "(2023)" in words
    import re

    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    found = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<', boxes)
    (table_top,) = [float(y) for y, word in found if word == "Doelen"]
    last_map = max(float(y) for y, word in found if word == "2023")  # the lowest map's year
    assert table_top > last_map  # the table is under the maps
    png = tmp_path / "doelen.png"
    assert main([*args[:3], str(png), *args[4:], "--goals"]) == 0
    assert QImage(str(png)).width() == int(297 / 25.4 * 80)
    capsys.readouterr()
    assert main([*args[:-2], "--goals"]) == 2  # no area named
    assert "--trend-area NAAM" in capsys.readouterr().err
    assert main([*args, "--trend", LOW_INCOME]) == 2
    assert "in plaats van --trend" in capsys.readouterr().err


def test_small_multiples_chart_a_focus_area_drawn_but_not_yet_saved(project):
    """A focus area drawn in the app lives in the document until the project is saved; the
    small multiples' trend chart found it only in the saved data ('geen focusgebied', walk13)."""
    import shapely

    from tests.baarn import FOCUS, focus_polygon
    from wijkkaart.analysis.trend import trend
    from wijkkaart.export.map_time import MapTime
    from wijkkaart.export.settings import PrintSettings
    from wijkkaart.export.small_multiples import years_page
    from wijkkaart.layers.focus import FocusArea
    from wijkkaart.new_project import open_document

    document = open_document(project)
    assert not document.project.data.get("focus_areas")
    polygon = focus_polygon()
    assert isinstance(polygon, shapely.Polygon)
    document.focus_areas.append(FocusArea("Centrum getekend", polygon))
    when = MapTime("years", LOW_INCOME, years=(2016, 2020, 2023), area="Centrum getekend")
    page = years_page(document, PrintSettings(time=when), dpi=60)
    assert page.chart is not None
    line, _statuses = page.chart
    wanted = trend(read_series(BAARN), FOCUS, LOW_INCOME, name="Centrum getekend")
    assert line.area.known() == wanted.area.known() and len(line.area.known()) >= 8
