"""The command line as a user runs it: exit codes, stdout/stderr, files written.

Most commands run in this process through the ``run_cli`` fixture (tests/conftest.py), which
captures the streams at the file-descriptor level and fails a test when a call leaks state into
the next. A few smoke tests start a real ``python -m wijkkaart`` process: the program as
installed, a machine without a screen, a real export, an argparse refusal and a closed pipe.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fixtures import write_gpkg_2022


def process(*args, env=None, cwd=None) -> subprocess.CompletedProcess:
    """A real ``python -m wijkkaart`` (smoke tests only: each costs a second of start-up)."""
    env = env or {**os.environ, "WIJKKAART_LANG": "nl", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("WIJKKAART_DEBUG", None)
    return subprocess.run(
        [sys.executable, "-m", "wijkkaart", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )


def test_info_json_keys_on_real_cbs_file(real, run_cli):
    result = run_cli("info", real / "cbs_buurten_2017.geojson", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["level"] == "buurt"
    assert report["count"] == 50
    assert report["crs"] == "EPSG:28992"
    assert report["schema"] == "shp_lower"
    assert report["indicators"]["percentage_uit_marokko"]["missing"] == 7
    assert report["indicators"]["percentage_uit_marokko"]["missing_by_reason"] == {"unknown": 7}
    assert report["indicators"]["aantal_inwoners"]["missing"] == 0
    assert isinstance(report["warnings"], list)


def test_info_reports_crs_as_found_in_file(tmp_path, run_cli):
    from tests.fixtures import zaanstad

    path = tmp_path / "wgs84.geojson"
    zaanstad()[["bu_code", "aant_inw", "geometry"]].to_crs("EPSG:4326").to_file(path)
    report = json.loads(run_cli("info", path, "--json").stdout)
    assert report["crs"] == "EPSG:4326"
    assert report["count"] == 50


def test_file_without_codes_is_refused_clearly(tmp_path, run_cli):
    path = tmp_path / "vlakken.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"KODE":"0111"},'
        '"geometry":{"type":"Polygon","coordinates":[[[5.1,52.1],[5.2,52.1],[5.2,52.2],[5.1,52.1]]]}}]}',
        encoding="utf-8",
    )
    info = run_cli("info", path, "--json")
    assert info.returncode == 0  # described as a plain vector layer (usable as focus area)
    report = json.loads(info.stdout)
    assert report["kind"] == "vector" and report["crs"] == "EPSG:4326"
    assert report["columns"] == ["KODE"]
    assert any("geen kolom met gebiedscodes" in w for w in report["warnings"])
    result = run_cli("validate", path)
    assert result.returncode == 2
    assert "geen kolom met gebiedscodes" in result.stderr


def test_info_text_on_gpkg_with_layers(tmp_path, run_cli):
    path = write_gpkg_2022(tmp_path)
    result = run_cli("info", path, "--layer", "wijken")
    assert result.returncode == 0, result.stderr
    assert "Niveau: wijk" in result.stdout
    assert "gebieden: 19" in result.stdout


def test_info_water_and_missing_reasons_text(real, run_cli):
    result = run_cli("info", real / "cbs_buurten_2021.gpkg")
    assert result.returncode == 0
    assert "waterbuurt" in result.stdout and "BU02339997" in result.stdout
    assert "leeg in het bestand" in result.stdout


def test_validate_ok_and_not_usable(real, tmp_path, run_cli):
    ok = run_cli("validate", real / "cbs_buurten_2017.geojson")
    assert ok.returncode == 0
    assert "bruikbaar (50 gebieden op niveau buurt)" in ok.stdout
    empty = tmp_path / "leeg.gpkg"
    empty.write_bytes(b"")
    bad = run_cli("validate", empty)
    assert bad.returncode == 2
    assert "niet bruikbaar" in bad.stderr and "is leeg" in bad.stderr
    assert "Traceback" not in bad.stderr and bad.stdout == ""


@pytest.mark.parametrize("content", [b"", b"geen kaart", b"\x00\x01binary"])
def test_info_bad_files_exit_nonzero_without_traceback(tmp_path, content, run_cli):
    path = tmp_path / "kapot.gpkg"
    path.write_bytes(content)
    result = run_cli("info", path)
    assert result.returncode == 2
    assert result.stderr.startswith("Fout: ")
    assert "Traceback" not in result.stderr
    assert path.read_bytes() == content


def test_info_on_eponline_heat_plan_raster_and_project(real, sample, run_cli):
    heat = run_cli("info", real / "warmteprogramma_per_buurt.csv", "--json")
    assert json.loads(heat.stdout)["kind"] == "heat_plan"
    raster = json.loads(run_cli("info", sample / "voorbeeld_waterdiepte.tif", "--json").stdout)
    assert raster["crs"] == "EPSG:28992" and raster["nodata"] == -9999
    project = json.loads(run_cli("info", sample / "utrecht.wijkkaart", "--json").stdout)
    assert project["count"] == 111
    assert "perc_huurwoningen_in_bezit_woningcorporaties" in project["illustrative"]
    assert project["indicators"]["percentage_koopwoningen"].get("illustrative") is None


def test_open_summary_prints_sample_summary(run_cli):
    result = run_cli("open", "--summary")
    assert result.returncode == 0, result.stderr
    assert "Utrecht (voorbeeldproject)" in result.stdout
    assert "voorbeeldgegevens" in result.stdout
    assert "Koopwoningen" in result.stdout


def test_english_messages(tmp_path, run_cli):
    path = tmp_path / "leeg.csv"
    path.write_text("", encoding="utf-8")
    result = run_cli("--lang", "en", "validate", path)
    assert result.returncode == 2
    assert "not usable" in result.stderr and "is empty" in result.stderr


def test_open_without_a_screen_falls_back_to_the_summary():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    result = process("open", env=env)
    assert result.returncode == 0
    assert "Geen beeldscherm gevonden" in result.stderr
    assert "Utrecht (voorbeeldproject)" in result.stdout


def test_open_screenshot_writes_a_picture_of_the_window(tmp_path):
    """On a 1366×768 laptop screen (Qt's offscreen platform told that size) the window fits."""
    from PySide6.QtGui import QImage

    screen = tmp_path / "scherm.json"
    laptop = {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
    screen.write_text(json.dumps({"screens": [{**laptop, "logicalDpi": 96, "dpr": 1}]}))
    env = {
        **os.environ,
        "WIJKKAART_LANG": "nl",
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
    }
    shot = tmp_path / "venster.png"
    result = process("open", "--screenshot", shot, env=env)
    assert result.returncode == 0, result.stderr
    image = QImage(str(shot))
    assert 1000 <= image.width() <= 1366 and 600 <= image.height() <= 768


def test_a_screenshot_never_lands_over_the_project_or_in_a_missing_folder(sample, tmp_path):
    """The picture is written beside its target and renamed: a folder that does not exist, or
    the project file or a data file it reads as target, is exit 2 with a Dutch message, and
    they stay as they were."""
    import shutil

    project = tmp_path / "utrecht.wijkkaart"
    for name in os.listdir(sample):
        source = sample / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, tmp_path / name)
    before = project.read_bytes()
    env = {**os.environ, "WIJKKAART_LANG": "nl"}
    missing = tmp_path / "bestaat-niet" / "venster.png"
    buurten = tmp_path / "utrecht_buurten.gpkg"  # a file the project reads
    data_before = buurten.read_bytes()
    for target in (missing, project, buurten):
        result = process("open", project, "--screenshot", target, env=env)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr and result.stderr.strip()
    assert project.read_bytes() == before and not missing.parent.exists()
    assert buurten.read_bytes() == data_before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".wijkkaart")]


