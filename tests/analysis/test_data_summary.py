"""The panels' summary of a document's data (analysis/data_summary.py): the same values as a fresh
computation, made once per data version, new values after a data change, gone with its data."""

from __future__ import annotations

import dataclasses
import gc
import weakref

import numpy as np
import pandas as pd
import pytest

from wijkkaart.analysis import data_summary
from wijkkaart.analysis.data_summary import LIMIT, SUMMARIES, prepare_document, summary_of
from wijkkaart.analysis.typology import (
    DEFAULT_HOUSING_RULES,
    clusterable_indicators,
    default_cluster_indicators,
    parse_rules,
    rules_refusal,
)
from wijkkaart.catalogue import catalogue
from wijkkaart.new_project import new_project, open_document
from wijkkaart.paths import sample_project


def fresh(areas) -> dict:
    """What the panels computed themselves before the summary, written out again here."""
    cat = catalogue()
    stats = areas.statistics_frame()
    rules = parse_rules(DEFAULT_HOUSING_RULES)
    runs = rules_refusal(areas, rules) is None
    used = list(dict.fromkeys(c.indicator for r in rules for c in r.conditions))
    empty = [] if runs else [c for c in used if c not in stats or stats[c].notna().sum() == 0]
    columns = [
        c for c in [*areas.indicators, *areas.custom] if c not in cat or cat[c].kind != "year"
    ]
    frame = areas.frame
    return {
        "clusterable": tuple(clusterable_indicators(areas)),
        "cluster_defaults": tuple(default_cluster_indicators(areas)),
        "default_rules_run": runs,
        "default_rules_empty": tuple(empty or ([] if runs else used)),
        "style_columns": tuple(columns),
        "without_figures": areas.without_figures(columns),
        "bounds": tuple(float(b) for b in frame[frame.geometry.notna()].total_bounds),
    }


def summarised(areas) -> dict:
    summary = summary_of(areas)
    offer, style = summary.analysis, summary.style
    return {
        "clusterable": offer.clusterable,
        "cluster_defaults": offer.cluster_defaults,
        "default_rules_run": offer.default_rules_run,
        "default_rules_empty": offer.default_rules_empty,
        "style_columns": style.columns,
        "without_figures": dict(style.without_figures),
        "bounds": summary.bounds,
    }


@pytest.mark.parametrize(
    "source",
    [
        "sample",  # Utrecht, 111 buurten, the sample project with its tables
        "cbs_buurten_2021.gpkg",  # Ermelo: 27 indicators without figures, a water buurt
        "cbs_buurten_2024.geojson",  # Baarn, first 2024 release: housing "published later"
        "cbs_buurten_2017.geojson",  # Zaanstad 2017, real -99999999 in 7 buurten
    ],
)
def test_summary_equals_a_fresh_computation(real, source):
    path = sample_project() if source == "sample" else real / source
    document = open_document(path) if source == "sample" else new_project(path)
    areas = document.base_areas
    expected = fresh(areas)
    assert summarised(areas) == expected
    assert expected["clusterable"] and expected["style_columns"]  # not trivially empty


def test_the_real_files_cover_both_answers_of_the_default_rules(real):
    """The cases above are not all alike: Utrecht's default rules run, Ermelo's cannot."""
    utrecht = summary_of(open_document(sample_project()).base_areas).analysis
    ermelo = summary_of(new_project(real / "cbs_buurten_2021.gpkg").base_areas)
    assert utrecht.default_rules_run and not utrecht.default_rules_empty
    assert not ermelo.analysis.default_rules_run
    assert "percentage_koopwoningen" in ermelo.analysis.default_rules_empty
    assert len(ermelo.style.without_figures) == 27  # greyed in the style panel's pickers


