"""CLI commands for several years: ``wijkkaart crosswalk`` and ``wijkkaart trend``.

Kept apart from ``cli.py`` so that the time-series commands can grow without touching the
others; ``cli.py`` registers them with :func:`add_parsers` and runs them with :func:`run`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from wijkkaart.messages import WijkkaartError, tr

COMMANDS = ("crosswalk", "trend", "series", "goal")


def add_parsers(sub: Any) -> None:
    """Add the time-series subcommands to the main parser's subparsers."""
    xw = sub.add_parser("crosswalk", help=tr("cli_crosswalk"))
    xw.add_argument("old", type=Path, help=tr("cli_crosswalk_old"))
    xw.add_argument("new", type=Path, help=tr("cli_crosswalk_new"))
    xw.add_argument("--bag", type=Path, default=None, help=tr("cli_crosswalk_bag"))
    xw.add_argument("--out", type=Path, default=None, help=tr("cli_crosswalk_out"))
    xw.add_argument("--level", choices=["buurt", "wijk"], default="buurt")
    xw.add_argument("--json", action="store_true")

    tr_ = sub.add_parser("trend", help=tr("cli_trend"))
    tr_.add_argument("data", type=Path, help=tr("cli_trend_data"))
    where = tr_.add_mutually_exclusive_group(required=True)
    where.add_argument("--area", help=tr("cli_trend_area"))
    where.add_argument("--wijk", help=tr("cli_trend_wijk"))
    where.add_argument("--buurten", help=tr("cli_trend_buurten"))
    tr_.add_argument("--indicator", required=True, help=tr("cli_trend_indicator"))
    tr_.add_argument("--goals", type=Path, default=None, help=tr("cli_trend_goals"))
    tr_.add_argument("--waterbed", action="store_true", help=tr("cli_trend_waterbed"))
    tr_.add_argument("--json", action="store_true")

    se = sub.add_parser("series", help=tr("cli_series"))
    se.add_argument("project", type=Path)
    se.add_argument("--add", type=Path, default=None, metavar="FILE", help=tr("cli_series_add"))
    se.add_argument("--source", default=None, help=tr("cli_series_source"))
    se.add_argument(
        "--division", type=Path, default=None, metavar="FILE", help=tr("cli_series_division")
    )
    se.add_argument(
        "--division-year",
        type=int,
        default=None,
        metavar="YEAR",
        help=tr("cli_series_division_year"),
    )
    se.add_argument("--bag", type=Path, default=None, metavar="FILE", help=tr("cli_series_bag"))
    se.add_argument("--replace", action="store_true")
    se.add_argument(
        "--reference", type=int, default=None, metavar="YEAR", help=tr("cli_series_reference")
    )

    go = sub.add_parser("goal", help=tr("cli_goal"))
    go.add_argument("project", type=Path)
    go.add_argument("--area", required=True, help=tr("cli_trend_area"))
    go.add_argument("--indicator", required=True, help=tr("cli_trend_indicator"))
    go.add_argument("--baseline-year", type=int, required=True)
    go.add_argument("--baseline-value", type=float, default=None)
    go.add_argument("--target", choices=["absolute", "gemeente", "g4", "gap"], required=True)
    go.add_argument("--value", type=float, default=None, help=tr("cli_goal_value"))
    go.add_argument("--gap-to", choices=["gemeente", "g4"], default="gemeente")
    go.add_argument("--horizon-year", type=int, required=True)
    go.add_argument("--quick-win", action="store_true", help=tr("cli_goal_quick_win"))
    go.add_argument("--party", default="", help=tr("cli_goal_party"))
    go.add_argument("--note", default="")


def run(args: argparse.Namespace) -> int:
    if args.command == "trend":
        return _trend(args)
    if args.command == "series":
        return _series(args)
    if args.command == "goal":
        return _goal(args)
    return _crosswalk(args)


def _read_division(path: Path, level: str, feedback: Any = None):
    from wijkkaart.analysis.crosswalk import dissolve_to_wijken
    from wijkkaart.io.areas import read_areas

    areas = read_areas(path, feedback=feedback)
    if not areas.has_geometry:
        raise WijkkaartError("xw_not_areas", path=path)
    frame = areas.frame
    if level == "wijk" and areas.level == "buurt":
        frame = dissolve_to_wijken(frame)
    return areas, frame


