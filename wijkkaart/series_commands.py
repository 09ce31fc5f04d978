"""Adding a series to a project is a command: undo takes it off again (Qt-free).

The entry (path, source, years) is worked out first by :func:`planned_series`, which reads and
checks the file without changing the project; the command then only swaps the project's list,
through the document (:meth:`~wijkkaart.layers.document.MapDocument.set_series`), which sends
``events.years``: every view of the series follows the step and its undo.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from wijkkaart.commands import Command
from wijkkaart.io.series import Series
from wijkkaart.messages import lazy
from wijkkaart.timeline import add_series


def planned_series(project: Any, path: Path, source: str | None = None) -> tuple[list, Series]:
    """The project's series list with ``path`` added, and the series read; the project itself
    is not touched (worked out on a copy, so it may run in a job while the window reads the
    project). Refusals, such as a year two files both give, are raised here."""
    draft = replace(project, data=copy.deepcopy(project.data))
    series = add_series(draft, path, source)
    return copy.deepcopy(draft.data["series"]), series


@dataclass
class ReplaceSeries(Command):
    document: Any  # a MapDocument
    entries: list[dict[str, Any]]
    label: Any = field(default_factory=lambda: lazy("cmd_add_series"))
    merge_key: object | None = None
    before: list[dict[str, Any]] = field(default_factory=list, init=False)

    def do(self) -> None:
        self.before = copy.deepcopy(self.document.project.data.get("series", []))
        self.document.set_series(self.entries)

    def undo(self) -> None:
        self.document.set_series(self.before)
