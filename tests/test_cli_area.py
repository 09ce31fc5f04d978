"""`wijkkaart area PROJECT --add NAME --from FILE`: a focus area saved from the CLI.

The polygons below are test shapes (invented, in WGS84 over the sample's Utrecht); the
profiles they get are computed from the real sample data."""

import json
import shutil


def _polygon_file(path, ring, kind="Polygon"):
    geometry = {"type": kind, "coordinates": [ring] if kind == "Polygon" else ring[0]}
    feature = {"type": "Feature", "properties": {}, "geometry": geometry}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


CENTRUM = [[5.10, 52.08], [5.13, 52.08], [5.13, 52.10], [5.10, 52.10], [5.10, 52.08]]
GRONINGEN = [[6.55, 53.20], [6.58, 53.20], [6.58, 53.22], [6.55, 53.22], [6.55, 53.20]]


def test_add_a_focus_area_then_profile_it_by_name(sample, tmp_path, run_cli):
    shutil.copytree(sample, tmp_path / "p")
    project = tmp_path / "p" / "utrecht.wijkkaart"
    shape = _polygon_file(tmp_path / "centrum.geojson", CENTRUM)
    result = run_cli("area", project, "--add", "Centrum", "--from", shape)
    assert result.returncode == 0, result.stderr
    assert "Centrum" in result.stdout
    info = json.loads(run_cli("info", project, "--json").stdout)
    names = [a["name"] for a in info["focus_areas"]]
    assert "Centrum" in names and info["focus_areas"][names.index("Centrum")]["area_ha"] > 100
    assert "Centrum (" in run_cli("info", project).stdout  # the text report names it too
    by_name = run_cli("profile", project, "--area", "Centrum", "--json")
    assert by_name.returncode == 0, by_name.stderr
    by_file = run_cli("profile", project, "--area", shape, "--json")
    saved, read = json.loads(by_name.stdout), json.loads(by_file.stdout)
    assert saved["buurten"] and [b["code"] for b in saved["buurten"]] == [
        b["code"] for b in read["buurten"]
    ]  # the saved shape is the file's (WKT kept to the mm)
    people = saved["indicators"]["aantal_inwoners"]["value"]
    assert abs(people - read["indicators"]["aantal_inwoners"]["value"]) < 0.01 * people / 100


def test_bad_focus_areas_are_refused_and_the_project_is_unchanged(sample, tmp_path, run_cli):
    shutil.copytree(sample, tmp_path / "p")
    project = tmp_path / "p" / "utrecht.wijkkaart"
    before = project.read_bytes()
    far = _polygon_file(tmp_path / "groningen.geojson", GRONINGEN)
    result = run_cli("area", project, "--add", "Ver weg", "--from", far)
    assert result.returncode == 2 and "buiten de kaart" in result.stderr
    points = tmp_path / "punt.geojson"
    point = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "Point", "coordinates": [5.1, 52.09]},
    }
    points.write_text(json.dumps({"type": "FeatureCollection", "features": [point]}))
    result = run_cli("area", project, "--add", "Punt", "--from", points)
    assert result.returncode == 2 and "geen vlak" in result.stderr
    taken = json.loads(before)["focus_areas"][0]["name"]
    shape = _polygon_file(tmp_path / "centrum.geojson", CENTRUM)
    result = run_cli("area", project, "--add", taken.upper(), "--from", shape)
    assert result.returncode == 2 and "al een focusgebied" in result.stderr
    assert "Traceback" not in result.stderr
    assert project.read_bytes() == before
    result = run_cli("profile", project, "--area", "Bestaat niet")
    assert result.returncode == 2 and taken in result.stderr  # names the areas there are
