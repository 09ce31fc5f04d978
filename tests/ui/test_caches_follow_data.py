"""Caches that hold what they are keyed on, or are keyed on (layer uid, data version), and drop
what went: the data's one spatial index over add/remove cycles of a layer, and the information
panel's implausible-value flags over a join and its undo. The Utrecht sample (real CBS buurten);
the joined inwoners are INVENTED, one of them negative on purpose (a count cannot be)."""

from __future__ import annotations

from tests.ui.test_views_follow_data import SHOWN, _row
from tests.ui.waiting import open_window
from wijkkaart.analysis.spatial_index import INDEXES, LIMIT, area_index
from wijkkaart.commands import ReplaceAreaData

CYCLES = 20


def test_the_spatial_index_does_not_grow_over_add_and_remove_cycles(qtbot, project):
    """The index is the data's (analysis/spatial_index.py): layers added on the same data share
    it, and the cache stays bounded however many layers come and go."""
    win = open_window(qtbot, project, rendered=False)
    workspace = win.workspace
    buurt = win.identify_layer().data.frame.geometry.iloc[SHOWN].point_on_surface()
    code = win.identify_layer().data.frame.index[SHOWN]
    sizes = []
    builds = None
    for cycle in range(CYCLES):
        win.layer_actions.add_area_layer()
        added = win.layer_panel.current_layer()
        assert workspace.area_at(added, buurt.x, buurt.y) == code  # its index is there
        assert workspace.layer_index(added) is area_index(added.data, include_water=True)
        if builds is None:
            builds = INDEXES.builds
        if cycle % 2:
            win.layer_actions.remove_current_layer()
        else:
            win.stack.undo()  # the removal by an undo: the same
        sizes.append(len(INDEXES))
    assert INDEXES.builds == builds  # one index for the one data set, not one per layer
    assert max(sizes) <= LIMIT  # was one more index per cycle before the cache was bounded


def test_the_doubt_shown_follows_the_data_shown(qtbot, project, tmp_path):
    win = open_window(qtbot, project, rendered=False)
    layer = win.identify_layer()
    codes = list(layer.data.frame.index)
    code = codes[SHOWN]
    table = tmp_path / "invented_inwoners.csv"
    values = {c: (-5 if c == code else 1000 + i) for i, c in enumerate(codes)}  # INVENTED
    rows = ["buurtcode,aantal_inwoners", *(f"{c},{v}" for c, v in values.items())]
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")
    win.info.show_area(layer.data, code)
    assert not _row(win.info.rows(), "Inwoners")[1].endswith("(?)")
    state, _report = win.document.table_state(table, existing="replace")
    win.apply(ReplaceAreaData(win.document, state, "tabel koppelen"))
    assert _row(win.info.rows(), "Inwoners")[1] == "-5 (?)"  # a count below zero: doubted
    assert win.info._flags is not None and win.info._flags[0] is win.info._data
    win.stack.undo()
    assert not _row(win.info.rows(), "Inwoners")[1].endswith("(?)")
    assert win.info._flags[0] is win.info._data is win.identify_layer().data
