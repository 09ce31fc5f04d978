"""Trend charts and the goals table on a print and on atlas pages, from the real Baarn
2016–2025 series (CBS kerncijfers) with two goals on a focus area (the shared ``baarn_project``
fixture, tests/baarn.py), checked in the PDF's text
(pdftotext) and its pixels (pdftoppm)."""

from __future__ import annotations

import json
import shutil
import subprocess

import numpy as np
import pytest
import shapely
from PIL import Image

from tests.baarn import BAARN_MAP, LOW_INCOME
from tests.test_cli_trend import WAGENINGEN_2017, WAGENINGEN_2018
from wijkkaart.analysis.goals import evaluate, status_text
from wijkkaart.analysis.trend import trend
from wijkkaart.cli import main
from wijkkaart.export.page_layout import default_layout
from wijkkaart.io.areas import read_areas
from wijkkaart.project import load_project
from wijkkaart.render.trend_chart import AREA_COLOUR, STYLES
from wijkkaart.timeline import focus_buurten, project_goals, project_series

INDICATOR = LOW_INCOME
pytestmark = [
    pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils"),
    pytest.mark.usefixtures("qapp"),  # a QApplication, not the CLI's own QGuiApplication
]


def _text(pdf, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(
        ["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _png(pdf, dpi: int = 100):
    stem = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(stem)], check=True)
    return np.asarray(Image.open(f"{stem}-1.png").convert("RGB")).astype(int)


def _count(pixels, colour: str, tolerance: int = 40) -> int:
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)])
    return int((np.abs(pixels - rgb).sum(axis=2) < tolerance).sum())


def test_a_focus_area_print_carries_its_trend_charts_and_goals(baarn_project, tmp_path):
    out = tmp_path / "centrum.pdf"
    args = ["export", str(baarn_project), "--out", str(out), "--orientation", "portrait"]
    assert main([*args, "--trend", f"{INDICATOR},aantal_inwoners", "--goals", "--dpi", "100"]) == 0
    text = _text(out)
    # the goals table: a row per goal with its baseline, horizon and status in the last year
    project = load_project(baarn_project)
    series = project_series(project)
    codes, _ = focus_buurten(project, "Centrum-Oost")
    line = trend(series, codes, INDICATOR, name="Centrum-Oost")
    statuses = [evaluate(g, line) for g in project_goals(project, "Centrum-Oost")]
    assert "Doelen" in text and "Stand" in text and "Partij" in text
    for status in statuses:
        year, key = status.latest()
        assert f"{status_text(key)} ({year})" in text
        assert f"{status.goal.baseline_year}: " in text
    assert "gemeente" in text and "Baarn" in text  # the first goal's party
    assert "% Huishoudens met laag inkomen (%)" in text  # the chart's title
    assert "Aantal inwoners" in text  # the second chart
    assert text.count("2016") >= 2 and "2025" in text  # both charts' year axes
    # the chart's lines are in the trend rectangle, the map keeps its frame above it
    pixels = _png(out)
    w_px = pixels.shape[1]
    rects = default_layout(210.0, 297.0, 1.0, False, None, trend=True)
    x, y, w, h = (v * w_px / 210.0 for v in rects["trend"])
    inside = pixels[int(y) : int(y + h), int(x) : int(x + w)]
    assert _count(inside, AREA_COLOUR) > 150  # the area's magenta line
    assert _count(inside, STYLES["goal"][0]) > 30  # the goal lines
    assert _count(pixels, AREA_COLOUR) - _count(inside, AREA_COLOUR) < 20  # nowhere else
    mx, my, mw, mh = (v * w_px / 210.0 for v in rects["map"])
    assert my + mh < y  # the map frame ends above the charts
    frame = pixels[int(my) + 3 : int(my + mh) - 3, int(mx) + 3 : int(mx + mw) - 3]
    assert (np.abs(frame - 255).sum(axis=2) > 30).mean() > 0.5  # the map fills its frame


