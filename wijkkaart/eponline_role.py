"""EP-Online energy labels as a project role: read, place, count, and refuse an empty result.

A register file whose addresses match none of the project's buurten (another gemeente, a BAG
file of elsewhere) must not become a layer of zeros that looks like "no labels here": it is
refused with the counts, so the user sees what was read and what was placed. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from wijkkaart.analysis.energy_labels import LabelRead, energy_labels_per_buurt
from wijkkaart.feedback import Feedback
from wijkkaart.io.dataset import AreaData
from wijkkaart.messages import WijkkaartError

LABEL_COUNT = "aantal_energielabels"


@dataclass
class LabelsAdded:
    areas: AreaData
    read: LabelRead
    counts: dict[str, int] = field(default_factory=dict)


def add_eponline(
    areas: AreaData,
    ep_path: str | Path,
    bag_path: str | Path | None = None,
    illustrative: bool = False,
    feedback: Feedback | None = None,
) -> LabelsAdded:
    """``areas`` with the label indicators; ``counts`` says how many labels were placed."""
    result, read = energy_labels_per_buurt(ep_path, areas, bag_path=bag_path, feedback=feedback)
    before = set(areas.frame.columns)
    placed = int(result.frame[LABEL_COUNT].fillna(0).sum()) if LABEL_COUNT in result.frame else 0
    counts = {**read.counts, "placed": placed, "not_placed": read.counts.get("kept", 0) - placed}
    if placed == 0:
        raise WijkkaartError(
            "ep_nothing_placed",
            path=Path(ep_path).name,
            kept=read.counts.get("kept", 0),
            total=read.counts.get("total", 0),
            bag=Path(bag_path).name if bag_path else "-",
        )
    if illustrative:
        added = {c for c in result.frame.columns if c not in before}
        result = replace(result, illustrative=result.illustrative | added)
    return LabelsAdded(result, read, counts)
