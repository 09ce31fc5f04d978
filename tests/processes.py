"""Processes seen from /proc, for the tests of work in child processes (Linux)."""

from __future__ import annotations

from pathlib import Path


def state(pid: int) -> str:
    """The process's state letter (R, S, Z …), or "" when there is no such process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return ""


def gone(pid: int) -> bool:
    """True when the process has ended: no longer there, or a zombie (it has exited and holds
    nothing; an orphan waits for PID 1 to reap it, which in a container can take a second)."""
    return state(pid) in ("", "Z")


def forkserver_workers(pid: int) -> list[int]:
    """The live processes forked by the fork server of process ``pid``: the server is its
    child, a worker the server's child with the same command line."""
    parents, commands = {}, {}
    for folder in Path("/proc").glob("[0-9]*"):
        try:
            parents[int(folder.name)] = int(
                (folder / "stat").read_text().rsplit(")")[-1].split()[1]
            )
            commands[int(folder.name)] = (folder / "cmdline").read_bytes()
        except (OSError, IndexError):
            continue
    return [
        p
        for p, parent in parents.items()
        if parents.get(parent) == pid and b"forkserver" in commands.get(p, b"") and not gone(p)
    ]
