"""Data files outside a project's folder that the user chose for that project, remembered per user.

A project file may not vouch for itself: a path in it could point anywhere. What the user chose in
a dialog or on the command line (the file of *Nieuw project*, a role added with ``wijkkaart add``,
"yes" to the outside question) is kept here, in the user's own settings folder, keyed by the
project file. Opening that project later reads those files without asking again; any other file
outside the folder is still refused or asked about. Qt-free.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from contextvars import ContextVar
from pathlib import Path

import platformdirs

from wijkkaart.safe_output import write_text

# Whether this run may read data files outside a project's folder (CLI --allow-outside). Here,
# not in project.py, so the CLI can set it without importing pandas before the window shows.
OUTSIDE_ALLOWED: ContextVar[bool] = ContextVar("wijkkaart_outside_allowed", default=False)

log = logging.getLogger(__name__)

MAX_PROJECTS = 500


def _store() -> Path:
    folder = Path(platformdirs.user_config_dir("wijkkaart", appauthor=False))
    return folder / "vertrouwde-bestanden.json"


def _read() -> dict[str, list[str]]:
    try:
        data = json.loads(_store().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(k): [str(p) for p in v if isinstance(p, str)]
        for k, v in data.items()
        if isinstance(v, list)
    }


def trusted(project_path: str | Path) -> list[Path]:
    """The data files the user chose for this project file (resolved paths)."""
    return [Path(p) for p in _read().get(str(Path(project_path).resolve()), [])]


def remember(project_path: str | Path, paths: Iterable[str | Path]) -> None:
    """Remember that the user chose ``paths`` for ``project_path``; never fails the caller."""
    chosen = sorted({str(Path(p).resolve()) for p in paths})
    if not chosen:
        return
    data = _read()
    key = str(Path(project_path).resolve())
    known = set(data.get(key, []))
    if set(chosen) <= known:
        return
    data[key] = sorted(known | set(chosen))
    if len(data) > MAX_PROJECTS:  # oldest entries first in insertion order
        for old in list(data)[: len(data) - MAX_PROJECTS]:
            data.pop(old, None)
    try:
        _store().parent.mkdir(parents=True, exist_ok=True)
        write_text(_store(), json.dumps(data, indent=1, ensure_ascii=False))
    except Exception as exc:  # remembering is a convenience; the save itself succeeded
        log.warning("could not remember the chosen files for %s: %s", key, exc)
