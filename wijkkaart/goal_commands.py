"""Goals are edited as commands: adding or removing a focus area's goal can be undone (Qt-free).

The goals live in the project (``goals``, schema version 5); a command swaps the whole list, so
undo puts back exactly what was there. It goes through the document
(:meth:`~wijkkaart.layers.document.MapDocument.set_goals`), which sends ``events.goals``: the
views that show goals follow the step and its undo without being told by hand.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from wijkkaart.commands import Command


@dataclass
class ReplaceGoals(Command):
    document: Any  # a MapDocument
    goals: list[dict[str, Any]]
    label: Any = ""
    merge_key: object | None = None
    before: list[dict[str, Any]] = field(default_factory=list, init=False)

    def do(self) -> None:
        self.before = copy.deepcopy(self.document.project.data.get("goals", []))
        self.document.set_goals(self.goals)

    def undo(self) -> None:
        self.document.set_goals(self.before)


def with_goal(project: Any, area: str, goal: dict[str, Any]) -> list[dict[str, Any]]:
    """The project's goals with ``goal`` added for ``area``."""
    return [*copy.deepcopy(project.data.get("goals", [])), {"area": area, **goal}]


def without_goal(project: Any, area: str, index: int) -> list[dict[str, Any]]:
    """The project's goals without the ``index``-th goal of ``area``."""
    goals = copy.deepcopy(project.data.get("goals", []))
    positions = [i for i, g in enumerate(goals) if g.get("area") == area]
    del goals[positions[index]]
    return goals
