"""Showing a document never runs a typology on the GUI thread, and offers the same default.

The panel starts from the default housing rules where they can run and from clustering where
they would be refused. It used to find that out by running the whole typology (its explanation
table took 0.1-0.2 s) at every ``set_document``; now it asks only whether the rules run. Spies
around the typology's functions record the thread of every call; the offer is compared with a
direct run of the rules on the real files (CBS figures).
"""

from __future__ import annotations

import threading

import pytest

from wijkkaart.analysis import typology
from wijkkaart.analysis.typology import DEFAULT_HOUSING_RULES, parse_rules
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError
from wijkkaart.new_project import new_project
from wijkkaart.ui import analysis_panel
from wijkkaart.ui.analysis_panel import AnalysisPanel

RUNS = ("apply_rules", "explain", "cluster", "regions_with_minimum")


def _spy(monkeypatch) -> tuple[list[tuple[str, threading.Thread]], dict]:
    calls: list[tuple[str, threading.Thread]] = []
    real = {name: getattr(typology, name) for name in RUNS}

    def wrap(name):
        def spy(*args, **kwargs):
            calls.append((name, threading.current_thread()))
            return real[name](*args, **kwargs)

        return spy

    for name in RUNS:
        monkeypatch.setattr(typology, name, wrap(name))
        if hasattr(analysis_panel, name):  # imported by name into the panel
            monkeypatch.setattr(analysis_panel, name, wrap(name))
    return calls, real


def _document(source: str, sample, real) -> MapDocument:
    if source == "sample":
        return MapDocument.open(sample / "utrecht.wijkkaart")
    return new_project(real / source)


@pytest.mark.parametrize(
    "source",
    ["sample", "cbs_buurten_2017.geojson", "cbs_buurten_2021.gpkg", "cbs_buurten_2024.geojson"],
)
def test_set_document_runs_no_typology_on_the_gui_thread(qtbot, monkeypatch, sample, real, source):
    document = _document(source, sample, real)
    panel = AnalysisPanel()
    qtbot.addWidget(panel)
    calls, originals = _spy(monkeypatch)

    panel.set_document(document)

    on_gui = [name for name, thread in calls if thread is threading.main_thread()]
    assert on_gui == [], f"typology run on the GUI thread during set_document: {on_gui}"

    # the offer is what a direct run of the default rules says (the spies are not in the way)
    monkeypatch.undo()
    try:
        originals["apply_rules"](document.base_areas, parse_rules(DEFAULT_HOUSING_RULES))
    except WijkkaartError:
        refused = True
    else:
        refused = False
    assert panel.use_clusters.isChecked() is refused
    assert panel.use_rules.isChecked() is not refused
    assert panel.rules_reason.isHidden() is not refused
    if refused:
        assert panel.rules_reason.text().startswith("Standaardregels niet mogelijk")
    # the sample (Utrecht, with housing figures) runs the rules; the new 2024 Baarn file has
    # -99995 in every housing column, so there the panel must offer clustering
    if source == "sample":
        assert not refused
    if source == "cbs_buurten_2024.geojson":
        assert refused
