"""Shared fixtures. Qt runs offscreen; real data comes from tests/data/real and resources/."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

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
