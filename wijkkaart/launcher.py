"""How the built program starts: ``wijkkaart`` is the command line, ``wijkkaart-gui`` the window.

The build has two executables over one folder. On Windows ``wijkkaart-gui.exe`` is windowed (no
console window pops up, e.g. for a double-clicked project file) and ``wijkkaart.exe`` is a console
program for the CLI; on Linux both are ordinary executables. ``wijkkaart-gui PROJECT`` means
``wijkkaart open PROJECT``. A windowed program has no stdout/stderr: they go to the null device so
a ``print`` cannot crash it (messages still reach the log file).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

GUI_SUFFIX = "-gui"
_GLOBAL_OPTIONS = {"--lang": 1, "--version": 0, "-h": 0, "--help": 0}  # option: values it takes


def is_gui_executable(executable: str) -> bool:
    """True for the windowed launcher (``wijkkaart-gui``, ``wijkkaart-gui.exe``)."""
    return Path(executable).stem.lower().endswith(GUI_SUFFIX)


def gui_argv(argv: list[str], commands: set[str]) -> list[str]:
    """The CLI arguments for ``wijkkaart-gui ARGS``: ``open`` unless a command is named."""
    i = 0
    while i < len(argv) and argv[i] in _GLOBAL_OPTIONS:
        i += 1 + _GLOBAL_OPTIONS[argv[i]]
    if i < len(argv) and argv[i] in commands:
        return list(argv)
    return [*argv[:i], "open", *argv[i:]]


def main(argv: list[str] | None = None, executable: str | None = None) -> int:
    """Run the CLI the way the executable's name asks for."""
    from wijkkaart import cli

    args = list(sys.argv[1:] if argv is None else argv)
    if sys.stdout is None or sys.stderr is None:  # windowed on Windows: nowhere to print
        null = open(os.devnull, "w")  # noqa: SIM115 (lives as long as the process)
        sys.stdout = sys.stdout or null
        sys.stderr = sys.stderr or null
    if is_gui_executable(executable or sys.executable):
        args = gui_argv(args, cli.command_names())
    return cli.console_main(args)  # the program: a closed pipe exits quietly
