"""The series jobs (adding a series, switching the reference vintage, a table over the years
opened on the map) are never put over newer work: like the other jobs (tests/ui/
test_stale_results.py), a result computed against an older revision of the document is computed
again on the edited document, the edit survives, and undoing the job's step gives the edited
document back.

The edit is pushed on the GUI thread right after the job starts: the job's result reaches the
GUI thread as a queued event, so it can only arrive after the edit (no timing luck involved).
Real boundaries and series: Baarn (CBS 2024 buurten, CBS kerncijfers 2016–2025) and Wageningen
(CBS/PDOK 2017 and 2018 buurten); the joined scores and Wageningen's counts are INVENTED.
"""

from __future__ import annotations

from pathlib import Path

from tests.baarn import BAARN_MAP
from tests.ui.test_cancel_jobs import serialised
from tests.ui.test_series_goals_follow import _project_without_series
from tests.ui.waiting import open_window, wait_jobs
from tests.wageningen import W2017, W2018, build_wageningen_project
from wijkkaart.commands import ReplaceAreaData
from wijkkaart.io.areas import read_areas

SCORE = "invented_score"


def _invented_scores(folder: Path, *maps: Path) -> Path:
    """INVENTED scores (the buurt's place in the list) for every buurt of ``maps``."""
    codes = list(dict.fromkeys(c for m in maps for c in read_areas(m).frame.index))
    rows = ["buurtcode," + SCORE] + [f"{c},{i % 9 + 1}" for i, c in enumerate(codes)]
    path = folder / "invented_scores.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _status(window) -> list[str]:
    shown: list[str] = []
    window.statusBar().messageChanged.connect(shown.append)
    return shown


def _join_now(window, table: Path) -> str:
    """Join ``table`` as one undoable step, computed here (the edit made while a job runs)."""
    state, report = window.document.table_state(table)
    assert report.matched > 0
    window.apply(ReplaceAreaData(window.document, state, "tabel koppelen"))
    assert SCORE in window.document.areas.frame
    return serialised(window)


def _tables(document) -> list[str]:
    return [Path(e["path"]).name for e in document.project.data.get("tables", [])]


def test_a_series_added_while_a_table_is_joined_keeps_the_join(qtbot, tmp_path):
    project = _project_without_series(tmp_path)
    window = open_window(qtbot, project, rendered=False)
    shown = _status(window)
    table = _invented_scores(tmp_path, BAARN_MAP)
    window.series_actions.add_series(tmp_path / "kerncijfers.json", ask=False)
    job = window.jobs.job("add_series")
    assert job is not None
    edited = _join_now(window, table)
    assert wait_jobs(window.jobs, timeout=120)
    document = window.document
    assert len(document.project.data["series"]) == 1  # added, on the edited document
    assert _tables(document) == ["invented_scores.csv"] and SCORE in document.areas.frame
    assert any(m.startswith("Het project is intussen gewijzigd") for m in shown)
    window.stack.undo()  # the series
    assert serialised(window) == edited


def test_a_reference_switched_while_a_table_is_joined_keeps_the_join(qtbot, tmp_path):
    project = build_wageningen_project(tmp_path)
    window = open_window(qtbot, project, rendered=False)
    assert wait_jobs(window.jobs, timeout=120)
    shown = _status(window)
    table = _invented_scores(tmp_path, W2017, W2018)
    window.series_actions.choose_reference(2017)
    assert window.jobs.job("reference") is not None
    edited = _join_now(window, table)
    assert wait_jobs(window.jobs, timeout=120)
    document = window.document
    assert document.project.data["reference_year"] == 2017 and len(document.areas.frame) == 14
    assert _tables(document) == ["invented_scores.csv"]  # joined on the 2017 buurten too
    assert document.areas.frame[SCORE].notna().sum() == 14
    assert any(m.startswith("Het project is intussen gewijzigd") for m in shown)
    window.stack.undo()  # the switch
    assert serialised(window) == edited


def test_a_series_opened_while_another_is_added_keeps_both(qtbot, tmp_path):
    """Two tables over the years: the Baarn kerncijfers opened on the map (a job), and meanwhile
    INVENTED migration shares on the same buurten added as a step of their own."""
    from wijkkaart.series_commands import ReplaceSeries, planned_series

    project = _project_without_series(tmp_path)
    rows = ["code,jaar,indicator,waarde"] + [  # INVENTED, as tests/baarn.py's herkomst.csv
        f"{c},{y},percentage_westerse_migratieachtergrond,{10 + i % 7 + (y - 2020)}"
        for y in (2020, 2023)
        for i, c in enumerate(read_areas(BAARN_MAP).frame.index)
    ]
    (tmp_path / "herkomst.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    window = open_window(qtbot, project, rendered=False)
    shown = _status(window)
    opener = window.series_opener
    opener.open(tmp_path / "kerncijfers.json")
    entries, _series = planned_series(window.document.project, tmp_path / "herkomst.csv")
    window.apply(ReplaceSeries(window.document, entries))
    edited = serialised(window)
    assert wait_jobs(window.jobs, timeout=120)
    assert opener.outcome is True
    names = [Path(e["path"]).name for e in window.document.project.data["series"]]
    assert names == ["herkomst.csv", "kerncijfers.json"]
    assert any(m.startswith("Het project is intussen gewijzigd") for m in shown)
    window.stack.undo()
    assert serialised(window) == edited