def test_export_in_a_real_process(sample, tmp_path):
    """The installed program end to end: its own QGuiApplication, fonts, a PDF on disk."""
    pdf = tmp_path / "kaart.pdf"
    result = process("export", sample / "utrecht.wijkkaart", "--out", pdf, "--dpi", "72")
    assert result.returncode == 0, result.stderr
    assert f"Geschreven: {pdf}" in result.stdout
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")


def test_bad_input_in_a_real_process_is_exit_2_in_dutch(tmp_path):
    empty = tmp_path / "leeg.gpkg"
    empty.write_bytes(b"")
    result = process("validate", empty)
    assert result.returncode == 2
    assert "niet bruikbaar" in result.stderr and "is leeg" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    usage = process("export", empty)  # argparse: --out is required
    assert usage.returncode == 2 and "--out" in usage.stderr and "Traceback" not in usage.stderr


def test_a_reader_that_stops_early_is_no_error(real):
    """`wijkkaart info … | head -0`: the pipe closes before the report is written."""
    env = {**os.environ, "WIJKKAART_LANG": "nl"}
    env.pop("WIJKKAART_DEBUG", None)
    command = [sys.executable, "-m", "wijkkaart", "info", str(real / "cbs_buurten_2017.geojson")]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert err == ""


def test_argparse_refusals_and_version_in_process(run_cli):
    from wijkkaart import __version__

    assert run_cli("--version").stdout.strip() == f"wijkkaart {__version__}"
    result = run_cli("profile", "project.wijkkaart")  # --area, --buurten or --wijk is required
    assert result.returncode == 2 and "--buurten" in result.stderr
    assert run_cli("--lang", "en", "validate", "x").returncode == 2  # missing file, in English
    assert "Bestand niet gevonden" in run_cli("validate", "x").stderr  # Dutch again: no leak


