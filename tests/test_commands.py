"""One undo stack: exact states back after undo/redo, merging, macros, the clean index."""

from shapely.geometry import box

from wijkkaart.commands import InsertItem, MoveItem, RemoveItem, SetAttribute, UndoStack
from wijkkaart.layers.focus import FocusArea, FocusAreaList
from wijkkaart.layers.model import AreaLayer, LayerList, OutlineLayer
from wijkkaart.layers.style import ChoroplethStyle


def state(layers):
    return [layer.to_dict() for layer in layers]


def test_undo_redo_restores_exact_states():
    a, b = AreaLayer(name="A"), OutlineLayer(name="B")
    layers = LayerList([a, b])
    stack = UndoStack()
    states = [state(layers)]
    stack.push(SetAttribute(a, "style", ChoroplethStyle("leefbaarometer_score", k=7), "opmaak"))
    states.append(state(layers))
    stack.push(MoveItem(layers, a, 1, "volgorde"))
    states.append(state(layers))
    stack.push(RemoveItem(layers, b, "verwijderen"))
    states.append(state(layers))
    stack.push(SetAttribute(a, "name", "Leefbaarheid", "naam"))
    states.append(state(layers))
    for expected in reversed(states[:-1]):
        stack.undo()
        assert state(layers) == expected
    assert not stack.can_undo()
    for expected in states[1:]:
        stack.redo()
        assert state(layers) == expected
    assert stack.undo_text() == "naam"


def test_slider_drag_is_one_step_and_clean_index():
    layer = AreaLayer(name="A")
    stack = UndoStack()
    assert stack.is_clean()
    for value in (0.9, 0.8, 0.7, 0.6):
        stack.push(SetAttribute(layer, "opacity", value, "dekking", merge_key=("op", layer.uid)))
    stack.end_merge()
    stack.push(SetAttribute(layer, "opacity", 0.2, "dekking", merge_key=("op", layer.uid)))
    assert not stack.is_clean()
    stack.undo()
    assert layer.opacity == 0.6
    stack.undo()
    assert layer.opacity == 1.0 and stack.is_clean()
    stack.redo()
    stack.set_clean()
    stack.push(SetAttribute(layer, "visible", False, "zichtbaarheid"))
    assert not stack.is_clean()
    stack.undo()
    assert stack.is_clean()


def test_macro_is_one_undo_step_for_focus_areas():
    areas = FocusAreaList()
    stack = UndoStack()
    first = FocusArea("Overvecht", box(0, 0, 10, 10))
    stack.begin_macro("focusgebied maken")
    stack.push(InsertItem(areas, first))
    stack.push(SetAttribute(first, "colour", "#123456"))
    stack.end_macro()
    assert stack.undo_text() == "focusgebied maken"
    stack.undo()
    assert len(areas) == 0 and first.colour != "#123456"
    stack.redo()
    assert areas[0] is first and first.colour == "#123456"


def test_new_command_after_undo_drops_the_redo_branch():
    layer = AreaLayer(name="A")
    stack = UndoStack()
    stack.push(SetAttribute(layer, "name", "B", "naam"))
    stack.undo()
    stack.push(SetAttribute(layer, "name", "C", "naam"))
    assert not stack.can_redo() and layer.name == "C"


def test_focus_area_round_trip():
    area = FocusArea("Kanaleneiland", box(1.5, 2.25, 3, 4), "start 2026", "#ff7f00")
    again = FocusArea.from_dict(area.to_dict())
    assert again.geometry.equals(area.geometry)
    assert (again.name, again.description, again.colour) == (
        "Kanaleneiland",
        "start 2026",
        "#ff7f00",
    )


def test_removing_a_layer_removes_that_layer_not_an_equal_one():
    first, second = AreaLayer(name="Koopwoningen"), AreaLayer(name="Koopwoningen")
    layers = LayerList([first, OutlineLayer(name="B"), second])
    stack = UndoStack()
    stack.push(RemoveItem(layers, second, "verwijderen"))
    assert [layer is first for layer in layers] == [True, False]
    stack.undo()
    assert layers[2] is second and layers[0] is first
