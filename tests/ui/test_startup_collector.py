"""The garbage collector pauses for the start-up only (ui/app.py), and always comes back."""

from __future__ import annotations

import gc

import pytest

from wijkkaart.ui.app import _CollectorPause, run


@pytest.fixture
def collector_state():
    yield
    gc.unfreeze()  # the app froze the test process's objects; give them back to the collector
    gc.enable()


def test_pause_stops_the_collector_until_resumed(collector_state):
    gc.enable()
    pause = _CollectorPause()
    assert not gc.isenabled()
    pause.resume()
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what start-up built is out of later collections
    gc.disable()
    pause.resume()  # a second call changes nothing
    assert not gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off(collector_state):
    gc.disable()
    _CollectorPause().resume()
    assert not gc.isenabled()


def test_the_collector_runs_again_after_the_first_frame(tmp_path, monkeypatch, collector_state):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    gc.enable()
    assert run(screenshot=tmp_path / "shot.png") == 0
    assert gc.isenabled()
    assert (tmp_path / "shot.png").stat().st_size > 0


def test_the_collector_runs_again_when_the_project_does_not_open(
    tmp_path, monkeypatch, dialogs, collector_state
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    bad = tmp_path / "kapot.wijkkaart"
    bad.write_text("{ geen json", encoding="utf-8")
    gc.enable()
    assert run(project=bad, screenshot=tmp_path / "shot.png") == 2
    assert dialogs  # the user was told why (tests/ui/conftest.py records the message box)
    assert gc.isenabled()
