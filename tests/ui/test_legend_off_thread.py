"""The legend panel never classifies on the GUI thread (issue 11, render job; issue 13).

A spy around the classifier (``compute_breaks``, which the real classification calls) records
the thread it runs on; the classification itself is the real one. The classes are compared with
mapclassify's own on the real Utrecht sample (CBS figures).
"""

from __future__ import annotations

import threading

import mapclassify
import numpy as np
import pandas as pd

from wijkkaart.layers import style as style_module
from wijkkaart.layers.model import AreaLayer
from wijkkaart.layers.style import ChoroplethStyle, water_mask


def _area_layer(win) -> AreaLayer:
    return next(x for x in win.document.layers if isinstance(x, AreaLayer))


def _spy(monkeypatch, hold_k: int | None = None):
    """Record the thread of every classification; hold the one with ``hold_k`` classes."""
    threads: list[threading.Thread] = []
    release = threading.Event()
    real = style_module.compute_breaks

    def spy(values, method, k, *args, **kwargs):
        threads.append(threading.current_thread())
        if k == hold_k and threading.current_thread() is not threading.main_thread():
            release.wait(20)
        return real(values, method, k, *args, **kwargs)

    monkeypatch.setattr(style_module, "compute_breaks", spy)
    return threads, release


def test_a_style_change_is_classified_off_the_gui_thread(window, qtbot, monkeypatch):
    layer = _area_layer(window)
    window.docks["legend"].raise_()
    qtbot.waitUntil(lambda: bool(window.legend.shown), timeout=10000)
    before = [e.label for e in window.legend.shown[0].entries]
    threads, release = _spy(monkeypatch, hold_k=6)

    layer.style = ChoroplethStyle("percentage_huurwoningen", method="quantiles", k=6)
    window.legend.repaint()  # the panel paints at once: the old legend, the new one is held
    qtbot.wait(50)
    window.legend.repaint()
    assert [e.label for e in window.legend.shown[0].entries] == before
    release.set()

    qtbot.waitUntil(lambda: window.canvas.wait_rendered() and _new_title(window), timeout=20000)
    assert threads, "the classifier ran"
    assert all(t is not threading.main_thread() for t in threads), threads

    # the classes the panel shows are mapclassify's quantiles of the land buurten
    frame = layer.data.frame
    values = pd.to_numeric(frame.loc[~water_mask(frame), "percentage_huurwoningen"])
    values = values[np.isfinite(values)].to_numpy(dtype=float)
    expected = mapclassify.Quantiles(values, k=6)
    entries = [e for e in window.legend.shown[0].entries if not e.hatched]
    assert len(entries) == len(expected.bins) == 6
    assert [e.count for e in entries] == [int(c) for c in expected.counts]
    assert entries[-1].label.split("–")[-1].strip().rstrip("%").strip() == f"{values.max():.0f}"
    missing = int((~np.isfinite(pd.to_numeric(frame["percentage_huurwoningen"]))).sum())
    hatched = [e for e in window.legend.shown[0].entries if e.hatched]
    assert (hatched[0].count if hatched else 0) == missing


def _new_title(win) -> bool:
    win.legend.repaint()
    shown = win.legend.shown
    return bool(shown) and "huur" in shown[0].title.lower()


def test_the_render_worker_hands_its_classification_to_the_legend(window, qtbot, monkeypatch):
    """After the map has drawn a new style, the legend needs no classification of its own."""
    layer = _area_layer(window)
    threads, _ = _spy(monkeypatch)
    layer.style = ChoroplethStyle("percentage_huurwoningen", method="equal_interval", k=4)
    assert window.canvas.wait_rendered()
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    qtbot.waitUntil(lambda: _new_title(window), timeout=10000)
    assert len(threads) == 1  # the legend reused the render worker's classification
    assert len([e for e in window.legend.shown[0].entries if not e.hatched]) == 4
