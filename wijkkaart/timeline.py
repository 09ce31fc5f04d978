"""Several years in a project: its series, its reference year, its goals, and the buurten of an
area over time. Qt-free; used by the CLI (``wijkkaart trend``) and the app alike.

The reference vintage (:mod:`wijkkaart.vintages`) is the areas file: every year is shown on its
buurten. A series on another division names that division's buurt file (``division``), or falls
on a division the project holds for its years; its figures are then converted through
:mod:`wijkkaart.analysis.crosswalk` before they are shown, and each buurt says how.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import shapely

from wijkkaart.analysis.goals import Goal
from wijkkaart.feedback import Feedback, ensure
from wijkkaart.io.series import COLUMNS, Series, combine, read_series
from wijkkaart.messages import WijkkaartError, short_list, tr

INSIDE = 0.5  # a buurt at least half inside a focus area belongs to it
NEIGHBOUR_GAP = 25.0


def project_series(project: Any, feedback: Feedback | None = None) -> Series:
    """All series of a project as one, on the reference buurten.

    Each series year whose boundaries are not the reference vintage (the series' own division,
    else the division the project holds for that year: :func:`wijkkaart.vintages.
    conversion_plan`) is converted; a year on the reference is shown as it is.
    ``feedback``: each series file its share of the bar (reading it, then its conversions).
    """
    from wijkkaart.vintages import bag_for, conversion_plan

    feedback = ensure(feedback)
    entries = project.data.get("series", [])
    if not entries:
        raise WijkkaartError("trend_no_series")
    parts = []
    walks: dict[tuple[str, str], Any] = {}  # one crosswalk per (division, BAG file) per call
    for n, entry in enumerate(entries):
        own = feedback.part(n / len(entries), (n + 1) / len(entries))
        part = read_series(project.resolve(entry["path"]), own.part(0.0, 0.4))
        if entry.get("source"):
            part.source = str(entry["source"])
            part.sources = {y: part.source for y in part.years}
        plan = list(conversion_plan(project, entry, part.years).items())
        for i, (division, years) in enumerate(plan):
            bag = bag_for(project, division, entry)
            step = own.part(0.4 + 0.6 * i / len(plan), 0.4 + 0.6 * (i + 1) / len(plan))
            part = convert_series(
                part, project.resolve(division), project, years, bag, walks, feedback=step
            )
        parts.append(part)
    feedback.progress(1.0)
    return combine(parts)


def crosswalk_to_reference(
    division: Path, project: Any, bag: Path | None = None, feedback: Feedback | None = None
) -> tuple[Any, Any]:
    """(crosswalk, reference areas) from the buurtindeling ``division`` to the project's
    reference buurten, weighted by the dwellings of ``bag`` when given (else by area).
    ``feedback``: the two divisions read, the BAG points, then the overlay."""
    from wijkkaart.analysis.crosswalk import build_crosswalk
    from wijkkaart.gemeenten import keep_gemeenten
    from wijkkaart.io.areas import read_areas
    from wijkkaart.vintages import reference_year

    feedback = ensure(feedback)
    spec = project.data["areas"]
    old = read_areas(division, feedback=feedback.part(0.0, 0.2))
    new = read_areas(
        project.resolve(spec["path"]), layer=spec.get("layer"), feedback=feedback.part(0.2, 0.4)
    )
    if spec.get("gemeenten"):  # the same gemeenten of both files (a national file is allowed)
        old = keep_gemeenten(old, spec["gemeenten"], division)
        new = keep_gemeenten(new, spec["gemeenten"], project.resolve(spec["path"]))
    points = None
    if bag is not None:
        from wijkkaart.io.bag import read_bag_points

        feedback.check()
        points = read_bag_points(bag)
    year = reference_year(project) or new.vintage
    walk = build_crosswalk(
        old.frame, new.frame, points, old.vintage, year, feedback=feedback.part(0.5, 1.0)
    )
    return walk, new


def convert_series(
    series: Series,
    division: Path,
    project: Any,
    years: list[int] | None = None,
    bag: Path | None = None,
    walks: dict[tuple[str, str], Any] | None = None,
    feedback: Feedback | None = None,
) -> Series:
    """The ``years`` (all when None) of a series on the buurtindeling ``division``, apportioned
    to the project's reference buurten; its other years are kept as they are.

    Buurt figures are converted; gemeente figures stay (the gemeente is the same); wijk figures
    of a converted year are left out, because wijk codes are reused for other places.
    """
    from wijkkaart.io.codes import level_of
    from wijkkaart.vintages import years_text

    feedback = ensure(feedback)
    key = (str(division), str(bag or ""))
    cached = (walks or {}).get(key)
    walk, new = (
        cached
        if cached is not None
        else crosswalk_to_reference(division, project, bag, feedback.part(0.0, 0.7))
    )
    if walks is not None:
        walks[key] = (walk, new)
    values = series.values
    chosen = values["year"].isin(years) if years is not None else values["year"].notna()
    chosen_years = sorted(int(y) for y in values.loc[chosen, "year"].unique())
    levels = values["code"].map(level_of)
    keep = values[chosen & values["code"].isin(walk.old_codes)]
    wijken = chosen & (levels == "wijk") & ~values["code"].isin(walk.old_codes)
    other = values[~chosen | (~values["code"].isin(walk.old_codes) & ~wijken)]
    parts = [other]
    worst: tuple[float, Any, int] | None = None  # the largest share of a count left outside
    todo = sorted(keep["year"].unique())
    for n, year in enumerate(todo):
        feedback.progress(0.7 + 0.3 * n / len(todo))  # a cancel point per year too
        frame = keep[keep["year"] == year].pivot(index="code", columns="indicator", values="value")
        applied = walk.apportion(frame)
        moved = applied.frame
        for check in applied.conservation:
            share = check.outside / check.old_total if check.old_total > 0 else 0.0
            if worst is None or share > worst[0]:
                worst = (share, check, int(year))
        long = moved.reset_index(names="code").melt(
            id_vars="code", var_name="indicator", value_name="value"
        )
        parts.append(long.assign(year=int(year))[COLUMNS])
    notes = list(walk.notes)
    if wijken.any():
        notes.append(tr("vintage_wijken_dropped", years=years_text(chosen_years)))
    derivations = dict(series.derivations)
    for code, derivation in walk.derivations.items():
        text = derivation.text()
        derivations[code] = f"{derivations[code]} {text}" if code in derivations else text
    converted = Series(
        values=pd.concat(parts, ignore_index=True)[COLUMNS],
        source=series.source,
        names={**series.names, **new.frame["naam"].astype(str).to_dict()},
        labels=series.labels,
        units=series.units,
        higher_worse=series.higher_worse,
        sources=series.sources,
        warnings=[*series.warnings, *notes],
        conversions=[
            *series.conversions,
            walk.footnote(chosen_years or None),
            *_outside_note(worst, series, walk.new_vintage),
        ],
        derivations=derivations,
    )
    return converted


OUTSIDE_NOTE = 0.001  # a count's share outside the reference that the footnote names


def _outside_note(worst: tuple[float, Any, int] | None, series: Series, new: object) -> list[str]:
    """Conservation shown: the part of a count that fell outside the reference buurten (edges
    that do not coincide, or land that changed gemeente) is named, never silently dropped."""
    if worst is None or worst[0] < OUTSIDE_NOTE:
        return []
    from wijkkaart.layers.style import format_number

    share, check, year = worst
    return [
        tr(
            "xw_outside_footnote",
            share=format_number(100 * share, 1),
            new=new or "?",
            indicator=series.label(check.indicator),
            year=year,
            outside=format_number(check.outside, 1),
            old=format_number(check.old_total, 0),
        )
    ]


def focus_buurten(project: Any, name: str) -> tuple[list[str], shapely.Geometry]:
    """The buurten (codes) of the project's focus area ``name``: those at least half inside."""
    from wijkkaart.project import build_areas
    from wijkkaart.project_schema import focus_geometry

    areas_list = project.data.get("focus_areas", [])
    entry = next((a for a in areas_list if a.get("name") == name), None)
    if entry is None:
        known = [str(a.get("name")) for a in areas_list]
        raise WijkkaartError("trend_unknown_area", name=name, known=short_list(known) or "-")
    polygon = focus_geometry(entry.get("wkt"), f"focus_areas[{name}]", project.path)
    if polygon is None:
        raise WijkkaartError("trend_unknown_area", name=name, known="-")
    return codes_inside(build_areas(project), polygon), polygon


