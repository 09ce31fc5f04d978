"""Outputs never land on inputs; bad rules files and multi-layer GeoPackages are refused."""

from __future__ import annotations

import time
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

from tests.conftest import digest
from wijkkaart import cli
from wijkkaart.analysis.typology import MAX_RULES, apply_rules, parse_rules
from wijkkaart.io.areas import read_areas
from wijkkaart.messages import WijkkaartError

HOSTILE = Path(__file__).parent / "data" / "hostile"


@pytest.fixture
def project_copy(sample: Path, tmp_path: Path) -> Path:
    """The sample project with its data, in a folder the test may write to."""
    for path in sample.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    return tmp_path / "utrecht.wijkkaart"


@pytest.mark.parametrize(
    "target",
    [
        "utrecht_kerncijfers_2020.csv",
        "utrecht_buurten.gpkg",
        "utrecht.wijkkaart",
        "voorbeeld_woningbezit.csv",
    ],
)
def test_typology_out_never_writes_over_a_project_input(run_cli, project_copy: Path, target: str):
    path = project_copy.parent / target
    before = digest(path)
    layers = pyogrio.list_layers(path).tolist() if path.suffix == ".gpkg" else None
    code, _out, err = run_cli("typology", project_copy, "--rules", "wonen", "--out", path)
    assert code == 2
    assert "invoer" in err and target in err
    assert digest(path) == before
    if layers is not None:
        assert pyogrio.list_layers(path).tolist() == layers  # no layer was added


def test_typology_out_never_writes_over_its_data_file_or_rules(run_cli, tmp_path: Path, real: Path):
    data = tmp_path / "buurten.geojson"
    data.write_bytes((real / "cbs_buurten_2017.geojson").read_bytes())
    rules = tmp_path / "regels.csv"
    rules.write_text("Jong: percentage_personen_15_tot_25_jaar >= 15\nOverig\n")
    for target in (data, rules):
        before = digest(target)
        code, _out, err = run_cli("typology", data, "--rules", rules, "--out", target)
        assert code == 2 and "invoer" in err, err
        assert digest(target) == before


def test_typology_out_writes_a_new_file(run_cli, project_copy: Path):
    out = project_copy.parent / "typologie.csv"
    code, _out, err = run_cli("typology", project_copy, "--rules", "wonen", "--out", out)
    assert code == 0, err
    frame = pd.read_csv(out)
    assert len(frame) == 111 and "type" in frame
    gpkg = project_copy.parent / "typologie.gpkg"
    code, _out, err = run_cli("typology", project_copy, "--rules", "wonen", "--out", gpkg)
    assert code == 0, err
    assert len(gpd.read_file(gpkg, layer="typologie")) == 111
    assert not list(project_copy.parent.glob(".wijkkaart-tmp-*"))


def test_huge_rules_file_is_refused_quickly(run_cli, sample: Path, tmp_path: Path):
    rules = tmp_path / "regels.txt"
    rules.write_text("".join(f"T{i}: koopwoningen >= {i % 100}\n" for i in range(200_000)))
    start = time.perf_counter()
    code, _out, err = run_cli("typology", sample / "utrecht.wijkkaart", "--rules", rules)
    assert time.perf_counter() - start < 10
    assert code == 2 and "te groot" in err


def test_too_many_rules_are_refused_and_the_limit_works(sample: Path):
    text = "".join(f"T{i}: koopwoningen >= {i}\n" for i in range(MAX_RULES + 1))
    with pytest.raises(WijkkaartError) as info:
        parse_rules(text)
    assert info.value.key == "rules_too_many"
    areas = cli.load_areas(sample / "utrecht.wijkkaart")
    rules = parse_rules(
        "".join(f"T{i}: aantal_inwoners >= {5000 - 50 * i}\n" for i in range(MAX_RULES))
    )
    result = apply_rules(areas, rules)
    # First matching rule wins: a buurt with n inhabitants gets the first threshold below n.
    for code, kind in result.types.items():
        n = areas.frame.loc[code, "aantal_inwoners"]
        if pd.isna(n) or n < 5000 - 50 * (MAX_RULES - 1):
            assert kind is None
        else:
            first = next(i for i in range(MAX_RULES) if n >= 5000 - 50 * i)
            assert kind == f"T{first}"


@pytest.mark.parametrize(
    "line", ["A: koopwoningen >= 1.2.3", "A: koopwoningen >= ,", "B: koop >= 5 en " * 30]
)
def test_unreadable_rule_is_refused_with_its_line(line: str):
    with pytest.raises(WijkkaartError) as info:
        parse_rules(line)
    assert info.value.key == "rule_unreadable"
    assert len(str(info.value)) < 300  # the line is shortened, never echoed whole


def test_geopackage_layer_is_chosen_by_content():
    areas = read_areas(HOSTILE / "areas_buurten_not_first.gpkg")
    assert areas.level == "buurt" and len(areas.frame) == 8
    assert areas.frame.index[0].startswith("BU0479")


def test_geopackage_without_buurten_is_refused_with_its_layers(run_cli):
    with pytest.raises(WijkkaartError) as info:
        read_areas(HOSTILE / "areas_gemeenten_wijken_only.gpkg")
    assert info.value.key == "layer_choice_needed"
    assert "gemeenten" in str(info.value) and "wijken" in str(info.value)
    code, out, _err = run_cli(
        "info", HOSTILE / "areas_gemeenten_wijken_only.gpkg", "--layer", "wijken"
    )
    assert code == 0 and "wijk" in out


def test_validate_refuses_an_unusable_file_with_exit_2(run_cli):
    code, _out, err = run_cli("validate", HOSTILE / "areas_no_codes.geojson")
    assert code == 2 and "niet bruikbaar" in err


def test_library_text_stays_out_of_the_message(run_cli):
    code, _out, err = run_cli("info", HOSTILE / "areas_not_json.geojson")
    assert code == 2
    assert "Unterminated" not in err and "GeoJSON" in err
