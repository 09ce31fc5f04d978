"""AreaData: indicators per area (buurt, wijk or gemeente) with their geometry and provenance.

The frame is indexed by the CBS code; indicator columns carry catalogue ids. Why a value is
missing is kept beside it in ``reasons``, so "geheim" never turns into a number or a blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import geopandas as gpd
import pandas as pd

from wijkkaart.catalogue import catalogue

RD_NEW = "EPSG:28992"

# The default ``reasons``: replaced in __post_init__ by an empty frame on the areas' own index
# (a default factory cannot see ``frame``); compared by identity, never used as a value.
_NO_REASONS = pd.DataFrame(dtype=object)


@dataclass
class AreaData:
    """Areas of one level with their indicators, as read from one or more files."""

    frame: gpd.GeoDataFrame
    level: str
    schema: str
    source: str
    crs_found: str | None = None
    vintage: int | None = None
    indicators: list[str] = field(default_factory=list)
    custom: list[str] = field(default_factory=list)
    reasons: pd.DataFrame = field(default_factory=lambda: _NO_REASONS)
    unknown_columns: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    illustrative: set[str] = field(default_factory=set)
    sources: dict[str, str] = field(default_factory=dict)
    national: dict[str, float] = field(default_factory=dict)  # the NL00 row, where present
    # wijk and gemeente names by code from the file's own columns (None: not read with them)
    outline_names: dict[str, dict[str, str]] | None = None

    def __post_init__(self) -> None:
        if self.reasons is _NO_REASONS or self.reasons is None:
            self.reasons = pd.DataFrame(index=self.frame.index, dtype=object)

    @property
    def codes(self) -> list[str]:
        return self.frame.index.tolist()

    @property
    def has_geometry(self) -> bool:
        return bool(self.frame.geometry.notna().any())

    @property
    def water(self) -> pd.Series:
        return self.frame["water"].astype(bool)

    def statistics_frame(self, include_water: bool = False) -> gpd.GeoDataFrame:
        """The areas that count in statistics: water buurten left out unless asked for."""
        if include_water:
            return self.frame
        return self.frame[~self.water]

    def missing_counts(self, column: str, include_water: bool = False) -> dict[str, int]:
        """Count of missing values per reason key for one indicator column."""
        if column not in self.reasons.columns:
            return {}
        reasons = self.reasons[column]
        if not include_water:
            reasons = reasons[~self.water]
        counts = reasons.dropna().value_counts()
        return {str(k): int(v) for k, v in counts.items()}

    def without_figures(self, columns: list[str]) -> dict[str, str]:
        """The ``columns`` with no figure in any area (water left out), each with the reason key
        most of its cells give ("empty", "later", …): a map of them shows only "geen gegevens"."""
        stats = self.statistics_frame()
        found: dict[str, str] = {}
        for column in columns:
            if column not in stats or stats[column].notna().any():
                continue
            counts = self.missing_counts(column)
            found[column] = max(counts, key=counts.__getitem__) if counts else "no_data"
        return found

    def reason(self, code: str, column: str) -> str | None:
        """Why ``column`` is missing for ``code`` (None when it has a value)."""
        if column not in self.reasons.columns:
            return None if pd.notna(self.frame.at[code, column]) else "no_data"
        value = self.reasons.at[code, column]
        return None if pd.isna(value) else str(value)

    def add_columns(
        self,
        values: pd.DataFrame,
        reasons: pd.DataFrame,
        source: str,
        illustrative: bool = False,
        warnings: list[str] | None = None,
    ) -> AreaData:
        """A new AreaData with ``values`` (indexed by code) joined in; ``self`` stays unchanged."""
        cat = catalogue()
        frame = self.frame.drop(columns=[c for c in values.columns if c in self.frame.columns])
        frame = frame.join(values, how="left")
        old = self.reasons.drop(columns=[c for c in reasons.columns if c in self.reasons.columns])
        new_reasons = old.join(reasons.reindex(frame.index), how="left")
        known = [c for c in values.columns if c in cat]
        # Non-catalogue numeric columns are custom indicators; text columns are plain attributes.
        custom = [
            c for c in values.columns if c not in cat and pd.api.types.is_numeric_dtype(values[c])
        ]
        sources = dict(self.sources)
        sources.update({c: source for c in values.columns})
        return replace(
            self,
            frame=gpd.GeoDataFrame(frame, geometry="geometry", crs=self.frame.crs),
            reasons=new_reasons,
            indicators=_merge(self.indicators, known),
            custom=_merge(self.custom, custom),
            warnings=[*self.warnings, *(warnings or [])],
            illustrative=(self.illustrative | set(values.columns))
            if illustrative
            else self.illustrative - set(values.columns),
            sources=sources,
        )


def _merge(first: list[str], second: list[str]) -> list[str]:
    return first + [c for c in second if c not in first]
