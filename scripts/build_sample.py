"""Build the embedded Utrecht sample project in resources/sample/ from shared/data/utrecht.

Run once by a developer (``python scripts/build_sample.py ../shared/data``); the output is
committed. Real data stays real: geometry (gemeente Utrecht open data, 2015) and the CBS /
Leefbaarometer / RIVM figures (third-party compilation, about 2020). Layers without real data
here (corporation share, energy labels, heat plan, flood depth) are generated from the real
figures with a fixed seed and are marked illustrative ("voorbeeldgegevens") in the project file.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import rasterio
import shapely
from rasterio.transform import from_origin

from wijkkaart.project import migrate

OUT = Path(__file__).resolve().parent.parent / "resources" / "sample"
SEED = 20261122

HOUSING_SHARES = [
    "koopwoning_percentage",
    "meergezinswoning_percentage",
    "bewoond_percentage",
    "bouwjaar_vanaf_2000_percentage",
]


def build(shared: Path) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    utrecht = shared / "utrecht"
    buurten = gpd.read_file(utrecht / "buurten_geometrie_2015_wgs84.geojson").to_crs("EPSG:28992")
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": "BU0344" + buurten["KODE"],
            "buurtnaam": buurten["NAAM"],
            "wijkcode": "WK0344" + buurten["WIJKKODE"],
            "gemeentecode": "GM0344",
            "gemeentenaam": "Utrecht",
            "water": "NEE",
        },
        geometry=buurten.geometry.to_numpy(),
        crs="EPSG:28992",
    )
    buurten.to_file(OUT / "utrecht_buurten.gpkg", layer="buurten", driver="GPKG")
    wijken = gpd.read_file(utrecht / "wijken_geometrie_2015_wgs84.geojson").to_crs("EPSG:28992")
    print("wijken columns:", list(wijken.columns))
    wk = wijken.iloc[:, 0:0].copy()
    code_col = next(c for c in wijken.columns if "KODE" in c.upper())
    name_col = next((c for c in wijken.columns if "NAAM" in c.upper()), None)
    wk["wijkcode"] = "WK0344" + wijken[code_col].astype(str).str.zfill(2)
    wk["wijknaam"] = wijken[name_col] if name_col else ""
    wk["gemeentecode"] = "GM0344"
    wk = gpd.GeoDataFrame(wk, geometry=wijken.geometry.to_numpy(), crs="EPSG:28992")
    wk.to_file(OUT / "utrecht_wijken.gpkg", layer="wijken", driver="GPKG")

    table = pd.read_csv(
        utrecht / "kerncijfers_buurten_provincie_utrecht_ca2020.csv", dtype={"buurt_code": str}
    )
    table = table[table["buurt_code"].str.startswith("BU0344")].drop(columns=["Unnamed: 0"])
    # The third party wrote unknown values as 0. Columns that are 0 everywhere carry nothing.
    always_zero = [c for c in table.columns if (table[c] == 0).all()]
    table = table.drop(columns=always_zero)
    # CBS publishes no housing shares or WOZ value below 20 dwellings; a 0 there is "unknown".
    small = table["woningvoorraad"] < 20
    for col in [
        *HOUSING_SHARES,
        "gemiddelde_woningwaarde",
        "aardgasverbruik_m3_gemiddeld",
        "elektriciteitsverbruik_kwh_gemiddeld",
    ]:
        table[col] = table[col].astype(object)
        table.loc[small, col] = "."
    # A mean WOZ value or noise level of exactly 0 is not a value.
    for col in ["gemiddelde_woningwaarde", "geluid_van_weg", "geluid_van_treinverkeer"]:
        table[col] = table[col].astype(object)
        table.loc[table[col].eq(0) | table[col].eq(0.0), col] = "."
    table.to_csv(OUT / "utrecht_kerncijfers_2020.csv", index=False, na_rep=".")

    rng = np.random.default_rng(SEED)
    koop = pd.to_numeric(table["koopwoning_percentage"], errors="coerce").to_numpy()
    mgz = pd.to_numeric(table["meergezinswoning_percentage"], errors="coerce").to_numpy()
    bouw = pd.to_numeric(table["bouwjaar_vanaf_2000_percentage"], errors="coerce").to_numpy()
    gas = pd.to_numeric(table["aardgasverbruik_m3_gemiddeld"], errors="coerce").to_numpy()
    stock = table["woningvoorraad"].to_numpy(dtype=float)
    codes = table["buurt_code"].to_numpy()

    onbekend = np.round(rng.uniform(0, 2, len(koop)))
    huur = np.clip(100 - koop - onbekend, 0, 100)
    share_corp = np.clip(
        0.30 + 0.55 * mgz / 100 - 0.4 * bouw / 100 + rng.normal(0, 0.08, len(koop)), 0.05, 0.95
    )
    corp = np.round(huur * share_corp)
    housing = pd.DataFrame(
        {
            "buurtcode": codes,
            "percentage_huurwoningen": huur,
            "perc_huurwoningen_in_bezit_woningcorporaties": corp,
            "perc_huurwoningen_in_bezit_overige_verhuurders": huur - corp,
            "percentage_woningen_met_eigendom_onbekend": onbekend,
        }
    )
    housing[np.isnan(koop)] = housing[np.isnan(koop)].assign(
        percentage_huurwoningen=np.nan,
        perc_huurwoningen_in_bezit_woningcorporaties=np.nan,
        perc_huurwoningen_in_bezit_overige_verhuurders=np.nan,
        percentage_woningen_met_eigendom_onbekend=np.nan,
    )
    housing.to_csv(OUT / "voorbeeld_woningbezit.csv", index=False, na_rep=".", float_format="%g")

    # Energy labels: older, rented, high-rise stock gets worse labels; about half has none.
    labels = ["G", "F", "E", "D", "C", "B", "A", "A+", "A++", "A+++", "A++++"]
    keys = ["g", "f", "e", "d", "c", "b", "a", "a_plus", "a_2plus", "a_3plus", "a_4plus"]
    rows = []
    for i, code in enumerate(codes):
        n = 0 if np.isnan(stock[i]) else int(stock[i])
        labelled = round(n * np.clip(rng.normal(0.5, 0.08), 0.2, 0.8))
        newness = 0.0 if np.isnan(bouw[i]) else bouw[i] / 100
        centre = 3.0 + 3.5 * newness + (0.0 if np.isnan(koop[i]) else 0.6 * koop[i] / 100)
        weights = np.exp(-0.5 * ((np.arange(11) - centre) / 1.6) ** 2)
        counts = (
            rng.multinomial(labelled, weights / weights.sum()) if labelled else np.zeros(11, int)
        )
        rows.append(
            {
                "buurtcode": code,
                **{f"aantal_energielabel_{k}": int(c) for k, c in zip(keys, counts, strict=True)},
            }
        )
    label_table = pd.DataFrame(rows)
    count_cols = [f"aantal_energielabel_{k}" for k in keys]
    total = label_table[count_cols].sum(axis=1)
    label_table["aantal_energielabels"] = total
    with np.errstate(invalid="ignore", divide="ignore"):
        for k in keys:
            label_table[f"percentage_energielabel_{k}"] = (
                label_table[f"aantal_energielabel_{k}"] / stock * 100
            ).round(1)
        label_table["percentage_geen_energielabel"] = ((stock - total) / stock * 100).round(1)
        efg = label_table[[f"aantal_energielabel_{k}" for k in ("e", "f", "g")]].sum(axis=1)
        label_table["percentage_energielabel_e_tot_g"] = (efg / total.where(total > 0) * 100).round(
            1
        )
        score = sum(label_table[f"aantal_energielabel_{k}"] * (j + 1) for j, k in enumerate(keys))
        label_table["gemiddelde_labelscore"] = (score / total.where(total > 0)).round(2)
    del labels
    label_table.to_csv(OUT / "voorbeeld_energielabels.csv", index=False, na_rep=".")

    # Heat plan: warmtenet where gas use is already low (district heating), all-electric in new
    # estates, hybrid in single-family areas, the rest still open.
    plan = []
    for i, code in enumerate(codes):
        if not np.isnan(gas[i]) and gas[i] < 500 and not np.isnan(mgz[i]) and mgz[i] > 40:
            strategy, start, end = "Warmtenet (MT), uitbreiden bestaand net", 2026, 2035
        elif not np.isnan(bouw[i]) and bouw[i] > 60:
            strategy, start, end = "All-electric (individuele warmtepomp)", 2028, 2040
        elif not np.isnan(mgz[i]) and mgz[i] < 30:
            strategy, start, end = "Hybride warmtepomp, later groen gas", 2030, 2045
        elif not np.isnan(mgz[i]) and mgz[i] > 70:
            strategy, start, end = "Warmtenet LT (aquathermie)", 2032, 2040
        else:
            strategy, start, end = "Nog onbekend", 9999, 9999
        plan.append(
            {"buurtcode": code, "strategie": strategy, "startjaar": start, "jaar_aardgasvrij": end}
        )
    pd.DataFrame(plan).to_csv(OUT / "voorbeeld_warmteplan.csv", index=False)

    # Flood depth raster (50 m, RD New): deeper towards a band along the north-east; -9999 = dry.
    minx, miny, maxx, maxy = buurten.total_bounds
    minx, miny = np.floor(minx / 25) * 25 - 250, np.floor(miny / 25) * 25 - 250
    width, height = int((maxx - minx) / 50) + 10, int((maxy - miny) / 50) + 10
    xs = minx + (np.arange(width) + 0.5) * 50
    ys = miny + height * 50 - (np.arange(height) + 0.5) * 50
    gx, gy = np.meshgrid(xs, ys)
    # Distance to a line through the buurten from south-west to north-east.
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    dist = np.abs((gx - cx) * 0.6 - (gy - cy) * 0.8)
    depth = 2.2 - dist / 1800 + rng.normal(0, 0.05, gx.shape)
    depth = np.where(depth > 0.05, np.round(depth, 1), -9999).astype("float32")
    profile = {
        "driver": "GTiff",
        "width": width,
        "height": height,
        "count": 1,
        "dtype": "float32",
        "crs": "EPSG:28992",
        "nodata": -9999.0,
        "transform": from_origin(minx, miny + height * 50, 50, 50),
        "compress": "deflate",
        "predictor": 3,
    }
    with rasterio.open(OUT / "voorbeeld_waterdiepte.tif", "w", **profile) as dst:
        dst.write(depth, 1)

    project = {
        "schema_version": 1,
        "name": "Utrecht (voorbeeldproject)",
        "areas": {"path": "utrecht_buurten.gpkg", "layer": "buurten"},
        "overlays": [{"path": "utrecht_wijken.gpkg", "layer": "wijken", "role": "wijkgrenzen"}],
        "tables": [
            {
                "path": "utrecht_kerncijfers_2020.csv",
                "illustrative": False,
                "source": "CBS Kerncijfers wijken en buurten (ca. 2020), Leefbaarometer 3.0, RIVM",
            },
            {
                "path": "voorbeeld_woningbezit.csv",
                "illustrative": True,
                "source": "voorbeeldgegevens: huur- en corporatiebezit afgeleid uit koop- en "
                "meergezinsaandeel",
            },
            {
                "path": "voorbeeld_energielabels.csv",
                "illustrative": True,
                "source": "voorbeeldgegevens: energielabels gegenereerd naar bouwjaar en eigendom",
            },
        ],
        "heat_plans": [
            {
                "path": "voorbeeld_warmteplan.csv",
                "illustrative": True,
                "source": "voorbeeldgegevens: warmtestrategie afgeleid uit gasverbruik "
                "en woningtype",
            }
        ],
        "rasters": [
            {
                "path": "voorbeeld_waterdiepte.tif",
                "prefix": "waterdiepte",
                "nodata_is_zero": True,
                "threshold": 0.5,
                "illustrative": True,
                "source": "voorbeeldgegevens: gegenereerde waterdiepte bij overstroming",
            }
        ],
        "map": {"indicator": "percentage_koopwoningen"},
    }
    project = migrate(project)  # the current schema, with the map's layers
    # One focus area to start from: Overvecht (wijk 03), one of the 20 national focus areas.
    overvecht = buurten[buurten["wijkcode"] == "WK034403"].geometry.union_all()
    project["focus_areas"] = [
        {
            "name": "Overvecht",
            "colour": "#ff7f00",
            "description": "Nationaal focusgebied (NPLV); alle buurten van wijk 03",
            "wkt": shapely.to_wkt(overvecht, rounding_precision=3),
        }
    ]
    project["view"] = None
    (OUT / "utrecht.wijkkaart").write_text(
        json.dumps(project, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print("written to", OUT)


if __name__ == "__main__":
    build(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data"))
