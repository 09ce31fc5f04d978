"""The "Baarn project with goals", built once for every test that needs it.

Made as a user would: ``wijkkaart new`` on the real CBS 2024 buurten of Baarn, ``wijkkaart
series --add`` with the real CBS kerncijfers 2016–2025, the focus area Centrum-Oost (its three
buurten, 5 m inside their outline) and two goals on the share of low-income households. The goal
values are planners' choices made up for the tests (marked as such); every figure is real CBS.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import shapely

from tests.conftest import REAL

BAARN = REAL / "baarn_kerncijfers_buurten_2016_2025.json"
BAARN_MAP = REAL / "cbs_buurten_2024.geojson"
FOCUS = ["BU03080000", "BU03080001", "BU03080002"]
FOCUS_NAME = "Centrum-Oost"
LOW_INCOME = "huishoudens_laag_inkomen"
GOALS = [  # invented goals (a planner's choice), on the real series
    {
        "area": FOCUS_NAME,
        "indicator": LOW_INCOME,
        "baseline_year": 2016,
        "target": "gap",
        "target_value": 50,
        "horizon_year": 2024,
        "horizon": "long_term",
        "party": "gemeente Baarn",
    },
    {
        "area": FOCUS_NAME,
        "indicator": LOW_INCOME,
        "baseline_year": 2019,
        "target": "absolute",
        "target_value": 4.0,
        "horizon_year": 2021,
        "horizon": "quick_win",
    },
]


def focus_polygon() -> shapely.Geometry:
    from wijkkaart.io.areas import read_areas

    frame = read_areas(BAARN_MAP).frame
    return shapely.union_all(frame.loc[FOCUS].geometry.to_numpy()).buffer(-5)


def add_invented_origin_shares(project: Path, folder: Path) -> None:
    """INVENTED shares with a migration background (2020 and 2023) on the real Baarn codes,
    added to ``project`` as ``herkomst.csv``: the catalogue knows that definition changed in
    2022, so a change from 2020 to 2023 must be refused."""
    from wijkkaart.cli import main
    from wijkkaart.io.areas import read_areas

    buurten = read_areas(BAARN_MAP).frame.index
    rows = ["code,jaar,indicator,waarde"] + [
        f"{c},{y},percentage_westerse_migratieachtergrond,{10 + i % 7 + (y - 2020)}"
        for y in (2020, 2023)
        for i, c in enumerate(buurten)
    ]
    (folder / "herkomst.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert main(["series", str(project), "--add", str(folder / "herkomst.csv")]) == 0


def build_baarn_project(
    folder: Path, focus: bool = True, goals: bool = True, series: bool = True
) -> Path:
    """The Baarn project in ``folder``: the series (its file is copied beside it either way),
    the focus area and its goals, each on request."""
    from wijkkaart.cli import main

    shutil.copy(BAARN_MAP, folder / "cbs_buurten_2024.geojson")
    shutil.copy(BAARN, folder / "kerncijfers.json")
    project = folder / "baarn.wijkkaart"
    assert main(["new", str(folder / "cbs_buurten_2024.geojson"), "--out", str(project)]) == 0
    if series:
        assert main(["series", str(project), "--add", str(folder / "kerncijfers.json")]) == 0
    if focus:
        data = json.loads(project.read_text(encoding="utf-8"))
        data["focus_areas"] = [{"name": FOCUS_NAME, "wkt": focus_polygon().wkt}]
        if goals:
            data["goals"] = [dict(g) for g in GOALS]
        project.write_text(json.dumps(data), encoding="utf-8")
    return project
