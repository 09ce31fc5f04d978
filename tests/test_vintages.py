"""The reference vintage (schema 6): taken from the areas file, shown, switched; series years are
converted only where their boundaries are not the reference.

The boundaries are real: Wageningen's CBS/PDOK buurten of 2017 (14) and 2018 (33), a complete
re-division. Every count and every dwelling point in this file is INVENTED (files named
``invented_*``) for want of real figures and of a real Wageningen BAG extract.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import shapely

from tests.conftest import REAL
from tests.wageningen import (
    W2017,
    W2018,
    build_wageningen_project,
    invented_2017,
    invented_dwellings,
    version5_project,
)
from wijkkaart.cli import main
from wijkkaart.io.areas import read_areas
from wijkkaart.project import SCHEMA_VERSION, load_project, migrate

APPINGEDAM = REAL / "buurten_2020_generalised.geojson"
BAARN_MAP = REAL / "cbs_buurten_2024.geojson"
ZAANSTAD = REAL / "cbs_buurten_2017.geojson"


@pytest.fixture
def wageningen(tmp_path) -> Path:
    return build_wageningen_project(tmp_path)


def _trend(project: Path, code: str, capsys) -> dict:
    capsys.readouterr()
    args = ["trend", str(project), "--buurten", code, "--indicator", "aantal_inwoners", "--json"]
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


def _invented(path: Path) -> dict[tuple[str, int], int]:
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return {(c, int(y)): int(n) for c, y, n in (line.split(",") for line in lines)}


@pytest.mark.parametrize(
    "source, name, year",
    [
        (W2018, "kaart.geojson", 2018),  # its jrstatcode column
        (W2017, "kaart.geojson", 2017),
        (BAARN_MAP, "kaart.geojson", 2024),  # its jaar column
        (ZAANSTAD, "cbs_buurten_2017.geojson", 2017),  # only the CBS file name tells
    ],
)
def test_a_new_project_takes_the_year_of_its_areas_file(source, name, year, tmp_path, capsys):
    shutil.copy(source, tmp_path / name)
    project = tmp_path / "p.wijkkaart"
    assert main(["new", str(tmp_path / name), "--out", str(project)]) == 0
    data = load_project(project).data
    assert data["reference_year"] == year
    assert data["divisions"][0]["year"] == year and data["divisions"][0]["path"] == name
    capsys.readouterr()
    assert main(["info", str(project)]) == 0
    assert f"Referentie: buurtindeling {year}." in capsys.readouterr().out


def test_a_file_that_names_no_year_leaves_the_reference_unknown_and_says_so(sample, capsys):
    assert main(["info", str(sample / "utrecht.wijkkaart")]) == 0
    out = capsys.readouterr().out
    assert "Referentie: buurtindeling van onbekend jaar (het bestand noemt geen jaar)." in out


def test_years_on_the_reference_stay_and_older_ones_are_converted(wageningen, capsys):
    folder = wageningen.parent
    new_counts = _invented(folder / "invented_2018_2019.csv")
    old_counts = _invented(folder / "invented_2016_2017.csv")
    report = _trend(wageningen, "BU02890102", capsys)
    values = report["gebied"]["waarden"]
    assert values["2018"] == new_counts[("BU02890102", 2018)]  # the reference: untouched
    assert values["2019"] == new_counts[("BU02890102", 2019)]
    assert (
        "2016–2017 omgerekend naar de buurtindeling van 2018, naar rato van oppervlakte."
        in (report["opmerkingen"])
    )
    # the gemeente total of 2016: the old total less the part outside the 2018 division
    old = read_areas(W2017).frame
    new = read_areas(W2018).frame
    outside = {
        code: 1
        - shapely.area(shapely.intersection(geom, shapely.union_all(new.geometry)))
        / shapely.area(geom)
        for code, geom in old.geometry.items()
    }
    expected = sum(old_counts[(c, 2016)] * (1 - outside[c]) for c in old.index)
    assert report["gemeente"]["waarden"]["2016"] == pytest.approx(expected, rel=1e-6)
    # conservation shown: the part outside (the generalised 2017 edges stick out beyond the
    # 2018 ones) is named with its share, not only kept as the matrix's remainder
    total = {y: sum(n for (_, yy), n in old_counts.items() if yy == y) for y in (2016, 2017)}
    worst = max(
        (total[y] - sum(old_counts[(c, y)] * (1 - outside[c]) for c in old.index)) / total[y]
        for y in (2016, 2017)
    )
    share = f"{100 * worst:.1f}".replace(".", ",")
    notes = " ".join(report["opmerkingen"])
    assert f"Tot {share} % van een aantal viel buiten de buurtindeling van 2018" in notes
    assert report["gemeente"]["waarden"]["2018"] == sum(
        n for (_, y), n in new_counts.items() if y == 2018
    )


def test_switching_the_reference_converts_every_series_to_it(wageningen, capsys):
    folder = wageningen.parent
    capsys.readouterr()
    assert main(["series", str(wageningen), "--reference", "2017"]) == 0
    out = capsys.readouterr().out
    assert "2018–2019 omgerekend naar de buurtindeling van 2017, naar rato van oppervlakte." in out
    assert "Referentie-indeling is nu 2017 (14 buurten)." in out
    data = load_project(wageningen).data
    assert data["reference_year"] == 2017
    assert data["areas"]["path"] == "buurten_2017.geojson"
    assert sorted(d["year"] for d in data["divisions"]) == [2017, 2018]
    assert main(["info", str(wageningen)]) == 0
    info = capsys.readouterr().out
    assert "Referentie: buurtindeling 2017. Buurtindelingen in het project: 2017, 2018." in info
    assert "gebieden: 14" in info  # the map shows the 2017 division now
    old_counts = _invented(folder / "invented_2016_2017.csv")
    new_counts = _invented(folder / "invented_2018_2019.csv")
    report = _trend(wageningen, "BU02890003", capsys)
    # 2016–2017 are on the reference now: exactly as given; 2018–2019 are converted back
    assert report["gebied"]["waarden"]["2016"] == old_counts[("BU02890003", 2016)]
    assert report["gebied"]["waarden"]["2017"] == old_counts[("BU02890003", 2017)]
    old = read_areas(W2017).frame
    new = read_areas(W2018).frame
    union = shapely.union_all(old.geometry)
    kept = {
        code: shapely.area(shapely.intersection(geom, union)) / shapely.area(geom)
        for code, geom in new.geometry.items()
    }
    expected = sum(new_counts[(c, 2018)] * kept[c] for c in new.index)
    assert report["gemeente"]["waarden"]["2018"] == pytest.approx(expected, rel=1e-6)
    # and back: the 2018 figures are the given ones again
    assert main(["series", str(wageningen), "--reference", "2018"]) == 0
    report = _trend(wageningen, "BU02890102", capsys)
    assert report["gebied"]["waarden"]["2018"] == new_counts[("BU02890102", 2018)]


@pytest.mark.parametrize(
    "extra, message",
    [
        (
            ["--reference", "2019"],
            "Het project heeft geen buurtgrenzen van 2019. Wel van: 2017, 2018.",
        ),
        (["--division", "APPINGEDAM"], "bevat buurten van GM0003, niet van GM0289"),
        (["--division", "COPY2017"], "Het project heeft al buurtgrenzen van 2017"),
        (["--division", "NOYEAR"], "blijkt niet van welk jaar de buurtgrenzen zijn"),
        (["--bag", "BAG"], "geef die indeling op met --division"),
        ([], "Geef --add BESTAND (een reeks), --division BESTAND"),
    ],
)
def test_bad_vintages_are_refused_in_dutch(wageningen, extra, message, capsys):
    folder = wageningen.parent
    shutil.copy(APPINGEDAM, folder / "appingedam.geojson")
    shutil.copy(W2017, folder / "kopie.geojson")
    frame = read_areas(W2017).frame
    plain = frame[[frame.geometry.name]].assign(statcode=frame.index.to_numpy())
    plain.reset_index(drop=True).to_file(folder / "grenzen.geojson", driver="GeoJSON")
    files = {
        "APPINGEDAM": "appingedam.geojson",
        "COPY2017": "kopie.geojson",
        "NOYEAR": "grenzen.geojson",
        "BAG": "bag.csv",
    }
    before = wageningen.read_text(encoding="utf-8")
    capsys.readouterr()
    args = [str(folder / files[a]) if a in files else a for a in extra]
    assert main(["series", str(wageningen), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert wageningen.read_text(encoding="utf-8") == before  # nothing written


def test_a_division_without_a_year_is_held_with_the_year_given(wageningen, capsys):
    folder = wageningen.parent
    frame = read_areas(W2017).frame
    plain = frame[[frame.geometry.name]].assign(statcode=frame.index.to_numpy())
    plain.reset_index(drop=True).to_file(folder / "grenzen.geojson", driver="GeoJSON")
    data = load_project(wageningen).data
    data["divisions"] = [d for d in data["divisions"] if d["year"] != 2017]
    data["series"] = [e for e in data["series"] if not e.get("division")]
    wageningen.write_text(json.dumps(data), encoding="utf-8")
    args = ["series", str(wageningen), "--division", str(folder / "grenzen.geojson")]
    assert main([*args, "--division-year", "2017"]) == 0
    assert "Buurtindeling 2017 toegevoegd: grenzen.geojson." in capsys.readouterr().out
    assert main(["series", str(wageningen), "--reference", "2017"]) == 0
    assert load_project(wageningen).data["areas"]["path"] == "grenzen.geojson"


def test_version_5_projects_are_migrated():
    """A series' own division becomes a held division; the reference year comes from the name
    of the areas file when it gives one (the file's own year is read when the project opens)."""
    v5 = {
        "schema_version": 5,
        "areas": {"path": "buurten_2018.geojson", "source": "CBS"},
        "series": [{"path": "s.csv", "division": "oud/buurten_2017.geojson", "years": [2017]}],
        "reference_year": None,
        "goals": [],
    }
    data = migrate(v5)
    assert data["schema_version"] == SCHEMA_VERSION == 6
    assert data["reference_year"] == 2018
    assert data["divisions"] == [
        {"path": "buurten_2018.geojson", "year": 2018, "source": "CBS"},
        {"path": "oud/buurten_2017.geojson", "year": 2017},
    ]
    assert data["series"] == v5["series"]


def test_the_frozen_version_5_project_opens_with_its_reference_year():
    from wijkkaart.layers.document import MapDocument

    path = REAL.parent / "projects" / "baarn_v5.wijkkaart"
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 5
    document = MapDocument.open(path, allow_outside=True)  # it reads tests/data/real
    data = document.project.data
    assert data["schema_version"] == 6 and data["reference_year"] == 2024
    assert data["divisions"][0]["year"] == 2024 and len(document.areas.frame) == 21
    assert len(data["series"]) == 1


def test_wageningen_crosswalk_with_invented_dwellings_counts_each_piece(tmp_path, capsys):
    """The weights are the dwellings in each overlap piece, counted here independently (every
    point tested against every piece), and every old buurt's shares add up to one."""
    bag = invented_dwellings(tmp_path)
    out = tmp_path / "matrix.csv"
    capsys.readouterr()
    args = ["crosswalk", str(W2017), str(W2018), "--bag", str(bag), "--out", str(out), "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["gewogen_naar"] == "woningen"
    assert report["voetnoot"] == (
        "2017 omgerekend naar de buurtindeling van 2018, naar rato van woningen."
    )
    import pandas as pd

    matrix = pd.read_csv(out, dtype={"naar": str}, keep_default_na=False)
    old = read_areas(W2017).frame
    new = read_areas(W2018).frame
    table = pd.read_csv(bag)
    dwellings = table[table["gebruiksdoel"] == "woonfunctie"]
    x, y = dwellings["x"].to_numpy(), dwellings["y"].to_numpy()
    checked = 0
    for row in matrix[matrix["naar"] != ""].itertuples():
        piece = shapely.intersection(old.geometry[row.van], new.geometry[row.naar])
        inside_old = shapely.contains_xy(old.geometry[row.van], x, y)
        count = int((shapely.contains_xy(piece, x, y) & inside_old).sum())
        if row.gewogen_naar == "woningen":
            assert row.gewicht == pytest.approx(count, abs=1), (row.van, row.naar)
            checked += 1
    assert checked >= 20
    sums = matrix.groupby("van")["aandeel"].sum()
    assert np.allclose(sums.to_numpy(), 1.0, atol=1e-5)
    # every 2018 buurt says how its 2017 figures were derived
    assert set(report["afleiding"]) == set(new.index)
    assert all(entry["tekst"] for entry in report["afleiding"].values())


def test_a_series_converted_by_invented_dwellings_keeps_its_totals(wageningen, capsys):
    """The same project with an (INVENTED) BAG file: the 2016 figures go by dwellings, and the
    gemeente total is the old total less the dwellings' share outside the 2018 division."""
    folder = wageningen.parent
    bag = invented_dwellings(folder)
    data = load_project(wageningen).data
    entry = next(e for e in data["series"] if e.get("division"))
    args = ["series", str(wageningen), "--add", str(folder / entry["path"]), "--replace"]
    args += ["--division", str(folder / entry["division"]), "--bag", str(bag)]
    assert main(args) == 0
    report = _trend(wageningen, "BU02890102", capsys)
    assert (
        "2016–2017 omgerekend naar de buurtindeling van 2018, naar rato van woningen."
        in (report["opmerkingen"])
    )
    from wijkkaart.analysis.crosswalk import build_crosswalk
    from wijkkaart.io.bag import read_bag_points

    walk = build_crosswalk(read_areas(W2017).frame, read_areas(W2018).frame, read_bag_points(bag))
    outside = walk.remainder()
    counts = _invented(folder / "invented_2016_2017.csv")
    expected = sum(n * (1 - outside[c]) for (c, y), n in counts.items() if y == 2016)
    assert report["gemeente"]["waarden"]["2016"] == pytest.approx(expected, rel=1e-9)
    explained = [n for n in report["opmerkingen"] if n.startswith("BU02890102: ")]
    assert explained and "naar rato van woningen" in explained[0]


def test_a_print_of_a_converted_year_carries_the_footnote(wageningen, tmp_path, qapp):
    """A project of boundaries only: the year's figures get a layer, the footnote is printed
    (the CLI shares the session's QApplication, as widget tests need)."""
    import subprocess

    out = tmp_path / "inwoners_2016.pdf"
    args = ["export", str(wageningen), "--out", str(out), "--year", "2016"]
    assert main([*args, "--indicator", "aantal_inwoners"]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "Inwoners 2016" in flat
    assert "2016–2017 omgerekend naar de buurtindeling van 2018, naar rato van oppervlakte." in flat
    assert main(["series", str(wageningen), "--reference", "2017"]) == 0
    assert (
        main(
            [
                *args[:3],
                str(tmp_path / "2018.pdf"),
                "--year",
                "2018",
                "--indicator",
                "aantal_inwoners",
            ]
        )
        == 0
    )
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "2018.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "2018–2019 omgerekend naar de buurtindeling van 2017" in " ".join(text.split())


def test_a_version_5_project_whose_file_names_say_no_year_can_switch(tmp_path, capsys):
    """Version 5 stored no years; the files' jrstatcode tells them when the project is used."""
    old = list(read_areas(W2017).frame.index)
    project = version5_project(tmp_path)  # INVENTED counts: 1000 + 37 * the buurt's place
    assert main(["series", str(project), "--reference", "2017"]) == 0
    data = load_project(project).data
    assert data["areas"]["path"] == "oud.geojson" and data["reference_year"] == 2017
    assert sorted((d["path"], d["year"]) for d in data["divisions"]) == [
        ("kaart.geojson", 2018),
        ("oud.geojson", 2017),
    ]
    report = _trend(project, "BU02890003", capsys)
    assert report["gebied"]["waarden"]["2017"] == 1000 + 37 * old.index("BU02890003")


def test_reading_the_converted_series_reports_progress_and_stops_on_cancel(wageningen):
    """project_series reads two series and converts one through the crosswalk: one feedback
    runs through all of it, and a cancel stops it (nothing is kept in the series cache)."""
    from wijkkaart.feedback import Cancelled, Feedback
    from wijkkaart.timeline import cached_project_series, known_project_series, project_series

    project = load_project(wageningen)
    seen: list[tuple[float, str]] = []
    series = project_series(project, Feedback(lambda f, m: seen.append((f, m))))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any(0.0 < f < 0.5 for f in fractions)  # the first series and its conversion
    assert any(0.5 < f < 1.0 for f in fractions)  # the second series
    assert series.years == project_series(project).years == [2016, 2017, 2018, 2019]
    stopped = Feedback()
    stopped.cancel()
    with pytest.raises(Cancelled):
        cached_project_series(project, stopped)
    assert known_project_series(project) is None  # a cancelled read is not kept


def test_adding_a_series_on_another_division_reports_each_step(tmp_path):
    """add_series reads the series, holds its division (read here) and converts it: one
    feedback runs through the three (real Wageningen boundaries, INVENTED counts)."""
    from wijkkaart.feedback import Feedback
    from wijkkaart.timeline import add_series

    shutil.copy(W2017, tmp_path / "buurten_2017.geojson")
    shutil.copy(W2018, tmp_path / "buurten_2018.geojson")
    project_path = tmp_path / "w.wijkkaart"
    assert main(["new", str(tmp_path / "buurten_2018.geojson"), "--out", str(project_path)]) == 0
    project = load_project(project_path)
    seen: list[float] = []
    series = add_series(
        project,
        invented_2017(tmp_path),
        division=tmp_path / "buurten_2017.geojson",
        feedback=Feedback(lambda f, _m: seen.append(f)),
    )
    assert series.years == [2017] and seen == sorted(seen)
    assert any(f <= 0.3 for f in seen)  # the series file
    assert any(0.3 < f <= 0.45 for f in seen)  # its division read
    assert any(0.45 < f <= 0.8 for f in seen)  # the conversion to the 2018 buurten