def test_an_atlas_page_per_focus_area_has_its_own_chart(baarn_project, tmp_path):
    data = json.loads(baarn_project.read_text(encoding="utf-8"))
    frame = read_areas(BAARN_MAP).frame
    other = shapely.union_all(frame.loc[["BU03080100", "BU03080101"]].geometry.to_numpy())
    data["focus_areas"].append({"name": "Baarn-Noord", "wkt": other.buffer(-5).wkt})
    baarn_project.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "atlas.pdf"
    args = ["atlas", str(baarn_project), "--out", str(out), "--per", "focusgebied", "--dpi", "80"]
    assert main([*args, "--trend", INDICATOR, "--goals"]) == 0
    first, second = _text(out, 1), _text(out, 2)
    project = load_project(baarn_project)
    series = project_series(project)
    labels = {}
    for page, name in ((first, "Centrum-Oost"), (second, "Baarn-Noord")):
        codes, _ = focus_buurten(project, name)
        line = trend(series, codes, INDICATOR, name=name)
        assert f"{name}" in page and "2016" in page and "2025" in page
        assert "% Huishoudens met laag inkomen (%)" in page
        top = max(max(line.area.known().values()), max(line.gemeente.known().values()))
        low = min(min(line.area.known().values()), min(line.gemeente.known().values()))
        pad = (top - low) * 0.1
        labels[name] = [f"{v:.1f}".replace(".", ",") for v in (top + pad, low - pad)]
        assert all(label in page for label in labels[name])  # its own axis, from its own values
    assert labels["Centrum-Oost"] != labels["Baarn-Noord"]  # two areas, two axes
    assert "bereikt" in first or "op koers" in first or "achter" in first
    assert "Voor dit gebied zijn geen doelen vastgelegd." in second  # the goals are Centrum-Oost's


def test_without_series_or_goals_the_cli_says_so(tmp_path, capsys):
    shutil.copy(BAARN_MAP, tmp_path / "buurten.geojson")
    project = tmp_path / "kaal.wijkkaart"
    assert main(["new", str(tmp_path / "buurten.geojson"), "--out", str(project)]) == 0
    capsys.readouterr()
    out = tmp_path / "kaal.pdf"
    assert main(["export", str(project), "--out", str(out), "--trend", INDICATOR]) == 2
    assert "geen reeks over meerdere jaren" in capsys.readouterr().err
    assert main(["atlas", str(project), "--out", str(out), "--goals"]) == 2
    assert "geen doelen" in capsys.readouterr().err
    assert not out.exists()
    html = tmp_path / "kaal.html"
    assert main(["export", str(project), "--out", str(html), "--goals"]) == 2
    err = capsys.readouterr().err  # says what to do instead: a PDF or an atlas, with the options
    assert "Een HTML-kaart heeft geen trendgrafieken of doelentabel" in err
    assert "--out kaart.pdf --trend INDICATOR --goals" in err and "wijkkaart atlas" in err
    three = f"{INDICATOR},aantal_inwoners,woningvoorraad"
    assert main(["export", str(project), "--out", str(out), "--trend", three]) == 2
    assert "ten hoogste 2 trendgrafieken; u noemde er 3" in capsys.readouterr().err
    assert not out.exists() and not html.exists()