def codes_inside(areas: Any, polygon: shapely.Geometry) -> list[str]:
    """Codes of the areas that lie at least half inside ``polygon``: of AreaData's statistics
    rows (water left out) through its one spatial index, or of every row of a bare frame (the
    benchmarks' frames), indexed for this call."""
    from wijkkaart.analysis.spatial_index import area_index
    from wijkkaart.io.dataset import AreaData

    if isinstance(areas, AreaData):
        index = area_index(areas)
        geoms, codes, tree = index.geoms, index.codes, index.tree
    else:
        geoms, codes = areas.geometry.to_numpy(), areas.index
        tree = shapely.STRtree(geoms)
    hits = tree.query(polygon, predicate="intersects")
    inside = shapely.area(shapely.intersection(geoms[hits], polygon)) / shapely.area(geoms[hits])
    return sorted(str(codes[i]) for i, share in zip(hits, inside, strict=True) if share >= INSIDE)


def project_goals(project: Any, area: str | None) -> list[Goal]:
    """The goals the project keeps for focus area ``area``."""
    goals = []
    for entry in project.data.get("goals", []):
        if area is not None and entry.get("area") != area:
            continue
        fields = {k: v for k, v in entry.items() if k != "area"}
        goals.append(Goal.from_dict(fields))
    return goals


