"""Ward and max-p in a child process: the same labels as sklearn and spopt called directly, and
*Annuleren* (``feedback.cancel()``) really stops them: the child process is gone within 0.5 s.

Real data: the 969 buurten of provincie Utrecht (Ward) and the sample's 111 Utrecht buurten
(max-p). Only the cancel of a Ward needs a call of seconds: it runs on invented values (6,000
random rows), which are never compared with anything.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import numpy as np
import pytest

from tests.conftest import REAL
from tests.processes import gone
from wijkkaart import child_process
from wijkkaart.child_process import run_in_child
from wijkkaart.feedback import Cancelled, Feedback
from wijkkaart.messages import WijkkaartError

CHOSEN = ["percentage_koopwoningen", "percentage_meergezinswoning"]


@pytest.fixture(scope="module", autouse=True)
def warm():
    """The fork server up (its first start imports sklearn and spopt: seconds, once)."""
    child_process.preload(*child_process.FOR_LONG_SESSIONS)
    assert child_process.warm_up(None)


@pytest.fixture(scope="module")
def province():
    from wijkkaart.io.areas import read_areas

    return read_areas(REAL / "kerncijfers_buurten_provincie_utrecht_ca2020.csv")


@pytest.fixture(scope="module")
def utrecht():
    from wijkkaart.paths import sample_project
    from wijkkaart.project import build_areas, load_project

    return build_areas(load_project(sample_project()))


def standardised(areas, indicators):
    frame = areas.statistics_frame()[indicators].apply(lambda c: c.astype(float)).dropna()
    x = frame.to_numpy()
    return frame, (x - x.mean(axis=0)) / x.std(axis=0)


def test_ward_in_a_child_gives_sklearns_labels(province):
    from sklearn.cluster import AgglomerativeClustering

    from wijkkaart.analysis.typology import _ward_labels, default_cluster_indicators

    _frame, z = standardised(province, default_cluster_indicators(province))
    assert len(z) > 900
    direct = AgglomerativeClustering(n_clusters=6, linkage="ward").fit_predict(z)
    started = []
    labels = run_in_child(_ward_labels, z, 6, on_start=started.append)
    assert started and started[0].pid != os.getpid() and started[0].exitcode == 0
    assert np.array_equal(labels, direct) and len(set(labels)) == 6


def test_max_p_in_a_child_gives_spopts_labels(utrecht):
    """The sample's 111 buurten, regions of at least 10,000 inhabitants: spopt called here, with
    its own queen weights and the same seed, finds the very same regions."""
    import geopandas as gpd
    import libpysal
    from spopt.region import MaxPHeuristic

    from wijkkaart.analysis.typology import _max_p_labels

    frame, z = standardised(utrecht, CHOSEN)
    geo = utrecht.frame.loc[frame.index]
    people = utrecht.statistics_frame().loc[frame.index, "aantal_inwoners"].to_numpy(float)
    data = gpd.GeoDataFrame(
        {"a": z[:, 0], "b": z[:, 1], "people": people}, geometry=geo.geometry.to_numpy()
    )
    weights = libpysal.weights.Queen.from_dataframe(data, use_index=False, silence_warnings=True)
    np.random.seed(3)
    model = MaxPHeuristic(
        data,
        weights,
        ["a", "b"],
        "people",
        10_000,
        top_n=2,
        max_iterations_construction=5,
        max_iterations_sa=1,
    )
    model.solve()
    geometry = geo.geometry.to_numpy()
    labels = run_in_child(_max_p_labels, z, people, geometry, geo.crs, 10_000.0, 3)
    assert np.array_equal(labels, np.asarray(model.labels_, dtype=int))
    assert len(set(labels)) > 5


def test_cancel_stops_a_ward_child_within_half_a_second():
    from wijkkaart.analysis.typology import _ward_labels

    z = np.random.default_rng(0).normal(size=(6_000, 4))  # invented: Ward takes seconds here
    feedback = Feedback()
    started = []

    def cancel_when_running(process) -> None:
        started.append(process)
        threading.Timer(0.3, feedback.cancel).start()

    begun = time.monotonic()
    with pytest.raises(Cancelled):
        run_in_child(_ward_labels, z, 8, feedback=feedback, on_start=cancel_when_running)
    stopped = time.monotonic() - begun - 0.3
    process = started[0]
    print(f"Ward child stopped {stopped * 1000:.0f} ms after the cancel")
    assert stopped < 0.5
    assert process.exitcode == -signal.SIGTERM and gone(process.pid)
    assert child_process.running() == []


def test_cancelling_max_p_in_cluster_stops_its_child(utrecht):
    """``cluster`` with a minimum per region, as the app runs it in a job: the max-p call runs
    in a child (the fork server is up) and Annuleren ends that process."""
    from wijkkaart.analysis.typology import cluster

    feedback = Feedback()
    outcome: list[object] = []

    def work() -> None:
        try:
            outcome.append(
                cluster(
                    utrecht, CHOSEN, 5, contiguous=True, min_inhabitants=10_000, feedback=feedback
                )
            )
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=work)
    thread.start()
    deadline = time.monotonic() + 20
    while not child_process.running() and time.monotonic() < deadline:
        time.sleep(0.005)
    pids = child_process.running()
    assert len(pids) == 1, outcome
    feedback.cancel()
    cancelled = time.monotonic()
    thread.join(5)
    stopped = time.monotonic() - cancelled
    assert isinstance(outcome[0], Cancelled) and stopped < 0.5
    assert gone(pids[0]) and child_process.running() == []


def test_a_killed_child_is_a_dutch_message_not_a_hang():
    started = time.monotonic()
    with pytest.raises(WijkkaartError) as info:
        run_in_child(time.sleep, 30, on_start=lambda p: os.kill(p.pid, signal.SIGKILL))
    assert info.value.key == "child_killed" and time.monotonic() - started < 5
    assert "onverwacht gestopt" in str(info.value) and "SIGKILL" in str(info.value)


def test_errors_in_the_child_come_back_as_messages():
    from wijkkaart.analysis.typology import parse_rules

    with pytest.raises(WijkkaartError) as refused:  # our own refusal: the same key and text
        run_in_child(parse_rules, "")
    assert refused.value.key == "rule_unreadable"
    with pytest.raises(WijkkaartError) as failed:  # a library's exception: a Dutch message
        run_in_child(int, "geen getal")
    assert failed.value.key == "child_failed" and "ValueError" in str(failed.value)
    with pytest.raises(WijkkaartError) as unpicklable:  # a result that cannot come back
        run_in_child(threading.Lock)
    assert unpicklable.value.key == "child_failed"


def test_a_cancelled_feedback_starts_no_child():
    feedback = Feedback()
    feedback.cancel()
    with pytest.raises(Cancelled):
        run_in_child(os.getpid, feedback=feedback)
    assert child_process.running() == []


def test_where_a_call_runs():
    """Short calls stay here; once the server is up, everything from WORTH_S on goes out."""
    assert not child_process.worth_a_child(0.1)
    assert child_process.worth_a_child(child_process.WORTH_S)


def test_the_child_ends_when_its_parent_is_killed(tmp_path):
    """kill -9 of the app while a child works: the child ends too, it does not run on alone.
    (The parent here preloads nothing, so that its fork server starts at once.)"""
    import subprocess
    import sys

    script = (
        "import sys, time\n"
        "from wijkkaart import child_process as c\n"
        "c._preload.clear()\n"
        "c.run_in_child(time.sleep, 60, on_start=lambda p: print(p.pid, flush=True))\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert not gone(child)
    parent.kill()
    parent.wait(10)
    killed = time.monotonic()
    while not gone(child) and time.monotonic() - killed < 10:
        time.sleep(0.01)
    print(f"the orphan ended {time.monotonic() - killed:.2f} s after its parent")
    assert gone(child) and time.monotonic() - killed < 1.0  # not the 60 s it was asked to run


def test_without_child_processes_the_call_runs_here(tmp_path):
    """Where no child process can be started (here: the interpreter to start is missing), a
    long Ward runs in-process as before, with the same labels, instead of failing."""
    import subprocess
    import sys

    script = (
        "import multiprocessing, numpy as np\n"
        "multiprocessing.set_executable('/nonexistent/python')\n"
        "from sklearn.cluster import AgglomerativeClustering\n"
        "from wijkkaart.analysis.typology import _stoppable, _ward_labels\n"
        "from wijkkaart.feedback import Feedback\n"
        f"z = np.load({str(tmp_path / 'z.npy')!r})\n"
        "labels = _stoppable(_ward_labels, 60.0, Feedback(), 'ward', z, 6)\n"
        "direct = AgglomerativeClustering(n_clusters=6, linkage='ward').fit_predict(z)\n"
        "print('same' if np.array_equal(labels, direct) else 'different')\n"
    )
    from wijkkaart.io.areas import read_areas

    province = read_areas(REAL / "kerncijfers_buurten_provincie_utrecht_ca2020.csv")
    _frame, z = standardised(province, ["percentage_koopwoningen", "percentage_meergezinswoning"])
    np.save(tmp_path / "z.npy", z)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "same" and "Traceback" not in result.stderr
