"""Benchmark: EP-Online export + BAG file -> energy-label counts per buurt (the whole step).

Run: .venv/bin/python bench/bench_eponline.py [rows ...]   (default 1000000 5000000; not a test)

Synthetic files (timing only, never shown as real data) are generated once into bench/out/:
a BAG file of N points (RD x/y, uniform over the synthetic national buurten of
bench/national.py) and an EP-Online v2 export of N rows with the real 37-column header:
newest labels, older labels of the same dwelling, old labels that carry only an address, design-
stage labels and non-dwellings. Each measurement runs in a fresh process and reports its wall
time and peak RSS (getrusage), reading both files included; the areas are read before the clock
starts (a project has them loaded) but count in the peak memory. The peer is a plain geopandas
sjoin of the N BAG points (read with pandas' pyarrow engine) into the same buurten.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.national import BOX, OUT, national_buurten  # noqa: E402

EP_HEADER_LINE = (
    "Pand_opnamedatum;Pand_opnametype;Pand_status;Pand_berekeningstype;Pand_energieindex;"
    "Pand_energieklasse;Pand_energielabel_is_prive;Pand_is_op_basis_van_referentie_gebouw;"
    "Pand_gebouwklasse;Meting_geldig_tot;Pand_registratiedatum;Pand_postcode;Pand_huisnummer;"
    "Pand_huisnummer_toev;Pand_detailaanduiding;Pand_bagverblijfsobjectid;Pand_bagligplaatsid;"
    "Pand_bagstandplaatsid;Pand_bagpandid;Pand_gebouwtype;Pand_gebouwsubtype;Pand_projectnaam;"
    "Pand_projectobject;Pand_SBIcode;Pand_gebruiksoppervlakte;Pand_energiebehoefte;"
    "Pand_eis_energiebehoefte;Pand_primaire_fossiele_energie;"
    "Pand_eis_primaire_fossiele_energie;Pand_primaire_fossiele_energie_EMG_forfaitair;"
    "Pand_aandeel_hernieuwbare_energie;Pand_eis_aandeel_hernieuwbare_energie;"
    "Pand_aandeel_hernieuwbare_energie_EMG_forfaitair;Pand_temperatuuroverschrijding;"
    "Pand_eis_temperatuuroverschrijding;Pand_warmtebehoefte;Pand_energieindex_met_EMG_forfaitair"
)
EP_HEADER = EP_HEADER_LINE.split(";")
CLASSES = ["A++++", "A+++", "A++", "A+", "A", "B", "C", "D", "E", "F", "G"]


def _text(values: np.ndarray, width: int = 0) -> pa.Array:
    arr = pc.cast(pa.array(values), pa.string())
    return pc.utf8_lpad(arr, width, "0") if width else arr


def _postcodes(i: np.ndarray) -> pa.Array:
    num = 1000 * 676 + i // 50
    letters = np.array([chr(65 + k) for k in range(26)], dtype=object)
    first = letters[(num // 26) % 26]
    second = letters[num % 26]
    return pc.binary_join_element_wise(_text(num // 676), pa.array(first), pa.array(second), "")


def _write(path: Path, names: list[str], columns: list[pa.Array]) -> None:
    table = pa.table(dict(zip(names, columns, strict=True)))
    options = pacsv.WriteOptions(delimiter=";", quoting_style="none", include_header=True)
    tmp = path.with_suffix(".tmp")
    pacsv.write_csv(table, tmp, options)
    tmp.replace(path)


def synthetic_files(n: int, seed: int = 5) -> tuple[Path, Path, Path]:
    """(EP-Online export, BAG file, expected-object mask .npy), built on first use."""
    ep, bag, mask = (
        OUT / f"synthetic_{kind}_{n}.{ext}"
        for kind, ext in (("eponline", "csv"), ("bag", "csv"), ("labelled", "npy"))
    )
    if ep.exists() and bag.exists() and mask.exists():
        return ep, bag, mask
    OUT.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    minx, miny, maxx, maxy = BOX
    i = np.arange(n, dtype=np.int64)
    ids = (rng.integers(0, 414, n) * 100 + 1) * 10**10 + i
    x, y = rng.uniform(minx, maxx, n).round(3), rng.uniform(miny, maxy, n).round(3)
    postcode, number = _postcodes(i), i % 50 + 1
    empty = pa.array([""] * n)
    use = np.where(rng.uniform(size=n) < 0.85, "woonfunctie", "winkelfunctie")
    _write(
        bag,
        [
            "identificatie",
            "postcode",
            "huisnummer",
            "huisletter",
            "toevoeging",
            "gebruiksdoel",
            "x",
            "y",
        ],
        [_text(ids, 16), postcode, _text(number), empty, empty, pa.array(use), _text(x), _text(y)],
    )
    # EP rows: 88 % newest labels of distinct dwellings, 7 % older labels of the same
    # dwellings, 2 % old labels with only an address, 1 % design stage, 2 % non-dwellings.
    n_obj = int(n * 0.88)
    objects = rng.permutation(n)[:n_obj]
    kinds = np.concatenate(
        [
            np.zeros(n_obj, np.int8),
            np.full(int(n * 0.07), 1, np.int8),
            np.full(int(n * 0.02), 2, np.int8),
            np.full(int(n * 0.01), 3, np.int8),
        ]
    )
    kinds = np.concatenate([kinds, np.full(n - len(kinds), 4, np.int8)])
    obj = np.concatenate([objects, rng.choice(objects, n - n_obj)])
    date = np.where(kinds == 0, 20210101, 20120101) + rng.integers(0, 3, n) * 10000
    date = np.where(kinds == 3, 20250101, date)
    order = rng.permutation(n)
    kinds, obj, date = kinds[order], obj[order], date[order]
    vbo = np.where(kinds == 2, "", _text(ids[obj], 16).to_numpy(zero_copy_only=False))
    cells = {
        "Pand_opnamedatum": _text(date),
        "Pand_opnametype": pa.array(np.full(n, "Basisopname")),
        "Pand_status": pa.array(np.where(kinds == 3, "Vergunningsaanvraag", "Bestaand")),
        "Pand_berekeningstype": pa.array(np.full(n, "NTA 8800")),
        "Pand_energieindex": _text(rng.uniform(0.5, 3, n).round(2)),
        "Pand_energieklasse": pa.array(np.asarray(CLASSES)[rng.integers(0, 11, n)]),
        "Pand_gebouwklasse": pa.array(np.where(kinds == 4, "U", "W")),
        "Meting_geldig_tot": _text(date + 100000),
        "Pand_registratiedatum": _text(date),
        "Pand_postcode": postcode.take(pa.array(obj)),
        "Pand_huisnummer": _text(number[obj]),
        "Pand_bagverblijfsobjectid": pa.array(vbo),
        "Pand_bagpandid": _text(ids[obj] + 9 * 10**10, 16),
        "Pand_gebouwtype": pa.array(np.full(n, "Rijwoning tussen")),
        "Pand_gebruiksoppervlakte": _text(rng.integers(30, 250, n)),
        "Pand_energiebehoefte": _text(rng.uniform(40, 300, n).round(1)),
        "Pand_primaire_fossiele_energie": _text(rng.uniform(40, 400, n).round(1)),
        "Pand_aandeel_hernieuwbare_energie": _text(rng.uniform(0, 80, n).round(1)),
        "Pand_warmtebehoefte": _text(rng.uniform(20, 200, n).round(1)),
    }
    empty = pa.array([""] * n)
    _write(ep, EP_HEADER, [cells.get(name, empty) for name in EP_HEADER])
    labelled = np.zeros(n, dtype=bool)
    labelled[objects] = True
    np.save(mask, labelled)
    return ep, bag, mask


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_ours(ep: str, bag: str, out: str) -> dict:
    from wijkkaart.analysis.energy_labels import label_counts
    from wijkkaart.feedback import Feedback
    from wijkkaart.io.areas import read_areas

    areas = read_areas(national_buurten())
    steps: list[tuple[float, str]] = []
    start = time.perf_counter()
    feedback = Feedback(lambda f, m: steps.append((f, m)))
    matrix, read = label_counts(ep, areas, bag, feedback)
    wall = time.perf_counter() - start
    np.save(out, matrix.sum(axis=1))
    return {
        "wall": wall,
        "peak_mb": _peak_mb(),
        "counts": read.counts,
        "placement": read.placement,
        "progress_calls": len(steps),
        "progress_monotonic": all(a[0] <= b[0] for a, b in itertools.pairwise(steps)),
    }


def run_peer(bag: str, mask: str, out: str) -> dict:
    import geopandas as gpd
    import pandas as pd

    from wijkkaart.io.areas import read_areas

    areas = read_areas(national_buurten())
    polygons = areas.frame[["geometry"]].reset_index()
    start = time.perf_counter()
    frame = pd.read_csv(bag, sep=";", engine="pyarrow", usecols=["x", "y"])
    points = gpd.GeoDataFrame(geometry=gpd.points_from_xy(frame.x, frame.y), crs=areas.frame.crs)
    joined = gpd.sjoin(points, polygons, predicate="within", how="left")
    wall = time.perf_counter() - start
    joined = joined[~joined.index.duplicated()]
    labelled = np.load(mask)
    codes = joined["code"].to_numpy()[labelled]
    totals = pd.Series(codes).value_counts().reindex(areas.frame.index, fill_value=0)
    np.save(out, totals.to_numpy())
    return {"wall": wall, "peak_mb": _peak_mb()}


def _child(*args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, *args], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(sizes: list[int]) -> None:
    print(
        f"bench_eponline  {dt.datetime.now():%Y-%m-%d %H:%M}  loadavg {os.getloadavg()}  "
        f"cpus {os.cpu_count()}"
    )
    print("synthetic data (timing only); areas: bench/national.py, 14,500 buurten")
    for n in sizes:
        ep, bag, mask = synthetic_files(n)
        ours_out, peer_out = OUT / f"ours_totals_{n}.npy", OUT / f"peer_totals_{n}.npy"
        ours = _child("ours", str(ep), str(bag), str(ours_out))
        peer = _child("peer", str(bag), str(mask), str(peer_out))
        same = bool(np.array_equal(np.load(ours_out), np.load(peer_out)))
        size = (ep.stat().st_size + bag.stat().st_size) / 2**20
        print(f"\n{n:,} EP-Online rows + {n:,} BAG points ({size:,.0f} MB of CSV)")
        print(
            f"  wijkkaart (read both, newest, locate, count) {ours['wall']:6.1f} s  "
            f"peak {ours['peak_mb']:6.0f} MB   target < 20 s, < 3072 MB"
        )
        print(
            f"  peer: geopandas sjoin of the BAG points      {peer['wall']:6.1f} s  "
            f"peak {peer['peak_mb']:6.0f} MB"
        )
        print(f"  counts: {ours['counts']}")
        print(f"  placement: {ours['placement']}")
        print(
            f"  per-buurt totals equal to the sjoin peer's: {same}; "
            f"progress calls {ours['progress_calls']} (increasing: "
            f"{ours['progress_monotonic']})"
        )
    print(f"\nloadavg after {os.getloadavg()}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "ours":
        print(json.dumps(run_ours(*sys.argv[2:5])))
    elif len(sys.argv) > 1 and sys.argv[1] == "peer":
        print(json.dumps(run_peer(*sys.argv[2:5])))
    else:
        main([int(a) for a in sys.argv[1:]] or [1_000_000, 5_000_000])
