"""EP-Online with a BAG file: addresses resolved before de-duplication, placement reasons,
progress, and the careful reader giving the same result as the fast one."""

import pytest

from tests.fixtures import EP_HEADER_V2, ep_row, write_eponline
from wijkkaart.analysis.energy_labels import energy_labels_per_buurt, newest_labels, read_eponline
from wijkkaart.feedback import Feedback
from wijkkaart.io.areas import read_areas
from wijkkaart.io.bag import format_bag_id
from wijkkaart.io.eponline import read_label_rows

B1, B2 = "BU04791110", "BU04791120"
V1, V2, V3 = "0479010000000001", "0479010000000002", "0479010000000003"


@pytest.fixture
def areas(real):
    return read_areas(real / "cbs_buurten_2017.geojson")


def _bag(tmp_path, areas, rows):
    """rows: (id, postcode, huisnummer, huisletter, buurt or None for no coordinates)."""
    lines = ["identificatie;postcode;huisnummer;huisletter;x;y"]
    for vid, postcode, nr, letter, code in rows:
        if code is None:
            lines.append(f"{vid};{postcode};{nr};{letter};;")
            continue
        p = areas.frame.at[code, "geometry"].representative_point()
        lines.append(f"{vid};{postcode};{nr};{letter};{p.x:.2f};{p.y:.2f}")
    path = tmp_path / "bag.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _letter(row: str, letter: str) -> str:
    """An ep_row with a huisletter in Pand_huisnummer_toev (v2: letter and toevoeging in one)."""
    cells = row.split(";")
    cells[13] = letter
    return ";".join(cells)


def test_old_address_only_label_and_newer_label_with_bag_id_count_once(tmp_path, areas):
    # The newer label has only the BAG id (no address), so only the BAG file can tell that the
    # old address-only label belongs to the same dwelling.
    ep = write_eponline(
        tmp_path,
        [
            ep_row("20150301", "Bestaand", "G", "W", "1500AA", "1", ""),  # old, address only
            ep_row("20230301", "Bestaand", "A", "W", "", "", V1),  # newer, BAG id only
            _letter(ep_row("20200101", "Bestaand", "C", "W", "1500AA", "1", ""), "B"),  # 1B
        ],
    )
    bag = _bag(tmp_path, areas, [(V1, "1500AA", "1", "", B1), (V2, "1500AA", "1", "B", B1)])
    without = read_eponline(ep)
    assert without.counts["kept"] == 3  # cannot know: 1500AA 1 and V1 stay two labels
    result, read = energy_labels_per_buurt(ep, areas, bag)
    assert read.counts["resolved"] == 2 and read.counts["older"] == 1
    assert read.counts["kept"] == 2
    kept = dict(zip(read.labels["vbo"].map(format_bag_id), read.labels["label"], strict=True))
    assert kept == {V1: "A", V2: "C"}
    assert result.frame.at[B1, "aantal_energielabels"] == 2
    assert result.frame.at[B1, "aantal_energielabel_g"] == 0  # the old G label is superseded
    assert any("via postcode en huisnummer" in w for w in read.all_warnings())


def test_newer_address_only_label_wins_over_older_label_with_id(tmp_path, areas):
    ep = write_eponline(
        tmp_path,
        [
            ep_row("20150301", "Bestaand", "G", "W", "1500AA", "1", V1),
            ep_row("20240301", "Bestaand", "B", "W", "1500AA", "1", ""),
        ],
    )
    # Without a BAG file the export's own row with both address and id links them.
    read = read_eponline(ep)
    assert read.counts["resolved"] == 1 and read.labels["label"].tolist() == ["B"]
    assert read.labels["vbo"].map(format_bag_id).tolist() == [V1]


