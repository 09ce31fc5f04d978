"""The app's steps between buurt vintages, computed on a draft so that a command only swaps them:
switching the reference vintage, and adding a series (on the reference or on an older division).

Both run in a job (they read files and overlay buurten); the result is a
:class:`~wijkkaart.layers.document.DataState` that :class:`~wijkkaart.commands.ReplaceAreaData`
puts in place and takes out again (undo). Qt-free.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wijkkaart.feedback import Feedback, ensure
from wijkkaart.layers.document import DataState, MapDocument, _attach
from wijkkaart.layers.model import AreaLayer, OutlineLayer, layer_from_dict
from wijkkaart.project import build_areas


def reference_state(
    document: MapDocument, year: int, feedback: Feedback | None = None
) -> tuple[DataState, Any]:
    """(state, series) with the buurtindeling of ``year`` as the reference: its buurten read
    and joined as the project's areas, the outlines dissolved from them, the analyses re-run,
    and every series converted to it (so that a failing conversion is said before the switch).
    """
    from wijkkaart.timeline import project_series
    from wijkkaart.vintages import set_reference

    feedback = ensure(feedback)
    draft = document.draft()
    set_reference(draft.project, year)
    areas = build_areas(draft.project, feedback.part(0.0, 0.5))
    draft.base_areas = areas
    draft.set_areas(areas)
    for index, layer in enumerate(list(draft.layers)):
        source = layer.source
        from_project = source.get("dataset") == "project" or (
            isinstance(layer, AreaLayer) and not source.get("path")
        )
        if isinstance(layer, AreaLayer | OutlineLayer) and from_project:
            fresh = layer_from_dict(layer.to_dict())  # the shared layer stays as it is
            draft.layers[index] = _attach(fresh, draft.project, areas)
    feedback.progress(0.6)
    kinds = list(draft.analyses.items())
    for i, (kind, spec) in enumerate(kinds):
        draft.set_analysis(kind, spec, feedback.part(0.6 + 0.2 * i / len(kinds), 0.8))
    series = project_series(draft.project) if draft.project.data.get("series") else None
    feedback.progress(1.0)
    return draft.data_state(), series


def series_state(
    document: MapDocument,
    path: str | Path,
    division: str | Path | None = None,
    bag: str | Path | None = None,
    division_year: int | None = None,
    feedback: Feedback | None = None,
) -> tuple[DataState, Any]:
    """(state, series) with the series file ``path`` added (its division held when given)."""
    from wijkkaart.timeline import add_series

    feedback = ensure(feedback)
    draft = document.draft()
    series = add_series(
        draft.project,
        Path(path),
        division=Path(division) if division else None,
        bag=Path(bag) if bag else None,
        division_year=division_year,
    )
    feedback.progress(1.0)
    return draft.data_state(), series
