"""Benchmark start-up: process start -> "bezig met laden" window -> main window -> first frame.

Run: .venv/bin/python bench/bench_startup.py [--runs 3]
Targets (issue 11): the loading window within 1 s; the first frame of the sample within 3 s
(aim 1.5 s). Each run is a fresh ``python -m wijkkaart open --screenshot`` process (offscreen),
which writes the time of each step to WIJKKAART_STARTUP_LOG. Also prints the slowest imports of
``wijkkaart.ui.main_window`` from ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import header

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("loading_shown", "window_shown", "first_frame")
TARGETS = {"loading_shown": "< 1.0 s", "window_shown": "", "first_frame": "< 3.0 s (aim 1.5)"}


def _env() -> dict[str, str]:
    """Offscreen, this checkout first; bytecode is cached as in an installed program (pip and
    PyInstaller compile it), so a PYTHONDONTWRITEBYTECODE in the caller's environment would
    add recompiling every wijkkaart module (~0.2 s CPU) that no user's start has."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def one_run() -> dict[str, tuple[float, float]]:
    """(wall seconds from spawning the process, CPU seconds of the process) at each step."""
    with tempfile.TemporaryDirectory() as folder:
        log = Path(folder) / "steps.txt"
        shot = Path(folder) / "shot.png"
        env = {**_env(), "WIJKKAART_STARTUP_LOG": str(log)}
        spawned = time.time()
        subprocess.run(
            [sys.executable, "-m", "wijkkaart", "open", "--screenshot", str(shot)],
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            timeout=120,
        )
        steps = {}
        for line in log.read_text(encoding="utf-8").splitlines():
            name, stamp, cpu = line.split()
            steps[name] = (float(stamp) - spawned, float(cpu))
        return steps


def import_times(top: int = 8) -> tuple[float, list[tuple[float, str]]]:
    """Total import time of the main window's module, and the slowest third-party packages it
    pulls in directly (the first module outside wijkkaart on each import chain)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import wijkkaart.ui.main_window"],
        env=_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    entries = []  # (depth, name, cumulative seconds), children listed before their parent
    for line in result.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            entries.append((len(match.group(2)) // 2, match.group(3), int(match.group(1)) / 1e6))
    total = next((c for d, n, c in entries if n == "wijkkaart.ui.main_window"), 0.0)
    parent: list[str | None] = [None] * len(entries)
    open_at: dict[int, list[int]] = {}
    for i, (depth, name, _) in enumerate(entries):
        for child in open_at.pop(depth + 1, []):
            parent[child] = name
        open_at.setdefault(depth, []).append(i)
    rows = [
        (seconds, name)
        for i, (_, name, seconds) in enumerate(entries)
        if not name.startswith("wijkkaart")
        and (parent[i] or "wijkkaart").startswith("wijkkaart")
        and "." not in name
    ]
    return total, sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(header("start-up of the app (sample project, offscreen)"))
    one_run()  # not counted: writes the bytecode cache, warms the file cache
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    runs = [one_run() for _ in range(args.runs)]
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / args.runs
    for step in STEPS:
        values = [run[step][0] for run in runs if step in run]
        cpus = [run[step][1] for run in runs if step in run]
        if not values:
            print(f"{step:<40} not reached")
            continue
        print(
            f"{'start -> ' + step:<40} {statistics.median(values):6.2f} s median of "
            f"{len(values)} (min {min(values):.2f}; CPU {statistics.median(cpus):.2f} s)  "
            f"{TARGETS[step]}"
        )
    print(f"{'CPU time of one whole run (to exit)':<40} {cpu:6.2f} s")
    total, rows = import_times()
    print(f"{'import wijkkaart.ui.main_window':<40} {total:6.2f} s; slowest packages:")
    for seconds, name in rows:
        print(f"    {name:<36} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
