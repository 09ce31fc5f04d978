"""The reference vintage in the app: shown in the information panel, switched as an undoable
command (the map shows the other buurtindeling, the series follow), and a series added on an
older division with a BAG file. Real Wageningen 2017/2018 buurten; counts and dwelling points
INVENTED (tests/wageningen.py)."""

from __future__ import annotations

import shutil

from tests.ui.waiting import open_project
from tests.wageningen import (
    W2017,
    W2018,
    build_wageningen_project,
    invented_2017,
    invented_dwellings,
)
from wijkkaart.cli import main
from wijkkaart.layers.model import AreaLayer, OutlineLayer


def _window(qtbot, project):
    from wijkkaart.ui.main_window import MainWindow

    win = MainWindow()
    qtbot.addWidget(win)
    assert open_project(win, project)
    qtbot.waitUntil(lambda: not win.jobs.running(), timeout=60_000)
    return win


def _buurten_layer(win):
    """The layer that draws the project's buurten (boundaries only: an outline of them)."""
    return next(
        x
        for x in win.document.layers
        if isinstance(x, AreaLayer | OutlineLayer)
        and x.source.get("dataset") == "project"
        and not x.source.get("dissolve")
    )


def _idle(qtbot, win) -> None:
    qtbot.waitUntil(lambda: not win.jobs.running(), timeout=120_000)


def test_switching_the_reference_is_one_undoable_step(qtbot, tmp_path):
    win = _window(qtbot, build_wageningen_project(tmp_path))
    assert win.info.vintage.text() == "Buurtindeling 2018"
    assert len(win.document.areas.frame) == 33
    assert win.year_bar.series is not None
    assert win.year_bar.series.years == [2016, 2017, 2018, 2019]
    win.info.show_area(win.document.areas, "BU02890102")  # a 2018 buurt, as the walk had it
    win.series_actions.choose_reference(2017)
    _idle(qtbot, win)
    assert win.document.project.data["reference_year"] == 2017
    assert len(win.document.areas.frame) == 14
    # no 2018 buurt on the 2017 map: the panel asks for a click and tells no derivation of it
    assert win.info.title.text() == "Klik op een buurt voor alle cijfers."
    assert win.info.derivation.isHidden() and win.info.derivation.text() == ""
    assert win.info.vintage.text() == "Buurtindeling 2017"
    assert len(_buurten_layer(win).frame) == 14  # the map shows the 2017 buurten
    wijken = [x for x in win.document.layers if x.source.get("dissolve") == "wijk"]
    assert wijken and len(wijken[0].frame) == len(
        set(c[2:8] for c in win.document.areas.frame.index)
    )
    assert win.stack.undo_text() == "referentie-indeling 2017"
    qtbot.waitUntil(lambda: win.year_bar.series is not None, timeout=60_000)
    table = win.year_bar.series.table("aantal_inwoners")
    assert set(table.index) >= set(win.document.areas.frame.index)
    footnote = " ".join(win.year_bar.series.conversions)
    assert "2018–2019 omgerekend naar de buurtindeling van 2017" in footnote
    win.info.show_area(win.document.areas, "BU02890003")
    assert win.info.derivation.isVisibleTo(win.info)
    told = win.info.derivation.text()
    assert told.startswith("2018–2019 omgerekend naar de buurtindeling van 2017")
    assert "Samengesteld uit" in told or "Samengevoegd uit" in told
    assert "%" in told  # with the shares
    win.stack.undo()
    assert len(win.document.areas.frame) == 33
    assert win.document.project.data["reference_year"] == 2018
    assert win.document.project.data["areas"]["path"] == "buurten_2018.geojson"
    assert win.info.vintage.text() == "Buurtindeling 2018"
    assert len(_buurten_layer(win).frame) == 33
    win.stack.redo()
    assert len(win.document.areas.frame) == 14


def _with_2017_series_by_dwellings(qtbot, tmp_path):
    """The window on a new 2018 project after adding INVENTED 2017 counts on the real 2017
    division, weighed by INVENTED dwellings, without questions."""
    shutil.copy(W2017, tmp_path / "buurten_2017.geojson")
    shutil.copy(W2018, tmp_path / "buurten_2018.geojson")
    invented_2017(tmp_path)  # INVENTED counts
    bag = invented_dwellings(tmp_path)
    project = tmp_path / "w.wijkkaart"
    assert main(["new", str(tmp_path / "buurten_2018.geojson"), "--out", str(project)]) == 0
    win = _window(qtbot, project)
    win.series_actions.add_series(
        tmp_path / "invented_2017.csv", tmp_path / "buurten_2017.geojson", bag, ask=False
    )
    _idle(qtbot, win)
    return win


