"""Analyses stored in the project and shown as map columns (Qt-free).

A typology, the stacking index and the start-buurt ranking are kept in the project file as their
settings and recomputed on opening; their results become columns of the project's areas
(``typologie``, ``stapeling`` and ``stapeling_waarop``, ``startscore`` and ``startrang``), so
any layer can map them and the information panel lists them.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from wijkkaart.analysis.ranking import (
    DEFAULT_CRITERIA,
    Ranking,
    criteria_from_dicts,
    rank_start_buurten,
)
from wijkkaart.analysis.stacking import DEFAULT_STACKING, StackingResult, stacking
from wijkkaart.analysis.typology import (
    DEFAULT_HOUSING_RULES,
    TypologyResult,
    apply_rules,
    cluster,
    parse_rules,
    rules_from_dicts,
)
from wijkkaart.catalogue import catalogue
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.dataset import AreaData

COLUMNS = {
    "typology": ("typologie",),
    "stacking": ("stapeling", "stapeling_waarop"),
    "ranking": ("startscore", "startrang"),
}


def default_spec(kind: str) -> dict[str, Any]:
    if kind == "typology":
        return {
            "method": "rules",
            "rules": [r.to_dict() for r in parse_rules(DEFAULT_HOUSING_RULES)],
        }
    if kind == "stacking":
        return {"indicators": list(DEFAULT_STACKING), "margin": 0.5}
    return {"criteria": [c.to_dict() for c in DEFAULT_CRITERIA]}


def inputs(kind: str, result: Any) -> list[str]:
    """The indicators an analysis result rests on (to carry their illustrative flag along)."""
    if kind == "ranking":
        return [c.indicator for c in result.criteria]
    return list(result.indicators)


def rests_on_illustrative(kind: str, result: Any, areas: AreaData) -> bool:
    return bool(set(inputs(kind, result)) & areas.illustrative)


def run(
    kind: str, spec: dict[str, Any], areas: AreaData, feedback: Feedback | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, object]:
    """(values, reasons, full result) of one analysis over the areas."""
    feedback = ensure(feedback)
    index = areas.frame.index
    result: TypologyResult | StackingResult | Ranking
    if kind == "typology":
        if spec.get("method", "rules") == "rules":
            result = apply_rules(areas, rules_from_dicts(spec["rules"]))
        else:
            result = cluster(
                areas,
                spec["indicators"],
                int(spec["k"]),
                method=spec.get("method", "kmeans"),
                seed=int(spec.get("seed", 0)),
                contiguous=bool(spec.get("contiguous")),
                min_inhabitants=float(spec.get("min_inhabitants", 0)),
                feedback=feedback.part(0.0, 0.9),
            )
        values = pd.DataFrame({"typologie": result.types.reindex(index)})
    elif kind == "stacking":
        present = [i for i in spec["indicators"] if i in areas.frame]
        result = stacking(areas, present, float(spec.get("margin", 0.5)), feedback.part(0, 0.9))
        cat = catalogue()
        waarop = result.worse.apply(
            lambda row: ", ".join(cat[c].label for c in result.indicators if row[c]), axis=1
        )
        values = pd.DataFrame(
            {
                "stapeling": result.count.reindex(index).astype(float),
                "stapeling_waarop": waarop.reindex(index),
            }
        )
    else:
        result = rank_start_buurten(
            areas, criteria_from_dicts(spec["criteria"]), feedback=feedback.part(0.0, 0.9)
        )
        values = pd.DataFrame(
            {
                "startscore": (result.score * 100).reindex(index),
                "startrang": result.rank.reindex(index).astype(float),
            }
        )
    feedback.progress(0.95)
    reasons = pd.DataFrame(
        {c: values[c].isna().map({True: "no_data", False: None}) for c in values.columns},
        index=index,
        dtype=object,
    )
    return values, reasons, result
