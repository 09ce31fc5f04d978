"""Stacking (stapeling): in how many chosen indicators is a buurt clearly worse than the gemeente?

"Clearly worse" means more than ``margin`` standard deviations (of the buurt values) on the bad
side of the gemeente average, the bad side taken from the catalogue's direction. Simple and
explainable at a table: each buurt lists the indicators that count.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from wijkkaart.analysis.aggregate import aggregate
from wijkkaart.analysis.indicators import labels_of
from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.dataset import AreaData
from wijkkaart.messages import WijkkaartError

DEFAULT_STACKING = (
    "percentage_energielabel_e_tot_g",
    "gemiddeld_gasverbruik_totaal",
    "leefbaarometer_score",
    "leefbaarometer_overlast_en_onveiligheid",
    "sociaaleconomische_score",
    "percentage_leegstand_woningen",
    "waterdiepte_aandeel_boven_drempel",
    "geluid_wegverkeer",
)


@dataclass
class StackingResult:
    count: pd.Series  # code -> number of indicators clearly worse than the gemeente
    worse: pd.DataFrame  # code x indicator -> True where it counts
    averages: dict[str, float]
    thresholds: dict[str, float]
    indicators: list[str]

    def contributing(self, code: str) -> list[str]:
        row = self.worse.loc[code]
        return [c for c in self.indicators if row[c]]


def stacking(
    areas: AreaData,
    indicators: list[str] | None = None,
    margin: float = 0.5,
    feedback: Feedback | None = None,
) -> StackingResult:
    feedback = ensure(feedback)
    cat = catalogue()
    frame = areas.statistics_frame()
    chosen = [i for i in (indicators or DEFAULT_STACKING) if i in frame]
    if not chosen:
        # none ticked: the defaults, which a gemeente file without housing figures lacks
        names = labels_of(list(indicators or DEFAULT_STACKING))
        raise WijkkaartError("indicator_not_in_data", names=names)
    for ind in chosen:
        entry = cat.get(ind)
        if entry is None or entry.direction == "neutral":
            raise WijkkaartError("stacking_needs_direction", name=ind)
        if entry.sensitive:
            raise WijkkaartError("sensitive_in_typology", names=ind)
    worse = pd.DataFrame(False, index=frame.index, columns=chosen)
    averages, thresholds = {}, {}
    for i, ind in enumerate(chosen):
        feedback.progress(0.9 * i / len(chosen))
        values = pd.to_numeric(frame[ind], errors="coerce")
        mean = aggregate(frame, ind).number
        spread = float(np.nanstd(values.to_numpy(dtype=float)))
        if cat[ind].direction == "higher_worse":
            limit = mean + margin * spread
            worse[ind] = (values > limit).fillna(False)
        else:
            limit = mean - margin * spread
            worse[ind] = (values < limit).fillna(False)
        averages[ind], thresholds[ind] = float(mean), float(limit)
    count = worse.sum(axis=1).astype(int)
    feedback.progress(1.0)
    return StackingResult(count, worse, averages, thresholds, chosen)
