"""The one job runner: work off the GUI thread, results applied on it, cancel, errors as dialogs."""

import logging
import threading
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from tests.ui.waiting import wait_jobs
from wijkkaart.messages import WijkkaartError
from wijkkaart.ui.jobs import JobRunner


@pytest.fixture
def runner(qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    runner = JobRunner(window, window.statusBar())
    yield runner
    runner.cancel_all()


def _until_cancelled(limit=10.0):
    """Work that runs until it is cancelled (checking as a reader does), at most ``limit`` s."""

    def work(feedback):
        end = time.monotonic() + limit
        while time.monotonic() < end:
            feedback.progress(0.5, "bezig")
            time.sleep(0.01)
        return "finished"

    return work


def test_work_runs_off_the_gui_thread_and_is_applied_on_it(runner, qtbot):
    gui = threading.get_ident()
    applied = []
    job = runner.start(
        "test",
        lambda feedback: threading.get_ident(),
        lambda worker: applied.append((worker, threading.get_ident())),
    )
    assert wait_jobs(runner, timeout=5)
    assert job.state == "applied"
    [(worker, applier)] = applied
    assert worker != gui and applier == gui


def test_a_new_job_of_the_same_kind_cancels_the_previous_one(runner):
    applied = []
    first = runner.start("analysis:ranking", _until_cancelled(), applied.append)
    second = runner.start("analysis:ranking", lambda f: "second", applied.append)
    other = runner.start("export", lambda f: "other kind", applied.append)
    assert wait_jobs(runner, timeout=5)
    assert first.state == "cancelled" and first.feedback.cancelled
    assert second.state == "applied" and other.state == "applied"
    assert sorted(applied) == ["other kind", "second"]


def test_annuleren_in_the_status_bar_cancels_within_a_fifth_of_a_second(runner, qtbot):
    applied, cancelled = [], []
    finished = threading.Event()

    def work(feedback):
        try:
            return _until_cancelled()(feedback)
        finally:
            finished.set()

    job = runner.start("test", work, applied.append, on_cancel=lambda: cancelled.append(1))
    qtbot.waitUntil(runner.bar.isVisible, timeout=3000)
    assert runner.bar.label.text() == "bezig"
    clicked = time.monotonic()
    runner.bar.cancel_button.click()
    assert finished.wait(1.0)
    assert time.monotonic() - clicked < 0.2  # the worker itself stopped, not only the bar
    assert cancelled == [1] and job.state == "cancelled"
    assert not runner.bar.isVisible()
    assert runner.status_bar.currentMessage() == "Afgebroken; er is niets veranderd."
    qtbot.wait(100)
    assert applied == []  # the result never arrives


def test_an_unexpected_error_in_a_job_is_a_dutch_dialog_and_logged(runner, dialogs, caplog):
    def broken(feedback):
        return {}["woningvoorraad"]

    with caplog.at_level(logging.ERROR, logger="wijkkaart.ui.jobs"):
        job = runner.start("test", broken, lambda result: None)
        assert wait_jobs(runner, timeout=5)
    assert job.state == "failed"
    from wijkkaart.ui.recovery import log_file

    assert len(dialogs) == 1 and dialogs[0].startswith("Er ging iets mis in wijkkaart.")
    assert str(log_file()) in dialogs[0] and "Traceback" not in dialogs[0]
    assert "KeyError" in caplog.text and "woningvoorraad" in caplog.text


def test_a_refusal_in_a_job_is_its_own_dutch_message(runner, dialogs):
    def refuse(feedback):
        raise WijkkaartError("typology_needs_indicators")

    runner.start("test", refuse, lambda result: None)
    assert wait_jobs(runner, timeout=5)
    assert dialogs == [str(WijkkaartError("typology_needs_indicators"))]


def test_an_error_while_applying_is_a_dialog_too(runner, dialogs):
    def apply(result):
        raise ValueError("kapot")

    job = runner.start("test", lambda f: 1, apply)
    assert wait_jobs(runner, timeout=5)
    assert job.state == "failed" and len(dialogs) == 1
    assert dialogs[0].startswith("Er ging iets mis in wijkkaart.")


def test_a_quick_job_never_shows_the_bar(runner, qtbot):
    seen = []
    timer = QTimer()
    timer.timeout.connect(lambda: seen.append(runner.bar.isVisible()))
    timer.start(5)
    runner.start("test", lambda f: 1, lambda r: None)
    assert wait_jobs(runner, timeout=5)
    qtbot.wait(300)
    timer.stop()
    assert seen and not any(seen)