def test_placement_reasons_are_counted_and_told(tmp_path, areas):
    ep = write_eponline(
        tmp_path,
        [
            ep_row("20230301", "Bestaand", "A", "W", "1500AA", "1", V1),  # placed in B1
            ep_row("20230301", "Bestaand", "B", "W", "1500AA", "3", V2),  # BAG row without x/y
            ep_row("20230301", "Bestaand", "C", "W", "1500AA", "5", "0479010000000099"),  # absent
            ep_row("20230301", "Bestaand", "D", "W", "9999ZZ", "9", ""),  # address not in BAG
            ep_row("20230301", "Bestaand", "E", "W", "1500AA", "7", V3),  # outside every buurt
        ],
    )
    bag = _bag(tmp_path, areas, [(V1, "1500AA", "1", "", B1), (V2, "1500AA", "3", "", None)])
    with bag.open("a", encoding="utf-8") as fh:
        fh.write(f"{V3};1500AA;7;;200000;500000\n")  # in NL, far from Zaanstad
    result, read = energy_labels_per_buurt(ep, areas, bag)
    assert read.placement == {
        "placed": 1,
        "not_in_bag": 2,
        "no_coordinates": 1,
        "outside": 1,
        "no_bag_file": 0,
    }
    text = read.placement_summary()
    assert text.startswith("1 van de 5 woninglabels in een buurt geplaatst")
    assert "1 buiten alle buurten" in text and "1 zonder coördinaten" in text
    assert text in result.warnings
    assert result.frame["aantal_energielabels"].sum() == 1


def test_without_bag_file_labels_with_only_an_id_are_reported(tmp_path, areas):
    ep = write_eponline(tmp_path, [ep_row("20230301", "Bestaand", "A", "W", "1500AA", "1", V1)])
    _result, read = energy_labels_per_buurt(ep, areas)
    assert read.placement["no_bag_file"] == 1 and read.placement["placed"] == 0


def test_progress_goes_from_zero_to_one_in_dutch(tmp_path, areas):
    ep = write_eponline(tmp_path, [ep_row("20230301", "Bestaand", "A", "W", "1500AA", "1", V1)])
    bag = _bag(tmp_path, areas, [(V1, "1500AA", "1", "", B1)])
    calls = []
    energy_labels_per_buurt(ep, areas, bag, Feedback(lambda f, m: calls.append((f, m))))
    fractions = [f for f, _ in calls]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    assert calls[-1][1] == "Klaar: 1 labels in buurten geplaatst."
    assert any("BAG-bestand" in m for _, m in calls)


def test_careful_reader_gives_what_the_fast_reader_gives(tmp_path, areas):
    rows = [
        ep_row(f"2023{m:02d}01", "Bestaand", "ABCDEFG"[m % 7], "W", "1500AA", str(m), "")
        for m in range(1, 13)
    ] + [ep_row("20220101", "Bestaand", "B", "W", "1500AB", "1", V1)]
    clean = write_eponline(tmp_path, rows)
    fast = read_label_rows(clean)
    bad = tmp_path / "bad.csv"
    lines = clean.read_text(encoding="utf-8").splitlines()
    bad.write_text("\n".join([*lines[:5], "1;2;3", *lines[5:]]) + "\n", encoding="utf-8")
    careful = read_label_rows(bad)
    assert careful.skipped_lines == [6]
    a, b = newest_labels(fast), newest_labels(careful)
    assert a.labels.drop(columns="key").equals(b.labels.drop(columns="key"))
    assert a.counts == b.counts


def test_cp1252_bytes_late_in_the_file_are_read(tmp_path):
    header = EP_HEADER_V2
    row = ep_row("20230301", "Bestaand", "A", "W", "1500AA", "1", V1)
    late = ep_row("20230301", "Bestaand", "C", "W", "1500AA", "2", V2).replace(
        "Rijwoning", "Rijwoning \xe9"
    )
    path = tmp_path / "ep.csv"
    path.write_bytes(
        (header + "\n" + (row + "\n") * 3000).encode("utf-8") + (late + "\n").encode("cp1252")
    )
    read = read_eponline(path)
    assert sorted(read.labels["label"]) == ["A", "C"]
