"""Start buurten for the heat transition: a transparent multi-criteria ranking.

Each criterion is scaled to 0..1 over the gemeente (min-max), flipped when a low value makes a
better start buurt, and weighted; the score is the weighted mean and every buurt's score can be
taken apart into each criterion's contribution. A missing value contributes nothing (and is
listed). Heat strategies score by a table the planner can change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkkaart.analysis.indicators import labels_of, refuse_sensitive
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.dataset import AreaData
from wijkkaart.messages import WijkkaartError

STRATEGY_SCORES = {
    "warmtenet_ht_mt": 1.0,
    "warmtenet_lt": 0.8,
    "all_electric": 0.6,
    "hybride_groengas": 0.4,
    "nog_onbekend": 0.0,
}


@dataclass(frozen=True)
class Criterion:
    indicator: str
    weight: float = 1.0
    higher_is_better: bool = True  # better start buurt

    def to_dict(self) -> dict:
        return {
            "indicator": self.indicator,
            "weight": self.weight,
            "higher_is_better": self.higher_is_better,
        }


DEFAULT_CRITERIA = (
    Criterion("perc_huurwoningen_in_bezit_woningcorporaties", 3.0, True),
    Criterion("percentage_energielabel_e_tot_g", 2.0, True),
    Criterion("gemiddeld_gasverbruik_totaal", 1.0, True),
    Criterion("warmtestrategie", 1.0, True),
    Criterion("jaar_aardgasvrij", 1.0, False),
)


@dataclass
class Ranking:
    score: pd.Series  # 0..1
    rank: pd.Series  # 1 = best start buurt
    contributions: pd.DataFrame  # code x criterion -> share of the score
    missing: pd.DataFrame  # code x criterion -> True where the value was missing
    criteria: list[Criterion] = field(default_factory=list)


def rank_start_buurten(
    areas: AreaData,
    criteria: list[Criterion] | tuple = DEFAULT_CRITERIA,
    strategy_scores: dict[str, float] | None = None,
    feedback: Feedback | None = None,
) -> Ranking:
    feedback = ensure(feedback)
    frame = areas.statistics_frame()
    refuse_sensitive([c.indicator for c in criteria if c.weight > 0])
    # The panel lists only the criteria the data has: on a gemeente file without housing or
    # energy figures that is none, and the message names what a ranking can use.
    weighted = [c for c in criteria if c.weight > 0]
    if criteria and not weighted:
        raise WijkkaartError("ranking_no_weight")
    # a column without a single value (CBS: 'wordt later gepubliceerd') counts as missing: it
    # scored every buurt 0 (Baarn 2024: corporatiebezit and gasverbruik are empty)
    used = [c for c in weighted if c.indicator in frame and frame[c.indicator].notna().any()]
    if not used:
        wanted = weighted or DEFAULT_CRITERIA
        raise WijkkaartError("ranking_no_criteria", names=labels_of([c.indicator for c in wanted]))
    total_weight = sum(c.weight for c in used)
    scaled = pd.DataFrame(index=frame.index)
    for i, crit in enumerate(used):
        feedback.progress(0.9 * i / len(used))
        raw = frame[crit.indicator]
        if crit.indicator == "warmtestrategie":
            values = raw.map(strategy_scores or STRATEGY_SCORES).astype(float)
        else:
            values = pd.to_numeric(raw, errors="coerce")
            lo, hi = values.min(), values.max()
            values = (values - lo) / (hi - lo) if hi > lo else values * 0 + 0.5
        scaled[crit.indicator] = values if crit.higher_is_better else 1 - values
    missing = scaled.isna()
    contributions = scaled.fillna(0.0).mul([c.weight / total_weight for c in used], axis=1)
    score = contributions.sum(axis=1)
    rank = score.rank(ascending=False, method="min").astype(int)
    feedback.progress(1.0)
    return Ranking(score, rank, contributions, missing, list(used))


def criteria_from_dicts(items: list[dict]) -> list[Criterion]:
    return [
        Criterion(
            i["indicator"], float(i.get("weight", 1.0)), bool(i.get("higher_is_better", True))
        )
        for i in items
    ]


def normalised(values: np.ndarray) -> np.ndarray:
    lo, hi = np.nanmin(values), np.nanmax(values)
    return (values - lo) / (hi - lo) if hi > lo else np.full_like(values, 0.5)
