"""Builders for synthetic test files in the real CBS formats, on real Zaanstad geometry.

The geometry is real (CBS 2017, Zaanstad); the housing figures written here are test values,
chosen so each test can compute the expected outcome by hand. They are never shown as real data.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import numpy as np

REAL = Path(__file__).parent / "data" / "real"


def zaanstad() -> gpd.GeoDataFrame:
    return gpd.read_file(REAL / "cbs_buurten_2017.geojson")


def housing_values(n: int) -> dict[str, np.ndarray]:
    """Consistent tenure shares: koop + huur + onbekend = 100, corp + overig = huur."""
    koop = np.array([(17 * i) % 90 + 5 for i in range(n)], dtype=float)
    onbekend = np.array([i % 3 for i in range(n)], dtype=float)
    huur = 100 - koop - onbekend
    corp = np.floor(huur * 0.6)
    return {
        "koop": koop,
        "huur": huur,
        "corp": corp,
        "overig": huur - corp,
        "onbekend": onbekend,
        "woningen": np.array([100 + 10 * i for i in range(n)], float),
    }


def write_shapefile_upper(folder: Path) -> Path:
    """A 2015-style DBF: UPPER short names, -99999999 for missing, corporation as P_HUURCORP."""
    src = zaanstad()
    h = housing_values(len(src))
    frame = gpd.GeoDataFrame(
        {
            "BU_CODE": src["bu_code"],
            "BU_NAAM": src["bu_naam"],
            "WK_CODE": src["wk_code"],
            "GM_CODE": src["gm_code"],
            "WATER": src["water"],
            "AANT_INW": src["aant_inw"],
            "WONINGEN": h["woningen"],
            "P_KOOPWON": h["koop"],
            "P_HUURWON": h["huur"],
            "P_HUURCORP": h["corp"],
            "P_HUKO_ONB": h["onbekend"],
            "WOZ": 250.0,
        },
        geometry=src.geometry,
        crs=src.crs,
    )
    frame.loc[0, "P_HUURCORP"] = -99999999
    path = folder / "buurt_2015.shp"
    frame.to_file(path)
    return path


def write_gpkg_2022(folder: Path) -> Path:
    """A 2022+ GeoPackage with layers gemeenten/wijken/buurten and the 2022 missing codes."""
    src = zaanstad()
    h = housing_values(len(src))
    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": src["bu_code"],
            "buurtnaam": src["bu_naam"],
            "wijkcode": src["wk_code"],
            "gemeentecode": src["gm_code"],
            "water": src["water"],
            "jrstatcode": "2023" + src["bu_code"],
            "aantal_inwoners": src["aant_inw"],
            "woningvoorraad": h["woningen"],
            "percentage_koopwoningen": h["koop"],
            "percentage_huurwoningen": h["huur"],
            "perc_huurwoningen_in_bezit_woningcorporaties": h["corp"],
            "perc_huurwoningen_in_bezit_overige_verhuurders": h["overig"],
            "percentage_woningen_met_eigendom_onbekend": h["onbekend"],
            "gemiddeld_aardgasverbruik": 1200.0,
        },
        geometry=src.geometry,
        crs=src.crs,
    )
    buurten.loc[1, "percentage_koopwoningen"] = -99997
    buurten.loc[2, "percentage_koopwoningen"] = -99995
    buurten.loc[3, "percentage_koopwoningen"] = -99991
    path = folder / "wijkenbuurten_2023_v1.gpkg"
    wijken = buurten.dissolve(by="wijkcode", as_index=False)[
        ["wijkcode", "gemeentecode", "geometry"]
    ]
    gemeente = buurten.dissolve(by="gemeentecode", as_index=False)[["gemeentecode", "geometry"]]
    gemeente.to_file(path, layer="gemeenten", driver="GPKG")
    wijken.to_file(path, layer="wijken", driver="GPKG")
    buurten.to_file(path, layer="buurten", driver="GPKG")
    return path


def write_kwb_csv(folder: Path, encoding: str = "cp1252") -> Path:
    """A KWB table: ';' separated, decimal commas, '.' for missing, all three levels mixed."""
    lines = [
        "gwb_code_10;gwb_code;regio;gm_naam;recs;a_inw;a_woning;p_koopw;p_huurw;p_wcorpw;p_ov_hw;g_gas",
        "NL00;NL00;Nederland;Nederland;Land;17590672;8000000;57;42;29;13;1070",
        "GM0479;GM0479;Zaanstad;Zaanstad;Gemeente;156901;70000;55;44;33;11;1150",
        "WK047901;WK047901;Zaandam-Zuid;Zaanstad;Wijk;10000;4000;50;49;30;19;1100",
        "BU04790101;BU04790101;Rosmolenbuurt;Zaanstad;Buurt;1200;600;40,5;58,5;30,0;28,5;1050",
        "BU04790102;BU04790102;Burgemeestersbuurt;Zaanstad;Buurt;800;400;.;.;.;.;.",
        "BU04790103;BU04790103;Café Süd;Zaanstad;Buurt;500;250;60;39;20;19;1300",
    ]
    path = folder / "kwb-2021.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_statline_csv(folder: Path) -> Path:
    """A StatLine TypedDataSet export: codes padded with spaces, keys with numeric suffixes."""
    rows = [
        ("BU04790101  ", "Buurt     ", "120", "45", "55", "40", "15"),
        ("BU04790102  ", "Buurt     ", "80", "70", "30", "25", "5"),
        ("WK047901    ", "Wijk      ", "1000", "50", "50", "35", "15"),
    ]
    header = (
        "WijkenEnBuurten,SoortRegio_2,Woningvoorraad_35,Koopwoningen_47,HuurwoningenTotaal_48,"
        "InBezitWoningcorporatie_49,InBezitOverigeVerhuurders_50"
    )
    path = folder / "85984NED_TypedDataSet.csv"
    path.write_text(header + "\n" + "\n".join(",".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


EP_HEADER_V2 = (
    "Pand_opnamedatum;Pand_opnametype;Pand_status;Pand_berekeningstype;Pand_energieindex;"
    "Pand_energieklasse;Pand_energielabel_is_prive;Pand_is_op_basis_van_referentie_gebouw;"
    "Pand_gebouwklasse;Meting_geldig_tot;Pand_registratiedatum;Pand_postcode;"
    "Pand_huisnummer;Pand_huisnummer_toev;Pand_detailaanduiding;"
    "Pand_bagverblijfsobjectid;Pand_bagligplaatsid;Pand_bagstandplaatsid;Pand_bagpandid;"
    "Pand_gebouwtype;Pand_gebouwsubtype"
)


def ep_row(
    date: str, status: str, label: str, klasse: str, postcode: str, nr: str, vbo: str
) -> str:
    cells = [
        date,
        "Basisopname",
        status,
        "NTA 8800",
        "",
        label,
        "N",
        "N",
        klasse,
        "20330101",
        date,
        postcode,
        nr,
        "",
        "",
        vbo,
        "",
        "",
        "",
        "Rijwoning tussen",
        "",
    ]
    return ";".join(cells)


def write_eponline(folder: Path, rows: list[str], preamble: list[str] | None = None) -> Path:
    path = folder / "v20240101_v2_csv.csv"
    lines = [*(preamble or []), EP_HEADER_V2, *rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_bag(folder: Path, rows: list[tuple[str, str, str, float, float]]) -> Path:
    """BAG address points: vbo id, postcode, huisnummer, x, y (RD)."""
    path = folder / "bag_adressen.csv"
    lines = ["identificatie;postcode;huisnummer;x;y"]
    lines += [f"{v};{p};{n};{x:.1f};{y:.1f}".replace(".", ",", 0) for v, p, n, x, y in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@contextmanager
def time_bound(seconds: int) -> Iterator[None]:
    """A hang (a blocked open() of a FIFO, a runaway parser) fails the test instead of the run."""

    def expire(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