def test_profile_of_a_wijk_and_of_buurten(sample, run_cli):
    result = run_cli("profile", sample / "utrecht.wijkkaart", "--wijk", "WK034403", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    koop = data["indicators"]["percentage_koopwoningen"]
    assert koop["weight"] == "woningvoorraad" and 0 < koop["value"] < koop["gemeente"]
    assert len(data["buurten"]) == 10
    text = run_cli("profile", sample / "utrecht.wijkkaart", "--buurten", "BU03440311")
    assert "Koopwoningen" in text.stdout and "27,0 %" in text.stdout


def test_the_profile_names_the_gemeente_from_the_file(run_cli):
    """Baarn 2024 (real) has a gemeentenaam column: the card says "Baarn (GM0308)"."""
    baarn = Path("/work/shared/data/baarn/cbs_buurten_2024.geojson")
    result = run_cli("profile", baarn, "--buurten", "BU03080000")
    assert result.returncode == 0, result.stderr
    assert "Gemeente: Baarn (GM0308)" in result.stdout


def test_profile_of_a_drawn_area_file(sample, tmp_path, run_cli):
    import geopandas as gpd

    buurten = gpd.read_file(sample / "utrecht_buurten.gpkg")
    area = buurten[buurten.buurtcode == "BU03440311"].geometry.buffer(-1)
    path = tmp_path / "focus.geojson"
    gpd.GeoDataFrame(geometry=area.to_crs("EPSG:4326")).to_file(path)
    data = json.loads(
        run_cli("profile", sample / "utrecht.wijkkaart", "--area", path, "--json").stdout
    )
    main = next(b for b in data["buurten"] if b["code"] == "BU03440311")
    assert main["share"] == pytest.approx(1.0, abs=0.01)
    # Flood max and p90 are read from the raster for the drawn shape, not "geen gegevens".
    from wijkkaart.analysis.zonal import zonal_for_polygon

    expected = zonal_for_polygon(
        sample / "voorbeeld_waterdiepte.tif", area.iloc[0], nodata_is_zero=True, threshold=0.5
    )
    assert data["indicators"]["waterdiepte_max"]["value"] == pytest.approx(expected["max"])
    assert data["indicators"]["waterdiepte_p90"]["value"] == pytest.approx(expected["p90"])
    assert data["indicators"]["waterdiepte_max"]["coverage"] > 0.99


def test_profile_bad_input(sample, tmp_path, run_cli):
    result = run_cli("profile", sample / "utrecht.wijkkaart", "--buurten", "BU99999999")
    assert result.returncode == 2 and "BU99999999" in result.stderr
    far = tmp_path / "ver.geojson"
    far.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},'
        '"geometry":{"type":"Polygon","coordinates":[[[6.0,53.0],[6.01,53.0],'
        "[6.01,53.01],[6.0,53.0]]]}}]}",
        encoding="utf-8",
    )
    result = run_cli("profile", sample / "utrecht.wijkkaart", "--area", far)
    assert result.returncode == 2 and "overlapt geen enkele buurt" in result.stderr


