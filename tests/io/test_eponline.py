"""EP-Online labels: the register recipe, placement in buurten and shares against the stock."""

import math

import pytest

from tests.fixtures import EP_HEADER_V2, ep_row, write_bag, write_eponline
from wijkkaart.analysis.energy_labels import energy_labels_per_buurt, read_eponline
from wijkkaart.io.areas import read_areas
from wijkkaart.io.bag import format_bag_id
from wijkkaart.io.join import join_table
from wijkkaart.messages import WijkkaartError

B1, B2 = "BU04791110", "BU04791120"


@pytest.fixture
def areas(real, tmp_path):
    base = read_areas(real / "cbs_buurten_2017.geojson")
    stock = tmp_path / "woningen.csv"
    stock.write_text(f"buurtcode,woningvoorraad\n{B1},10\n{B2},1\n", encoding="utf-8")
    joined, _ = join_table(base, stock)
    return joined


def _points(areas):
    p1 = areas.frame.at[B1, "geometry"].representative_point()
    p2 = areas.frame.at[B2, "geometry"].representative_point()
    return p1, p2


def _files(tmp_path, areas, preamble=None):
    p1, p2 = _points(areas)
    rows = [
        ep_row("20190301", "Bestaand", "C", "W", "1500AA", "1", "0479010000000001"),
        ep_row("20230301", "Bestaand", "A", "W", "1500AA", "1", "0479010000000001"),  # newer
        ep_row("20200101", "Bestaand", "G", "W", "1500AA", "3", "0479010000000002"),
        ep_row("20240101", "Vergunningsaanvraag", "A+", "W", "1500AA", "5", "0479010000000003"),
        ep_row("20210101", "Bestaand", "E", "W", "1500AB", "2", "479010000000004"),  # no zero pad
        ep_row("20210101", "Bestaand", "B", "U", "1500AB", "4", "0479010000000005"),  # utility
        ep_row("20210101", "Bestaand", "X", "W", "1500AB", "6", "0479010000000006"),  # bad class
        ep_row("20220101", "Bestaand", "F", "W", "1500AB", "8", ""),  # address only
        ep_row("20220101", "Bestaand", "D", "W", "9999ZZ", "1", "0479010000000099"),  # not in BAG
    ]
    ep = write_eponline(tmp_path, rows, preamble)
    bag = write_bag(
        tmp_path,
        [
            ("0479010000000001", "1500AA", "1", p1.x, p1.y),
            ("0479010000000002", "1500AA", "3", p1.x + 1, p1.y),
            ("0479010000000003", "1500AA", "5", p1.x + 2, p1.y),
            ("0479010000000004", "1500AB", "2", p2.x, p2.y),
            ("0479010000000005", "1500AB", "4", p2.x, p2.y + 1),
            ("0479010000000007", "1500AB", "8", p2.x, p2.y + 2),
        ],
    )
    return ep, bag


def test_recipe_counts(tmp_path, areas):
    ep, _ = _files(tmp_path, areas)
    read = read_eponline(ep)
    assert read.variant == "v2"
    assert read.counts == {
        "total": 9,
        "design": 1,
        "utility": 1,
        "bad_class": 1,
        "resolved": 0,
        "older": 1,
        "kept": 5,
    }
    ids = read.labels["vbo"].map(format_bag_id, na_action="ignore")
    kept = dict(zip(ids, read.labels["label"], strict=True))
    assert kept["0479010000000001"] == "A"  # newest label of the address wins


def test_aggregation_per_buurt_against_dwelling_stock(tmp_path, areas, unchanged):
    ep, bag = _files(tmp_path, areas)
    unchanged(ep, bag)
    result, _ = energy_labels_per_buurt(ep, areas, bag)
    f = result.frame
    assert f.at[B1, "aantal_energielabels"] == 2
    assert f.at[B1, "aantal_energielabel_a"] == 1 and f.at[B1, "aantal_energielabel_g"] == 1
    assert f.at[B1, "percentage_energielabel_a"] == pytest.approx(10)
    assert f.at[B1, "percentage_geen_energielabel"] == pytest.approx(80)
    assert f.at[B1, "percentage_energielabel_e_tot_g"] == pytest.approx(50)
    assert f.at[B1, "gemiddelde_labelscore"] == pytest.approx((7 + 1) / 2)
    # B2: label E (by vbo id) and F (by postcode + huisnummer); 2 labels but 1 dwelling.
    assert f.at[B2, "aantal_energielabels"] == 2
    assert f.at[B2, "percentage_energielabel_e_tot_g"] == pytest.approx(100)
    assert f.at[B2, "percentage_geen_energielabel"] == pytest.approx(0)
    assert any("meer labels dan woningen" in w for w in result.warnings)
    assert any("1 label kon niet" in w for w in result.warnings)
    # A buurt without labels: counts 0, no mean score (reason), no stock -> share missing.
    other = next(c for c in result.codes if c not in (B1, B2))
    assert f.at[other, "aantal_energielabels"] == 0
    assert math.isnan(f.at[other, "gemiddelde_labelscore"])
    assert result.reason(other, "gemiddelde_labelscore") == "no_data"
    assert result.reason(other, "percentage_geen_energielabel") == "no_row"


def test_v4_preamble_and_2023_split_house_number_header(tmp_path, areas):
    _p1, _ = _points(areas)
    header = EP_HEADER_V2.replace(
        "Pand_huisnummer_toev", "Pand_huisletter;Pand_huisnummertoevoeging"
    )
    row = ep_row("20230301", "Bestaand", "B", "W", "1500AA", "1", "0479010000000001")
    row = row.replace(";1;;;0479", ";1;;;;0479")  # one extra empty column after huisnummer
    path = tmp_path / "v20260901_v4_csv.csv"
    path.write_text(
        "PublicatieDatum;20260901\nLaatstVerwerkteMutatievolgnummer;123\n"
        + header
        + "\n"
        + row
        + "\n",
        encoding="utf-8",
    )
    read = read_eponline(path)
    assert read.variant == "v4"
    assert read.labels["label"].tolist() == ["B"]
    assert read.labels["vbo"].map(format_bag_id).tolist() == ["0479010000000001"]


def test_labels_with_coordinates_need_no_bag_file(tmp_path, areas):
    p1, _ = _points(areas)
    path = tmp_path / "met_xy.csv"
    path.write_text(
        f"Pand_energieklasse;Pand_bagverblijfsobjectid;x;y\nC;0479010000000001;{p1.x};{p1.y}\n",
        encoding="utf-8",
    )
    result, _ = energy_labels_per_buurt(path, areas)
    assert result.frame.at[B1, "aantal_energielabel_c"] == 1


def test_unknown_header_is_refused(tmp_path, unchanged):
    path = tmp_path / "iets_anders.csv"
    path.write_text("adres;waarde\nDorpsstraat 1;3\n", encoding="utf-8")
    unchanged(path)
    with pytest.raises(WijkkaartError, match="geen EP-Online-export"):
        read_eponline(path)
