"""Joining an indicator table in the app: columns mapped by the planner, saved with the project."""

from tests.ui.waiting import joined, open_project, spy_threads, table_read, wait_jobs
from wijkkaart.ui.main_window import MainWindow


def write_table(tmp_path):
    path = tmp_path / "monitor.csv"
    path.write_bytes(
        (
            "Buurt;Aandeel sociale huur;Tevredenheid;Toelichting\n"
            "03440311;61,0;6,4;laag\n03440112;4,5;7,9;hoog\n99999999;1;1;x\n"
        ).encode("cp1252")
    )
    return path


def test_map_a_column_join_and_reopen(window, qtbot, tmp_path, project, dialogs):
    dialog = table_read(window.join_table(write_table(tmp_path)))
    assert dialog.code_column == "Buurt"
    combo = dialog.combos["Aandeel sociale huur"]
    combo.setCurrentIndex(combo.findData("perc_huurwoningen_in_bezit_woningcorporaties"))
    dialog.combos["Toelichting"].setCurrentIndex(dialog.combos["Toelichting"].findData(""))
    dialog.illustrative.setChecked(False)
    asked = []
    dialog.ask_existing = lambda question: asked.append(question) or "replace"
    report = joined(dialog)
    # The sample already has (illustrative) corporation shares: the join asks before replacing.
    assert len(asked) == 1 and "Aandeel" not in asked[0]
    assert "corporatie" in asked[0].lower() or "perc_huurwoningen" in asked[0]
    assert report.matched == 2 and report.unmatched_rows == ["BU99999999"]
    frame = window.document.areas.frame
    assert frame.at["BU03440311", "perc_huurwoningen_in_bezit_woningcorporaties"] == 61.0
    assert frame.at["BU03440112", "tevredenheid"] == 7.9  # kept as a custom indicator
    assert "perc_huurwoningen_in_bezit_woningcorporaties" not in window.document.areas.illustrative
    assert "2 buurten gekoppeld" in dialog.summary.text()
    assert "BU99999999" in dialogs[-1] and "2 buurten gekoppeld" not in dialogs[-1]
    assert any("bestaande waarde" in w for w in report.warnings)
    window.save()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert open_project(again, project)
    assert again.document.areas.frame.at["BU03440112", "tevredenheid"] == 7.9


def test_table_without_code_column_is_refused_clearly(window, tmp_path, dialogs):
    path = tmp_path / "zonder.csv"
    path.write_text("naam,waarde\nA,1\n", encoding="utf-8")
    dialog = table_read(window.join_table(path))  # read in a job, then refused
    assert not dialog.isVisible() and dialog.code_column is None
    assert "geen kolom met gebiedscodes" in dialogs[0]


def test_adding_a_table_as_layer_opens_the_join_dialog(window, tmp_path):
    assert window.add_layer_file(write_table(tmp_path)) is None
    assert table_read(window.layer_actions.table_dialog).code_column == "Buurt"


def test_cancelling_the_overwrite_question_joins_nothing(window, tmp_path):
    dialog = table_read(window.join_table(write_table(tmp_path)))
    combo = dialog.combos["Aandeel sociale huur"]
    combo.setCurrentIndex(combo.findData("perc_huurwoningen_in_bezit_woningcorporaties"))
    before = window.document.areas.frame["perc_huurwoningen_in_bezit_woningcorporaties"].copy()
    dialog.ask_existing = lambda question: None
    assert joined(dialog) is None
    after = window.document.areas.frame["perc_huurwoningen_in_bezit_woningcorporaties"]
    assert after.equals(before)
    assert "tables" not in window.document.project.data or all(
        "monitor" not in t["path"] for t in window.document.project.data["tables"]
    )


