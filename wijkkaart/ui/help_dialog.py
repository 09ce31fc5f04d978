"""*Help → Handleiding* and *Help → Bronnen en licenties*: read-only windows over
:mod:`wijkkaart.help` (the manual as Markdown, the sources as plain text: project text is data,
never markup)."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wijkkaart.help import manual_markdown, sources_text
from wijkkaart.messages import ui


class _TextWindow(QDialog):
    def __init__(self, title: str, body: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.body = body
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(body)
        layout.addWidget(buttons)
        self.resize(720, 620)


def manual_dialog(window) -> QDialog:
    """The manual with the window's own shortcuts."""
    actions = getattr(window, "actions_by_key", {})
    shortcuts = [
        (action.text(), ", ".join(k.toString() for k in action.shortcuts()))
        for action in actions.values()
    ]
    browser = QTextBrowser()
    browser.setOpenExternalLinks(False)
    browser.setMarkdown(manual_markdown(shortcuts))
    return _TextWindow(ui("menu_manual").replace("&", ""), browser, window)


def sources_dialog(window) -> QDialog:
    document = getattr(window, "document", None)
    text = QPlainTextEdit(sources_text(document.project if document is not None else None))
    text.setReadOnly(True)
    text.setFont(QFont("monospace"))
    return _TextWindow(ui("menu_sources").replace("&", ""), text, window)
