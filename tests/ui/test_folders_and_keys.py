"""Save dialogs never start in the installation; every shortcut is bound once."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from wijkkaart.paths import resources_dir


def test_save_as_of_the_sample_does_not_start_in_the_installation(window, monkeypatch, tmp_path):
    window.document.project.path = resources_dir() / "sample" / "utrecht.wijkkaart"
    seen = []
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: seen.append(a[2]) or ("", "")
    )
    window.save_as()
    assert seen and not Path(seen[0]).resolve().is_relative_to(resources_dir().resolve())
    # After a choice the next dialog starts in that folder.
    chosen = tmp_path / "mijn" / "plan.wijkkaart"
    chosen.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: seen.append(a[2]) or (str(chosen), "")
    )
    window.save_as()
    window.save_as()
    assert Path(seen[-1]).parent == chosen.parent


def test_no_key_is_bound_to_two_actions(window):
    keys = Counter(
        seq.toString()
        for action in window.actions_by_key.values()
        for seq in action.shortcuts()
        if seq.toString()
    )
    assert [k for k, n in keys.items() if n > 1] == []
    assert window.actions_by_key["lasso"].shortcut().toString() == "Ctrl+Shift+K"


def test_table_exports_start_in_the_last_folder_with_a_name_in_the_language(
    window, monkeypatch, tmp_path
):
    """The typology and attribute CSVs started in the working folder, named in Dutch always."""
    from tests.ui.waiting import wait_jobs
    from wijkkaart.messages import language, set_language, ui

    last = tmp_path / "exports"
    last.mkdir()
    from wijkkaart.ui import folders

    folders.remember(last / "eerder.csv")
    panel = window.analysis_panel
    panel.rules.setPlainText("Koop: koop >= 60\nRest\n")
    panel.run_typology()
    assert wait_jobs(window.jobs)
    seen: list[str] = []
    chosen = tmp_path / "elders" / "typen.csv"
    chosen.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: seen.append(a[2]) or (str(chosen), "")
    )
    before = language()
    try:
        set_language("en")
        panel._export(panel.explanation_frame, ui("file_typology"))  # what its button passes
        window.show_attribute_table()
        window.attribute_dock.table.export()
    finally:
        set_language(before)
    assert seen[0] == str(last / "typology.csv")  # the last folder, the name in English
    assert chosen.is_file() and Path(seen[1]) == chosen.parent / "attributes.csv"
