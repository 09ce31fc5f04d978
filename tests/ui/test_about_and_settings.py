"""Help → Over wijkkaart, the application icon, and settings in the user's folder (issue 14)."""

from __future__ import annotations

import importlib.metadata as metadata
from pathlib import Path

import pyogrio
import pyproj
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication

from wijkkaart import __version__
from wijkkaart.paths import resources_dir
from wijkkaart.ui.about_dialog import AboutDialog, app_icon
from wijkkaart.ui.recent import RecentProjects
from wijkkaart.ui.settings import settings_file, user_settings


def test_help_menu_opens_the_about_dialog(window, qtbot):
    help_menu = next(
        a.menu() for a in window.menuBar().actions() if a.menu() and "Help" in a.text()
    )
    about = next(a for a in help_menu.actions() if a is window.actions_by_key["about"])
    assert about.text() == "&Over wijkkaart"
    about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    text = dialog.text.toPlainText()
    assert text.splitlines()[0].startswith(f"wijkkaart {__version__}")
    assert f"Qt: {qVersion()}" in text
    assert pyogrio.__gdal_version_string__ in text and pyproj.proj_version_str in text
    assert "CC BY 4.0" in text and "Leaflet 1.9.4: BSD-2-Clause" in text
    assert f"PySide6_Essentials {metadata.version('PySide6-Essentials')}: LGPL-3.0-only" in text
    dialog.reject()
    assert not dialog.isVisible()


def test_about_dialog_shows_the_icon(qtbot):
    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    image = dialog.grab().toImage()
    assert not image.isNull()
    icon = app_icon()
    assert not icon.isNull()
    pixmap = icon.pixmap(64, 64).toImage()
    # the icon's orange focus-area outline (#e6550d) is drawn: not an empty pixmap
    oranges = sum(
        1
        for x in range(pixmap.width())
        for y in range(pixmap.height())
        if (c := pixmap.pixelColor(x, y)).red() > 200 and 60 < c.green() < 120 and c.blue() < 60
    )
    assert oranges > 20


def test_app_icon_has_every_png_size():
    sizes = sorted(
        int(p.stem.split("-")[1]) for p in (resources_dir() / "icons").glob("wijkkaart-*.png")
    )
    assert sizes == [16, 32, 48, 64, 128, 256, 512]
    assert {s.width() for s in app_icon().availableSizes()} >= {16, 32, 48, 256}


def test_desktop_entry_starts_the_gui_with_the_icon():
    entry = Path(__file__).resolve().parents[2] / "packaging" / "wijkkaart.desktop"
    lines = dict(line.split("=", 1) for line in entry.read_text().splitlines() if "=" in line)
    assert lines["Type"] == "Application"
    assert lines["Exec"].split()[:2] == ["wijkkaart", "open"]  # one executable on Linux
    assert lines["Icon"] == "wijkkaart"
    assert "application/x-wijkkaart" in lines["MimeType"]


def test_settings_live_in_the_users_config_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert settings_file() == tmp_path / "config" / "wijkkaart" / "wijkkaart.conf"
    recent = RecentProjects()
    project = tmp_path / "werk" / "zaanstad.wijkkaart"
    project.parent.mkdir()
    project.write_text("{}")
    recent.add(project)
    recent.settings.sync()
    assert settings_file().exists()
    assert str(project) in settings_file().read_text()
    assert RecentProjects().paths() == [project]  # a fresh reader sees it: one file, one place
    program = resources_dir().parent
    assert not list(program.rglob("wijkkaart.conf"))
    assert user_settings().fileName() == str(settings_file())


def test_application_gets_the_icon_and_desktop_name(tmp_path, monkeypatch):
    from wijkkaart.ui.app import run

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    assert run(screenshot=tmp_path / "shot.png") == 0
    app = QApplication.instance()
    assert app.desktopFileName() == "wijkkaart"
    assert not app.windowIcon().isNull()
