"""``wijkkaart series`` and ``wijkkaart trend``, in-process, on the real Baarn 2016–2025 series
(the shared ``baarn_project`` fixture, tests/baarn.py) and the real Amstelveen Leefbaarometer
series; plus the project's years (schema version 5)."""

from __future__ import annotations

import json
import shutil

import pytest
import shapely

from tests.baarn import BAARN, BAARN_MAP, FOCUS
from tests.conftest import REAL
from wijkkaart.cli import main
from wijkkaart.io.areas import read_areas
from wijkkaart.io.series import read_series
from wijkkaart.project import SCHEMA_VERSION, load_project

AMSTELVEEN = REAL / "leefbaarometer3_wijken_2014_2022.csv"


def test_the_project_stores_the_years_and_their_source(baarn_project, capsys):
    project = load_project(baarn_project)
    assert project.data["schema_version"] == SCHEMA_VERSION == 6
    (entry,) = project.data["series"]
    assert entry["path"] == "kerncijfers.json"
    assert entry["years"] == list(range(2016, 2026))
    assert entry["source"] == "CBS StatLine — Kerncijfers wijken en buurten"


def test_adding_the_same_years_twice_is_refused(baarn_project, tmp_path, capsys):
    other = tmp_path / "eigen.csv"
    other.write_text("buurtcode,jaar,aantal_inwoners\nBU03080000,2019,1750\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["series", str(baarn_project), "--add", str(other)]) == 2
    err = capsys.readouterr().err
    assert "Het jaar 2019 van aantal_inwoners staat zowel in" in err
    assert len(load_project(baarn_project).data["series"]) == 1  # nothing saved


def test_adding_the_same_file_twice_names_the_cli_option(baarn_project, capsys):
    capsys.readouterr()
    entry = load_project(baarn_project).data["series"][0]["path"]
    same = baarn_project.parent / entry
    assert main(["series", str(baarn_project), "--add", str(same)]) == 2
    assert "zit al in het project. Gebruik --replace" in capsys.readouterr().err
    assert main(["series", str(baarn_project), "--add", str(same), "--replace"]) == 0


def test_trend_of_a_focus_area_with_its_goals(baarn_project, capsys):
    capsys.readouterr()
    args = ["trend", str(baarn_project), "--area", "Centrum-Oost"]
    assert main([*args, "--indicator", "huishoudens_laag_inkomen", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["codes"] == FOCUS
    series = read_series(BAARN)
    rate = series.table("huishoudens_laag_inkomen").loc[FOCUS, 2016]
    people = series.table("aantal_inwoners").loc[FOCUS, 2016]
    expected = float((rate * people).sum() / people.sum())
    assert report["gebied"]["waarden"]["2016"] == pytest.approx(expected)
    assert report["gemeente"]["waarden"]["2016"] == 5.8
    assert len(report["doelen"]) == 2
    quick = report["doelen"][1]
    assert quick["doel"]["horizon"] == "quick_win"
    assert set(quick["status"]) == {str(y) for y in range(2020, 2026)}
    assert quick["status"]["2025"] == "no_data"
    assert report["bronnen"]["2016"] == "CBS StatLine — Kerncijfers wijken en buurten"
    # the text form prints the goals with a status per year
    assert main([*args, "--indicator", "huishoudens_laag_inkomen"]) == 0
    out = capsys.readouterr().out
    assert "50% van de achterstand op het gemeentelijk gemiddelde inlopen in 2024" in out
    assert "2017: " in out and "laatste jaar met cijfers: 2023" in out


def test_trend_of_a_wijk_from_the_series_file(capsys):
    assert main(["trend", str(BAARN), "--wijk", "WK030800", "--indicator", "aantal_inwoners"]) == 0
    out = capsys.readouterr().out
    series = read_series(BAARN)
    total = series.table("aantal_inwoners").loc[[f"BU030800{i:02d}" for i in range(8)], 2025].sum()
    assert "2025 " in out and f"{total:,.1f}".replace(",", " ") in out
    assert "gemeente Baarn" in out


def test_amstelveen_leefbaarometer_per_wijk_over_the_years(capsys):
    args = ["trend", str(AMSTELVEEN), "--wijk", "WK036201", "--indicator", "lbm", "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert sorted(report["gebied"]["waarden"]) == ["2014", "2018", "2020", "2022"]
    assert report["gebied"]["waarden"]["2014"] == pytest.approx(4.270599604867483)
    assert report["label"] == "Leefbaarometer-score"
    assert report["gebied"]["naam"] == "WK036201 Randwijck"  # was "wijk WK036201 (1 gebieden)"
    assert report["gemeente"] is not None  # all wijken together, said to be unweighted
    assert any("ongewogen" in note for note in report["opmerkingen"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--area", "Centrum"], "werkt alleen met een project"),
        (["--wijk", "WK999900"], "Niet in de reeks: WK999900"),
        (["--buurten", "BU03080000", "--indicator", "bestaat_niet"], "geen indicator"),
    ],
)
def test_trend_bad_input_is_a_dutch_message(args, message, capsys):
    full = ["trend", str(BAARN), *args]
    if "--indicator" not in full:
        full += ["--indicator", "aantal_inwoners"]
    assert main(full) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_version_4_project_opens_with_empty_years():
    project = load_project(REAL.parent / "projects" / "utrecht_v4.wijkkaart")
    assert project.data["schema_version"] == 6
    assert project.data["series"] == [] and project.data["goals"] == []
    # utrecht_buurten.gpkg names no year: the reference vintage is not known, and said so
    assert project.data["reference_year"] is None
    assert project.data["divisions"] == [
        {
            "path": project.data["areas"]["path"],
            "year": None,
            "layer": "buurten",
            "source": "Gemeente Utrecht open data, buurtgrenzen 2015",
        }
    ]


WAGENINGEN_2017 = REAL / "wageningen_buurten_2017_generalised.geojson"
WAGENINGEN_2018 = REAL / "wageningen_buurten_2018_generalised.geojson"


def test_a_series_on_the_old_division_is_shown_on_the_reference_buurten(tmp_path, capsys):
    """INVENTED counts on Wageningen's real 2017 buurten, shown on its real 2018 division."""
    shutil.copy(WAGENINGEN_2018, tmp_path / "buurten_2018.geojson")
    shutil.copy(WAGENINGEN_2017, tmp_path / "buurten_2017.geojson")
    old = read_areas(WAGENINGEN_2017).frame
    counts = {code: 1000 + 37 * i for i, code in enumerate(old.index)}  # invented
    lines = ["buurtcode,jaar,aantal_inwoners"]
    lines += [f"{code},2017,{n}" for code, n in counts.items()]
    (tmp_path / "inwoners_2017.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    project = tmp_path / "wageningen.wijkkaart"
    assert main(["new", str(tmp_path / "buurten_2018.geojson"), "--out", str(project)]) == 0
    add = ["series", str(project), "--add", str(tmp_path / "inwoners_2017.csv")]
    assert main([*add, "--division", str(tmp_path / "buurten_2017.geojson")]) == 0
    assert load_project(project).data["series"][0]["division"] == "buurten_2017.geojson"
    capsys.readouterr()
    args = ["trend", str(project), "--buurten", "BU02890102", "--indicator", "aantal_inwoners"]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    from wijkkaart.analysis.crosswalk import build_crosswalk

    walk = build_crosswalk(old, read_areas(WAGENINGEN_2018).frame)
    pieces = walk.matrix[walk.matrix["naar"] == "BU02890102"]
    expected_here = sum(counts[r.van] * r.aandeel for r in pieces.itertuples())
    assert report["gebied"]["waarden"]["2017"] == pytest.approx(expected_here)
    assert pieces["van"].tolist() == ["BU02890007", "BU02890107"]  # the second an edge sliver
    notes = report["opmerkingen"]
    assert "2017 omgerekend naar de buurtindeling van 2018, naar rato van oppervlakte." in notes
    assert any(n.startswith("BU02890102: Deel van BU02890007") for n in notes)
    # the gemeente total: the old total less what lay outside the 2018 division
    outside = walk.remainder()
    expected = sum(n * (1 - outside[c]) for c, n in counts.items())
    assert report["gemeente"]["waarden"]["2017"] == pytest.approx(expected)


def test_waterbed_watch_compares_the_buurten_next_door(baarn_project, capsys):
    capsys.readouterr()
    args = ["trend", str(baarn_project), "--area", "Centrum-Oost", "--waterbed", "--json"]
    assert main([*args, "--indicator", "huishoudens_laag_inkomen"]) == 0
    report = json.loads(capsys.readouterr().out)
    frame = read_areas(BAARN_MAP).frame
    focus = shapely.union_all(frame.loc[FOCUS].geometry.to_numpy())
    touching = {c for c, g in frame.geometry.items() if c not in FOCUS and g.distance(focus) < 1.0}
    assert set(report["waterbed"]["buren"]) == touching
    series = read_series(BAARN)
    rate = series.table("huishoudens_laag_inkomen").loc[sorted(touching)]
    people = series.table("aantal_inwoners").loc[sorted(touching)]
    known = rate[2016].notna()
    expected = (rate[2016][known] * people[2016][known]).sum() / people[2016][known].sum()
    lines = report["waterbed"]["lijnen"]
    assert lines["buurten ernaast"]["2016"] == pytest.approx(expected)
    focus_line, next_door = lines["focusgebied"], lines["buurten ernaast"]
    improved = focus_line["2023"] < focus_line["2016"]
    worsened = next_door["2023"] > next_door["2016"]
    assert report["waterbed"]["signaal"] == (improved and worsened)


def test_goals_are_added_by_cli_and_refused_when_wrong(baarn_project, capsys):
    args = [
        "goal",
        str(baarn_project),
        "--area",
        "Centrum-Oost",
        "--indicator",
        "jongeren_jeugdzorg",
        "--baseline-year",
        "2018",
        "--target",
        "gemeente",
        "--horizon-year",
        "2030",
        "--party",
        "jeugdteam",
    ]
    assert main(args) == 0
    assert "Doel toegevoegd aan Centrum-Oost: naar het gemeentelijk gemiddelde in 2030" in (
        capsys.readouterr().out
    )
    goals = load_project(baarn_project).data["goals"]
    assert goals[-1]["indicator"] == "jongeren_jeugdzorg" and goals[-1]["party"] == "jeugdteam"
    assert (
        main(
            [
                "trend",
                str(baarn_project),
                "--area",
                "Centrum-Oost",
                "--indicator",
                "jongeren_jeugdzorg",
                "--json",
            ]
        )
        == 0
    )
    (status,) = json.loads(capsys.readouterr().out)["doelen"]
    assert status["status"]["2019"] in ("on_track", "behind", "reached")
    bad = [*args[:-6], "--target", "gap", "--horizon-year", "2030"]  # gap without a share
    assert main(bad) == 2
    assert "heeft een doelwaarde nodig" in capsys.readouterr().err
    wrong_area = [*args]
    wrong_area[3] = "Nergens"
    assert main(wrong_area) == 2
    assert "geen focusgebied 'Nergens'" in capsys.readouterr().err
    assert len(load_project(baarn_project).data["goals"]) == 3  # nothing saved on a refusal


def test_the_trend_table_heading_follows_the_language(capsys):
    args = ["trend", str(BAARN), "--wijk", "WK030800", "--indicator", "aantal_inwoners"]
    assert main(["--lang", "en", *args]) == 0
    english = capsys.readouterr().out.splitlines()
    assert main(args) == 0
    dutch = capsys.readouterr().out.splitlines()
    assert any(line.strip().startswith("year ") for line in english)
    assert any(line.strip().startswith("jaar ") for line in dutch)
    assert not any(line.strip().startswith("jaar ") for line in english)


def test_amstelveen_table_names_the_wijk_and_keeps_the_scores_hundredths(capsys):
    import pandas as pd

    args = ["trend", str(AMSTELVEEN), "--wijk", "WK036205", "--indicator", "lbm"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "WK036205 Uilenstede - Kronenburg" in out and "(1 gebieden)" not in out
    figures = pd.read_csv(AMSTELVEEN)
    own = figures[figures["wk_code"] == "WK036205"].set_index("jaar")["lbm"]
    average = figures.groupby("jaar")["lbm"].mean()  # unweighted: each wijk once
    for year in (2014, 2018, 2020, 2022):
        row = next(line for line in out.splitlines() if line.strip().startswith(str(year)))
        assert f"{own[year]:.2f}" in row and f"{average[year]:.2f}" in row
    assert "elk gebied telt even zwaar" in out


def test_waterbed_watch_of_an_area_without_neighbours_says_so(baarn_project, capsys):
    """The whole of Baarn as a focus area (real buurten, 5 m inside): no buurt lies next to it."""
    frame = read_areas(BAARN_MAP).frame
    data = json.loads(baarn_project.read_text(encoding="utf-8"))
    whole = shapely.union_all(frame.geometry.to_numpy()).buffer(-5)
    data["focus_areas"].append({"name": "Heel Baarn", "wkt": whole.wkt})
    baarn_project.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    args = ["trend", str(baarn_project), "--area", "Heel Baarn", "--waterbed"]
    assert main([*args, "--indicator", "huishoudens_laag_inkomen"]) == 2
    captured = capsys.readouterr()
    assert "Er liggen geen buurten naast dit gebied" in captured.err
    assert "Traceback" not in captured.err
