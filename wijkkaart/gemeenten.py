"""Which gemeente an area belongs to, and keeping only the chosen gemeenten of a file. Qt-free.

Every CBS buurt and wijk code carries its gemeente: ``BU04790101`` and ``WK047901`` lie in
``GM0479``. A national file is filtered on that, never on a name.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from wijkkaart.io.dataset import AreaData
from wijkkaart.messages import WijkkaartError, short_list


def gemeente_of(codes: pd.Index | pd.Series) -> pd.Index:
    """``GM`` + the four gemeente digits of each buurt, wijk or gemeente code."""
    return pd.Index("GM" + pd.Series(list(codes), dtype=str).str[2:6], name="gemeente")


def wijk_of(codes: pd.Index | pd.Series) -> pd.Index:
    """``WK`` + gemeente and wijk part of each buurt code (a wijk code stays itself)."""
    return pd.Index("WK" + pd.Series(list(codes), dtype=str).str[2:8], name="wijk")


def normalise_gemeente(value: str) -> str:
    """``gm0479``, ``479`` and ``0479`` all mean ``GM0479``."""
    text = str(value).strip().upper()
    if text.startswith("GM"):
        text = text[2:]
    return "GM" + text.zfill(4) if text.isdigit() and len(text) <= 4 else str(value).strip()


def keep_gemeenten(areas: AreaData, chosen: list[str], path: object = "-") -> AreaData:
    """Only the areas of the ``chosen`` gemeenten; a code the file does not hold is refused."""
    wanted = [normalise_gemeente(c) for c in chosen]
    present = gemeente_of(areas.frame.index)
    held = set(present)  # once: rebuilt per chosen code it cost 18 s for a whole country
    unknown = [c for c in wanted if c not in held]
    if unknown:
        raise WijkkaartError(
            "gemeente_not_in_file",
            codes=", ".join(unknown[:5]),
            path=Path(str(path)).name,
            available=short_list(sorted(set(present)), 8),
        )
    keep = present.isin(wanted)
    if keep.all():
        return areas
    frame = areas.frame[keep]
    reasons = areas.reasons.reindex(frame.index)
    return replace(areas, frame=frame, reasons=reasons)
