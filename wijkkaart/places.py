"""The places the search field finds: every buurt, wijk and gemeente of the map, Qt-free.

Wijken and gemeenten are found through the codes of their buurten; their names come from outline
layers (wijkgrenzen) or a known list when present. Matching is by substring, ignoring case and
accents ("sudermeer" finds "Südermeer"). Each place carries its name and code folded once, so a
keystroke compares strings only: folding 17,000 names of the national layer at every keystroke
took 80-300 ms of the GUI thread. The list itself is made in the job that reads the data
(``analysis/data_summary.py``), not at the first keystroke (0.3 s on the national layer).
"""

from __future__ import annotations

import heapq
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from wijkkaart.io.codes import PREFIX_LEVEL, is_valid_code, level_of
from wijkkaart.io.dataset import AreaData
from wijkkaart.messages import level_text, ui

LEVEL_ORDER = {"gemeente": 0, "wijk": 1, "buurt": 2}
MAX_SHOWN = 20


@dataclass(frozen=True)
class Place:
    """Something to find: its level, CBS code, name and the area codes that make it up."""

    level: str
    code: str
    name: str
    codes: tuple[str, ...]
    # name and code as compared with what is typed (:func:`fold`), made once with the place
    folded: tuple[str, str] = field(default=("", ""), compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.folded == ("", ""):
            object.__setattr__(self, "folded", (fold(self.name), fold(self.code)))

    @property
    def label(self) -> str:
        level = level_text(self.level)
        return ui("search_found", level=level, name=self.name or self.code, code=self.code)


def fold(text: object) -> str:
    """Lower case without accents, for comparing what was typed with a name."""
    text = str(text)
    if text.isascii():  # nothing to decompose (most names and every code): 5x quicker
        return text.casefold().strip()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def places_of(data: AreaData, names: Mapping[str, str] | None = None) -> list[Place]:
    """Every area of ``data`` plus the wijken and gemeenten its codes belong to.

    One pass over plain lists, each code checked once (io.codes' level_of and parent_code,
    inlined): 17,000 places of the national layer in a job, not on the GUI thread anyway.
    """
    names = dict(names or {})
    frame = data.frame
    codes = [str(code) for code in frame.index.tolist()]
    own = frame["naam"].tolist() if "naam" in frame.columns else [""] * len(codes)
    groups: dict[str, list[str]] = {}
    out: list[Place] = []
    for code, name in zip(codes, own, strict=True):
        valid = is_valid_code(code)
        level = PREFIX_LEVEL[code[:2]] if valid else data.level
        text = name if isinstance(name, str) else "" if pd.isna(name) else str(name)
        out.append(Place(level, code, text or names.get(code, ""), (code,)))
        if not valid:
            continue
        if code.startswith("BU"):  # its wijk, then its gemeente (parent_code's order)
            groups.setdefault("WK" + code[2:8], []).append(code)
        if not code.startswith("GM"):
            groups.setdefault("GM" + code[2:6], []).append(code)
    known = {p.code for p in out}
    for parent, members in groups.items():
        if parent not in known:
            out.append(Place(level_of(parent) or "", parent, names.get(parent, ""), tuple(members)))
    return out


def names_from_frames(frames: Iterable[pd.DataFrame]) -> dict[str, str]:
    """CBS code -> name from outline layers: any column of codes beside a column of names."""
    names: dict[str, str] = {}
    for frame in frames:
        if frame is None or not len(frame):
            continue
        columns = [c for c in frame.columns if c != "geometry"]
        code_columns = [
            c
            for c in columns
            if not pd.api.types.is_numeric_dtype(frame[c])
            and frame[c].astype(str).str.match(r"^(WK|GM|BU)\d{4,8}$").mean() > 0.8
        ]
        if not code_columns and frame.index.astype(str).str.match(r"^(WK|GM|BU)\d").all():
            codes = frame.index.astype(str)
        elif code_columns:
            codes = frame[code_columns[0]].astype(str)
        else:
            continue
        name_column = next(
            (c for c in columns if "naam" in str(c).lower() or str(c).lower() == "name"), None
        )
        if name_column is None:
            continue
        for code, name in zip(codes, frame[name_column], strict=True):
            if pd.notna(name) and str(name).strip():
                names.setdefault(code, str(name).strip())
    return names


def find(places: Iterable[Place], text: str, limit: int = MAX_SHOWN) -> list[Place]:
    """Places whose name or code contains ``text``: exact first, then starts-with, then others."""
    wanted = fold(text)
    if not wanted:
        return []
    hits = []
    for index, place in enumerate(places):
        name, code = place.folded
        if wanted in name or wanted in code:
            rank = 0 if wanted in (name, code) else 1 if name.startswith(wanted) else 2
            hits.append((rank, LEVEL_ORDER.get(place.level, 3), name, index, place))
    # the first ``limit`` of the sorted hits (ties in list order), without sorting them all
    return [h[4] for h in heapq.nsmallest(limit, hits, key=lambda h: h[:4])]
