"""Start the desktop app (optionally photograph it: ``--screenshot``), and nothing more."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from wijkkaart.paths import sample_project


def run(
    project: Path | None = None,
    screenshot: Path | None = None,
    size: tuple[int, int] = (1500, 950),
    lang: str | None = None,
) -> int:
    """Open ``project`` (the sample by default); with ``screenshot``, save the window and quit."""
    from wijkkaart.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("wijkkaart")
    QApplication.setDesktopFileName("wijkkaart")  # the window matches wijkkaart.desktop
    from wijkkaart.ui.about_dialog import app_icon

    QApplication.setWindowIcon(app_icon())
    from wijkkaart.ui.language import start_language

    # --lang or WIJKKAART_LANG for this run, else the user's last choice (Instellingen → Taal)
    start_language(lang or os.environ.get("WIJKKAART_LANG"))
    window = MainWindow()
    screen = app.primaryScreen()
    if screen is not None:  # a laptop of 1366x768 gets a window that fits, status bar included
        room = screen.availableGeometry()
        size = (min(size[0], room.width()), min(size[1], room.height()))
    window.resize(*size)
    window.show()
    app.processEvents()
    from wijkkaart.ui import recovery

    recovery.install_excepthook(lambda: window)
    if screenshot is None:  # after a crash or kill: offer the work that was not saved
        restored = recovery.offer_restore(window)
        if restored is not None:
            window.set_document(restored)
            window.stack.set_dirty()
            return app.exec()
    # a data file opens as a new unsaved project; a failure is a dialog and the window stays
    opened = (
        window.open_path(project) if project is not None else window.open_project(sample_project())
    )
    if not opened and screenshot is not None:
        return 2
    if screenshot is not None:
        window.canvas.wait_rendered()
        app.processEvents()
        window.grab().save(str(screenshot))
        window.close()
        return 0
    return app.exec()
