"""``wijkkaart crosswalk OLD NEW [--bag] --out``, in-process, on the real Wageningen division."""

from __future__ import annotations

import json
import shutil

import pandas as pd

from tests.conftest import REAL
from wijkkaart.cli import main

OLD = REAL / "wageningen_buurten_2017_generalised.geojson"
NEW = REAL / "wageningen_buurten_2018_generalised.geojson"
BAG = REAL / "bag_verblijfsobjecten_sample.csv"


def test_crosswalk_writes_the_matrix_and_explains_each_buurt(tmp_path, capsys, unchanged):
    unchanged(OLD, NEW)
    out = tmp_path / "matrix.csv"
    assert main(["crosswalk", str(OLD), str(NEW), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Omrekening 2017 → 2018: 14 oude en 33 nieuwe gebieden" in text
    assert text.count("  BU0289") == 33  # one explanation per reference buurt
    assert "BU02890102 De Hooilanden: Deel van BU02890007" in text
    matrix = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(matrix.columns[:3]) == ["van", "naar", "aandeel"]
    assert {"gewicht", "oppervlakte_m2"} <= set(matrix.columns)
    shares = matrix.assign(aandeel=matrix["aandeel"].astype(float)).groupby("van")["aandeel"]
    assert (shares.sum() - 1.0).abs().max() < 1e-5
    assert (matrix["naar"] == "").sum() >= 1  # the remainder outside is a row of its own


def test_crosswalk_json_at_wijk_level_names_the_reused_code(capsys):
    assert main(["crosswalk", str(OLD), str(NEW), "--level", "wijk", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["gewogen_naar"] == "oppervlakte"
    assert report["afleiding"]["WK028901"]["bronnen"][0]["van"] == "WK028900"
    assert any("WK028901" in note for note in report["meldingen"])


def test_crosswalk_with_a_bag_of_another_area_is_a_dutch_message(capsys):
    assert main(["crosswalk", str(OLD), str(NEW), "--bag", str(BAG)]) == 2
    err = capsys.readouterr().err
    assert "BAG-bestand hoort bij een ander gebied" in err and "Traceback" not in err


def test_crosswalk_never_writes_over_an_input(tmp_path, capsys):
    old = tmp_path / "old.geojson"
    shutil.copy(OLD, old)
    before = old.read_bytes()
    assert main(["crosswalk", str(old), str(NEW), "--out", str(old)]) == 2
    assert old.read_bytes() == before
    assert capsys.readouterr().err.strip()
