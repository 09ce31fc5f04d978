"""The render job: settings in, image out; cancel, error channel, bounded caches (sample data)."""

from __future__ import annotations

import gc
import tracemalloc
import weakref

import numpy as np
import pandas as pd
import pytest
from PySide6.QtGui import QColor

from wijkkaart.layers.document import MapDocument
from wijkkaart.layers.model import AreaLayer, RasterLayer
from wijkkaart.layers.style import ChoroplethStyle
from wijkkaart.messages import WijkkaartError
from wijkkaart.paths import sample_project
from wijkkaart.render.job import MapSettings, RenderJob, RenderRunner
from wijkkaart.render.renderer import GeometryStore, capture
from wijkkaart.render.viewport import Viewport


@pytest.fixture
def document() -> MapDocument:
    return MapDocument.open(sample_project())  # the real Utrecht sample


def _view(document: MapDocument, width: int = 400, height: int = 300) -> Viewport:
    return Viewport.fit(tuple(document.areas.frame.total_bounds), width, height)


def _area_layer(document: MapDocument) -> AreaLayer:
    return next(layer for layer in document.layers if isinstance(layer, AreaLayer))


def _rerun(layer: AreaLayer, run: int) -> None:
    """What an analysis re-run does to a layer: new columns, so a new AreaData is attached.

    The values are invented (a run counter per buurt); only the memory is under test.
    """
    data = layer.data
    assert data is not None
    values = pd.DataFrame(
        {"test_run": np.full(len(data.frame), float(run))}, index=data.frame.index
    )
    reasons = pd.DataFrame(index=data.frame.index)
    layer.attach(data.add_columns(values, reasons, "test"))


def test_memory_does_not_grow_over_20_analysis_reruns(qapp, document):
    layer = _area_layer(document)
    store = GeometryStore()
    view = _view(document)
    frames = []
    sizes = []
    tracemalloc.start()
    try:
        for run in range(20):
            _rerun(layer, run)
            frames.append(weakref.ref(layer.data.frame))
            result = RenderJob(MapSettings.of(document.layers, view), store).run()
            assert result.ok, result.error
            gc.collect()
            sizes.append(tracemalloc.get_traced_memory()[0])
    finally:
        tracemalloc.stop()
    alive = [i for i, ref in enumerate(frames) if ref() is not None]
    assert alive == [19]  # only the current frame lives: the caches let go of the old ones
    assert all(
        key[0] != layer.uid or key[1] == layer.data_version for key, _ in store.geometry.items()
    )
    # After the first re-runs warmed the caches, 15 more leave the memory where it was: a leak
    # of one frame per run (the sample's frame is several hundred kB) would add megabytes.
    assert sizes[-1] - sizes[4] < 300_000, sizes


def test_a_rerun_reuses_the_drawable_geometry(qapp, document):
    layer = _area_layer(document)
    store = GeometryStore()
    view = _view(document)
    RenderJob(MapSettings.of(document.layers, view), store).run()
    key = next(k for k, _ in store.geometry.items() if k[0] == layer.uid)
    before = store.geometry.get(key)[1]
    _rerun(layer, 1)
    RenderJob(MapSettings.of(document.layers, view), store).run()
    key = next(k for k, _ in store.geometry.items() if k[0] == layer.uid)
    assert key[1] == layer.data_version
    assert store.geometry.get(key)[1] is before  # columns changed, geometry not rebuilt


def test_capture_neither_classifies_nor_reads_rasters(qapp, document, tmp_path):
    layer = _area_layer(document)
    layer.style = ChoroplethStyle("percentage_koopwoningen", k=4)
    missing = RasterLayer(name="weg").attach(tmp_path / "not_there.tif")
    document.layers.append(missing)
    store = GeometryStore()
    states = capture(list(document.layers))  # a missing raster would raise if it were read
    assert layer.known_symbology() is None  # the style was not classified on this (GUI) thread
    assert len(store.symbology) == 0 and len(store.rasters) == 0
    assert [s.kind for s in states].count("raster") == 1


