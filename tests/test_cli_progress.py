"""Long CLI commands show progress on stderr (with --voortgang, or on a terminal) and stop
cleanly on Ctrl+C: Dutch message, exit 130, no output file, half or whole.

In-process through ``run_cli`` (stderr is no terminal there), on the real sample and CBS files;
one real process gets a real SIGINT in the middle of an atlas.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time

from tests.conftest import REAL
from tests.processes import forkserver_workers, gone

PROGRESS = re.compile(r"\((\d{1,3})%\)$")


def _progress(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if PROGRESS.search(line)]


def test_new_project_shows_its_steps_only_when_asked(tmp_path, run_cli):
    source = REAL / "cbs_buurten_2021.gpkg"
    result = run_cli("new", source, "--out", tmp_path / "a.wijkkaart", "--voortgang")
    assert result.returncode == 0, result.stderr
    lines = _progress(result.stderr)
    assert lines[0].startswith("Lezen: cbs_buurten_2021.gpkg")
    assert any(x.startswith("Schrijven: a.wijkkaart") for x in lines)
    assert lines[-1].endswith("(100%)")
    percents = [int(PROGRESS.search(x).group(1)) for x in lines]
    assert percents == sorted(percents)  # the bar only moves forward
    assert not _progress(result.stdout)  # progress never on stdout
    quiet = run_cli("new", source, "--out", tmp_path / "b.wijkkaart")
    assert quiet.returncode == 0 and not _progress(quiet.stderr)  # not a terminal, not asked
    english = run_cli(
        "--lang", "en", "new", source, "--out", tmp_path / "c.wijkkaart", "--progress"
    )
    assert _progress(english.stderr)[0].startswith("Reading: cbs_buurten_2021.gpkg")


def test_json_stdout_stays_json_with_progress(sample, run_cli):
    project = sample / "utrecht.wijkkaart"
    result = run_cli("typology", project, "--clusters", "3", "--json", "--voortgang")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)  # nothing but the JSON on stdout
    assert {t for t in data["types"].values() if t} == {"Type 1", "Type 2", "Type 3"}
    lines = _progress(result.stderr)
    assert any(x.startswith("Typologie berekenen") for x in lines)
    assert lines[-1].endswith("(100%)")


def test_crosswalk_export_and_join_show_progress(sample, tmp_path, run_cli):
    old = REAL / "wageningen_buurten_2017_generalised.geojson"
    new = REAL / "wageningen_buurten_2018_generalised.geojson"
    walk = run_cli("crosswalk", old, new, "--out", tmp_path / "m.csv", "--voortgang")
    assert walk.returncode == 0, walk.stderr
    steps = _progress(walk.stderr)
    assert any(x.startswith("Omrekentabel tussen de indelingen maken") for x in steps)
    assert any(x.startswith("Schrijven: m.csv") for x in steps)
    assert (tmp_path / "m.csv").read_text(encoding="utf-8").startswith("van,naar,aandeel")

    out = tmp_path / "kaart.pdf"
    export = run_cli(
        "export", sample / "utrecht.wijkkaart", "--out", out, "--dpi", "40", "--voortgang"
    )
    assert export.returncode == 0, export.stderr
    assert _progress(export.stderr)[0].startswith("Project openen: utrecht.wijkkaart")
    assert out.stat().st_size > 0

    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    join = run_cli(
        "add",
        folder / "utrecht.wijkkaart",
        "--table",
        folder / "voorbeeld_woningbezit.csv",
        "--replace",
        "--voortgang",
    )
    assert join.returncode == 0, join.stderr
    lines = _progress(join.stderr)
    assert lines[0].startswith("Project openen") and lines[-1].endswith("(100%)")


def test_the_atlas_reports_pages_only_with_voortgang(sample, tmp_path, run_cli):
    project = sample / "utrecht.wijkkaart"
    quiet = run_cli("atlas", project, "--out", tmp_path / "a.pdf", "--dpi", "40")
    assert quiet.returncode == 0, quiet.stderr
    assert "Atlas: pagina" not in quiet.stderr  # a log or a pipe, not asked: silent


def test_ctrl_c_during_an_atlas_stops_cleanly(sample, tmp_path):
    """A real process, a real SIGINT once the atlas has begun its pages."""
    out = tmp_path / "atlas.pdf"
    env = {**os.environ, "WIJKKAART_LANG": "nl", "QT_QPA_PLATFORM": "offscreen"}
    env.pop("WIJKKAART_DEBUG", None)
    command = [sys.executable, "-m", "wijkkaart", "atlas", str(sample / "utrecht.wijkkaart")]
    command += ["--out", str(out), "--dpi", "200", "--voortgang"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    seen = []
    assert proc.stderr is not None
    deadline = time.monotonic() + 120
    for line in proc.stderr:  # wait for the first page before pressing Ctrl+C
        seen.append(line)
        if line.startswith("Atlas: pagina") or time.monotonic() > deadline:
            break
    proc.send_signal(signal.SIGINT)
    rest = proc.stderr.read()
    code = proc.wait(timeout=120)
    stderr = "".join(seen) + rest
    assert any(x.startswith("Atlas: pagina") for x in seen), stderr
    assert code == 130, stderr
    assert "Afbreken bij de eerstvolgende veilige stap" in stderr
    assert "Afgebroken (Ctrl+C)" in stderr and "Traceback" not in stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary file left behind either


def test_ctrl_c_during_a_ward_stops_its_child_process(tmp_path):
    """A real process, Ctrl+C (SIGINT to the whole process group, as a terminal sends it) while
    Ward runs in its child process: exit 130 at once, the child is gone.

    8,000 invented squares with invented figures: enough buurten for a Ward of seconds, which
    the CLI sends to a child process."""
    import geopandas as gpd
    import numpy as np
    import shapely

    rng = np.random.default_rng(5)
    n = 8_000
    data = tmp_path / "verzonnen_buurten.gpkg"
    gpd.GeoDataFrame(
        {
            "buurtcode": [f"BU9999{i:04d}" for i in range(n)],
            "buurtnaam": [f"vierkant {i}" for i in range(n)],
            "aantal_inwoners": rng.integers(100, 5000, n),
            "percentage_koopwoningen": rng.uniform(0, 100, n).round(),
            "percentage_meergezinswoning": rng.uniform(0, 100, n).round(),
        },
        geometry=[
            shapely.box(x, y, x + 100, y + 100)
            for x, y in zip(
                120_000 + np.arange(n) % 100 * 100, 450_000 + np.arange(n) // 100 * 100, strict=True
            )
        ],
        crs="EPSG:28992",
    ).to_file(data, driver="GPKG")
    env = {**os.environ, "WIJKKAART_LANG": "nl"}
    env.pop("WIJKKAART_DEBUG", None)
    command = [sys.executable, "-m", "wijkkaart", "typology", str(data), "--clusters", "6"]
    command += ["--method", "ward", "--indicators", "koopwoningen,meergezinswoningen"]
    proc = subprocess.Popen(
        command,
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while not workers and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
        workers = forkserver_workers(proc.pid)
        time.sleep(0.3)  # still there: Ward under way (not the server's first, empty child)
        workers = [pid for pid in workers if not gone(pid)]
    assert workers, proc.communicate()
    pressed = time.monotonic()
    os.killpg(proc.pid, signal.SIGINT)
    while not all(gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.01)
    stopped = time.monotonic() - pressed
    out, err = proc.communicate(timeout=30)
    exited = time.monotonic() - pressed
    print(f"Ctrl+C: the Ward child was gone after {stopped:.2f} s, the CLI after {exited:.2f} s")
    assert stopped < 0.5
    assert proc.returncode == 130, err
    assert "Afgebroken (Ctrl+C)" in err and "Traceback" not in err and out == ""
    assert exited < 5.0  # the interpreter's exit after the message: 0.6 s at load 5
