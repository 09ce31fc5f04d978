"""One Feedback for every long function: parts of the bar, cancel as an exception."""

import pytest

from tests.fixtures import ep_row, write_eponline
from wijkkaart.feedback import Cancelled, Feedback, ensure
from wijkkaart.project import build_areas, load_project


def test_parts_report_into_their_share_of_the_bar():
    seen = []
    feedback = Feedback(lambda fraction, message: seen.append((round(fraction, 3), message)))
    reading = feedback.part(0.2, 0.6)
    reading.progress(0.5, "lezen")
    reading.part(0.5, 1.0).progress(1.0)
    feedback.progress(2.0)  # clamped
    assert seen == [(0.4, "lezen"), (0.6, ""), (1.0, "")]
    assert feedback.fraction == 1.0 and feedback.message == "lezen"


def test_cancel_reaches_every_part_and_is_not_an_ordinary_exception():
    feedback = Feedback()
    part = feedback.part(0.0, 0.5).part(0.1, 0.2)
    part.check()
    feedback.cancel()
    assert part.cancelled
    with pytest.raises(Cancelled):
        part.progress(0.3)
    try:
        part.check()
    except Exception:
        pytest.fail("a cancel must not be caught as an ordinary error")
    except Cancelled:
        pass


def test_ensure_gives_a_silent_feedback():
    assert isinstance(ensure(None), Feedback)
    own = Feedback()
    assert ensure(own) is own


def test_building_areas_stops_when_cancelled_midway(sample):
    """The sample has tables, EP-Online and a raster: a cancel after the first step stops it."""
    project = load_project(sample / "utrecht.wijkkaart")
    steps = []

    def listener(fraction, _message):
        steps.append(fraction)
        if len(steps) == 2:
            feedback.cancel()

    feedback = Feedback(listener)
    with pytest.raises(Cancelled):
        build_areas(project, feedback)
    assert 0 < steps[-1] < 1


def test_eponline_reading_is_cancelled_after_reading(tmp_path, sample):
    """An (invented) label row on the sample's real Utrecht buurten: a cancel stops the job."""
    from wijkkaart.analysis.energy_labels import energy_labels_per_buurt
    from wijkkaart.io.areas import read_areas

    areas = read_areas(sample / "utrecht_buurten.gpkg")
    ep = write_eponline(tmp_path, [ep_row("20230301", "Bestaand", "A", "W", "3500AA", "1", "")])
    seen = []

    def listener(fraction, _message):
        seen.append(fraction)
        if fraction >= 0.3:
            feedback.cancel()

    feedback = Feedback(listener)
    with pytest.raises(Cancelled):
        energy_labels_per_buurt(ep, areas, feedback=feedback)
    assert max(seen) < 0.95  # it never got to counting
