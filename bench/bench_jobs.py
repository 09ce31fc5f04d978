"""The window while long work runs: event-loop delay during jobs and how soon Annuleren stops one.

Runs the app offscreen on the sample project and measures, with a 10 ms QTimer on the GUI
thread, the longest wait of the event loop while (1) EP-Online with a BAG file of 300,000 rows
is added (invented labels on the sample's real Utrecht buurten) and (2) the sample project is
opened, (3) the export preview is drawn, (4) a new project is read from the synthetic national
file in the Nieuw project dialog; then how long the EP-Online worker takes to stop after
Annuleren at about 30 %.
Target (issue 11): no wait above 100 ms; a cancel within about 0.2 s.

    PYTHONPATH=. python bench/bench_jobs.py [--runs 10]

``--runs N`` repeats the last case (OK on 40 gemeenten of the national file while they are
read: the window takes the document from the job) N times and prints every run and a summary.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import header, load, peak_memory

ROWS = 300_000


def write_files(folder: Path, areas) -> tuple[Path, Path]:
    from tests.fixtures import EP_HEADER_V2, ep_row

    points = [geometry.representative_point() for geometry in areas.frame.geometry]
    rows, bag = [], ["identificatie;postcode;huisnummer;x;y"]
    for i in range(ROWS):
        point = points[i % len(points)]
        vbo = f"0344010{i:09d}"
        rows.append(ep_row("20230301", "Bestaand", "ABCDEFG"[i % 7], "W", "3500AA", str(i), vbo))
        bag.append(f"{vbo};3500AA;{i};{point.x:.1f};{point.y:.1f}")
    (folder / "ep.csv").write_text("\n".join([EP_HEADER_V2, *rows]) + "\n", encoding="utf-8")
    (folder / "bag.csv").write_text("\n".join(bag) + "\n", encoding="utf-8")
    return folder / "ep.csv", folder / "bag.csv"


def main(runs: int = 1) -> None:
    """runs: how often the last case (a new national document taken in) is repeated."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from bench.loop_delay import LoopDelay
    from wijkkaart.paths import sample_project
    from wijkkaart.ui.main_window import MainWindow

    print(header("bench_jobs: event-loop delay while jobs run; cancel latency"))
    window = MainWindow()
    window.resize(1366, 768)
    window.show()
    delay = LoopDelay()
    applied: list[float] = []
    import gc
    import threading

    full_gc: list[tuple[float, str]] = []  # (seconds, thread) of every full collection
    gc_start = [0.0]

    def collected(phase: str, info: dict) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            gc_start[0] = time.perf_counter()
        else:
            full_gc.append((time.perf_counter() - gc_start[0], threading.current_thread().name))

    gc.callbacks.append(collected)

    def longest_gc() -> str:
        """The longest full collection since the last call (it holds the GIL: no thread runs)."""
        worst = max(full_gc, default=None)
        full_gc.clear()
        return f"{worst[0] * 1000:.0f} ms on {worst[1]}" if worst else "none"

    window.jobs.job_finished.connect(lambda job: applied.append(time.perf_counter()))

    def measure(start, done) -> tuple[float, float, float]:
        """(wall s, longest wait while the job ran, the wait that held applying the result)."""
        applied.clear()
        wall = delay.measure(start, done)
        gaps, stamps = delay.gaps, delay.stamps
        end = applied[-1] if applied else time.perf_counter()
        during = [g for g, s in zip(gaps, stamps, strict=False) if s < end - 0.0]
        after = [g for g, s in zip(gaps, stamps, strict=False) if s >= end]
        worst_during = max(during[:-1] or [0.0]) - 0.010
        apply_wait = max((during[-1:] + after[:1]) or [0.0]) - 0.010
        return wall, worst_during, apply_wait

    wall, worst, apply = measure(
        lambda: window.open_project(sample_project()), lambda: not window.jobs.running()
    )
    print(
        f"open sample project: {wall:.2f} s; longest event-loop wait while reading "
        f"{worst * 1000:.0f} ms; showing the result held it {apply * 1000:.0f} ms"
    )

    with tempfile.TemporaryDirectory() as folder:
        ep, bag = write_files(Path(folder), window.document.areas)
        dialog = window.add_data("eponline", show=False)
        dialog.bag.setText(str(bag))
        wall, worst, apply = measure(lambda: dialog.run(ep), lambda: not window.jobs.running())
        placed = dialog.report.counts["placed"] if dialog.report else "-"
        print(
            f"add EP-Online {ROWS:,} rows + BAG ({placed} placed): {wall:.2f} s; longest "
            f"event-loop wait while reading {worst * 1000:.0f} ms; applying the result (the "
            f"command and the views that follow it) held it {apply * 1000:.0f} ms"
        )
        window.stack.undo()
        stops = []
        for _ in range(3):
            dialog.run(ep, replace=True)
            job = window.jobs.job("role")
            while job.feedback.fraction < 0.3:
                app.processEvents()
                time.sleep(0.001)
            clicked = time.perf_counter()
            window.jobs.cancel_shown()
            job.thread.join(10)
            stops.append(time.perf_counter() - clicked)
            app.processEvents()
        print(
            "Annuleren at ~30 %: worker stopped after "
            + ", ".join(f"{s * 1000:.0f}" for s in stops)
            + " ms"
        )

    from wijkkaart.export.printing import export_atlas

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "atlas.pdf"

        def atlas(feedback):
            return export_atlas(window.document, target, per="wijk", dpi=150, feedback=feedback)

        wall, worst, _ = measure(
            lambda: window.jobs.start("export", atlas, lambda _r: None),
            lambda: not window.jobs.running(),
        )
        print(
            f"atlas per wijk (10 pages, 150 dpi): {wall:.2f} s; longest event-loop wait "
            f"{worst * 1000:.0f} ms (bench_atlas.py: newPage and the heap while an atlas runs)"
        )
    print(peak_memory())

    # The export preview: a change of paper pushes the setting and draws the page in a job;
    # the dialog keeps responding and its done callback shows the page.
    window.open_export()
    dialog = window.export_dialog
    dialog.resize(1200, 720)
    while window.jobs.running():
        app.processEvents()
        time.sleep(0.001)
    for paper in ("A3", "A4", "A3"):
        wall, worst, apply = measure(
            lambda paper=paper: dialog.paper.setCurrentText(paper),
            lambda: not window.jobs.running(),
        )
        print(
            f"export preview ({paper}, sample): {wall:.2f} s; longest event-loop wait while "
            f"it was drawn {worst * 1000:.0f} ms; showing it held it {apply * 1000:.0f} ms"
        )
    dialog.close()
    window.stack.undo()  # the paper changes (one merged step)

    # New project on the synthetic national file (14,500 buurten, 415 gemeenten; for timing
    # only): the dialog reads the choice in a job (every gemeente ticked), then OK shows it.
    from bench.national import national_buurten

    national = national_buurten()
    window.stack.set_clean()
    new = window.files.new_project(national, show=True)
    wall, worst, apply = measure(lambda: None, lambda: not window.jobs.running())
    print(
        f"new project, national file chosen: gemeenten listed in {wall:.2f} s; longest "
        f"event-loop wait {worst * 1000:.0f} ms; showing the list held it {apply * 1000:.0f} ms"
    )
    codes = new.visible_codes()

    def tick_all() -> None:
        new.choose(codes)
        new.build()  # what the 350 ms preview timer does

    wall, worst, apply = measure(tick_all, lambda: not window.jobs.running())
    print(
        f"new project, national file, every gemeente: read in the dialog {wall:.2f} s; longest "
        f"event-loop wait while reading {worst * 1000:.0f} ms; showing what was recognised "
        f"held it {apply * 1000:.0f} ms"
    )
    wall, worst, apply = measure(new.accept, lambda: window.document is new.document)
    print(
        f"new project, OK (already read): shown in {wall:.2f} s; longest event-loop wait "
        f"{max(worst, apply) * 1000:.0f} ms (the window takes the new document on its thread)"
    )
    # Taking a new national document (issue 11: under 100 ms in at least 9 of 10 runs): OK
    # while the 40 gemeenten are read, so the window takes the document from the job's done
    # callback while the render worker starts. set_new_document is timed on the GUI thread.
    taken: list[float] = []
    real_set_new = window.set_new_document

    def timed_set_new(document) -> None:
        began = time.perf_counter()
        real_set_new(document)
        taken.append(time.perf_counter() - began)

    window.set_new_document = timed_set_new  # type: ignore[method-assign]
    waits: list[tuple[float, float, float]] = []  # (wait ms, set_new_document ms, load)
    for run in range(runs):
        window.stack.set_clean()  # no "save changes?" box in a benchmark
        new = window.files.new_project(national, show=True)
        measure(lambda: None, lambda: not window.jobs.running())  # the list of gemeenten
        new.choose(codes[:40])
        longest_gc()
        taken.clear()
        wall, worst, apply = measure(
            lambda new=new: (new.build(), new.accept()), lambda: not window.jobs.running()
        )
        waits.append((apply * 1000, sum(taken) * 1000, load()[0]))
        print(
            f"new project, 40 gemeenten, OK while reading (run {run + 1}): {wall:.2f} s to the "
            f"open project; longest event-loop wait while reading {worst * 1000:.0f} ms; "
            f"taking the document held it {apply * 1000:.0f} ms (set_new_document "
            f"{sum(taken) * 1000:.0f} ms on the GUI thread); load {load()[0]:.2f}; longest "
            f"full garbage collection meanwhile {longest_gc()}"
        )
        while window.canvas.runner.is_busy():  # the next run starts on a drawn map
            app.processEvents()
            time.sleep(0.001)
    if runs > 1:
        held = sorted(w for w, _, _ in waits)
        setting = sorted(t for _, t, _ in waits)
        print(
            f"taking a new national document (40 gemeenten), {runs} runs: the event loop held "
            f"{held[0]:.0f}-{held[-1]:.0f} ms (median {statistics.median(held):.0f}), under "
            f"100 ms in {sum(w < 100 for w in held)} of {runs} (target: at least 9 of 10); "
            f"set_new_document {setting[0]:.0f}-{setting[-1]:.0f} ms (median "
            f"{statistics.median(setting):.0f}; aim 20); load {waits[0][2]:.2f}-{waits[-1][2]:.2f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--runs", type=int, default=1, help="repeat taking the new national document N times"
    )
    main(parser.parse_args().runs)
