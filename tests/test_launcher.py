"""``wijkkaart --version``, ``wijkkaart about`` and the GUI launcher's arguments."""

from __future__ import annotations

import importlib.metadata as metadata

import pytest

from wijkkaart import __version__, cli
from wijkkaart.launcher import gui_argv, is_gui_executable, main

COMMANDS = cli.command_names()


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"wijkkaart {__version__}"


def test_about_command_prints_versions_and_licences(capsys):
    assert cli.main(["about"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"wijkkaart {__version__}")
    assert "GDAL:" in out and "PROJ:" in out and "CC BY 4.0" in out
    # Qt's version without loading Qt: the installed wheel's
    assert f"  Qt: {metadata.version('PySide6-Essentials')}" in out


def test_commands_are_the_parsers_subcommands():
    assert {"info", "open", "export", "about", "typology"} <= COMMANDS


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ["open"]),
        (["project.wijkkaart"], ["open", "project.wijkkaart"]),
        (["--lang", "en", "p.wijkkaart"], ["--lang", "en", "open", "p.wijkkaart"]),
        (["--screenshot", "x.png"], ["open", "--screenshot", "x.png"]),
        (["info", "buurten.gpkg"], ["info", "buurten.gpkg"]),
        (["--version"], ["--version", "open"]),
    ],
)
def test_gui_launcher_opens_the_window_unless_a_command_is_named(argv, expected):
    assert gui_argv(argv, COMMANDS) == expected


def test_gui_executable_is_recognised_by_name():
    assert is_gui_executable("/opt/wijkkaart/wijkkaart-gui")
    assert is_gui_executable(r"C:\Program Files\wijkkaart\wijkkaart-gui.exe")
    assert not is_gui_executable("/opt/wijkkaart/wijkkaart")


def test_gui_launcher_runs_the_cli(capsys):
    # 'open --summary' via the GUI name: the window's command, without a window
    assert main(["--summary"], executable="/opt/wijkkaart/wijkkaart-gui") == 0
    assert "Project: Utrecht" in capsys.readouterr().out
