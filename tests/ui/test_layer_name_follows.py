"""A layer named after its indicator by wijkkaart follows the indicator; a user's name stays."""

from pathlib import Path

from tests.ui.waiting import accepted
from wijkkaart.catalogue import catalogue
from wijkkaart.export.web import _area_spec
from wijkkaart.layers.model import AreaLayer, layer_from_dict

ZAANSTAD = Path("/work/shared/data/zaanstad/cbs_buurten_2017.geojson")


def new_zaanstad(window):
    dialog = window.new_project(ZAANSTAD, show=False)
    accepted(dialog)
    assert window.canvas.wait_rendered()
    layer = next(x for x in window.document.layers if isinstance(x, AreaLayer))
    window.layer_panel.select(layer)
    assert window.style_panel.layer is layer
    return layer


def other_indicator(window, layer):
    picker = window.style_panel.indicator
    return next(c for c in picker.indicators() if c != layer.style.indicator)


def shown_name(window, layer):
    panel = window.layer_panel.list
    item = next(panel.item(r) for r in range(panel.count()) if panel.item(r).data(256) == layer.uid)
    return item.text()


def test_auto_named_layer_follows_its_indicator_in_one_undo_step(window):
    layer = new_zaanstad(window)
    first = layer.name
    assert layer.auto_name and first == catalogue()[layer.style.indicator].label
    column = other_indicator(window, layer)
    window.style_panel.indicator.select(column)
    expected = catalogue()[column].label
    assert layer.style.indicator == column
    assert layer.name == expected
    assert shown_name(window, layer) == expected
    assert _area_spec(layer)["name"] == expected  # the HTML map's layer list
    window.actions_by_key["undo"].trigger()  # style and name go back together
    assert layer.name == first and layer.style.indicator != column
    # the flag survives saving
    assert layer_from_dict(layer.to_dict()).auto_name


def test_a_layer_the_user_renamed_keeps_its_name(window):
    layer = new_zaanstad(window)
    row = next(
        r
        for r in range(window.layer_panel.list.count())
        if window.layer_panel.list.item(r).data(256) == layer.uid
    )
    window.layer_panel.list.item(row).setText("Mijn kaart")
    assert layer.name == "Mijn kaart" and not layer.auto_name
    window.style_panel.indicator.select(other_indicator(window, layer))
    assert layer.name == "Mijn kaart"
    assert not layer_from_dict(layer.to_dict()).auto_name
