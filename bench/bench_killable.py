"""Ward and max-p cancelled: how long the work runs on after *Annuleren*, before and after they
moved into a child process, and what the child costs.

On the synthetic national layer (bench/national.py, 14,500 buurten, 4 indicators) and a compact
500-buurten "gemeente" cut from it (max-p), plus the sample's real 111 Utrecht buurten. Per call:
the in-process time, the time in a child (same labels?), and the cancel latency: cancelled
0.5 s after the library call began (after the neighbour search, for the contiguous ones), how
long until ``cluster`` returns (in-process, as before: the library call runs out; in a child:
until the child is gone). Then the child's start-up: the fork
server's first start (cold, per preload set) and a warm child.

    PYTHONPATH=. python bench/bench_killable.py

Heavy imports stay inside main(): each child re-imports this script as its main module.
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import header

CANCEL_AFTER_S = 0.5


def cancel_latency(run, at: float) -> float:
    """Start ``run(feedback)`` in a thread, cancel CANCEL_AFTER_S after its progress reached
    ``at`` (where the library call begins), return how long the thread then took to end."""
    from wijkkaart.feedback import Feedback

    reached = threading.Event()
    feedback = Feedback(lambda fraction, _message: fraction >= at and reached.set())
    thread = threading.Thread(target=_swallow, args=(run, feedback))
    thread.start()
    reached.wait()
    time.sleep(CANCEL_AFTER_S)
    feedback.cancel()
    cancelled = time.perf_counter()
    thread.join()
    return time.perf_counter() - cancelled


def _swallow(run, feedback) -> None:
    import contextlib

    from wijkkaart.feedback import Cancelled

    with contextlib.suppress(Cancelled):
        run(feedback)


def cold_start(modules: str) -> float:
    """Seconds for a fresh process's fork server to load ``modules`` and answer (one child)."""
    code = (
        "import time; from wijkkaart import child_process as c; "
        f"c.preload(*{modules}); t = time.perf_counter(); c.warm_up(None); "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    import statistics

    import numpy as np

    from bench.national import national_buurten
    from wijkkaart import child_process
    from wijkkaart.analysis import typology
    from wijkkaart.io.areas import read_areas
    from wijkkaart.io.dataset import AreaData
    from wijkkaart.paths import sample_project
    from wijkkaart.project import build_areas, load_project

    print(header("bench_killable: Ward and max-p cancelled, in-process and in a child process"))
    chosen = [
        "percentage_koopwoningen",
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "gemiddeld_gasverbruik_totaal",
        "percentage_meergezinswoning",
    ]
    national = read_areas(national_buurten())
    frame = national.frame
    near = frame.geometry.centroid.distance(frame.geometry.iloc[7000].centroid)
    gemeente = AreaData(
        frame=frame.loc[near.nsmallest(500).index],
        level="buurt",
        schema="s",
        source="s",
        indicators=national.indicators,
    )
    utrecht = build_areas(load_project(sample_project()))

    child_process.preload(*child_process.FOR_LONG_SESSIONS)
    started = time.perf_counter()
    child_process.warm_up(None)
    print(
        f"{'fork server first start in this process (all modules)':<62} "
        f"{time.perf_counter() - started:7.2f} s"
    )

    cases = [
        (
            "Ward, national synthetic, 4 indicators, k=8",
            national,
            chosen,
            8,
            {"method": "ward"},
            0.2,
        ),
        (
            "Ward within neighbours, national synthetic, k=8",
            national,
            chosen,
            8,
            {"contiguous": True},
            0.38,
        ),
        (
            "max-p, 500 synthetic buurten, min 20,000 inh., k=12",
            gemeente,
            chosen,
            12,
            {"contiguous": True, "min_inhabitants": 20_000},
            0.26,
        ),
        (
            "max-p, Utrecht sample (111 real buurten), min 10,000, k=5",
            utrecht,
            ["percentage_koopwoningen", "percentage_meergezinswoning"],
            5,
            {"contiguous": True, "min_inhabitants": 10_000},
            0.26,
        ),
    ]
    worth = child_process.WORTH_S
    print(
        f"\n{'call':<62} {'in-proc':>8} {'child':>8} {'same':>5} {'cancel before':>14} {'after':>8}"
    )
    for label, areas, indicators, k, options, at in cases:

        def run(feedback=None, areas=areas, indicators=indicators, k=k, options=options):
            return typology.cluster(areas, indicators, k, feedback=feedback, **options)

        child_process.WORTH_S = float("inf")  # as before: the library call in this thread
        started = time.perf_counter()
        here = run()
        in_process = time.perf_counter() - started
        before = cancel_latency(run, at)
        child_process.WORTH_S = 0.0  # every call in a child
        started = time.perf_counter()
        there = run()
        in_child = time.perf_counter() - started
        after = cancel_latency(run, at)
        child_process.WORTH_S = worth
        same = "yes" if here.types.equals(there.types) else "NO"
        print(
            f"{label:<62} {in_process:7.2f}s {in_child:7.2f}s {same:>5} "
            f"{before * 1000:12.0f}ms {after * 1000:6.0f}ms"
        )

    times = []
    for _ in range(10):
        started = time.perf_counter()
        child_process.run_in_child(int, "1")
        times.append(time.perf_counter() - started)
    print(
        f"\n{'a warm child: start, trivial call, answer, exit (median of 10)':<62} "
        f"{statistics.median(times) * 1000:7.0f} ms"
    )
    z = np.random.default_rng(0).normal(size=(14_500, 8))  # invented: only its size matters
    started = time.perf_counter()
    child_process.run_in_child(np.copy, z)
    print(
        f"{'the same with 14,500 x 8 floats there and back':<62} "
        f"{(time.perf_counter() - started) * 1000:7.0f} ms"
    )
    for name, modules in (
        ("sklearn only (the CLI's Ward)", "c.PRELOAD"),
        ("sklearn and spopt (the app; the CLI's max-p)", "c.FOR_LONG_SESSIONS"),
    ):
        print(f"{'cold start of a fresh process, ' + name:<62} {cold_start(modules):7.2f} s")
    print(
        f"\nthresholds: a call expected to take < {child_process.WORTH_S} s stays in-process; "
        f"before the server is up only >= {child_process.COLD_START_S} s goes to a child"
    )


if __name__ == "__main__":
    main()
