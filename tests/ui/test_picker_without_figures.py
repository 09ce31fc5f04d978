"""The indicator picker offers only indicators with figures; the rest stand greyed with why."""

from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.waiting import accepted
from wijkkaart.catalogue import catalogue
from wijkkaart.layers.model import AreaLayer
from wijkkaart.ui.indicator_picker import ID_ROLE

ERMELO = Path("/work/shared/data/ermelo/cbs_buurten_2021.gpkg")


def test_ermelo_picker_offers_only_indicators_with_figures(window, dialogs, qtbot):
    dialog = window.new_project(ERMELO, show=False)
    accepted(dialog)
    assert window.canvas.wait_rendered()
    picker = window.style_panel.indicator
    data = window.document.areas
    stats = data.statistics_frame()
    offered = picker.indicators()
    assert offered and all(stats[c].notna().any() for c in offered)
    greyed = picker.unavailable()
    # in the real 2021 file population and households are empty (published later)
    assert "aantal_inwoners" in greyed and "percentage_eenpersoonshuishoudens" in greyed
    assert all(stats[c].isna().all() for c in greyed)
    cat = catalogue()
    columns = [*data.indicators, *data.custom]
    assert sorted(offered + greyed) == sorted(
        c for c in columns if c not in cat or cat[c].kind != "year"
    )
    row = picker.findData("aantal_inwoners", ID_ROLE)
    item = picker.model().item(row)
    assert not item.isEnabled() and not item.isSelectable()
    assert "leeg in het bestand" in item.toolTip()
    heading = picker.model().item(min(picker.findData(c, ID_ROLE) for c in greyed) - 1)
    assert heading.text() == f"Zonder cijfers in deze gegevens ({len(greyed)})"

    search = picker.completer()
    search.setCompletionPrefix("inwoners")  # the search skips what cannot be mapped
    model = search.completionModel()
    found = [model.index(r, 0).data(ID_ROLE) for r in range(model.rowCount())]
    assert not set(found) & set(greyed)

    picker.setFocus()
    for _ in range(picker.count()):  # arrowing through the list never lands on a greyed one
        qtbot.keyClick(picker, Qt.Key.Key_Down)
        assert picker.currentData() in offered
    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    assert layer.style.indicator in offered
