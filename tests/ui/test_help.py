"""Help → Handleiding and Help → Bronnen en licenties (issue 12)."""


def test_manual_has_the_main_tasks_and_the_windows_own_shortcuts(window):
    window.actions_by_key["menu_manual"].trigger()
    text = window.help_window.body.toPlainText()
    assert "Handleiding wijkkaart" in text
    for task in ("Nieuw project", "Focusgebieden", "Afdrukken en exporteren", "Bewonersavond"):
        assert task in text, task
    assert "Sneltoetsen" in text
    # the shortcut list comes from the actions themselves: the export row has Ctrl+E
    cells = [line.strip() for line in text.splitlines()]
    assert cells[cells.index("Exporteren") + 1] == "Ctrl+E", text[-800:]
    assert "F1" in text  # the manual's own key


def test_sources_name_the_projects_data_and_the_licences(window):
    window.actions_by_key["menu_sources"].trigger()
    text = window.help_window.body.toPlainText()
    for entry in window.document.project.sources():
        assert entry["path"] in text
        if entry.get("source"):
            assert entry["source"] in text
    assert "(voorbeeldgegevens)" in text  # the sample's illustrative tables are flagged
    assert "CC BY 4.0 (Bron: CBS)" in text and "Leaflet" in text and "BSD-2-Clause" in text
