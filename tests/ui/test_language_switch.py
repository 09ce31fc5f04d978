"""Instellingen → Taal re-translates the open window at once, and the choice is remembered."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QDockWidget, QLabel, QMenu

from wijkkaart import messages
from wijkkaart.messages import text
from wijkkaart.ui import language
from wijkkaart.ui.settings import user_settings


@pytest.fixture(autouse=True)
def _forget_choice():
    """The choice lives in the (temporary) user settings; no test leaves one for the next."""
    user_settings().remove(language.SETTING)
    yield
    user_settings().remove(language.SETTING)
    language.install_qt_translations("nl")


def _visible_texts(window) -> list[str]:
    texts = [a.text() for a in window.menuBar().actions()]
    for menu in window.findChildren(QMenu):
        texts += [a.text() for a in menu.actions() if a.text()]
    texts += [d.windowTitle() for d in window.findChildren(QDockWidget)]
    texts += [w.text() for w in window.findChildren(QLabel) + window.findChildren(QAbstractButton)]
    return [t for t in texts if t]


def _dutch_only() -> set[str]:
    """Texts that exist in Dutch and read differently in English (fixed texts, no fields)."""
    nl, en = messages._load("nl").texts, messages._load("en").texts
    return {
        value
        for key, value in nl.items()
        if isinstance(value, str) and "{" not in value and en.get(key) not in (None, value)
    }


def _change_opacity(window) -> None:
    slider = window.layer_panel.opacity
    slider.setValue(slider.value() - 20 if slider.value() > 20 else slider.value() + 20)
    window.layer_panel.end_merge()


def test_the_switch_retranslates_the_visible_window(window, qtbot):
    _change_opacity(window)  # something to undo
    undo = window.actions_by_key["undo"]
    assert undo.text() == text("undo_what", {"what": text("cmd_opacity")})
    labels_before = {w.text() for w in window.style_panel.findChildren(QLabel)}
    assert text("style_kind", lang="nl") in labels_before
    legend_before = window.legend.grab().toImage()
    dutch = _dutch_only()
    assert set(_visible_texts(window)) & dutch  # the check below could fail
    window.statusBar().showMessage(text("startup_loading", lang="nl"))  # said before the switch

    window.settings_menu.language_actions["en"].trigger()
    assert window.statusBar().currentMessage() == ""  # not left standing in Dutch

    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&View", "&Map", "&Settings", "&Help"]
    assert window.docks["legend"].windowTitle() == "Legend"
    assert window.docks["style"].windowTitle() == "Style"
    labels = {w.text() for w in window.style_panel.findChildren(QLabel)}
    assert "Map type" in labels and "Soort kaart" not in labels
    # the legend is drawn in English: its title and its "no data" entry, and other pixels
    blocks = window.legend.blocks()
    assert blocks[0].title == "Owner-occupied dwellings (%)"
    assert blocks[0].entries[-1].label == "No data"
    window.legend.repaint()
    assert window.legend.grab().toImage() != legend_before
    # the undo label was stored as a key: it reads English now, although made in Dutch
    assert undo.text() == "Undo: change opacity"
    # nothing fixed in Dutch is left on the menus, docks, labels and buttons
    left = sorted(set(_visible_texts(window)) & dutch)
    assert not left, left

    window.settings_menu.language_actions["nl"].trigger()
    assert window.menuBar().actions()[0].text() == "&Bestand"
    assert undo.text() == text("undo_what", {"what": text("cmd_opacity")})
    assert window.legend.blocks()[0].title == "Koopwoningen (%)"
    assert window.settings_menu.language_actions["nl"].isChecked()


def test_the_information_panel_shows_the_same_buurt_again_in_english(window):
    from wijkkaart.catalogue import catalogue

    layer = window.layer_panel.current_layer()
    code = layer.data.frame.index[0]
    window.info.show_area(layer.data, code)
    cat = catalogue()
    dutch_labels = {i.nl for i in cat if i.nl != i.en}
    assert {r[0] for r in window.info.rows()} & dutch_labels
    window.settings_menu.language_actions["en"].trigger()
    rows = window.info.rows()
    assert window.info.code == code and len(rows) > 10
    labels = {r[0].rstrip(" *") for r in rows}
    assert cat["percentage_koopwoningen"].en in labels
    assert not labels & dutch_labels, labels & dutch_labels


def test_the_choice_is_remembered_for_the_next_start(window, qtbot):
    from wijkkaart.ui.main_window import MainWindow

    assert language.saved_language() is None
    window.settings_menu.language_actions["en"].trigger()
    assert language.saved_language() == "en"
    messages.set_language("nl")  # as a fresh process would start
    assert language.start_language() == "en"
    again = MainWindow()
    qtbot.addWidget(again)
    assert again.menuBar().actions()[0].text() == "&File"
    assert again.settings_menu.language_actions["en"].isChecked()


def test_qt_dialog_buttons_follow_the_language(qtbot):
    assert language.install_qt_translations("nl")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == (
        "Annuleren"
    )
    language.switch("en", remember=False)
    english = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(english)
    assert english.button(QDialogButtonBox.StandardButton.Cancel).text() == "Cancel"


def test_texts_with_values_are_mapped_back_through_their_template():
    shown = text("profile_selection", {"n": 3}, lang="nl")
    assert language.translate_text(shown, "nl", "en") == text(
        "profile_selection", {"n": 3}, lang="en"
    )
    assert language.translate_text("Taagdreef", "nl", "en") is None  # a name stays a name