def test_a_part_is_made_once_per_data_version(real, monkeypatch):
    calls: list[str] = []
    for name in ("analysis_offer", "style_choices", "area_bounds"):
        real_function = getattr(data_summary, name)

        def counted(areas, real_function=real_function, name=name):
            calls.append(name)
            return real_function(areas)

        monkeypatch.setattr(data_summary, name, counted)
    document = new_project(real / "cbs_buurten_2017.geojson")
    frames = [x.frame for x in document.layers if getattr(x, "frame", None) is not None]
    assert frames  # the wijk and gemeente outlines a new project draws
    prepare_document(document)  # the job
    made = ["analysis_offer", "style_choices", "area_bounds", *["area_bounds"] * len(frames)]
    assert sorted(calls) == sorted(made)
    for _ in range(3):  # the views, as often as they ask
        summary = summary_of(document.base_areas)
        summary.analysis, summary.style, summary.bounds  # noqa: B018
        for frame in frames:
            summary_of(frame).bounds  # noqa: B018
    assert len(calls) == len(made)
    # one part asked for alone is made alone (the GUI thread never does more than it asks)
    other = new_project(real / "cbs_buurten_2021.gpkg").base_areas
    calls.clear()
    summary_of(other).style  # noqa: B018
    assert calls == ["style_choices"]


def test_after_a_data_change_the_summary_has_the_new_values(real):
    """Ermelo 2021 has no housing figures; a join that brings them is a new data version."""
    document = new_project(real / "cbs_buurten_2021.gpkg")
    before = document.base_areas
    old = summary_of(before)
    assert "percentage_koopwoningen" not in old.analysis.clusterable
    assert "percentage_koopwoningen" not in old.style.columns
    # Invented shares (test values, not real Ermelo figures) for every buurt.
    codes = before.frame.index
    invented = pd.DataFrame(
        {"percentage_koopwoningen": np.linspace(20.0, 80.0, len(codes))}, index=codes
    )
    after = before.add_columns(invented, pd.DataFrame(index=codes), "test values")
    new = summary_of(after)
    assert "percentage_koopwoningen" in new.analysis.clusterable
    assert "percentage_koopwoningen" in new.style.columns
    assert "percentage_koopwoningen" not in new.style.without_figures
    assert summarised(after) == fresh(after)
    # the old data version keeps its own summary (an undo shows it again without computing)
    assert summary_of(before) is old
    assert "percentage_koopwoningen" not in old.style.columns


def test_an_analysis_column_is_offered_in_the_style_choices(real):
    """A typology adds a column to ``areas`` (not to ``base_areas``): the style panel's
    choices of the new data include it, those of the data before do not."""
    document = open_document(sample_project())
    rules = [r.to_dict() for r in parse_rules(DEFAULT_HOUSING_RULES)]
    state = document.analysis_state("typology", {"method": "rules", "rules": rules})
    added = [c for c in state.areas.frame.columns if c not in document.areas.frame.columns]
    assert added
    shown = set(summary_of(state.areas).style.columns)
    assert set(added) & shown
    assert not set(added) & set(summary_of(document.areas).style.columns)
    assert summarised(state.areas) == fresh(state.areas)


def test_an_entry_goes_with_its_data_and_the_cache_is_bounded(real):
    base = new_project(real / "cbs_buurten_2017.geojson").base_areas
    gc.collect()
    start = len(SUMMARIES)
    areas = dataclasses.replace(base)  # a data version of its own, held by nothing else
    summary_of(areas).bounds  # noqa: B018
    assert len(SUMMARIES) == start + 1
    alive = weakref.ref(areas)
    del areas
    gc.collect()
    assert alive() is None  # the cache does not keep a closed document's data alive
    assert len(SUMMARIES) == start  # and its entry went with it
    kept = [dataclasses.replace(base) for _ in range(LIMIT + 3)]
    for areas in kept:
        summary_of(areas)
    assert len(SUMMARIES) == LIMIT


def test_the_bounds_of_outline_layers_are_their_frames_bounds(real):
    document = new_project(real / "cbs_buurten_2021.gpkg")  # Ermelo, with a water buurt
    prepare_document(document)
    layers = [x for x in document.layers if getattr(x, "frame", None) is not None]
    assert layers
    for layer in layers:
        frame = layer.frame
        assert summary_of(frame).bounds == tuple(float(b) for b in frame.total_bounds)
