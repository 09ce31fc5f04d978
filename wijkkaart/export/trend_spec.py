"""What a print asks of the trend: up to two indicators' charts, the goals table and/or the
waterbed table (Qt-free).

Kept apart from :mod:`wijkkaart.export.trend_print` (which paints, with Qt) so the project's print
settings (:mod:`wijkkaart.export.settings`) can store and parse it without loading Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from wijkkaart.messages import WijkkaartError

MAX_CHARTS = 2


@dataclass
class TrendPrint:
    """What to add to a print: up to two indicators' charts and/or the goals table."""

    indicators: list[str] = field(default_factory=list)
    goals: bool = False
    area: str | None = None  # the focus area of a single print; None: the project's only one
    waterbed: bool = False  # the waterbed table: the area beside its neighbouring buurten

    def wanted(self) -> bool:
        return bool(self.indicators) or self.goals or self.waterbed


def parse_indicators(text: str | None) -> list[str]:
    names = [t.strip() for t in (text or "").split(",") if t.strip()]
    if len(names) > MAX_CHARTS:
        raise WijkkaartError("tp_too_many", n=len(names), most=MAX_CHARTS)
    return names