def trend_area(
    data: Path,
    area: str | None = None,
    wijk: str | None = None,
    buurten: list[str] | None = None,
) -> tuple[Series, list[str], str, list[Goal]]:
    """(series, codes, display name, goals) for the CLI's ``trend`` from a project or a file."""
    from wijkkaart.analysis.trend import area_codes

    if data.suffix.lower() == ".wijkkaart":
        from wijkkaart.project import load_project

        project = load_project(data)
        series = project_series(project)
        if area is not None:
            codes, _ = focus_buurten(project, area)
            return series, codes, area, project_goals(project, area)
        codes = area_codes(series, wijk=wijk, buurten=buurten)
        return series, codes, _name(series, codes, wijk), project_goals(project, wijk or "")
    if area is not None:
        raise WijkkaartError("trend_area_needs_project")
    series = read_series(data)
    codes = area_codes(series, wijk=wijk, buurten=buurten)
    return series, codes, _name(series, codes, wijk), []


def _name(series: Series, codes: list[str], wijk: str | None) -> str:
    if wijk and codes == [wijk]:  # the series has the wijk itself (the Leefbaarometer per wijk)
        return f"{wijk} {series.names.get(wijk, '')}".strip()
    if wijk:
        return tr("trend_wijk_name", code=wijk, n=len(codes))
    if len(codes) == 1:
        return f"{codes[0]} {series.names.get(codes[0], '')}".strip()
    return tr("trend_buurten_name", n=len(codes))


def add_series(
    project: Any,
    path: Path,
    source: str | None = None,
    division: Path | None = None,
    replace: bool = False,
    bag: Path | None = None,
    division_year: int | None = None,
    feedback: Feedback | None = None,
) -> Series:
    """Add a series file to ``project`` (not saved): its years and source are stored with it.

    ``division``: the buurtindeling the series is on, when not the reference; it is held by the
    project from then on (so the planner can make it the reference), with ``bag`` to weigh its
    conversion by dwellings. Refused: a file that is already there (unless ``replace``), and a
    year of an indicator that another series of the project already gives (each year has one
    source).
    """
    from wijkkaart.vintages import add_division, is_reference

    feedback = ensure(feedback)
    series = read_series(path, feedback.part(0.0, 0.3))
    entries = list(project.data.get("series", []))
    target = Path(path).resolve()
    same = [e for e in entries if project.resolve(e["path"]) == target]
    if same and not replace:
        raise WijkkaartError("series_already_there", path=path)
    if bag is not None and division is None:
        raise WijkkaartError("vintage_bag_needs_division")
    entries = [e for e in entries if e not in same]
    held = None
    if division is not None:
        held = add_division(
            project, division, year=division_year, bag=bag, feedback=feedback.part(0.3, 0.45)
        )
        if not is_reference(project, held.path):
            series = convert_series(
                series, Path(division), project, bag=bag, feedback=feedback.part(0.45, 0.8)
            )
    others = []
    for n, entry in enumerate(entries):
        share = 0.2 / len(entries)
        other = read_series(
            project.resolve(entry["path"]), feedback.part(0.8 + n * share, 0.8 + (n + 1) * share)
        )
        other.source = str(entry.get("source") or entry["path"])
        others.append(other)
    series.source = source or series.source
    combine([*others, series])  # refuses a year that two sources both give
    added: dict[str, Any] = {
        "path": _relative(project, target),
        "source": series.source,
        "years": series.years,
    }
    if held is not None:
        added["division"] = held.path
    if bag is not None:
        added["bag"] = _relative(project, Path(bag).resolve())
    project.data["series"] = [*entries, added]
    project.data.setdefault("goals", [])
    return series