def test_a_series_on_an_older_division_asks_for_it_and_converts_by_dwellings(qtbot, tmp_path):
    win = _with_2017_series_by_dwellings(qtbot, tmp_path)
    entry = win.document.project.data["series"][0]
    assert entry["division"] == "buurten_2017.geojson"
    assert entry["bag"] == "invented_bag_wageningen.csv"
    assert win.stack.undo_text() == "reeks toevoegen"
    qtbot.waitUntil(lambda: win.year_bar.series is not None, timeout=60_000)
    win.info.show_area(win.document.areas, "BU02890102")
    text = win.info.derivation.text()
    assert text.startswith("2017 omgerekend naar de buurtindeling van 2018, naar rato van woningen")
    assert "Deel van BU02890007 (" in text and "%" in text
    held = sorted(d["year"] for d in win.document.project.data["divisions"])
    assert held == [2017, 2018]
    win.stack.undo()
    assert win.document.project.data["series"] == []
    qtbot.waitUntil(lambda: win.year_bar.series is None, timeout=10_000)


def test_adding_a_series_asks_on_which_division_its_figures_are(qtbot, tmp_path, dialogs):
    """The question is asked (tests/ui/conftest.py records message boxes and answers none of
    their buttons: the planner closed it), and nothing is added without an answer."""
    shutil.copy(W2018, tmp_path / "buurten_2018.geojson")
    from wijkkaart.io.areas import read_areas

    new = list(read_areas(W2018).frame.index)
    rows = ["buurtcode,jaar,aantal_inwoners"] + [  # INVENTED counts
        f"{c},2019,{500 + 11 * i}" for i, c in enumerate(new)
    ]
    (tmp_path / "invented_2019.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    project = tmp_path / "w.wijkkaart"
    assert main(["new", str(tmp_path / "buurten_2018.geojson"), "--out", str(project)]) == 0
    win = _window(qtbot, project)
    win.series_actions.add_series(tmp_path / "invented_2019.csv")
    _idle(qtbot, win)
    assert dialogs == ["Op welke buurtindeling staan deze cijfers?"]
    assert win.document.project.data["series"] == []
    assert not win.stack.can_undo()


def test_a_buurt_shows_the_converted_series_latest_figures(qtbot, tmp_path):
    """A project whose only figures are a series converted from the 2017 division (INVENTED
    counts): a clicked buurt shows the series' latest figure, with its year and the derivation,
    instead of an empty table."""
    win = _with_2017_series_by_dwellings(qtbot, tmp_path)
    qtbot.waitUntil(lambda: win.year_bar.series is not None, timeout=60_000)
    series = win.year_bar.series
    code = "BU02890102"
    win.info.show_area(win.document.areas, code)
    rows = win.info.rows()
    assert rows[0][0] == "Uit de reeks (2017)"
    expected = series.table("aantal_inwoners").loc[code, 2017]
    assert expected > 0
    label, value = rows[1][0], rows[1][1]
    assert label == series.label("aantal_inwoners")
    assert value.replace(".", "") == f"{round(expected)}"
    tip = win.info.table.item(1, 1).toolTip()
    assert "(2017)" in tip and "Deel van BU02890007 (" in tip
    assert not win.info.derivation.isHidden()


def test_a_migrated_project_gets_its_division_years_on_opening_not_outside_the_stack(
    qtbot, tmp_path
):
    """A version 5 project stored no division years (real Wageningen 2017/2018 buurten, whose
    file names say none; INVENTED 2017 counts). The years are filled where the project is read:
    the open project is then changed only by commands, so switching the reference is the one
    step on the stack and its undo gives back exactly the opened project, clean."""

    from tests.ui.test_cancel_jobs import serialised
    from tests.wageningen import version5_project
    from wijkkaart.vintages import held_years

    project = version5_project(tmp_path)
    win = _window(qtbot, project)
    data = win.document.project.data
    assert held_years(win.document.project) == [2017, 2018]  # told by the files, on opening
    assert sorted((d["path"], d["year"]) for d in data["divisions"]) == [
        ("kaart.geojson", 2018),
        ("oud.geojson", 2017),
    ]
    assert win.stack.is_clean() and not win.stack.can_undo() and not win.document.dirty
    opened = serialised(win)
    win.series_actions.choose_reference(2017)
    _idle(qtbot, win)
    assert data is win.document.project.data and data["reference_year"] == 2017
    assert win.document.dirty and win.stack.undo_text() == "referentie-indeling 2017"
    win.stack.undo()
    assert not win.stack.can_undo() and not win.document.dirty
    assert serialised(win) == opened
