"""*Help → Over wijkkaart*: the icon, the version, Qt/GDAL/PROJ versions and every licence.

The text itself comes from :mod:`wijkkaart.about` (Qt-free, also printed by ``wijkkaart about``);
this dialog adds only Qt's runtime version and the window around it.
"""

from __future__ import annotations

from PySide6.QtCore import qVersion
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from wijkkaart import __version__
from wijkkaart.messages import ui
from wijkkaart.paths import resources_dir


def app_icon() -> QIcon:
    """The application icon: the SVG plus its PNG sizes (Qt picks the best for each place)."""
    folder = resources_dir() / "icons"
    icon = QIcon()
    for png in sorted(folder.glob("wijkkaart-*.png")):
        icon.addFile(str(png))
    if (folder / "wijkkaart.svg").exists():
        icon.addFile(str(folder / "wijkkaart.svg"))
    return icon


class AboutDialog(QDialog):
    """Version, Qt/GDAL/PROJ versions and the licences of the bundled data and libraries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(ui("about_dialog_title"))
        self.setWindowIcon(app_icon())
        header = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(64, 64))
        header.addWidget(logo)
        self.title = QLabel(ui("about_text", version=__version__))
        self.title.setWordWrap(True)
        header.addWidget(self.title, 1)
        from wijkkaart.about import about_text  # importlib.metadata: not at start-up (app_icon)

        self.text = QPlainTextEdit(about_text(qt_version=qVersion()))
        self.text.setReadOnly(True)
        self.text.setFont(QFont("monospace"))
        self.text.setMinimumSize(620, 420)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.text)
        layout.addWidget(buttons)


def show_about(parent: QWidget | None = None) -> AboutDialog:
    """Open the dialog window-modal without blocking (tests and the event loop go on)."""
    dialog = AboutDialog(parent)
    dialog.open()
    return dialog