def _relative(project: Any, target: Path) -> str:
    import os

    return os.path.relpath(target, project.path.resolve().parent)


def year_values(series: Series, year: int, codes: list[str]) -> pd.DataFrame:
    """The series' figures of ``year`` for ``codes`` (code × indicator); a Dutch message when
    the series has no such year."""
    if year not in series.years:
        raise WijkkaartError(
            "trend_year_absent", year=year, years=", ".join(map(str, series.years))
        )
    return series.year_frame(year).reindex(codes)


def parse_years(text: str) -> list[int]:
    """``2016,2020,2024`` as years; a year given twice, or no year, is refused in Dutch."""
    from wijkkaart.io.series import parse_year

    years = []
    for part in text.split(","):
        year = parse_year(part.strip())
        if year is None:
            raise WijkkaartError("years_bad", text=part.strip() or text)
        if year in years:
            raise WijkkaartError("years_twice", year=year)
        years.append(year)
    return years


def parse_change(text: str) -> tuple[int, int]:
    """``2016:2024`` as (first, last)."""
    parts = text.split(":")
    if len(parts) != 2:
        raise WijkkaartError("change_bad", text=text)
    first, last = parse_years(",".join(parts))
    return first, last


@dataclasses.dataclass
class WaterbedWatch:
    """The waterbed watch of an area: its neighbouring buurten, one row per indicator and the
    turnover notes of the three groups (focus area, neighbours, rest of the gemeente)."""

    codes: list[str]
    neighbours: list[str]
    rows: list[Any]
    notes: list[str]


def area_waterbed(
    series: Series,
    areas: Any,
    polygon: shapely.Geometry,
    codes: list[str],
    indicators: list[str] | None = None,
) -> WaterbedWatch:
    """The waterbed watch for the buurten ``codes`` of ``polygon`` on the map's ``areas``: the
    one computation behind the CLI's ``trend --waterbed`` and the app's Waterbedeffect tab.
    ``indicators`` None: every rate and mean of the series."""
    from wijkkaart.analysis.neighbours import neighbouring_buurten
    from wijkkaart.analysis.trend import population_change, waterbed

    # a drawn area rarely follows the buurt edges exactly: neighbours within NEIGHBOUR_GAP metres
    found = neighbouring_buurten(areas, polygon, [], tolerance=NEIGHBOUR_GAP)
    neighbours = [str(c) for c in found.index if c not in codes]
    rows = waterbed(series, codes, neighbours, indicators) if neighbours else []
    taken = set(codes) | set(neighbours)
    rest = [c for c in series.codes("buurt") if c not in taken]
    changes = []  # where the population changed much, averages describe partly other people
    for key, group in (("wb_focus", codes), ("wb_neighbours", neighbours), ("wb_rest", rest)):
        moved = population_change(series, group)
        if moved is not None:
            changes.append(
                tr(
                    "wb_turnover_part",
                    group=tr(key),
                    first=moved[0],
                    last=moved[1],
                    pct=f"{100 * moved[2]:+.0f}".replace("-", "−"),
                )
            )
    notes = [tr("wb_turnover", changes="; ".join(changes))] if changes else []
    return WaterbedWatch(list(codes), neighbours, rows, notes)


def waterbed_watch(
    data: Path, area: str | None, codes: list[str], series: Series, indicator: str
) -> tuple[list[str], Any, list[str]]:
    """(neighbouring buurten, the waterbed row, the turnover notes) for a focus area or a set of
    buurten: :func:`area_waterbed` on the project's map, as the app computes it."""
    from wijkkaart.project import build_areas, load_project

    if data.suffix.lower() != ".wijkkaart":
        raise WijkkaartError("wb_needs_project")
    project = load_project(data)
    areas = build_areas(project)
    if area is not None:
        _, polygon = focus_buurten(project, area)
    else:
        frame = areas.statistics_frame()
        polygon = shapely.union_all(frame.loc[[c for c in codes if c in frame.index]].geometry)
    watch = area_waterbed(series, areas, polygon, codes, [indicator])
    if not watch.rows:
        raise WijkkaartError("wb_no_neighbours")
    return watch.neighbours, watch.rows[0], watch.notes