def _crosswalk(args: argparse.Namespace) -> int:
    from wijkkaart.analysis.crosswalk import build_crosswalk, matrix_csv
    from wijkkaart.messages import tr

    feedback = args.feedback
    feedback.progress(0.0, tr("cli_step_read", path=args.old.name))
    old_areas, old = _read_division(args.old, args.level, feedback.part(0.0, 0.2))
    feedback.progress(0.2, tr("cli_step_read", path=args.new.name))
    new_areas, new = _read_division(args.new, args.level, feedback.part(0.2, 0.4))
    bag = None
    if args.bag is not None:
        from wijkkaart.io.bag import read_bag_points

        feedback.progress(0.4, tr("cli_step_read", path=args.bag.name))
        bag = read_bag_points(args.bag, feedback=feedback.part(0.4, 0.5))
    feedback.progress(0.5, tr("cli_step_crosswalk"))
    walk = build_crosswalk(old, new, bag, old_areas.vintage, new_areas.vintage)
    feedback.progress(0.9, tr("cli_step_crosswalk"))
    conservation = []
    if args.level == "buurt":
        values = old_areas.frame[old_areas.indicators]
        if len(values.columns):
            conservation = walk.apportion(values).conservation
    if args.out is not None:
        from wijkkaart.safe_output import write_text

        inputs = [args.old, args.new, *([args.bag] if args.bag else [])]
        feedback.progress(0.95, tr("cli_step_write", path=args.out.name))
        write_text(args.out, matrix_csv(walk), inputs=inputs)
    feedback.progress(1.0)
    if args.json:
        print(
            json.dumps(
                {
                    "van_jaar": walk.old_vintage,
                    "naar_jaar": walk.new_vintage,
                    "gewogen_naar": walk.weighting,
                    "voetnoot": walk.footnote(),
                    "afleiding": {
                        code: {
                            "soort": d.kind,
                            "tekst": d.text(),
                            "bronnen": [
                                {"van": s.code, "aandeel": s.share_of_old, "deel": s.part_of_new}
                                for s in d.sources
                            ],
                        }
                        for code, d in walk.derivations.items()
                    },
                    "rest": {k: v for k, v in walk.remainder().items() if v > 0},
                    "behoud": [
                        {
                            "indicator": c.indicator,
                            "oud": c.old_total,
                            "nieuw": c.new_total,
                            "rest": c.outside,
                            "klopt": c.holds,
                        }
                        for c in conservation
                    ],
                    "meldingen": walk.notes,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        return 0
    print(
        tr(
            "xw_summary",
            old=walk.old_vintage or args.old.name,
            new=walk.new_vintage or args.new.name,
            n_old=len(walk.old_codes),
            n_new=len(walk.new_codes),
            pieces=int((walk.matrix["naar"] != "").sum()),
            by=tr("xw_by_dwellings" if walk.weighting == "woningen" else "xw_by_area"),
        )
    )
    names = new.get("naam")
    for code, derivation in walk.derivations.items():
        name = f" {names[code]}" if names is not None else ""
        print(f"  {code}{name}: {derivation.text()}")
    for item in conservation:
        print(f"  = {item.text()}")
    for note in walk.notes:
        print(f"  ! {note}")
    if args.out is not None:
        print(tr("xw_written", path=args.out))
    return 0 if all(c.holds for c in conservation) else 2


def _trend(args: argparse.Namespace) -> int:
    from wijkkaart.analysis.goals import evaluate, read_goals, status_text
    from wijkkaart.analysis.trend import trend
    from wijkkaart.messages import tr
    from wijkkaart.timeline import trend_area

    series, codes, name, goals = trend_area(
        args.data,
        area=args.area,
        wijk=args.wijk,
        buurten=[c.strip().upper() for c in args.buurten.split(",")] if args.buurten else None,
    )
    if args.goals is not None:
        goals = read_goals(args.goals)
    result = trend(series, codes, args.indicator, name=name)
    watch = None
    if args.waterbed:
        from wijkkaart.timeline import waterbed_watch

        watch = waterbed_watch(args.data, args.area, codes, series, result.indicator)
    statuses = [
        evaluate(g, result) for g in goals if series.resolve(g.indicator) == result.indicator
    ]
    if args.json:
        report = result.as_dict()
        report["codes"] = codes
        report["doelen"] = [s.as_dict() for s in statuses]
        report["bronnen"] = {str(y): src for y, src in sorted(series.sources.items())}
        if watch is not None:
            report["waterbed"] = {
                "buren": watch[0],
                "signaal": watch[1].flagged,
                "tekst": watch[1].text,
                "notities": watch[2],
                "lijnen": {
                    line.label: {str(y): (None if v != v else v) for y, v in line.values.items()}
                    for line in (watch[1].focus, watch[1].neighbours, watch[1].rest)
                },
            }
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    lines = result.lines()
    print(tr("trend_header", label=result.label, unit=result.unit or "-", area=result.area.label))
    width = max(12, *(len(line.label) + 2 for line in lines))
    heading = tr("trend_year_heading").ljust(6)
    print("  " + heading + "".join(line.label.rjust(width) for line in lines))
    known = [abs(v) for line in lines for v in line.values.values() if v == v]
    decimals = 2 if known and max(known) < 10 else 1  # a score such as 4.27 keeps its hundredths
    for year in result.years:
        cells = []
        for line in lines:
            value = line.values.get(year, float("nan"))
            text = "-" if value != value else f"{value:,.{decimals}f}".replace(",", " ")
            cells.append(text.rjust(width))
        print("  " + str(year).ljust(6) + "".join(cells))
    if result.count:  # the chart's index, so the wording agrees with the picture
        indexed = result.indexed()
        print("  " + tr("trend_count_note", year=result.index_year()))
        print("  " + heading + "".join(line.label.rjust(width) for line in lines))
        for year in result.years:
            cells = []
            for line in indexed.lines():
                value = line.values.get(year, float("nan"))
                cells.append(("-" if value != value else f"{value:.1f}").rjust(width))
            print("  " + str(year).ljust(6) + "".join(cells))
    for status in statuses:
        print(f"  * {status.goal.describe()}")
        latest = status.latest()
        years = ", ".join(f"{y}: {status_text(s)}" for y, s in status.per_year.items())
        print(f"    {years}")
        if latest is not None:
            print("    " + tr("goal_latest", year=latest[0], status=status_text(latest[1])))
    if watch is not None:
        neighbours, row, wb_notes = watch
        print("  " + tr("wb_header", codes=", ".join(neighbours)))
        for line in (row.focus, row.neighbours, row.rest):
            span = line.first_last()
            if span is not None:
                print(f"    {line.label}: {span[0]} {span[1]:.1f} → {span[2]} {span[3]:.1f}")
        print(f"    {row.text}")
        for note in wb_notes:  # the three groups' turnover, as the app's Waterbedeffect tab
            print(f"    ! {note}")
    for note in result.notes:
        print(f"  ! {note}")
    return 0


def _series(args: argparse.Namespace) -> int:
    """Add a series (on the reference or on another division), hold another buurtindeling, or
    make another held buurtindeling the reference; the project file is rewritten."""
    from wijkkaart.messages import tr
    from wijkkaart.project import build_areas, check_paths, load_project, save_project
    from wijkkaart.timeline import add_series, project_series
    from wijkkaart.vintages import add_division, fill_years, reference_year, set_reference

    if args.project.suffix.lower() != ".wijkkaart":
        raise WijkkaartError("add_needs_project", path=args.project)
    if args.bag is not None and args.division is None:
        raise WijkkaartError("vintage_bag_needs_division")
    if args.add is None and args.division is None and args.reference is None:
        raise WijkkaartError("series_nothing_to_do")
    feedback = args.feedback
    project = load_project(args.project)
    fill_years(project)  # an older project: its files may tell the years its names did not
    lines = []
    if args.add is not None:
        feedback.progress(0.0, tr("cli_step_read", path=Path(args.add).name))
        try:
            series = add_series(
                project,
                args.add,
                args.source,
                args.division,
                args.replace,
                bag=args.bag,
                division_year=args.division_year,
            )
        except WijkkaartError as error:  # the app has no --replace: only the CLI names it
            if error.key != "series_already_there":
                raise
            raise WijkkaartError("series_already_there_cli", path=args.add) from None
        years = f"{series.years[0]}–{series.years[-1]}" if series.years else "-"
        lines.append(tr("series_added", path=args.add, years=years, n=len(series.indicators)))
        lines += [f"  ! {warning}" for warning in series.warnings]
    elif args.division is not None:
        held = add_division(project, args.division, year=args.division_year, bag=args.bag)
        lines.append(tr("vintage_division_added", year=held.year, path=held.path))
    if args.reference is not None:
        if args.reference == reference_year(project):
            lines.append(tr("vintage_already", year=args.reference))
        else:
            set_reference(project, args.reference)
            check_paths(project)
            areas = build_areas(project)  # the new reference is read, as the map will read it
            if project.data.get("series"):
                series = project_series(project)  # every series converts to it, or is refused
                lines += [f"  {text}" for text in series.conversions]
            lines.append(tr("vintage_switched", year=args.reference, n=len(areas.frame)))
    check_paths(project)
    feedback.progress(0.9, tr("cli_step_write", path=Path(args.project).name))
    save_project(project)
    feedback.progress(1.0)
    for line in lines:
        print(line)
    return 0


def add_export_options(parser: argparse.ArgumentParser) -> None:
    """``wijkkaart export … --year 2019 | --change 2016:2024 | --years 2016,2020,2024``."""
    when = parser.add_mutually_exclusive_group()
    when.add_argument("--year", type=int, default=None, help=tr("cli_export_year"))
    when.add_argument("--change", default=None, help=tr("cli_export_change"))
    when.add_argument("--years", default=None, help=tr("cli_export_years"))
    parser.add_argument("--trend-area", default=None, help=tr("cli_export_trend_area"))
    add_trend_print_options(parser)


def add_trend_print_options(parser: argparse.ArgumentParser) -> None:
    """``--trend INDICATOR[,INDICATOR]`` and ``--goals``: the area's charts and goals on paper."""
    parser.add_argument("--trend", default=None, metavar="INDICATOR", help=tr("cli_export_trend"))
    parser.add_argument("--goals", action="store_true", help=tr("cli_export_goals"))
    parser.add_argument("--waterbed", action="store_true", help=tr("cli_export_waterbed"))


def trend_print(args: argparse.Namespace) -> Any:
    """The :class:`TrendPrint` the command line asks for, or None."""
    from wijkkaart.export.trend_spec import TrendPrint, parse_indicators

    spec = TrendPrint(
        parse_indicators(getattr(args, "trend", None)),
        bool(getattr(args, "goals", False)),
        getattr(args, "trend_area", None),
        bool(getattr(args, "waterbed", False)),
    )
    return spec if spec.wanted() else None


def time_layers(document: Any, settings: Any) -> list[Any] | None:
    """The layers of the year or the change the print settings ask for (``--year``,
    ``--change`` over the project's saved choice), or None for the project's own map.

    The same function as the app's export dialog (:func:`wijkkaart.export.map_time.
    print_layers`): classes pooled over all years of the series, so a colour means the same in
    every year, and the pooled caption in the legend; a change on a diverging scale centred on
    0 (red where it got worse). The document itself is not changed.
    """
    when = settings.time
    if when.kind not in ("year", "change"):
        return None
    from wijkkaart.export.map_time import print_layers

    return print_layers(document, when)


def export_small_multiples(document: Any, settings: Any, args: argparse.Namespace) -> int:
    """``--years`` (or a project saved with small multiples): the dialog's own page function."""
    from wijkkaart.export.small_multiples import export_years
    from wijkkaart.messages import tr

    path = export_years(document, settings, args.out, dpi=args.dpi, feedback=args.feedback)
    print(tr("cli_written", path=path))
    return 0


def _goal(args: argparse.Namespace) -> int:
    """Add a goal to a focus area of a project and save the project (atomically)."""
    from wijkkaart.analysis.goals import Goal
    from wijkkaart.project import load_project, save_project
    from wijkkaart.timeline import add_goal

    if args.project.suffix.lower() != ".wijkkaart":
        raise WijkkaartError("add_needs_project", path=args.project)
    project = load_project(args.project)
    goal = Goal(
        indicator=args.indicator,
        baseline_year=args.baseline_year,
        baseline_value=args.baseline_value,
        target=args.target,
        target_value=args.value,
        gap_to=args.gap_to,
        horizon_year=args.horizon_year,
        horizon="quick_win" if args.quick_win else "long_term",
        party=args.party,
        note=args.note,
    )
    add_goal(project, args.area, goal)
    save_project(project)
    print(tr("goal_added", area=args.area, goal=goal.describe()))
    return 0
