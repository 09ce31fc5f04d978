"""Benchmark the languages: loading the texts, and switching the open window at run time.

Run: .venv/bin/python bench/bench_language.py [--runs 5]
Prints, each as the median of fresh processes (offscreen):
- importing ``wijkkaart.messages`` and the first text, with the parsed files cached (a normal
  start) and without (the first start after an edit of a .po file: babel parses it);
- Instellingen → Taal on the sample project: the first switch (builds the reverse index) and
  later switches, wall and CPU.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import header

ROOT = Path(__file__).resolve().parent.parent

LOAD = """
import json, time
t0 = time.perf_counter()
import wijkkaart.messages as m
t1 = time.perf_counter()
m.tr("file_not_found", path="x")
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "first_text": t2 - t1}))
"""

SWITCH = """
import json, time
from PySide6.QtWidgets import QApplication
app = QApplication([])
from wijkkaart.ui.language import start_language, switch
start_language("nl")
from wijkkaart.ui.main_window import MainWindow
from wijkkaart.paths import sample_project
from tests.ui.waiting import open_project
w = MainWindow(); w.resize(1366, 768); w.show(); app.processEvents()
open_project(w, sample_project()); w.canvas.wait_rendered(); app.processEvents()
out = {}
for name, code in (("first", "en"), ("back", "nl"), ("again", "en")):
    t, c = time.perf_counter(), time.process_time()
    switch(code, remember=False)
    app.processEvents()
    out[name] = (time.perf_counter() - t, time.process_time() - c)
print(json.dumps(out))
"""


def _run(script: str, cache: str) -> dict:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CACHE_HOME": cache,
        "XDG_CONFIG_HOME": cache,
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(header("languages: loading the texts and switching at run time"))
    with tempfile.TemporaryDirectory() as cache:
        cold = []
        for _ in range(runs):
            fresh = tempfile.mkdtemp(dir=cache)  # no cached parse: babel reads the .po file
            cold.append(_run(LOAD, fresh))
        warm = [_run(LOAD, cache) for _ in range(runs + 1)][1:]  # the first run fills the cache
        switches = [_run(SWITCH, cache) for _ in range(max(1, runs // 2))]
    for name, rows in (("cached (normal start)", warm), ("after an edit (parse)", cold)):
        imp = statistics.median(r["import"] for r in rows) * 1000
        first = statistics.median(r["first_text"] for r in rows) * 1000
        print(f"texts, {name:<22} import messages {imp:6.1f} ms   first text {first:6.1f} ms")
    for step in ("first", "back", "again"):
        wall = statistics.median(s[step][0] for s in switches) * 1000
        cpu = statistics.median(s[step][1] for s in switches) * 1000
        print(f"switch on the sample, {step:<6} {wall:6.0f} ms wall  {cpu:6.0f} ms CPU")


if __name__ == "__main__":
    main()