def add_goal(project: Any, area: str, goal: Goal) -> None:
    """Store ``goal`` for the focus area ``area`` (which must exist) in the project (not saved)."""
    names = [str(a.get("name")) for a in project.data.get("focus_areas", [])]
    if area not in names:
        raise WijkkaartError("trend_unknown_area", name=area, known=short_list(names) or "-")
    series = project_series(project)
    indicator = series.resolve(goal.indicator)
    if indicator not in series.indicators:
        raise WijkkaartError(
            "series_unknown_indicator",
            indicator=goal.indicator,
            known=short_list(series.indicators),
        )
    project.data.setdefault("goals", []).append(
        {"area": area, **{k: v for k, v in goal.to_dict().items() if v is not None}}
    )


_SERIES_CACHE: dict[str, Series | WijkkaartError] = {}
_SERIES_LOCK = threading.Lock()  # the dictionary only (held for moments)
_READING = threading.Lock()  # reading a series (held for as long as that takes)
_SERIES_KEPT = 2  # the open project's series (and the one before it, while a new one opens)


def _series_key(project: Any) -> str:
    import json

    data = project.data
    entries = data.get("series") or []
    # the reference vintage decides what the series are converted to: part of the state
    reference = [data["areas"].get("path"), data.get("reference_year"), data.get("divisions")]
    return json.dumps([str(project.path), entries, reference], sort_keys=True, default=str)


def cached_project_series(project: Any, feedback: Feedback | None = None) -> Series:
    """:func:`project_series`, read once per project state (its series entries) and kept.

    Thread-safe: the app reads it in a job (opening a project) and the views then find it here;
    a read that failed is kept too and raises its Dutch message again without reading; a
    cancelled read (``feedback``) is not kept."""
    key = _series_key(project)
    with _READING:  # one reader at a time: a second caller waits, then finds the first's result
        with _SERIES_LOCK:
            found = _SERIES_CACHE.get(key)
        if found is None:
            try:
                found = project_series(project, feedback)
            except WijkkaartError as exc:
                found = exc
            with _SERIES_LOCK:
                while len(_SERIES_CACHE) >= _SERIES_KEPT:
                    _SERIES_CACHE.pop(next(iter(_SERIES_CACHE)))
                _SERIES_CACHE[key] = found
    if isinstance(found, WijkkaartError):
        raise found
    return found


def prefetch_series(project: Any, feedback: Feedback | None = None) -> None:
    """Read the project's series into the cache now (the open job does it off the GUI thread);
    a failure is kept, to be said by the view that shows the series."""
    if project.data.get("series"):
        with contextlib.suppress(WijkkaartError):  # kept: said by the view that shows it
            cached_project_series(project, feedback)


def known_project_series(project: Any) -> Series | WijkkaartError | None:
    """The kept series (or why it could not be read) without reading; None when not read yet
    (the GUI thread asks this and leaves the reading to a job)."""
    with _SERIES_LOCK:
        return _SERIES_CACHE.get(_series_key(project))


def area_trend_inputs(
    project: Any, areas: Any, polygon: shapely.Geometry, name: str
) -> tuple[Series, list[str], str, list[Goal]] | None:
    """(series, codes, name, goals) for the trend panel; None when the project has no series.

    The series is read once per project state (its series entries) and kept."""
    if not project.data.get("series"):
        return None
    series = cached_project_series(project)
    codes = codes_inside(areas, polygon)
    return series, codes, name, project_goals(project, name)


def area_trend(
    series: Series,
    codes: list[str],
    indicator: str | None,
    name: str,
    goals: list[Goal],
) -> tuple[Any, list[Any]]:
    """(the trend of ``indicator`` for ``codes``, the status of each of its goals): the trend
    panel's work, done in a job. ``indicator`` None: the series' first."""
    from wijkkaart.analysis.goals import evaluate
    from wijkkaart.analysis.trend import trend

    chosen = indicator if indicator in series.indicators else series.indicators[0]
    line = trend(series, codes, chosen, name=name)
    statuses = [evaluate(g, line) for g in goals if series.resolve(g.indicator) == line.indicator]
    return line, statuses