def test_ambiguous_numbers_are_asked_and_the_answer_is_kept(window, qtbot, tmp_path, project):
    """Test values: '1.855' with no other hint in the file; the planner says it is Dutch."""
    path = tmp_path / "gebouwen.csv"
    path.write_text("Buurt;Gebouwen\n03440311;1.855\n03440112;12.400\n", encoding="utf-8")
    dialog = window.join_table(path)
    asked = []
    dialog.ask_decimal_mark = lambda column, why: asked.append((column, why)) or ","
    report = joined(dialog)
    assert report is not None and [c for c, _ in asked] == ["Gebouwen"]
    assert "1.855" in asked[0][1]  # the question explains what is unclear
    frame = window.document.areas.frame
    assert frame.at["BU03440311", "gebouwen"] == 1855
    assert frame.at["BU03440112", "gebouwen"] == 12400
    window.save()
    again = MainWindow()
    qtbot.addWidget(again)
    assert open_project(again, project)
    assert again.document.areas.frame.at["BU03440311", "gebouwen"] == 1855


def test_cancelling_the_number_question_joins_nothing(window, tmp_path):
    path = tmp_path / "gebouwen.csv"
    path.write_text("Buurt;Gebouwen\n03440311;1.855\n03440112;12.400\n", encoding="utf-8")
    dialog = window.join_table(path)
    dialog.ask_decimal_mark = lambda column, why: None
    assert joined(dialog) is None
    assert "gebouwen" not in window.document.areas.frame


def test_a_join_is_one_undoable_step_that_marks_the_project_dirty(window, tmp_path):
    before = window.document.snapshot_data()
    columns = list(window.document.areas.frame.columns)
    dialog = table_read(window.join_table(write_table(tmp_path)))
    dialog.ask_existing = lambda question: "replace"
    assert joined(dialog).matched == 2
    assert "tevredenheid" in window.document.areas.frame
    assert window.document.dirty and window.windowTitle().startswith("*")
    assert window.stack.undo_text() == "tabel koppelen"
    window.stack.undo()
    assert list(window.document.areas.frame.columns) == columns
    assert window.document.snapshot_data() == before and not window.document.dirty
    window.stack.redo()
    assert window.document.areas.frame.at["BU03440112", "tevredenheid"] == 7.9


def test_removing_a_data_file_is_one_undoable_step(window):
    from wijkkaart.roles import project_roles

    roles = [r for r in project_roles(window.document.project) if r["role"] != "areas"]
    names = [r["path"] for r in roles]
    index = names.index("voorbeeld_woningbezit.csv")  # illustrative shares, not on the map
    before = window.document.snapshot_data()
    assert "percentage_huurwoningen" in window.document.areas.frame
    assert window.layer_actions.remove_data(index)
    assert wait_jobs(window.jobs, "remove_data")  # computed in a job
    tables = [t["path"] for t in window.document.project.data["tables"]]
    assert "voorbeeld_woningbezit.csv" not in tables
    assert "percentage_huurwoningen" not in window.document.areas.frame
    assert window.stack.undo_text() == "gegevens verwijderen" and window.document.dirty
    window.stack.undo()
    assert "percentage_huurwoningen" in window.document.areas.frame
    assert window.document.snapshot_data() == before and not window.document.dirty


def test_a_file_the_map_shows_is_not_removed_under_it(window, dialogs):
    from wijkkaart.roles import project_roles

    roles = [r for r in project_roles(window.document.project) if r["role"] != "areas"]
    index = [r["path"] for r in roles].index("utrecht_kerncijfers_2020.csv")
    before = window.document.snapshot_data()
    window.layer_actions.remove_data(index)  # the map shows Koopwoningen from this table
    assert wait_jobs(window.jobs, "remove_data")
    assert "percentage_koopwoningen" in dialogs[-1] and "Koopwoningen" in dialogs[-1]
    assert window.document.snapshot_data() == before and not window.stack.can_undo()


def test_the_removal_is_computed_off_the_gui_thread(window, monkeypatch):
    """Gegevens verwijderen re-derives the figures in a job (it ran on the GUI thread behind
    a wait cursor); the result is the same one undoable step."""
    import threading

    from wijkkaart import roles as roles_module

    threads = spy_threads(monkeypatch, roles_module, "remove_role")
    roles = [r for r in roles_module.project_roles(window.document.project) if r["role"] != "areas"]
    index = [r["path"] for r in roles].index("voorbeeld_woningbezit.csv")
    assert window.layer_actions.remove_data(index)
    assert window.jobs.running("remove_data")
    assert wait_jobs(window.jobs, "remove_data")
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert "percentage_huurwoningen" not in window.document.areas.frame
    assert window.stack.undo_text() == "gegevens verwijderen"
