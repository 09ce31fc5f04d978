"""Shared fixtures. Qt runs offscreen; real data comes from tests/data/real and resources/."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import NamedTuple

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("WIJKKAART_LANG", "nl")
# Settings, recovery files and logs of the tests never land in the user's own folders.
os.environ["WIJKKAART_TEST_HOME"] = tempfile.mkdtemp(prefix="wijkkaart-tests-")
os.environ["XDG_DATA_HOME"] = os.path.join(os.environ["WIJKKAART_TEST_HOME"], "data")
os.environ["XDG_STATE_HOME"] = os.path.join(os.environ["WIJKKAART_TEST_HOME"], "state")
os.environ["XDG_CONFIG_HOME"] = os.path.join(os.environ["WIJKKAART_TEST_HOME"], "config")
os.environ["XDG_CACHE_HOME"] = os.path.join(os.environ["WIJKKAART_TEST_HOME"], "cache")

import pytest

from wijkkaart.messages import set_language
from wijkkaart.paths import resources_dir

REAL = Path(__file__).parent / "data" / "real"
SAMPLE = resources_dir() / "sample"


@pytest.fixture(autouse=True)
def _dutch():
    set_language("nl")
    yield
    set_language("nl")


@pytest.fixture
def real() -> Path:
    return REAL


@pytest.fixture
def sample() -> Path:
    return SAMPLE


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def unchanged():
    """Check that files are byte-for-byte the same after the test body: ``unchanged(path, ...)``."""
    recorded: dict[Path, str] = {}

    def record(*paths: Path) -> None:
        for path in paths:
            if path.exists():
                recorded[path] = digest(path)

    yield record
    for path, before in recorded.items():
        assert path.exists(), f"{path} was removed"
        assert digest(path) == before, f"{path} was modified"


class CliResult(NamedTuple):
    """What a user sees of one command: the exit code and the two streams (as subprocess.run)."""

    returncode: int
    stdout: str
    stderr: str


# Set by a library when it is first imported (sklearn for its OpenMP runtime), once a process.
_IMPORT_TIME_ENV = frozenset({"KMP_DUPLICATE_LIB_OK", "KMP_INIT_AT_FORK"})


def _changed(before: object, after: object) -> object:
    """The part of a state entry that changed, short enough to read in a failure."""
    if isinstance(before, dict) and isinstance(after, dict):
        keys = set(before) ^ set(after)
        keys |= {k for k in before if k in after and before[k] != after[k]}
        return {k: (before.get(k), after.get(k)) for k in sorted(keys)}
    return (before, after)


def _process_state(app) -> dict[str, object]:
    """What one CLI call must leave as it found it, so the next call starts like a new process."""
    import logging

    from wijkkaart.messages import language
    from wijkkaart.project import OUTSIDE_ALLOWED

    return {
        "language": language(),
        "environment": {k: v for k, v in os.environ.items() if k not in _IMPORT_TIME_ENV},
        "cwd": os.getcwd(),
        "log handlers": list(logging.getLogger().handlers),
        "outside allowed": OUTSIDE_ALLOWED.get(),
        "windows": list(app.topLevelWidgets()),
        "application": type(app.instance()).__name__,
    }


@pytest.fixture
def run_cli(capfd, qapp, monkeypatch):
    """``run_cli(*args, cwd=None, timeout=None)``: ``wijkkaart.cli.main`` in this process.

    Output is captured at the file-descriptor level (a library writing to fd 2 shows, as in a
    real process); argparse's SystemExit becomes the exit code. Every call starts from the
    environment of a fresh ``python -m wijkkaart`` with ``WIJKKAART_LANG=nl`` and must leave the
    process as it found it (language, environment, logging, Qt windows): a leak fails the test,
    and is fixed in the CLI. Exports share the test session's QApplication (offscreen); the CLI
    would make a QGuiApplication of its own, which widget tests cannot use.
    """
    from wijkkaart.cli import main

    monkeypatch.delenv("WIJKKAART_DEBUG", raising=False)

    def run(*args: object, cwd: Path | None = None, timeout: int | None = None) -> CliResult:
        set_language("nl")
        capfd.readouterr()  # what the test printed before is not this command's output
        before = _process_state(qapp)
        home = os.getcwd()
        if cwd is not None:
            os.chdir(cwd)
        try:
            if timeout is None:
                code = main([str(a) for a in args])
            else:  # a hang fails this call, not the whole run
                from tests.fixtures import time_bound

                with time_bound(timeout):
                    code = main([str(a) for a in args])
        except SystemExit as exit:  # argparse: usage errors (2), --help and --version (0)
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        finally:
            os.chdir(home)
        out, err = capfd.readouterr()
        after = _process_state(qapp)
        leaked = {k: _changed(before[k], after[k]) for k in before if before[k] != after[k]}
        assert not leaked, f"wijkkaart {' '.join(map(str, args))} left state behind: {leaked}"
        return CliResult(code, out, err)

    return run


@pytest.fixture
def baarn_project(tmp_path, qapp) -> Path:
    """The real Baarn 2016–2025 project with the focus area Centrum-Oost and two goals
    (tests/baarn.py builds it; the CLI shares the session's QApplication)."""
    from tests.baarn import build_baarn_project

    return build_baarn_project(tmp_path)
