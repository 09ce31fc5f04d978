"""Every file of the hostile corpus through every command a planner would run on it.

Each call must end with exit 0 or 2, a Dutch message and no traceback, within a time bound, with
no input file changed and no earlier output lost. The corpus is ``tests/data/hostile/``; each file's
prefix says what it is (``areas_``, ``tables_``, ``raster_``, ``project_``, ``rules_`` …).
Calls run in-process (fast); the export of every project also runs once in a real process, so a
native crash shows up as a failing exit code instead of killing the test run.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "data" / "hostile"
TIME_BOUND_S = 60
DUTCH = re.compile(
    r"\b(niet|geen|het|een|de|is|kan|bestand|kies|wordt|van|naar|deze|map|kolom|regel)\b", re.I
)
LEAKS = re.compile(r"Traceback|\w+Error\b|Exception|errno|\bline \d|File \"")


def corpus(*prefixes: str, suffixes: tuple[str, ...] = ()) -> list[Path]:
    files = sorted(p for p in HOSTILE.iterdir() if p.is_file() and p.name != "README.md")
    return [
        p
        for p in files
        if (not prefixes or p.name.startswith(prefixes)) and (not suffixes or p.suffix in suffixes)
    ]


def corpus_digests() -> dict[Path, str]:
    return {
        p: hashlib.sha256(p.read_bytes()).hexdigest() for p in HOSTILE.rglob("*") if p.is_file()
    }


def assert_handled(code: int, err: str, call: str) -> None:
    assert code in (0, 2), f"{call}: exit {code}\n{err}"
    leak = LEAKS.search(err)
    assert leak is None, f"{call}: library or Python text reached the user:\n{err}"
    if code == 2:
        assert err.strip(), f"{call}: refused without a message"
        assert DUTCH.search(err), f"{call}: message is not Dutch:\n{err}"


@pytest.fixture(scope="module", autouse=True)
def corpus_unchanged() -> Iterator[None]:
    before = corpus_digests()
    yield
    assert corpus_digests() == before, "a command changed a file of the hostile corpus"


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
@pytest.mark.parametrize("command", ["info", "validate"])
def test_info_and_validate(run_cli, path: Path, command: str) -> None:
    code, _out, err = run_cli(command, path, timeout=TIME_BOUND_S)
    assert_handled(code, err, f"{command} {path.name}")


AREA_SUFFIXES = (".geojson", ".gpkg", ".shp", ".wijkkaart", ".csv", ".xlsx", ".json")


@pytest.mark.parametrize(
    "path", corpus("areas_", "project_", suffixes=AREA_SUFFIXES), ids=lambda p: p.name
)
def test_profile_and_typology(run_cli, path: Path, tmp_path: Path) -> None:
    code, _out, err = run_cli("profile", path, "--wijk", "WK047901", "--json", timeout=TIME_BOUND_S)
    assert_handled(code, err, f"profile {path.name}")
    out = tmp_path / "types.csv"
    out.write_text("earlier output")
    code, _out, err = run_cli(
        "typology", path, "--rules", "wonen", "--out", out, timeout=TIME_BOUND_S
    )
    assert_handled(code, err, f"typology {path.name}")
    if code != 0:
        assert out.read_text() == "earlier output", "a refused typology lost the earlier output"


@pytest.mark.parametrize("rules", corpus("rules_"), ids=lambda p: p.name)
def test_rules_files(run_cli, sample: Path, rules: Path) -> None:
    code, _out, err = run_cli(
        "typology", sample / "utrecht.wijkkaart", "--rules", rules, timeout=TIME_BOUND_S
    )
    assert code == 2
    assert_handled(code, err, f"typology --rules {rules.name}")


@pytest.mark.parametrize("path", corpus("project_", suffixes=(".wijkkaart",)), ids=lambda p: p.name)
@pytest.mark.parametrize("kind", [".pdf", ".png", ".svg", ".html"])
def test_export_keeps_earlier_output(run_cli, path: Path, kind: str, tmp_path: Path) -> None:
    out = tmp_path / f"kaart{kind}"
    out.write_bytes(b"earlier output")
    code, _out, err = run_cli("export", path, "--out", out, "--dpi", "72", timeout=TIME_BOUND_S)
    assert_handled(code, err, f"export {path.name} {kind}")
    if code != 0:
        assert out.read_bytes() == b"earlier output"
    else:
        assert out.stat().st_size > 100


@pytest.mark.parametrize("path", corpus("project_", suffixes=(".wijkkaart",)), ids=lambda p: p.name)
def test_export_in_a_real_process_never_crashes(path: Path, tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WIJKKAART_LANG": "nl"}
    env.pop("WIJKKAART_DEBUG", None)
    result = subprocess.run(
        [sys.executable, "-m", "wijkkaart", "export", str(path), "--out", str(tmp_path / "k.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=TIME_BOUND_S * 2,
    )
    assert result.returncode in (0, 2), f"exit {result.returncode}: {result.stderr}"
    assert_handled(result.returncode, result.stderr, f"export {path.name}")
