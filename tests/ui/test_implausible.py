"""Values that cannot be right say so where they are shown: the information panel and prints."""

from __future__ import annotations

import subprocess

from wijkkaart.analysis.plausibility import implausible, implausible_in
from wijkkaart.io.areas import read_areas
from wijkkaart.ui.info_panel import InfoPanel

WOZ = "gemiddelde_woningwaarde"


def test_real_woz_zero_is_flagged_in_the_information_panel(qtbot, real):
    """The provincial table has WOZ 0 for four Utrecht buurten (a third party's 'unknown')."""
    areas = read_areas(real / "kerncijfers_buurten_provincie_utrecht_ca2020.csv")
    zeros = implausible_in(areas.statistics_frame(), WOZ)
    assert {"BU03440535", "BU03440911", "BU03440952", "BU03440953"} <= set(zeros)
    panel = InfoPanel()
    qtbot.addWidget(panel)
    panel.show_area(areas, "BU03440535")
    rows = {r[0]: r for r in panel.rows()}
    woz_row = next(r for label, r in rows.items() if label.startswith("Gemiddelde WOZ-waarde"))
    assert woz_row[1].endswith("(?)")
    sound = next(c for c in areas.frame.index if c.startswith("BU0344") and c not in zeros)
    panel.show_area(areas, sound)
    rows = {r[0]: r for r in panel.rows()}
    woz_row = next(r for label, r in rows.items() if label.startswith("Gemiddelde WOZ-waarde"))
    assert not woz_row[1].endswith("(?)")


def test_people_without_dwellings_and_tenure_sums_are_flagged(real):
    areas = read_areas(real / "kerncijfers_buurten_provincie_utrecht_ca2020.csv")
    flags = implausible(areas.statistics_frame())
    assert flags["woningvoorraad"]["BU03562001"]  # De Liesbosch: 115 inhabitants, 0 dwellings


def test_a_print_of_an_implausible_figure_says_so(sample, tmp_path):
    """Test value: the sample's (missing) WOZ of BU03440535 set to 0, as the province table has."""
    from wijkkaart.export.printing import export_map
    from wijkkaart.layers.document import MapDocument
    from wijkkaart.layers.model import AreaLayer
    from wijkkaart.layers.style import ChoroplethStyle

    document = MapDocument.open(sample / "utrecht.wijkkaart")
    document.areas.frame.loc["BU03440535", WOZ] = 0.0
    for layer in document.layers:
        layer.visible = False
    layer = AreaLayer(name="WOZ", style=ChoroplethStyle(WOZ), source={"dataset": "project"})
    document.layers.append(layer.attach(document.areas))
    pdf = export_map(document, tmp_path / "woz.pdf", dpi=72, focus_profile=False)
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert "onwaarschijnlijke waarde" in text and "BU03440535" in text
