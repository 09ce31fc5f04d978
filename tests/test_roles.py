"""Data roles added to a new project, and the whole path from the command line on real files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyproj import Transformer

from tests.fixtures import ep_row, write_bag, write_eponline
from tests.rasters import gradient, write_tif
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError
from wijkkaart.new_project import new_project
from wijkkaart.roles import ROLES, add_role

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.national import national_buurten

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample"
HOSTILE = ROOT / "tests" / "data" / "hostile"


@pytest.fixture(autouse=True)
def _widgets(qapp):
    """Exports run in-process: a QApplication first, so later widget tests can share it."""
    return qapp


@pytest.fixture
def utrecht(tmp_path):
    """The Utrecht sample buurten and their real CBS table, copied beside a new project."""
    for name in ("utrecht_buurten.gpkg", "utrecht_kerncijfers_2020.csv"):
        shutil.copy(SAMPLE / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def appingedam(real, tmp_path):
    for name in ("buurten_2020_generalised.geojson", "bag_verblijfsobjecten_sample.csv"):
        shutil.copy(real / name, tmp_path / name)
    return tmp_path


def _labels_at(tmp_path: Path, document: MapDocument, codes: list[str]) -> tuple[Path, Path]:
    """An EP-Online file and a BAG file placing one invented label in each of ``codes``.

    The labels are made up (the tests mark them illustrative); the buurten are real.
    """
    rows, bag = [], []
    for i, code in enumerate(codes):
        point = document.areas.frame.at[code, "geometry"].representative_point()
        vbo = f"0344010000{i:06d}"
        rows.append(ep_row("20230301", "Bestaand", "ABCDEFG"[i % 7], "W", "3500AA", str(i), vbo))
        bag.append((vbo, "3500AA", str(i), point.x, point.y))
    return write_eponline(tmp_path, rows), write_bag(tmp_path, bag)


def test_roles_contract():
    assert ROLES == ("table", "eponline", "heat_plan", "raster", "points", "wijken")


def test_table_role_has_a_source_and_is_read_again(utrecht):
    document = new_project(utrecht / "utrecht_buurten.gpkg")
    report = add_role(document, "table", utrecht / "utrecht_kerncijfers_2020.csv")
    assert report.counts["matched"] == 111  # all 111 Utrecht buurten are in the CBS table
    assert document.areas.frame["percentage_koopwoningen"].notna().sum() > 100
    entry = document.project.data["tables"][0]
    assert entry["source"] == "Tabel, utrecht_kerncijfers_2020.csv"
    document.save(utrecht / "u.wijkkaart")
    again = MapDocument.open(utrecht / "u.wijkkaart")
    assert again.areas.frame["percentage_koopwoningen"].equals(
        document.areas.frame["percentage_koopwoningen"]
    )
    with pytest.raises(WijkkaartError) as info:
        add_role(again, "table", utrecht / "utrecht_kerncijfers_2020.csv")
    assert info.value.key == "role_exists"
    add_role(again, "table", utrecht / "utrecht_kerncijfers_2020.csv", replace=True, source="CBS")
    assert [e["source"] for e in again.project.data["tables"]] == ["CBS"]


def test_eponline_role_gives_label_indicators(utrecht):
    document = new_project(utrecht / "utrecht_buurten.gpkg")
    add_role(document, "table", utrecht / "utrecht_kerncijfers_2020.csv")
    codes = document.areas.frame.index[:10].tolist()
    ep, bag = _labels_at(utrecht, document, codes)
    report = add_role(document, "eponline", ep, bag=bag, illustrative=True)
    assert report.counts["placed"] == 10 and report.counts["not_placed"] == 0
    assert report.messages[0].startswith("10 van 10 energielabels")
    frame = document.areas.frame
    assert frame.loc[codes, "aantal_energielabels"].tolist() == [1.0] * 10
    assert "percentage_energielabel_a" in frame
    assert "aantal_energielabels" in document.areas.illustrative
    entry = document.project.data["eponline"][0]
    assert entry["source"] == f"EP-Online (RVO), {ep.name}"
    assert entry["bag"] == bag.name and entry["illustrative"] is True
    document.save(utrecht / "u.wijkkaart")
    again = MapDocument.open(utrecht / "u.wijkkaart")
    assert again.areas.frame["aantal_energielabels"].sum() == 10
    assert "aantal_energielabels" in again.areas.illustrative


def test_eponline_that_matches_nothing_is_refused(utrecht, tmp_path):
    document = new_project(utrecht / "utrecht_buurten.gpkg")
    rows = [ep_row("20230301", "Bestaand", "C", "W", "9999ZZ", "1", "0003010000999999")]
    ep = write_eponline(tmp_path, rows)
    bag = write_bag(tmp_path, [("0003010000999999", "9999ZZ", "1", 253000.0, 593000.0)])
    with pytest.raises(WijkkaartError) as info:
        add_role(document, "eponline", ep, bag=bag)
    assert info.value.key == "ep_nothing_placed"
    assert "0 geplaatst" in str(info.value)
    assert document.project.data["eponline"] == []
    assert "aantal_energielabels" not in document.areas.frame


def test_raster_wholly_outside_is_refused(utrecht, tmp_path):
    document = new_project(utrecht / "utrecht_buurten.gpkg")
    far = write_tif(tmp_path / "groningen.tif", gradient(20, 20), 230_000.0, 590_000.0)
    with pytest.raises(WijkkaartError) as info:
        add_role(document, "raster", far)
    assert info.value.key == "raster_outside_areas"
    assert "buiten de buurten" in str(info.value)
    assert document.project.data["rasters"] == []


def test_points_role_appingedam_bag(appingedam):
    document = new_project(appingedam / "buurten_2020_generalised.geojson")
    report = add_role(document, "points", appingedam / "bag_verblijfsobjecten_sample.csv")
    assert report.counts == {"points": 100, "in_areas": 100}
    layer = document.layers[-1]
    assert layer.kind == "points" and len(layer.frame) == 100
    document.save(appingedam / "a.wijkkaart")
    again = MapDocument.open(appingedam / "a.wijkkaart")
    assert again.layers[-1].kind == "points" and len(again.layers[-1].frame) == 100
    assert again.project.data["points"][0]["source"] == "Punten, bag_verblijfsobjecten_sample.csv"


def test_points_partly_outside_are_counted_as_a_spatial_join_counts(appingedam):
    """The points in the areas are counted on the areas' one spatial index: as many as a spatial
    join of the points with the buurten finds. The 100 real BAG points and three INVENTED ones
    outside Appingedam (Groningen city, the Waddenzee, Drenthe)."""
    import geopandas as gpd

    from wijkkaart.io.points import read_points

    path = appingedam / "bag_verblijfsobjecten_sample.csv"
    invented = [  # INVENTED rows, outside every buurt of Appingedam
        f"99990000000000{i:02d},50,Verblijfsobject in gebruik,woonfunctie,Nergensweg,{i},,,"
        f"9999ZZ,Nergens,2000,{lon},{lat}"
        for i, (lon, lat) in enumerate([(6.566, 53.219), (6.40, 53.50), (6.60, 52.90)], 1)
    ]
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + "\n".join(invented))
    document = new_project(appingedam / "buurten_2020_generalised.geojson")
    points = read_points(path).frame
    joined = gpd.sjoin(
        points[["geometry"]], document.base_areas.frame[["geometry"]], predicate="within"
    )
    report = add_role(document, "points", path)
    assert report.counts == {"points": 103, "in_areas": joined.index.unique().size}
    assert report.counts["in_areas"] == 100  # the real ones, as above


def test_zaanstad_end_to_end_from_the_command_line(real, tmp_path, run_cli, unchanged):
    for name in ("cbs_buurten_2017.geojson", "cbs_wijken_2017.geojson"):
        shutil.copy(real / name, tmp_path / name)
    buurten, wijken = tmp_path / "cbs_buurten_2017.geojson", tmp_path / "cbs_wijken_2017.geojson"
    unchanged(buurten, wijken)
    project = tmp_path / "zaanstad.wijkkaart"
    code, out, err = run_cli("new", buurten, "--gemeente", "GM0479", "--out", project)
    assert code == 0, err
    assert "50 buurten" in out and "GM0479" in out
    code, out, err = run_cli("add", project, "--wijken", wijken)
    assert code == 0, err
    code, out, err = run_cli("add", project, "--wijken", wijken)
    assert code == 2 and "al toegevoegd" in err
    code, out, err = run_cli("profile", project, "--wijk", "WK047912", "--json")
    assert code == 0, err
    profile = json.loads(out)
    assert profile["gemeenten"] == ["GM0479"] and profile["illustrative"] is False
    assert profile["indicators"]["aantal_inwoners"]["gemeente"] == 153580.0  # Zaanstad 2017
    code, out, err = run_cli(
        "typology", project, "--clusters", "3", "--indicators", "aantal_inwoners", "--json"
    )
    assert code == 0, err
    assert len(json.loads(out)["types"]) == 50
    code, _, err = run_cli("export", project, "--out", tmp_path / "z.pdf")
    assert code == 0, err
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "z.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Bevolkingsdichtheid (inwoners/km²)" in text  # the first map: a rate, not a count
    assert "voorbeeldgegevens" not in text.lower()  # real files only: nothing illustrative
    code, _, err = run_cli("export", project, "--out", tmp_path / "z.html")
    assert code == 0, err
    assert "voorbeeldgegevens" not in (tmp_path / "z.html").read_text(encoding="utf-8").lower()
    code, _, err = run_cli("atlas", project, "--out", tmp_path / "atlas.pdf")
    assert code == 0, err
    code, out, err = run_cli("info", project, "--json")
    assert code == 0, err
    info = json.loads(out)
    assert [r["role"] for r in info["roles"]] == ["areas", "wijken"]
    assert info["roles"][1]["source"] == "Wijkgrenzen, cbs_wijken_2017.geojson"
    assert info["gemeenten"] == [{"code": "GM0479", "name": "Zaanstad", "buurten": 50}]
    again = MapDocument.open(project)
    assert len(again.areas.frame) == 50
    names = [layer.name for layer in again.layers]
    assert names == ["Bevolkingsdichtheid", "Wijkgrenzen", "Gemeentegrenzen"]


def test_appingedam_points_and_labels_from_the_command_line(appingedam, run_cli):
    project = appingedam / "appingedam.wijkkaart"
    area_file = appingedam / "buurten_2020_generalised.geojson"
    code, _, err = run_cli("new", area_file, "--out", project)
    assert code == 0, err
    bag_sample = appingedam / "bag_verblijfsobjecten_sample.csv"
    code, out, err = run_cli("add", project, "--points", bag_sample)
    assert code == 0, err
    assert "100 van 100 punten" in out
    # EP-Online rows on the real BAG ids (labels invented, so marked illustrative); the BAG
    # sample's lon/lat become RD x/y for the placement file.
    to_rd = Transformer.from_crs("EPSG:4326", "EPSG:28992", always_xy=True)
    lines = bag_sample.read_text(encoding="utf-8").splitlines()[1:21]
    rows, bag = [], []
    for i, line in enumerate(lines):
        cells = line.split(",")
        x, y = to_rd.transform(float(cells[-2]), float(cells[-1]))
        rows.append(ep_row("20230301", "Bestaand", "CDE"[i % 3], "W", cells[8], cells[5], cells[0]))
        bag.append((cells[0], cells[8], cells[5], x, y))
    ep, bag_file = write_eponline(appingedam, rows), write_bag(appingedam, bag)
    code, out, err = run_cli(
        "add", project, "--eponline", ep, "--bag", bag_file, "--illustrative", "--json"
    )
    assert code == 0, err
    assert json.loads(out)["counts"]["placed"] == 20
    code, out, err = run_cli("profile", project, "--buurten", "BU00030000", "--json")
    assert code == 0, err
    assert "aantal_energielabels" in json.loads(out)["indicators"]
    code, out, err = run_cli("info", project, "--json")
    roles = json.loads(out)["roles"]
    assert [r["role"] for r in roles] == ["areas", "eponline", "points"]
    assert roles[1]["source"] == f"EP-Online (RVO), {ep.name}" and roles[1]["illustrative"]


@pytest.mark.parametrize(
    "name, count", [("cbs_buurten_2021.gpkg", 17), ("cbs_buurten_2024.geojson", 21)]
)
def test_ermelo_and_baarn_from_the_command_line(real, tmp_path, run_cli, name, count):
    shutil.copy(real / name, tmp_path / name)
    project = tmp_path / "p.wijkkaart"
    code, out, err = run_cli("new", tmp_path / name, "--out", project)
    assert code == 0, err
    code, out, err = run_cli("info", project, "--json")
    assert json.loads(out)["count"] == count
    code, _, err = run_cli("export", project, "--out", tmp_path / "p.png", "--dpi", "72")
    assert code == 0, err


def test_one_gemeente_of_a_national_file_from_the_command_line(tmp_path, run_cli):
    national = national_buurten(tmp_path / "national.gpkg", n=700)
    project = tmp_path / "gm7.wijkkaart"
    code, out, err = run_cli("new", national, "--gemeente", "GM0007", "--out", project)
    assert code == 0, err
    assert "35 buurten" in out
    code, out, err = run_cli("open", national, "--summary")
    assert code == 0, err
    assert "Project: naamloos" in out and "gebieden: 700" in out


def test_bad_input_from_the_command_line(real, tmp_path, run_cli, unchanged):
    buurten = tmp_path / "cbs_buurten_2017.geojson"
    shutil.copy(real / "cbs_buurten_2017.geojson", buurten)
    unchanged(buurten)
    project = tmp_path / "z.wijkkaart"
    cases = [
        (["new", buurten, "--gemeente", "GM0344", "--out", project], "staat niet in"),
        (["new", buurten, "--out", buurten], "wijkkaart-bestand"),
        (["new", buurten, "--out", tmp_path / "x.gpkg"], "wijkkaart-bestand"),
        (["new", HOSTILE / "areas_no_codes.geojson", "--out", project], "gebiedscodes"),
        (["new", real / "warmteprogramma_per_buurt.csv", "--out", project], "tabel"),
        (["add", buurten, "--table", buurten], "geen project"),
    ]
    for args, words in cases:
        code, _, err = run_cli(*args)
        assert code == 2, (args, err)
        assert words in err and "Traceback" not in err
    assert not project.exists()
    assert run_cli("new", buurten, "--out", project)[0] == 0
    unchanged(project)
    cases = [
        (["add", project, "--table", buurten, "--bag", buurten], "--bag hoort bij --eponline"),
        (["add", project, "--raster", tmp_path / "missing.tif"], "niet gevonden"),
    ]
    for args, words in cases:
        code, _, err = run_cli(*args)
        assert code == 2, (args, err)
        assert words in err and "Traceback" not in err


def test_removing_a_role_reports_progress_through_the_analyses_and_can_be_cancelled(utrecht):
    """remove_role reads the other files again and re-runs the analyses: both report into
    the one feedback, and a cancel stops it with the document as it was."""
    import json

    from wijkkaart.feedback import Cancelled, Feedback
    from wijkkaart.new_project import new_project
    from wijkkaart.roles import removal_state, role_state

    table = utrecht / "utrecht_kerncijfers_2020.csv"
    shutil.copy(SAMPLE / "voorbeeld_waterdiepte.tif", utrecht / "waterdiepte.tif")
    document = new_project(utrecht / "utrecht_buurten.gpkg")
    document.restore(role_state(document, "table", table)[0])
    raster = {"prefix": "waterdiepte", "nodata_is_zero": True, "threshold": 0.5}
    document.restore(role_state(document, "raster", utrecht / "waterdiepte.tif", **raster)[0])
    # a stacking that outlives the table: the raster's share stays after the removal
    spec = {"indicators": ["waterdiepte_aandeel_boven_drempel", "leefbaarometer_score"]}
    document.set_analysis("stacking", spec)
    before = json.dumps(document.snapshot_data(), sort_keys=True, default=str)
    seen: list[float] = []
    removed = removal_state(
        document, "table", table, Feedback(lambda fraction, _m: seen.append(fraction))
    )
    assert seen == sorted(seen) and seen[-1] == 1.0
    assert any(f < 0.8 for f in seen)  # the files read again
    assert any(0.8 < f < 1.0 for f in seen)  # the stacking re-run, in its own part
    assert "percentage_koopwoningen" not in removed.base_areas.frame
    assert "stacking" in removed.analyses
    stopped = Feedback()
    stopped.cancel()
    with pytest.raises(Cancelled):
        removal_state(document, "table", table, stopped)
    assert json.dumps(document.snapshot_data(), sort_keys=True, default=str) == before
