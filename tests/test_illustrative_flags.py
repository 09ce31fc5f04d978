"""Whatever rests on voorbeeldgegevens says so, in every machine output and on the map."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import geopandas as gpd
import pandas as pd

from wijkkaart.layers.document import MapDocument
from wijkkaart.render.legend import legend_blocks

CORP = "perc_huurwoningen_in_bezit_woningcorporaties"  # illustrative in the sample
KOOP = "percentage_koopwoningen"  # real CBS figures in the sample


def test_profile_json_flags_each_illustrative_indicator(run_cli, sample: Path):
    code, out, err = run_cli(
        "profile", sample / "utrecht.wijkkaart", "--wijk", "WK034403", "--json"
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["illustrative"] is True
    assert data["indicators"][CORP]["illustrative"] is True
    assert data["indicators"][KOOP]["illustrative"] is False


def test_typology_outputs_carry_the_flag(run_cli, sample: Path, tmp_path: Path):
    project = sample / "utrecht.wijkkaart"
    code, out, err = run_cli("typology", project, "--rules", "wonen", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["illustrative"][CORP] is True and data["illustrative"][KOOP] is False
    code, out, _err = run_cli("typology", project, "--rules", "wonen")
    assert "voorbeeldgegevens" in out and "*" in out
    csv = tmp_path / "typen.csv"
    assert run_cli("typology", project, "--rules", "wonen", "--out", csv)[0] == 0
    assert pd.read_csv(csv)["voorbeeldgegevens"].all()
    gpkg = tmp_path / "typen.gpkg"
    assert run_cli("typology", project, "--rules", "wonen", "--out", gpkg)[0] == 0
    assert gpd.read_file(gpkg)["voorbeeldgegevens"].astype(bool).all()


def test_a_typology_on_real_figures_only_is_not_flagged(run_cli, sample: Path, tmp_path: Path):
    rules = tmp_path / "regels.txt"
    rules.write_text("Koop: koop >= 60\nRest\n")
    csv = tmp_path / "typen.csv"
    code, out, err = run_cli("typology", sample / "utrecht.wijkkaart", "--rules", rules, "--json")
    assert code == 0, err
    assert json.loads(out)["illustrative"] == {KOOP: False}
    assert run_cli("typology", sample / "utrecht.wijkkaart", "--rules", rules, "--out", csv)[0] == 0
    assert not pd.read_csv(csv)["voorbeeldgegevens"].any()


def test_analysis_layers_on_illustrative_inputs_are_flagged_on_map_and_print(sample, tmp_path):
    from wijkkaart.export.printing import export_map
    from wijkkaart.layers.model import AreaLayer
    from wijkkaart.layers.style import CategoricalStyle

    document = MapDocument.open(sample / "utrecht.wijkkaart")
    document.set_analysis(
        "typology",
        {
            "method": "rules",
            "rules": [
                {
                    "name": "Veel corporatie",
                    "conditions": [{"indicator": CORP, "operator": ">=", "value": 40}],
                },
                {"name": "Rest"},
            ],
        },
    )
    assert "typologie" in document.areas.illustrative
    for layer in document.layers:
        layer.visible = False
    layer = AreaLayer(
        name="Buurttypen", style=CategoricalStyle("typologie"), source={"dataset": "project"}
    )
    layer.data = document.areas
    document.layers.append(layer)
    block = legend_blocks(list(document.layers))[0]
    assert "voorbeeldgegevens" in block.note.lower()
    pdf = export_map(document, tmp_path / "typen.pdf", dpi=72, focus_profile=False)
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "voorbeeldgegevens" in text.lower()
    # The same typology on real figures only carries no warning.
    document.set_analysis(
        "typology",
        {
            "method": "rules",
            "rules": [
                {
                    "name": "Koop",
                    "conditions": [{"indicator": KOOP, "operator": ">=", "value": 60}],
                },
                {"name": "Rest"},
            ],
        },
    )
    layer.data = document.areas
    assert "typologie" not in document.areas.illustrative
    assert not legend_blocks(list(document.layers))[0].note


def test_source_lines_name_the_projects_own_text_for_illustrative_figures(
    run_cli, sample, tmp_path
):
    pdf = tmp_path / "corporatie.pdf"
    code, _out, err = run_cli(
        "export",
        sample / "utrecht.wijkkaart",
        "--out",
        pdf,
        "--indicator",
        CORP,
        "--dpi",
        "72",
    )
    assert code == 0, err
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    assert "voorbeeldgegevens: huur- en corporatiebezit" in flat
    assert "Bron: CBS Kerncijfers" not in flat  # the figures on this map are not CBS's


def test_a_source_line_never_shows_a_local_folder(real):
    from wijkkaart.io.areas import read_areas
    from wijkkaart.layers.formatting import source_of

    areas = read_areas(real / "cbs_buurten_2024.geojson")
    areas.sources["personenautos_totaal"] = "/home/jan de vries/Downloads/cbs_buurten_2024.geojson"
    assert source_of(areas, "personenautos_totaal") == "cbs_buurten_2024.geojson"
    areas.sources["aantal_inwoners"] = str(real / "cbs_buurten_2024.geojson")
    assert source_of(areas, "aantal_inwoners") == "CBS Kerncijfers wijken en buurten"
    areas.sources["aantal_inwoners"] = "Grenzen: CBS / gemeente"
    assert source_of(areas, "aantal_inwoners") == "Grenzen: CBS / gemeente"
