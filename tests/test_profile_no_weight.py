"""A weighted mean whose weight is missing for every buurt says so ("weging ontbreekt").

Real Ermelo 2021 file: aantal_inwoners is NULL in every buurt, so the inhabitant-weighted
Omgevingsadressendichtheid has no area value; the profile printed a bare null / left it out."""

import json
from pathlib import Path

import pyogrio

ERMELO = Path("/work/shared/data/ermelo/cbs_buurten_2021.gpkg")


def test_ermelo_address_density_says_its_weight_is_missing(run_cli):
    frame = pyogrio.read_dataframe(ERMELO)
    assert frame["aantal_inwoners"].isna().all()  # the premise, in the real file
    assert frame["omgevingsadressendichtheid"].notna().any()
    wijk = str(frame["wijkcode"].iloc[0])
    result = run_cli("profile", ERMELO, "--wijk", wijk, "--json")
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout)["indicators"]["omgevingsadressendichtheid"]
    assert entry["value"] is None  # no weight is invented
    assert entry["reason"] == "no_weight" and entry["reason_text"] == "weging ontbreekt"
    printed = run_cli("profile", ERMELO, "--wijk", wijk).stdout
    row = next(x for x in printed.splitlines() if x.startswith("Omgevingsadressendichtheid"))
    assert "weging ontbreekt" in row
