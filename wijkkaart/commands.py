"""Every user edit is a command on one undo stack (Qt-free).

A command knows how to do and undo itself and carries a label for the Edit menu ("Ongedaan maken:
opmaak wijzigen"). The stack keeps a clean index, so "unsaved changes" means the current index
differs from it; consecutive commands with the same merge key (one slider drag) become one undo
step; a macro groups several commands into one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from psygnal import Signal


class Command:
    label: str = ""
    merge_key: object | None = None
    heavy: bool = False  # holds a copy of area data: only the last few are kept (memory)

    def do(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError

    def merge(self, other: Command) -> bool:
        """Absorb ``other`` (a later command with the same merge key); True when merged."""
        return False


@dataclass
class SetAttribute(Command):
    """Set ``obj.name = value`` (for evented layers this redraws what depends on it)."""

    obj: Any
    name: str
    value: Any
    label: str = ""
    merge_key: object | None = None
    old: Any = field(default=None, init=False)

    def do(self) -> None:
        self.old = getattr(self.obj, self.name)
        setattr(self.obj, self.name, self.value)

    def undo(self) -> None:
        setattr(self.obj, self.name, self.old)

    def merge(self, other: Command) -> bool:
        if isinstance(other, SetAttribute) and other.obj is self.obj and other.name == self.name:
            self.value = other.value
            return True
        return False


@dataclass
class InsertItem(Command):
    """Insert ``item`` into an (evented) list at ``index`` (end when None)."""

    items: Any
    item: Any
    index: int | None = None
    label: str = ""

    def do(self) -> None:
        index = len(self.items) if self.index is None else self.index
        self.items.insert(index, self.item)
        self.index = index

    def undo(self) -> None:
        self.items.remove(self.item)


@dataclass
class RemoveItem(Command):
    items: Any
    item: Any
    label: str = ""
    index: int = field(default=0, init=False)

    def do(self) -> None:
        self.index = list(self.items).index(self.item)
        self.items.remove(self.item)

    def undo(self) -> None:
        self.items.insert(self.index, self.item)


@dataclass
class MoveItem(Command):
    """Move an item to a new position (the final index it should have)."""

    items: Any
    item: Any
    target: int
    label: str = ""
    source: int = field(default=0, init=False)

    def do(self) -> None:
        self.source = list(self.items).index(self.item)
        _move_to(self.items, self.source, self.target)

    def undo(self) -> None:
        _move_to(self.items, list(self.items).index(self.item), self.source)


def _move_to(items: Any, source: int, target: int) -> None:
    if source == target:
        return
    item = items[source]
    items.remove(item)
    items.insert(target, item)


@dataclass
class ReplaceAreaData(Command):
    """Put a precomputed :class:`~wijkkaart.layers.document.DataState` in place (a join, a data
    role added or removed); undo puts back the state from before.

    The state is computed elsewhere, on a draft of the document (``document.table_state``,
    ``roles.role_state``), so ``do`` and ``undo`` only swap references and send the events.
    """

    document: Any
    state: Any
    label: str = ""
    merge_key: object | None = None
    heavy: bool = field(default=True, init=False)
    before: Any = field(default=None, init=False)

    def do(self) -> None:
        if self.before is None:
            self.before = self.document.data_state()
        self.document.restore(self.state)

    def undo(self) -> None:
        self.document.restore(self.before)

    def merge(self, other: Command) -> bool:
        if isinstance(other, ReplaceAreaData) and other.document is self.document:
            self.state = other.state  # keeps the state before the first of the merged steps
            return True
        return False


@dataclass
class RunAnalysis(Command):
    """Put an analysis's result (typology, stacking, ranking) in place; undo restores the last.

    ``state`` is ``document.analysis_state(kind, spec)``, computed beforehand (in the app: on a
    draft, in a job), so ``do`` and ``undo`` only swap states: no analysis runs inside them.
    """

    document: Any
    kind: str
    spec: dict[str, Any]
    state: Any
    label: str = ""
    merge_key: object | None = None
    heavy: bool = field(default=True, init=False)
    before: Any = field(default=None, init=False)

    def do(self) -> None:
        if self.before is None:
            self.before = self.document.data_state()
        self.document.restore(self.state)

    def undo(self) -> None:
        self.document.restore(self.before)

    def merge(self, other: Command) -> bool:
        if isinstance(other, RunAnalysis) and other.kind == self.kind:
            self.spec, self.state = other.spec, other.state  # keeps the state before the first
            return True
        return False


@dataclass
class InsertAreaLayer(Command):
    """Add a layer of the document's own areas (attached to the current data when inserted).

    It goes under the outline and point layers (``LayerList.below_overlays``): a new Buurttypen
    fill must not hide the Wijkgrenzen.
    """

    document: Any
    layer: Any
    label: str = ""

    def do(self) -> None:
        self.layer.attach(self.document.areas)
        self.document.layers.insert(self.document.layers.below_overlays(), self.layer)

    def undo(self) -> None:
        self.document.layers.remove(self.layer)


@dataclass
class Macro(Command):
    label: str = ""
    commands: list[Command] = field(default_factory=list)

    @property
    def heavy(self) -> bool:  # type: ignore[override]  # a field on Command, derived here
        return any(command.heavy for command in self.commands)

    def do(self) -> None:
        for command in self.commands:
            command.do()

    def undo(self) -> None:
        for command in reversed(self.commands):
            command.undo()


LIMIT = 200
HEAVY_LIMIT = 20


class UndoStack:
    """One stack for the whole document.

    It keeps at most ``limit`` steps, and at most ``heavy_limit`` steps that hold area data (a
    join, a data role, an analysis run): older steps fall off the bottom, so memory stays bounded
    however long a session runs. A saved state that fell off can no longer be reached by undo.
    """

    changed = Signal()

    def __init__(self, limit: int = LIMIT, heavy_limit: int = HEAVY_LIMIT) -> None:
        self.limit = limit
        self.heavy_limit = heavy_limit
        self._commands: list[Command] = []
        self._index = 0
        self._clean = 0
        self._macro: Macro | None = None
        self._last_merge_open = False
        self.revision = 0  # counts every do, undo and redo (not saving): staleness of jobs

    def push(self, command: Command) -> None:
        """Do ``command`` and record it (merging into the previous one when it allows)."""
        command.do()
        self.revision += 1
        if self._macro is not None:
            self._macro.commands.append(command)
            return
        del self._commands[self._index :]
        if self._clean > self._index:
            self._clean = -1  # the saved state can no longer be reached
        previous = self._commands[-1] if self._commands else None
        if (
            previous is not None
            and command.merge_key is not None
            and self._last_merge_open
            and previous.merge_key == command.merge_key
            and self._clean != self._index
            and previous.merge(command)
        ):
            self.changed.emit()
            return
        self._commands.append(command)
        self._index += 1
        self._last_merge_open = command.merge_key is not None
        self._trim()
        self.changed.emit()

    def _trim(self) -> None:
        """Drop the oldest steps beyond the limits (only ever below the current index)."""
        drop = max(0, len(self._commands) - self.limit)
        heavy = [i for i, c in enumerate(self._commands[: self._index]) if c.heavy]
        if len(heavy) > self.heavy_limit:
            drop = max(drop, heavy[len(heavy) - self.heavy_limit - 1] + 1)
        drop = min(drop, self._index)
        if drop:
            del self._commands[:drop]
            self._index -= drop
            self._clean = self._clean - drop if self._clean >= drop else -1

    def __len__(self) -> int:
        return len(self._commands)

    def end_merge(self) -> None:
        """Close the current merge (the slider was released): the next change is a new step."""
        self._last_merge_open = False

    def begin_macro(self, label: str) -> None:
        self._macro = Macro(label=label)

    def end_macro(self) -> None:
        macro, self._macro = self._macro, None
        if macro is not None and macro.commands:  # its commands were done as they came
            del self._commands[self._index :]
            if self._clean > self._index:
                self._clean = -1
            self._commands.append(macro)
            self._index += 1
            self._last_merge_open = False
            self._trim()
            self.changed.emit()

    def undo(self) -> None:
        if self.can_undo():
            self._index -= 1
            self._commands[self._index].undo()
            self.revision += 1
            self._last_merge_open = False
            self.changed.emit()

    def redo(self) -> None:
        if self.can_redo():
            self._commands[self._index].do()
            self.revision += 1
            self._index += 1
            self._last_merge_open = False
            self.changed.emit()

    def can_undo(self) -> bool:
        return self._index > 0

    def can_redo(self) -> bool:
        return self._index < len(self._commands)

    def undo_text(self) -> str:
        # str(): a lazy label (messages.lazy) is said in the language current now
        return str(self._commands[self._index - 1].label) if self.can_undo() else ""

    def redo_text(self) -> str:
        return str(self._commands[self._index].label) if self.can_redo() else ""

    def set_clean(self) -> None:
        self._clean = self._index
        self._last_merge_open = False
        self.changed.emit()

    def is_clean(self) -> bool:
        return self._clean == self._index

    def set_dirty(self) -> None:
        """Mark unsaved changes that are not on the stack (a restored recovery file)."""
        self._clean = -1
        self.changed.emit()

    def clear(self) -> None:
        self._commands.clear()
        self._index = self._clean = 0
        self.revision += 1
        self.changed.emit()


Apply = Callable[[Command], None]