def test_typology_rules_and_clusters(sample, tmp_path, run_cli):
    result = run_cli("typology", sample / "utrecht.wijkkaart", "--rules", "wonen", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["types"]["BU03440112"] == "Koopbuurt"
    assert data["explanation"][-1]["type"] == "Gemeente"
    rules = tmp_path / "regels.txt"
    rules.write_text("Veel koop: koopwoningen >= 60\nRest\n", encoding="utf-8")
    out = tmp_path / "types.gpkg"
    assert (
        run_cli("typology", sample / "utrecht.wijkkaart", "--rules", rules, "--out", out).returncode
        == 0
    )
    import geopandas as gpd

    written = gpd.read_file(out)
    assert set(written["type"]) == {"Veel koop", "Rest", "Geen gegevens"} and len(written) == 111
    no_koop = json.loads(
        run_cli("typology", sample / "utrecht.wijkkaart", "--rules", rules, "--json").stdout
    )["undetermined"]
    assert no_koop
    assert sorted(written.loc[written["type"] == "Geen gegevens", "code"]) == sorted(no_koop)

    def cluster_types():
        args = ("--clusters", "3", "--indicators", "koopwoningen,meergezinswoningen", "--json")
        return json.loads(run_cli("typology", sample / "utrecht.wijkkaart", *args).stdout)

    first, again = cluster_types(), cluster_types()
    assert first["types"] == again["types"]


def test_typology_bad_input(sample, tmp_path, run_cli):
    bad = tmp_path / "regels.txt"
    bad.write_text("Kapot: koop ongeveer 3\n", encoding="utf-8")
    result = run_cli("typology", sample / "utrecht.wijkkaart", "--rules", bad)
    assert result.returncode == 2 and "niet te lezen" in result.stderr
    project = sample / "utrecht.wijkkaart"
    before = project.read_bytes()
    result = run_cli("typology", project, "--rules", "wonen", "--out", project)
    assert result.returncode == 2 and project.read_bytes() == before


def test_export_and_atlas_from_the_command_line(sample, tmp_path, run_cli):
    pdf = tmp_path / "kaart.pdf"
    result = run_cli(
        "export",
        sample / "utrecht.wijkkaart",
        "--out",
        pdf,
        "--paper",
        "A3",
        "--title",
        "Corporatiebezit",
        "--indicator",
        "corporatiebezit",
        "--dpi",
        "100",
    )
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    html = tmp_path / "kaart.html"
    assert run_cli("export", sample / "utrecht.wijkkaart", "--out", html).returncode == 0
    assert "L.map(" in html.read_text(encoding="utf-8")
    png = tmp_path / "bewoners.png"
    result = run_cli(
        "export",
        sample / "utrecht.wijkkaart",
        "--out",
        png,
        "--preset",
        "bewonersavond",
        "--dpi",
        "50",
    )
    assert result.returncode == 0 and png.stat().st_size > 10_000
    atlas = tmp_path / "atlas.pdf"
    assert (
        run_cli("atlas", sample / "utrecht.wijkkaart", "--out", atlas, "--dpi", "50").returncode
        == 0
    )
    assert atlas.stat().st_size > 10_000


def test_export_bad_input(sample, tmp_path, run_cli):
    result = run_cli("export", sample / "utrecht.wijkkaart", "--out", tmp_path / "kaart.doc")
    assert result.returncode == 2 and "kies .pdf" in result.stderr
    folder = tmp_path / "zonder_focus"
    shutil.copytree(sample, folder)
    data = json.loads((folder / "utrecht.wijkkaart").read_text(encoding="utf-8"))
    data["focus_areas"] = []
    (folder / "utrecht.wijkkaart").write_text(json.dumps(data), encoding="utf-8")
    result = run_cli(
        "atlas", folder / "utrecht.wijkkaart", "--out", tmp_path / "a.pdf", "--per", "focusgebied"
    )
    assert result.returncode == 2 and "geen focusgebieden" in result.stderr
    result = run_cli(
        "export",
        sample / "utrecht.wijkkaart",
        "--out",
        tmp_path / "k.pdf",
        "--indicator",
        "schoenmaat",
    )
    assert result.returncode == 2 and "geen bekende indicator" in result.stderr