def test_a_failed_render_is_an_error_in_the_result_not_an_exception(qapp, document, tmp_path):
    document.layers.append(RasterLayer(name="weg").attach(tmp_path / "not_there.tif"))
    result = RenderJob(MapSettings.of(document.layers, _view(document)), GeometryStore()).run()
    assert result.image is None and not result.ok
    assert isinstance(result.error, WijkkaartError)
    assert "not_there.tif" in str(result.error)


def test_a_cancelled_job_gives_no_image(qapp, document):
    job = RenderJob(MapSettings.of(document.layers, _view(document)), GeometryStore())
    job.cancel()
    result = job.run()
    assert result.cancelled and result.image is None and result.error is None


def test_job_image_has_the_class_colours(qapp, document):
    """The job paints what the layer's own legend says: the pixel under a buurt's label point
    has one of the symbology's colours (a sample buurt in view)."""
    layer = _area_layer(document)
    layer.labels = False
    view = _view(document, 800, 600)
    result = RenderJob(MapSettings.of([layer], view, background="#f4f4f2"), GeometryStore()).run()
    assert result.ok
    symbology = layer.symbology()
    frame = layer.data.frame
    big = frame.geometry.area.to_numpy().argmax()
    point = frame.geometry.iloc[big].representative_point()
    x, y = view.to_pixel(point.x, point.y)
    pixel = QColor(result.image.pixel(int(x), int(y)))
    expected = symbology.colours[big] or "#f4f4f2"
    got = np.array(pixel.getRgb()[:3])
    want = np.array(QColor(expected).getRgb()[:3])
    assert np.abs(got - want).max() <= 2, (pixel.name(), expected)


def test_runner_reports_a_failure_once_and_keeps_the_last_good_image(qtbot, document, tmp_path):
    runner = RenderRunner()
    failures = []
    runner.failed.connect(failures.append)
    view = _view(document)
    with qtbot.waitSignal(runner.finished, timeout=10_000):
        runner.start(MapSettings.of(document.layers, view))
    good = runner.last_good
    assert good is not None and good.ok
    document.layers.append(RasterLayer(name="weg").attach(tmp_path / "not_there.tif"))
    for _ in range(3):  # three renders of a broken map: one message
        with qtbot.waitSignal(runner.finished, timeout=10_000):
            runner.start(MapSettings.of(document.layers, view))
    assert len(failures) == 1 and isinstance(failures[0], WijkkaartError)
    assert runner.last_good is good


def test_a_new_start_cancels_the_running_job(qtbot, document):
    runner = RenderRunner()
    results = []
    runner.finished.connect(results.append)
    view = _view(document)
    first = runner.start(MapSettings.of(document.layers, view))
    second = runner.start(MapSettings.of(document.layers, view.zoomed(2)))
    qtbot.waitUntil(lambda: len(results) == 2, timeout=10_000)
    assert first.is_cancelled() and not second.is_cancelled()
    assert results[-1].settings is second.settings and results[-1].ok
    assert not runner.is_busy()


def test_the_canvas_render_keeps_full_collections_off_while_it_runs(qtbot, document, monkeypatch):
    """The canvas's render thread runs as the app's jobs do (wijkkaart/heap.py): what was alive
    when it started is frozen and full collections wait (one walked the whole app with the GIL
    held for 72-104 ms in the middle of a national render)."""
    from wijkkaart import heap
    from wijkkaart.render import job as job_module

    seen: list[tuple[int, int]] = []
    real = job_module.render_image_and_missing

    def spy(*args, **kwargs):
        seen.append((gc.get_threshold()[2], gc.get_freeze_count()))
        return real(*args, **kwargs)

    monkeypatch.setattr(job_module, "render_image_and_missing", spy)
    runner = RenderRunner()
    with qtbot.waitSignal(runner.finished, timeout=10_000) as finished:
        runner.start(MapSettings.of(document.layers, _view(document)))
    assert finished.args[0].ok
    assert len(seen) == 1
    threshold, frozen_objects = seen[0]
    assert threshold == heap.JOB_FULL_THRESHOLD and frozen_objects > 0
