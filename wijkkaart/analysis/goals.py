"""Goals (doelen) of a focus area and their status per year, computed from the trend.

A goal names an indicator, a baseline (year and value), a target and a horizon year. The target is
an absolute value, the gemeente average, the G4 average, or closing a part of the gap to the
gemeente (or G4) average. Between baseline and horizon the expected path is the straight line
from the baseline to the target; a year is *on track* when its value is at least as good as that
line, *reached* when it is as good as the target, *behind* otherwise, and *no data* without a
value. Status describes where the figures stand; it does not say why.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from wijkkaart.analysis.trend import Line, Trend
from wijkkaart.messages import WijkkaartError, tr

TARGETS = ("absolute", "gemeente", "g4", "gap")
HORIZONS = ("quick_win", "long_term")
STATUSES = ("on_track", "behind", "reached", "no_data")


@dataclass
class Goal:
    indicator: str
    baseline_year: int
    target: str  # one of TARGETS
    horizon_year: int
    baseline_value: float | None = None  # None: taken from the trend in the baseline year
    target_value: float | None = None  # absolute: the value; gap: the share to close (0–100)
    gap_to: str = "gemeente"  # gap: close the gap to the 'gemeente' or 'g4' average
    horizon: str = "long_term"  # one of HORIZONS
    party: str = ""
    note: str = ""
    higher_better: bool | None = None  # None: from the catalogue / series

    def __post_init__(self) -> None:
        if self.target not in TARGETS:
            raise WijkkaartError("goal_bad_target", target=self.target, known=", ".join(TARGETS))
        if self.horizon not in HORIZONS:
            raise WijkkaartError(
                "goal_bad_horizon", horizon=self.horizon, known=", ".join(HORIZONS)
            )
        if self.horizon_year <= self.baseline_year:
            raise WijkkaartError(
                "goal_horizon_before_baseline",
                baseline=self.baseline_year,
                horizon=self.horizon_year,
            )
        if self.target in ("absolute", "gap") and self.target_value is None:
            raise WijkkaartError("goal_needs_value", target=self.target)
        if self.target == "gap" and not 0 < float(self.target_value or 0) <= 100:
            raise WijkkaartError("goal_gap_share", value=self.target_value)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Goal:
        known = set(cls.__dataclass_fields__)
        unknown = set(data) - known
        if unknown:
            raise WijkkaartError("goal_unknown_fields", fields=", ".join(sorted(unknown)))
        try:
            return cls(**data)
        except TypeError as exc:
            raise WijkkaartError("goal_incomplete", detail=str(exc)) from None

    def describe(self) -> str:
        if self.target == "absolute":
            what = tr("goal_to_value", value=_fmt(self.target_value))
        elif self.target == "gap":
            what = tr("goal_close_gap", pct=_fmt(self.target_value), to=_to(self.gap_to))
        else:
            what = tr("goal_to_average", to=_to(self.target))
        horizon = tr("goal_quick_win" if self.horizon == "quick_win" else "goal_long_term")
        return tr("goal_text", what=what, year=self.horizon_year, horizon=horizon)


def _to(which: str) -> str:
    return tr("goal_avg_g4") if which == "g4" else tr("goal_avg_gemeente")


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f}".rstrip("0").rstrip(".")


@dataclass
class GoalStatus:
    goal: Goal
    baseline: float | None
    target: float | None
    per_year: dict[int, str]  # year -> status key (years after the baseline)
    expected: dict[int, float]  # the straight line baseline -> target
    notes: list[str]

    def latest(self) -> tuple[int, str] | None:
        scored = [(y, s) for y, s in sorted(self.per_year.items()) if s != "no_data"]
        return scored[-1] if scored else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "doel": self.goal.to_dict(),
            "omschrijving": self.goal.describe(),
            "basiswaarde": self.baseline,
            "doelwaarde": self.target,
            "status": {str(y): s for y, s in self.per_year.items()},
            "status_tekst": {str(y): status_text(s) for y, s in self.per_year.items()},
            "verwacht": {str(y): v for y, v in self.expected.items()},
            "opmerkingen": self.notes,
        }


def status_text(key: str) -> str:
    return tr(f"goal_status_{key}")


def _reference(trend: Trend, which: str) -> Line | None:
    return trend.g4 if which == "g4" else trend.gemeente


def _value_at(line: Line | None, year: int) -> float | None:
    """The line's value in ``year``, or its latest earlier value."""
    if line is None:
        return None
    known = {y: v for y, v in line.known().items() if y <= year}
    return known[max(known)] if known else None


def evaluate(goal: Goal, trend: Trend) -> GoalStatus:
    """Each year's status of ``goal`` against ``trend`` (the focus area's trend)."""
    notes: list[str] = []
    if goal.indicator != trend.indicator:
        raise WijkkaartError("goal_other_indicator", goal=goal.indicator, trend=trend.indicator)
    baseline = goal.baseline_value
    if baseline is None:
        baseline = trend.area.known().get(goal.baseline_year)
    if baseline is None:
        raise WijkkaartError("goal_no_baseline", year=goal.baseline_year, indicator=trend.label)
    better_up = goal.higher_better
    if better_up is None:
        if trend.higher_worse is None:
            raise WijkkaartError("goal_no_direction", indicator=trend.label)
        better_up = not trend.higher_worse
    sign = 1.0 if better_up else -1.0
    target: float | None
    if goal.target == "absolute":
        target = float(goal.target_value) if goal.target_value is not None else None
    elif goal.target == "gap":
        reference = _value_at(_reference(trend, goal.gap_to), goal.baseline_year)
        if reference is None:
            raise WijkkaartError("goal_no_reference", to=_to(goal.gap_to))
        target = baseline + float(goal.target_value or 0) / 100 * (reference - baseline)
    else:
        reference_line = _reference(trend, goal.target)
        if reference_line is None or not reference_line.known():
            raise WijkkaartError("goal_no_reference", to=_to(goal.target))
        target = _value_at(reference_line, goal.horizon_year)
        notes.append(tr("goal_moving_target", to=_to(goal.target)))
    per_year: dict[int, str] = {}
    expected: dict[int, float] = {}
    assert target is not None
    span = goal.horizon_year - goal.baseline_year
    for year in trend.years:
        if year <= goal.baseline_year:
            continue
        t = min(1.0, (year - goal.baseline_year) / span)
        year_target = target
        if goal.target in ("gemeente", "g4"):
            year_target = _value_at(_reference(trend, goal.target), year) or target
        path = baseline + t * (year_target - baseline)
        expected[year] = path
        value = trend.area.known().get(year)
        if value is None:
            per_year[year] = "no_data"
        elif sign * (value - year_target) >= 0:
            per_year[year] = "reached"
        elif sign * (value - path) >= 0:
            per_year[year] = "on_track"
        else:
            per_year[year] = "behind"
    return GoalStatus(goal, baseline, target, per_year, expected, notes)


def read_goals(path: str | Path) -> list[Goal]:
    """Goals from a JSON file: a list of goal objects (or ``{"doelen": [...]}``)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WijkkaartError("goal_file_bad", path=path, detail=str(exc)[:200]) from None
    if isinstance(data, dict):
        data = data.get("doelen", data.get("goals"))
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise WijkkaartError("goal_file_bad", path=path, detail="no list of goals")
    return [Goal.from_dict(d) for d in data]