def test_the_conversion_footnote_is_on_the_page(tmp_path):
    """INVENTED counts on Wageningen's real 2017 buurten, shown on its real 2018 division."""
    shutil.copy(WAGENINGEN_2018, tmp_path / "buurten_2018.geojson")
    shutil.copy(WAGENINGEN_2017, tmp_path / "buurten_2017.geojson")
    old = read_areas(WAGENINGEN_2017).frame
    lines = ["buurtcode,jaar,aantal_inwoners"]
    lines += [f"{code},2017,{1000 + 37 * i}" for i, code in enumerate(old.index)]  # invented
    (tmp_path / "inwoners.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "wageningen.wijkkaart"
    assert main(["new", str(tmp_path / "buurten_2018.geojson"), "--out", str(project)]) == 0
    add = ["series", str(project), "--add", str(tmp_path / "inwoners.csv")]
    assert main([*add, "--division", str(tmp_path / "buurten_2017.geojson")]) == 0
    new = read_areas(WAGENINGEN_2018).frame
    data = json.loads(project.read_text(encoding="utf-8"))
    data["focus_areas"] = [{"name": "Oost", "wkt": new.geometry.iloc[0].buffer(-5).wkt}]
    project.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "oost.pdf"
    assert main(["export", str(project), "--out", str(out), "--trend", "aantal_inwoners"]) == 0
    text = " ".join(_text(out).split())
    assert "2017 omgerekend naar de buurtindeling van 2018, naar rato van oppervlakte." in text


def test_with_several_focus_areas_the_print_names_its_trend_area(baarn_project, tmp_path, capsys):
    """Two focus areas: the trend of a single print is that of --trend-area or of the focus area
    chosen as the map's extent; without either, a Dutch message says how to choose."""
    data = json.loads(baarn_project.read_text(encoding="utf-8"))
    frame = read_areas(BAARN_MAP).frame
    other = shapely.union_all(frame.loc[["BU03080100", "BU03080101"]].geometry.to_numpy())
    data["focus_areas"].append({"name": "Baarn-Noord", "wkt": other.buffer(-5).wkt})
    baarn_project.write_text(json.dumps(data), encoding="utf-8")
    base = ["export", str(baarn_project), "--trend", INDICATOR, "--goals", "--dpi", "60"]
    capsys.readouterr()
    assert main([*base, "--out", str(tmp_path / "geen.pdf")]) == 2
    err = capsys.readouterr().err
    assert "dit project heeft er 2" in err and "Uitsnede: focusgebied" in err
    named = tmp_path / "noord.pdf"
    assert main([*base, "--out", str(named), "--trend-area", "Baarn-Noord"]) == 0
    assert "Voor dit gebied zijn geen doelen vastgelegd." in _text(named)  # Baarn-Noord's
    framed = tmp_path / "centrum.pdf"
    assert main([*base, "--out", str(framed), "--extent", "focus:Centrum-Oost"]) == 0
    assert "bereikt (2023)" in " ".join(_text(framed).split())  # Centrum-Oost's goals


def test_the_waterbed_table_is_on_the_print_as_the_app_computes_it(baarn_project, tmp_path):
    """``--waterbed``: the focus area, its neighbouring buurten and the rest of the gemeente,
    the change first → last year per rate or mean, from the same function as the app's tab."""
    from wijkkaart.analysis.trend import waterbed
    from wijkkaart.analysis.waterbed_rows import change_text

    out = tmp_path / "waterbed.pdf"
    args = ["export", str(baarn_project), "--out", str(out), "--trend", INDICATOR]
    assert main([*args, "--waterbed", "--dpi", "100"]) == 0
    text = _text(out).replace("ﬀ", "ff")  # pdftotext keeps the font's ligature
    assert "Waterbedeffect: gebied, buurten ernaast, rest" in text
    assert "niet waardoor." in text
    project = load_project(baarn_project)
    series = project_series(project)
    codes, _ = focus_buurten(project, "Centrum-Oost")
    frame = read_areas(BAARN_MAP).frame
    outline = shapely.union_all(frame.loc[codes].geometry.to_numpy())
    touching = sorted(
        c for c, g in frame.geometry.items() if c not in codes and g.distance(outline) < 1
    )
    rows = waterbed(series, codes, touching)
    assert len(rows) == 5  # the rates and means; the education counts are left out on reading
    lines = text.splitlines()
    for row in rows:  # each row's three changes on its line, in the app's wording
        cells = [change_text(x) for x in (row.focus, row.neighbours, row.rest)]
        found = [ln for ln in lines if all(c in ln for c in cells) and row.label[:12] in ln]
        assert found, (row.label, cells)
    assert "⚠" not in text  # no indicator flagged for Centrum-Oost in the real figures
    # kept in the project's print settings (as the export dialog stores it): a print without
    # the option has the table too
    data = json.loads(baarn_project.read_text(encoding="utf-8"))
    data["print"] = {**data.get("print", {}), "waterbed": True}
    baarn_project.write_text(json.dumps(data), encoding="utf-8")
    again = tmp_path / "again.pdf"
    assert main(["export", str(baarn_project), "--out", str(again), "--dpi", "100"]) == 0
    assert "Waterbedeffect: gebied, buurten ernaast, rest" in _text(again).replace("ﬀ", "ff")
