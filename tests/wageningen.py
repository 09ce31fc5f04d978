"""The Wageningen project with two series, built once for every test that needs it.

Made as a user would: ``wijkkaart new`` on the real CBS/PDOK 2018 buurten of Wageningen (33),
``wijkkaart series --add`` of INVENTED counts 2016–2017 on the real 2017 buurten (14, added with
that division) and of INVENTED counts 2018–2019 on the 2018 buurten. The boundaries are real;
the counts and the dwelling points below are INVENTED (files named ``invented_*``): there are no
real Wageningen figures nor a real Wageningen BAG extract in the data.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import shapely

from tests.conftest import REAL
from wijkkaart.cli import main
from wijkkaart.io.areas import read_areas

W2017 = REAL / "wageningen_buurten_2017_generalised.geojson"
W2018 = REAL / "wageningen_buurten_2018_generalised.geojson"


def _invented_counts(codes: list[str], years: tuple[int, ...], base: int, step: int) -> str:
    """INVENTED inwoners per buurt and year: a CSV text, for trying the conversion only."""
    rows = ["buurtcode,jaar,aantal_inwoners"]
    for year in years:
        rows += [
            f"{c},{year},{base + step * i + 5 * (year - years[0])}" for i, c in enumerate(codes)
        ]
    return "\n".join(rows) + "\n"


def invented_2017(folder: Path) -> Path:
    """``invented_2017.csv``: INVENTED inwoners of 2017 on the real 2017 buurten (one year)."""
    path = folder / "invented_2017.csv"
    codes = list(read_areas(W2017).frame.index)
    path.write_text(_invented_counts(codes, (2017,), 1000, 37), encoding="utf-8")
    return path


def build_wageningen_project(tmp_path: Path) -> Path:
    """A Wageningen project on the 2018 buurten with two INVENTED series: 2016–2017 on the 2017
    buurten (added with their division) and 2018–2019 on the 2018 buurten."""
    shutil.copy(W2017, tmp_path / "buurten_2017.geojson")
    shutil.copy(W2018, tmp_path / "buurten_2018.geojson")
    old = list(read_areas(W2017).frame.index)
    new = list(read_areas(W2018).frame.index)
    (tmp_path / "invented_2016_2017.csv").write_text(
        _invented_counts(old, (2016, 2017), 1000, 37), encoding="utf-8"
    )
    (tmp_path / "invented_2018_2019.csv").write_text(
        _invented_counts(new, (2018, 2019), 500, 11), encoding="utf-8"
    )
    project = tmp_path / "wageningen.wijkkaart"
    assert main(["new", str(tmp_path / "buurten_2018.geojson"), "--out", str(project)]) == 0
    add = ["series", str(project), "--add"]
    division = ["--division", str(tmp_path / "buurten_2017.geojson")]
    assert main([*add, str(tmp_path / "invented_2016_2017.csv"), *division]) == 0
    assert main([*add, str(tmp_path / "invented_2018_2019.csv")]) == 0
    return project


def version5_project(tmp_path: Path) -> Path:
    """A version 5 project (which stored no years) on the real 2018 buurten, with the INVENTED
    2017 counts on the real 2017 division; the file names say no year."""
    import json

    shutil.copy(W2018, tmp_path / "kaart.geojson")
    shutil.copy(W2017, tmp_path / "oud.geojson")
    invented_2017(tmp_path)
    v5 = {
        "schema_version": 5,
        "areas": {"path": "kaart.geojson"},
        "series": [{"path": "invented_2017.csv", "division": "oud.geojson", "years": [2017]}],
        "reference_year": None,
        "goals": [],
    }
    project = tmp_path / "w.wijkkaart"
    project.write_text(json.dumps(v5), encoding="utf-8")
    return project


def invented_dwellings(folder: Path, n: int = 4000, seed: int = 289) -> Path:
    """INVENTED BAG verblijfsobjecten: seeded random points in Wageningen's 2017 buurten, 90 %
    with a woonfunctie. Not real dwellings: there is no real Wageningen BAG extract here."""
    old = read_areas(W2017).frame
    union = shapely.union_all(old.geometry)
    minx, miny, maxx, maxy = union.bounds
    rng = np.random.default_rng(seed)
    points: list[tuple[float, float]] = []
    while len(points) < n:
        x, y = rng.uniform(minx, maxx, n), rng.uniform(miny, maxy, n)
        inside = shapely.contains_xy(union, x, y)
        points += list(zip(x[inside], y[inside], strict=True))
    points = points[:n]
    use = np.where(rng.random(n) < 0.9, "woonfunctie", "kantoorfunctie")
    rows = ["identificatie,status,gebruiksdoel,x,y"]
    rows += [
        f"{9_289_010_000_000_000 + i},Verblijfsobject in gebruik,{u},{x:.2f},{y:.2f}"
        for i, ((x, y), u) in enumerate(zip(points, use, strict=True))
    ]
    path = folder / "invented_bag_wageningen.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
