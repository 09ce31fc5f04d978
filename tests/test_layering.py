"""The dependency direction of design.md: the Qt-free packages never reach up into the painting
packages or the widgets, not even in an import inside a function.

tests/test_repository.py blocks Qt and catches module-level imports; an import inside a function
(as ``layers/legend.py`` had of ``render.renderer``) only fails when it runs, so it is read here
from the source.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "wijkkaart"
QT_FREE = ("io", "layers", "analysis")
QT_FREE_MODULES = ("project.py", "commands.py", "catalogue.py", "lru.py", "safe_output.py")
ABOVE = ("wijkkaart.render", "wijkkaart.export", "wijkkaart.ui")


def _imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_qt_free_code_imports_nothing_above_it():
    files = [p for package in QT_FREE for p in (ROOT / package).rglob("*.py")]
    files += [ROOT / name for name in QT_FREE_MODULES]
    wrong = [
        f"{path.relative_to(ROOT.parent)}:{line}: {name}"
        for path in files
        for line, name in _imports(path)
        if name.startswith(ABOVE)
    ]
    assert len(files) > 40
    assert not wrong, wrong


def test_readers_import_no_analysis():
    """design.md point 6: readers only read. io/ computing through analysis/ (as io/raster.py's
    add_raster_statistics and io/eponline.py's label aggregation did) would also make a cycle,
    since every analysis imports its reader."""
    files = list((ROOT / "io").rglob("*.py"))
    wrong = [
        f"{path.relative_to(ROOT.parent)}:{line}: {name}"
        for path in files
        for line, name in _imports(path)
        if name.startswith("wijkkaart.analysis")
    ]
    assert len(files) > 15
    assert not wrong, wrong
