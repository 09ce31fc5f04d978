"""Housing-mix scenarios: what a target mix means in dwellings.

From the current mix of an area (koop / corporatie / particuliere huur, in dwellings) to a target
mix (shares), three ways planners use: sell corporation dwellings (total stays), demolish
corporation dwellings and build others in their place (total stays), or only add new dwellings
(nothing removed). Each gives the dwellings per step and the resulting mix.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from wijkkaart.messages import WijkkaartError

TENURES = ("koop", "corporatie", "particulier")


@dataclass
class Mix:
    koop: float
    corporatie: float
    particulier: float

    @property
    def total(self) -> float:
        return self.koop + self.corporatie + self.particulier

    def shares(self) -> dict[str, float]:
        total = self.total or 1.0
        return {t: getattr(self, t) / total * 100 for t in TENURES}


def current_mix(profile) -> Mix:
    """Dwellings per tenure from an area profile (shares × dwellings, apportioned)."""
    item = profile.indicators.get("woningvoorraad")  # absent from many CBS buurt files
    stock = item.value.value if item is not None else float("nan")
    if pd.isna(stock):
        raise WijkkaartError("scenario_needs_mix")

    def dwellings(indicator: str) -> float:
        item = profile.indicators.get(indicator)
        share = item.value.value if item is not None else float("nan")
        return float(share) / 100 * stock if pd.notna(share) else float("nan")

    koop = dwellings("percentage_koopwoningen")
    corp = dwellings("perc_huurwoningen_in_bezit_woningcorporaties")
    private = dwellings("perc_huurwoningen_in_bezit_overige_verhuurders")
    if any(pd.isna(v) for v in (koop, corp, private)):
        raise WijkkaartError("scenario_needs_mix")
    return Mix(koop, corp, private)


def scenarios(current: Mix, target: dict[str, float]) -> pd.DataFrame:
    """Dwellings to sell, demolish, build or add per way, with the resulting mix and total."""
    if abs(sum(target.values()) - 100) > 0.5 or any(v < 0 for v in target.values()):
        raise WijkkaartError("scenario_bad_target", total=f"{sum(target.values()):g}")
    t = {k: target[k] / 100 for k in TENURES}
    total = current.total
    rows = []
    # 1. Sale: corporation dwellings sold to owner-occupiers and to private landlords.
    need_koop = t["koop"] * total - current.koop
    need_private = t["particulier"] * total - current.particulier
    sell_koop, sell_private = max(need_koop, 0), max(need_private, 0)
    sale = Mix(
        current.koop + sell_koop,
        current.corporatie - sell_koop - sell_private,
        current.particulier + sell_private,
    )
    possible = sale.corporatie >= -0.5 and need_koop >= -0.5 and need_private >= -0.5
    rows.append(
        _row(
            "verkoop",
            sell=sell_koop + sell_private,
            demolish=0,
            build=0,
            mix=sale,
            possible=possible,
        )
    )
    # 2. Demolition and new-build: total stays, corporation stock replaced by the target mix.
    demolish = max(current.corporatie - t["corporatie"] * total, 0)
    build_koop = max(t["koop"] * total - current.koop, 0)
    build_private = max(t["particulier"] * total - current.particulier, 0)
    rebuilt = Mix(
        current.koop + build_koop,
        current.corporatie - demolish,
        current.particulier + build_private,
    )
    rows.append(
        _row(
            "sloop-nieuwbouw",
            sell=0,
            demolish=demolish,
            build=build_koop + build_private,
            mix=rebuilt,
            possible=abs(rebuilt.total - total) < 1,
        )
    )
    # 3. Only add: the smallest new total that reaches the target without removing anything.
    grown_total = max(getattr(current, k) / t[k] for k in TENURES if t[k] > 0)
    grown_total = max(grown_total, total)
    added = Mix(*(max(t[k] * grown_total, getattr(current, k)) for k in TENURES))
    rows.append(
        _row(
            "toevoegen",
            sell=0,
            demolish=0,
            build=added.total - total,
            mix=added,
            possible=all(t[k] > 0 or getattr(current, k) == 0 for k in TENURES),
        )
    )
    return pd.DataFrame(rows).set_index("scenario")


def _row(name: str, sell: float, demolish: float, build: float, mix: Mix, possible: bool) -> dict:
    shares = mix.shares()
    return {
        "scenario": name,
        "verkopen": round(sell),
        "slopen": round(demolish),
        "bouwen": round(build),
        "koop": round(mix.koop),
        "corporatie": round(mix.corporatie),
        "particulier": round(mix.particulier),
        "totaal": round(mix.total),
        "koop_pct": round(shares["koop"], 1),
        "corporatie_pct": round(shares["corporatie"], 1),
        "particulier_pct": round(shares["particulier"], 1),
        "haalbaar": bool(possible),
    }
