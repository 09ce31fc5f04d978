"""Command line: ``wijkkaart info``, ``wijkkaart validate`` and ``wijkkaart open``.

Bad input gives a clear message on stderr and a non-zero exit, never a traceback
(set ``WIJKKAART_DEBUG=1`` to see one). No command ever writes to an input file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from wijkkaart import __version__
from wijkkaart.feedback import Cancelled
from wijkkaart.messages import (
    WijkkaartError,
    has_text,
    language,
    reason_text,
    set_language,
    text,
    tr,
)

# An unusable file is bad input like any other: exit 2, as for every refusal.
EXIT_OK, EXIT_UNUSABLE, EXIT_ERROR, EXIT_BUG = 0, 2, 2, 3
RULES_FILE_LIMIT_KB = 256
# ``wijkkaart add`` flag -> data role (wijkkaart.roles.ROLES)
ADD_FLAGS = {
    "table": "table",
    "eponline": "eponline",
    "heatplan": "heat_plan",
    "raster": "raster",
    "points": "points",
    "wijken": "wijken",
}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wijkkaart",
        description=tr("cli_description"),
    )
    parser.add_argument(
        "--version", action="version", version=f"wijkkaart {__version__}", help=tr("cli_version")
    )
    parser.add_argument(
        "--lang",
        choices=["nl", "en"],
        default=None,
        help=tr("cli_lang"),
    )
    sub = parser.add_subparsers(dest="command", title=tr("cli_commands"))
    info = sub.add_parser("info", help=tr("cli_info"))
    validate = sub.add_parser("validate", help=tr("cli_validate"))
    for cmd in (info, validate):
        cmd.add_argument("path", type=Path, help=tr("cli_path"))
        cmd.add_argument("--layer", default=None, help=tr("cli_layer"))
        cmd.add_argument(
            "--level", choices=["buurt", "wijk", "gemeente"], default=None, help=tr("cli_level")
        )
        cmd.add_argument("--json", action="store_true", help=tr("cli_json"))
    prof = sub.add_parser("profile", help=tr("cli_profile"))
    prof.add_argument("data", type=Path, help=tr("cli_data"))
    where = prof.add_mutually_exclusive_group(required=True)
    where.add_argument("--area", help=tr("cli_area"))
    where.add_argument("--buurten", help=tr("cli_buurten"))
    where.add_argument("--wijk", help=tr("cli_wijk"))
    prof.add_argument("--json", action="store_true", help=tr("cli_json"))
    typ = sub.add_parser("typology", help=tr("cli_typology"))
    typ.add_argument("data", type=Path, help=tr("cli_data"))
    how = typ.add_mutually_exclusive_group(required=True)
    how.add_argument("--rules", help=tr("cli_rules"))
    how.add_argument("--clusters", type=int, help=tr("cli_clusters"))
    typ.add_argument("--indicators", help=tr("cli_indicators"))
    typ.add_argument(
        "--method", choices=["kmeans", "ward"], default="kmeans", help=tr("cli_cluster_method")
    )
    typ.add_argument("--seed", type=int, default=0, help=tr("cli_seed"))
    typ.add_argument("--contiguous", action="store_true", help=tr("cli_contiguous"))
    typ.add_argument("--min-inhabitants", type=float, default=0.0, help=tr("cli_min_inhabitants"))
    typ.add_argument("--out", type=Path, help=tr("cli_typology_out"))
    typ.add_argument("--json", action="store_true", help=tr("cli_json"))
    exp = sub.add_parser("export", help=tr("cli_export"))
    exp.add_argument("project", type=Path, help=tr("cli_project"))
    exp.add_argument("--out", type=Path, required=True, help=tr("cli_export_out"))
    exp.add_argument(
        "--paper", choices=["A4", "A3", "A2", "A1", "A0"], default=None, help=tr("cli_paper")
    )
    exp.add_argument(
        "--orientation", choices=["landscape", "portrait"], default=None, help=tr("cli_orientation")
    )
    exp.add_argument("--dpi", type=int, default=300, help=tr("cli_dpi"))
    exp.add_argument("--title", default="", help=tr("cli_title"))
    exp.add_argument("--subtitle", default="", help=tr("cli_subtitle"))
    exp.add_argument("--preset", choices=["bewonersavond"], default=None, help=tr("cli_preset"))
    exp.add_argument("--indicator", default=None, help=tr("cli_indicator"))
    exp.add_argument("--online-tiles", action="store_true", help=tr("cli_online_tiles"))
    from wijkkaart.cli_time import add_export_options

    add_export_options(exp)
    exp.add_argument(
        "--extent",
        default=None,
        help=tr("cli_extent"),
    )
    exp.add_argument("--margin", type=float, default=None, help=tr("cli_margin"))
    exp.add_argument("--scale", default=None, help=tr("cli_scale"))
    exp.add_argument("--template", default=None, help=tr("cli_template"))
    atl = sub.add_parser("atlas", help=tr("cli_atlas"))
    atl.add_argument("project", type=Path, help=tr("cli_project"))
    atl.add_argument("--out", type=Path, required=True, help=tr("cli_atlas_out"))
    atl.add_argument("--per", choices=["wijk", "focusgebied"], default="wijk", help=tr("cli_per"))
    atl.add_argument(
        "--paper", choices=["A4", "A3", "A2", "A1", "A0"], default="A4", help=tr("cli_paper")
    )
    atl.add_argument(
        "--orientation",
        choices=["landscape", "portrait"],
        default="landscape",
        help=tr("cli_orientation"),
    )
    atl.add_argument("--dpi", type=int, default=300, help=tr("cli_dpi"))
    atl.add_argument("--title", default="", help=tr("cli_title"))
    atl.add_argument("--preset", choices=["bewonersavond"], default=None, help=tr("cli_preset"))
    atl.add_argument("--gemeente", default=None, help=tr("cli_atlas_gemeente"))
    atl.add_argument("--max-pages", type=int, default=None, help=tr("cli_max_pages"))
    from wijkkaart.cli_time import add_trend_print_options

    add_trend_print_options(atl)
    area = sub.add_parser("area", help=tr("cli_area_cmd"))
    area.add_argument("project", type=Path, help=tr("cli_project"))
    area.add_argument("--add", required=True, metavar="NAAM", help=tr("cli_area_add"))
    area.add_argument("--from", dest="source", type=Path, required=True, help=tr("cli_area_from"))
    area.add_argument("--description", default="", help=tr("cli_area_description"))
    area.add_argument("--json", action="store_true", help=tr("cli_json"))
    new = sub.add_parser("new", help=tr("cli_new"))
    new.add_argument("data", type=Path, help=tr("cli_new_data"))
    new.add_argument("--gemeente", default=None, help=tr("cli_gemeente"))
    new.add_argument("--level", choices=["buurt", "wijk", "gemeente"], default=None)
    new.add_argument("--layer", default=None, help=tr("cli_layer"))
    new.add_argument("--out", type=Path, required=True, help=tr("cli_new_out"))
    add = sub.add_parser("add", help=tr("cli_add"))
    add.add_argument("project", type=Path, help=tr("cli_project"))
    what = add.add_mutually_exclusive_group(required=True)
    for flag, role in ADD_FLAGS.items():
        what.add_argument(
            f"--{flag}",
            type=Path,
            default=None,
            dest=role,
            help=tr("cli_add_file", role=tr(f"role_{role}")),
        )
    add.add_argument("--bag", type=Path, default=None, help=tr("cli_bag"))
    add.add_argument("--source", default=None, help=tr("cli_source"))
    add.add_argument("--replace", action="store_true", help=tr("cli_replace"))
    add.add_argument("--illustrative", action="store_true", help=tr("cli_illustrative"))
    add.add_argument("--layer", default=None, help=tr("cli_add_layer"))
    add.add_argument(
        "--existing",
        choices=["replace", "keep", "fill"],
        default=None,
        help=tr("cli_existing"),
    )
    add.add_argument("--json", action="store_true", help=tr("cli_json"))
    open_cmd = sub.add_parser("open", help=tr("cli_open"))
    open_cmd.add_argument("project", type=Path, nargs="?", default=None)
    open_cmd.add_argument(
        "--screenshot",
        type=Path,
        default=None,
        help=tr("cli_screenshot"),
    )
    open_cmd.add_argument(
        "--summary",
        action="store_true",
        help=tr("cli_summary"),
    )
    sub.add_parser("about", help=tr("cli_about_help"))
    from wijkkaart.cli_time import add_parsers

    add_parsers(sub)
    from wijkkaart.cli_progress import add_progress_option

    for name, cmd in sub.choices.items():
        cmd.add_argument(
            "--allow-outside",
            action="store_true",
            help=tr("cli_allow_outside"),
        )
        if name not in ("open", "about"):
            add_progress_option(cmd)
    return parser


def command_names() -> set[str]:
    """The subcommands (``info``, ``open``, …): the GUI launcher needs to know them."""
    for action in _parser()._subparsers._group_actions:  # type: ignore[union-attr]
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _language_from(argv: list[str]) -> str | None:
    """``--lang xx`` looked up before parsing, so that ``--help`` is already in that language."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _argparse_text(message: str) -> str:
    """argparse's own words ("usage:", "options", its errors) in the current language."""
    return text(message, context="argparse") if has_text(message, "argparse") else message


def _argparse_ntext(singular: str, plural: str, n: int) -> str:
    if not has_text(singular, "argparse"):
        return singular if n == 1 else plural
    return text(singular, {"n": n}, context="argparse")


# argparse looks its words up through gettext at the moment it prints them
setattr(argparse, "_", _argparse_text)  # noqa: B010 - argparse's module-level gettext alias
setattr(argparse, "ngettext", _argparse_ntext)  # noqa: B010


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code; the process is left as it was found.

    ``--lang`` holds for this call only, so a caller that runs several commands in one process
    (the tests, a notebook) gets each in the language it asked for.
    """
    previous = language()
    try:
        return _main(argv)
    finally:
        set_language(previous)


def console_main(argv: list[str] | None = None) -> int:
    """The ``wijkkaart`` program: :func:`main`, and a quiet exit when the reader has gone."""
    code = main(argv)
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `wijkkaart profile … | head`: Python's own exit flush goes nowhere
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


def _main(argv: list[str] | None) -> int:
    early = _language_from(sys.argv[1:] if argv is None else argv)
    if early in ("nl", "en"):
        set_language(early)
    args = _parser().parse_args(argv)
    if args.lang:
        set_language(args.lang)
    command = args.command or "open"
    if command == "open" and not hasattr(args, "project"):
        args.project = None
    path = getattr(args, "path", None) or getattr(args, "project", None) or "-"
    from wijkkaart.trust import OUTSIDE_ALLOWED  # light: the window comes first

    outside = OUTSIDE_ALLOWED.set(bool(getattr(args, "allow_outside", False)))
    try:
        if command in ("open", "about"):
            return _run(args, command)
        from wijkkaart.cli_progress import command_feedback

        with command_feedback(args) as feedback:  # progress on stderr; Ctrl+C cancels it
            args.feedback = feedback
            return _run(args, command)
    except BrokenPipeError:  # `wijkkaart profile … | head`: the reader has seen enough
        return EXIT_OK  # (console_main keeps the exit flush quiet)
    except (Cancelled, KeyboardInterrupt):  # Ctrl+C: outputs are written whole or not at all
        from wijkkaart.cli_progress import EXIT_INTERRUPTED

        print(tr("cli_interrupted"), file=sys.stderr)
        return EXIT_INTERRUPTED
    except WijkkaartError as exc:
        if command == "validate":
            print(tr("cli_invalid", path=path, reason=str(exc)), file=sys.stderr)
            return EXIT_UNUSABLE
        print(tr("cli_error", message=str(exc)), file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: say so plainly, keep the traceback for debugging
        if os.environ.get("WIJKKAART_DEBUG"):
            raise
        print(
            tr("cli_unexpected", path=path, detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr
        )
        return EXIT_BUG
    finally:
        OUTSIDE_ALLOWED.reset(outside)


def _run(args: argparse.Namespace, command: str) -> int:
    """The command itself (errors and Ctrl+C are turned into messages by ``_main``)."""
    if command == "info":
        return _info(args)
    if command == "validate":
        return _validate(args)
    if command == "profile":
        return _profile(args)
    if command == "typology":
        return _typology(args)
    if command in ("export", "atlas"):
        return _export(args, command)
    if command == "new":
        return _new(args)
    if command == "add":
        return _add(args)
    if command == "area":
        return _area(args)
    if command == "about":
        from wijkkaart.about import about_text

        print(about_text(qt_version=_qt_wheel_version()))
        return EXIT_OK
    from wijkkaart import cli_time

    if command in cli_time.COMMANDS:
        return cli_time.run(args)
    return _open(args)


def _info(args: argparse.Namespace) -> int:
    from wijkkaart.inspect import describe

    report = describe(args.path, layer=args.layer, level=args.level)
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    else:
        print(format_report(report))
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from wijkkaart.inspect import describe

    report = describe(args.path, layer=args.layer, level=args.level)
    usable = report["kind"] != "vector"  # a layer without area codes cannot be a buurt layer
    if args.json:
        print(json.dumps({"usable": usable, **report}, indent=2, ensure_ascii=False, default=str))
        return EXIT_OK if usable else EXIT_UNUSABLE
    if not usable:
        print(tr("cli_invalid", path=args.path, reason=report["warnings"][-1]), file=sys.stderr)
        return EXIT_UNUSABLE
    count = report.get("count", report.get("counts", {}).get("kept", 0))
    print(tr("cli_valid", path=args.path, count=count, level=report.get("level", "-")))
    for warning in report.get("warnings", []):
        print(f"  ! {warning}")
    return EXIT_OK


def load_areas(path: Path, feedback: Any = None):
    """Areas from a project (with all its tables joined) or from one area file."""
    from wijkkaart.io.areas import read_areas
    from wijkkaart.project import build_areas, load_project

    if path.suffix.lower() == ".wijkkaart":
        return build_areas(load_project(path), feedback=feedback)
    return read_areas(path, feedback=feedback)


def _profile(args: argparse.Namespace) -> int:
    from wijkkaart.analysis.profile import (
        profile,
        shares_for_codes,
        shares_for_polygon,
        shares_for_wijk,
    )

    areas = load_areas(args.data)
    polygon = None
    if args.area is not None:
        polygon = _area_polygon(args.data, args.area)
        shares = shares_for_polygon(areas, polygon)
        if shares.empty:
            raise WijkkaartError("profile_empty_area", path=args.area)
    elif args.buurten:
        shares = shares_for_codes(areas, [c.strip().upper() for c in args.buurten.split(",")])
    else:
        shares = shares_for_wijk(areas, args.wijk.strip().upper())
    rasters = None
    if args.area is not None and args.data.suffix.lower() == ".wijkkaart":
        from wijkkaart.project import load_project

        rasters = load_project(args.data).raster_entries()  # max and p90 of the drawn shape
    result = profile(areas, shares, polygon=polygon, rasters=rasters)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(format_profile(result, areas))
    return EXIT_OK


def _area_polygon(data: Path, area: str):
    """``--area``: a polygon file, or (for a project) the name of one of its focus areas."""
    from wijkkaart.io.vector import read_vector

    if data.suffix.lower() == ".wijkkaart" and not Path(area).is_file():
        from wijkkaart.focus_import import saved_focus_area
        from wijkkaart.project import load_project

        return saved_focus_area(load_project(data), area)
    return read_vector(Path(area)).frame.geometry.union_all()


def _area(args: argparse.Namespace) -> int:
    """Add a focus area from a polygon file to a saved project (written atomically)."""
    from wijkkaart.focus_import import add_focus_area
    from wijkkaart.project import load_project

    if args.project.suffix.lower() != ".wijkkaart":
        raise WijkkaartError("project_out_suffix", path=args.project)
    added = add_focus_area(load_project(args.project), args.add, args.source, args.description)
    if args.json:
        print(json.dumps(added, ensure_ascii=False))
    else:
        print(tr("cli_area_added", name=added["name"], ha=added["area_ha"], path=args.project))
    return EXIT_OK


def _typology(args: argparse.Namespace) -> int:
    from wijkkaart.analysis.indicators import resolve_indicator
    from wijkkaart.analysis.typology import (
        DEFAULT_HEAT_RULES,
        DEFAULT_HOUSING_RULES,
        apply_rules,
        cluster,
        default_cluster_indicators,
        parse_rules,
    )
    from wijkkaart.layers.formatting import marked_label

    feedback = args.feedback
    feedback.progress(0.0, tr("cli_step_read", path=Path(args.data).name))
    areas = load_areas(args.data, feedback.part(0.0, 0.3))
    defaults = {"wonen": DEFAULT_HOUSING_RULES, "warmte": DEFAULT_HEAT_RULES}
    rules_file = Path(args.rules) if args.rules and args.rules not in defaults else None
    if args.out is not None:  # refuse before the work, not after
        from wijkkaart.safe_output import refuse_inputs

        refuse_inputs(args.out, command_inputs(args.data, rules_file))
    if args.rules:
        if args.rules in defaults:
            text = defaults[args.rules]
        else:
            from wijkkaart.io.tables import decode_text
            from wijkkaart.io.vector import check_readable

            check_readable(Path(args.rules))
            if Path(args.rules).stat().st_size > RULES_FILE_LIMIT_KB * 1024:
                raise WijkkaartError(
                    "rules_file_too_large", path=args.rules, limit=RULES_FILE_LIMIT_KB
                )
            text = decode_text(Path(args.rules))
        result = apply_rules(areas, parse_rules(text))
    else:
        if args.indicators:
            chosen = [resolve_indicator(i) for i in args.indicators.split(",") if i.strip()]
        else:  # the same choice as the app's analysis panel
            chosen = default_cluster_indicators(areas)
        feedback.progress(0.3, tr("cli_step_cluster"))
        result = cluster(
            areas,
            chosen,
            args.clusters,
            method=args.method,
            seed=args.seed,
            contiguous=args.contiguous,
            min_inhabitants=args.min_inhabitants,
            feedback=feedback.part(0.3, 0.95),
        )
    if args.out is not None:
        _write_types(areas, result, args.out, command_inputs(args.data, rules_file))
    explanation = result.explanation.reset_index()
    if args.json:
        print(
            json.dumps(
                {
                    "types": {c: t for c, t in result.types.items()},
                    "explanation": json.loads(
                        explanation.to_json(orient="records", force_ascii=False)
                    ),
                    "indicators": result.indicators,
                    "illustrative": {i: i in areas.illustrative for i in result.indicators},
                    "undetermined": result.undetermined,
                    "warnings": result.warnings,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        print(_explanation_table(result.explanation))
        for warning in result.warnings:
            print(f"  ! {warning}")
        used = [marked_label(i, areas.illustrative) for i in result.indicators]
        if set(result.indicators) & areas.illustrative:
            print(f"* {tr('typology_illustrative', indicators=', '.join(used))}")
    return EXIT_OK


def _export(args: argparse.Namespace, command: str) -> int:
    """Headless export of a project's map (offscreen Qt), or an atlas booklet.

    An HTML map needs no Qt (export/web.py is Qt-free): it is written without loading PySide6."""
    html = command == "export" and args.out.suffix.lower() in (".html", ".htm")
    if not html:
        from wijkkaart.export.printing import ensure_gui

        ensure_gui()
    from wijkkaart.analysis.indicators import resolve_indicator
    from wijkkaart.layers.model import AreaLayer
    from wijkkaart.layers.style import ChoroplethStyle, style_from_dict
    from wijkkaart.new_project import open_document

    feedback = args.feedback
    feedback.progress(0.0, tr("cli_step_open", path=Path(args.project).name))
    document = open_document(args.project, feedback=feedback.part(0.0, 0.2))
    from wijkkaart import cli_time
    from wijkkaart.export.settings import PrintSettings

    asked = cli_time.trend_print(args)  # given on the command line; else the project's settings
    if asked is not None and html:
        raise WijkkaartError("tp_not_html")
    if asked is not None and getattr(args, "years", None):
        if asked.indicators:  # small maps show their own indicator's trend (--trend-area)
            raise WijkkaartError("tp_not_years")
        if not getattr(args, "trend_area", None):
            raise WijkkaartError("tp_goals_need_area")
    chosen = PrintSettings.of(document).with_cli(args)  # --year/--change/--years win
    spec = chosen.trend_print(getattr(args, "trend_area", None))
    if chosen.time.kind == "years":
        if command == "atlas":
            raise WijkkaartError("print_atlas_years")
        from wijkkaart.export.printing import ensure_gui

        ensure_gui()  # painted small multiples (an HTML name is refused there)
        return cli_time.export_small_multiples(document, chosen, args)
    shown = cli_time.time_layers(document, chosen)  # a year or a change, as the app prints it
    if chosen.time.wanted():
        args.indicator = None  # the indicator is the year map's
    if getattr(args, "indicator", None):
        indicator = resolve_indicator(args.indicator, list(document.areas.frame.columns))
        if indicator not in document.areas.frame:
            raise WijkkaartError("indicator_not_in_data", names=indicator)
        layer = next((x for x in reversed(document.layers) if isinstance(x, AreaLayer)), None)
        if layer is not None:
            old = layer.style.to_dict()
            style = (
                style_from_dict({**old, "indicator": indicator})
                if old.get("kind") == "choropleth"
                else ChoroplethStyle(indicator)
            )
            layer.style = style
            layer.visible = True
            from wijkkaart.catalogue import catalogue

            entry = catalogue().get(indicator)
            layer.name = entry.label if entry else indicator
    if command == "atlas":
        from wijkkaart.export.layout import PageOptions
        from wijkkaart.export.printing import ATLAS_PAGE_LIMIT, export_atlas

        options = PageOptions(
            paper=args.paper or "A4",
            orientation=args.orientation or "landscape",
            title=args.title,
            subtitle=getattr(args, "subtitle", ""),
            preset=args.preset,
        )
        path = export_atlas(
            document,
            args.out,
            per=args.per,
            options=options,
            dpi=args.dpi,
            feedback=feedback.part(0.2, 1.0),
            max_pages=args.max_pages if args.max_pages is not None else ATLAS_PAGE_LIMIT,
            gemeente=args.gemeente,
            trend=spec,
            layers=shown,
        )
    elif html:
        from wijkkaart.export.web import export_html

        saved = PrintSettings.of(document).with_cli(args)  # the saved title, as the print
        path = export_html(
            document,
            args.out,
            layers=shown,
            title=saved.title,
            online_tiles=args.online_tiles,
            subtitle=saved.subtitle,
            feedback=feedback.part(0.2, 1.0),
        )
    else:
        from wijkkaart.export.printing import export_map

        settings = PrintSettings.of(document).with_cli(args)
        options = settings.page_options()
        path = export_map(
            document,
            args.out,
            options,
            dpi=args.dpi,
            extent=settings.extent,
            trend=spec,
            feedback=feedback.part(0.2, 1.0),
            layers=shown,
        )
    print(tr("cli_written", path=path))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    """A project from a buurt file, written with save (atomic, never over an input)."""
    from wijkkaart.new_project import new_project
    from wijkkaart.project import outside_paths
    from wijkkaart.safe_output import refuse_inputs

    if args.out.suffix.lower() != ".wijkkaart":
        raise WijkkaartError("project_out_suffix", path=args.out)
    refuse_inputs(args.out, command_inputs(args.data))
    gemeenten = [g for g in (args.gemeente or "").split(",") if g.strip()]
    feedback = args.feedback
    feedback.progress(0.0, tr("cli_step_read", path=Path(args.data).name))
    document = new_project(
        args.data,
        gemeenten=gemeenten,
        level=args.level,
        layer=args.layer,
        feedback=feedback.part(0.0, 0.9),
    )
    feedback.progress(0.9, tr("cli_step_write", path=Path(args.out).name))
    # No saved view: the window it opens in fits the chosen gemeenten to its own size.
    document.view = None
    written = document.save(args.out)
    chosen = sorted({c[2:6] for c in document.areas.frame.index})
    shown = ", ".join(f"GM{c}" for c in chosen[:10]) + (" …" if len(chosen) > 10 else "")
    print(
        tr(
            "new_written",
            path=written,
            count=len(document.areas.frame),
            level=document.areas.level,
            gemeenten=shown,
        )
    )
    if outside_paths(document.project):
        print(tr("new_outside_note"))
    return EXIT_OK


def _add(args: argparse.Namespace) -> int:
    """Add one file to a project as a data role and save the project (atomically)."""
    from wijkkaart.layers.document import MapDocument
    from wijkkaart.project import check_paths
    from wijkkaart.roles import add_role

    chosen = [(role, getattr(args, role)) for role in ADD_FLAGS.values() if getattr(args, role)]
    if len(chosen) != 1:
        raise WijkkaartError("add_needs_one")
    role, path = chosen[0]
    if args.project.suffix.lower() != ".wijkkaart":
        raise WijkkaartError("add_needs_project", path=args.project)
    if args.bag is not None and role != "eponline":
        raise WijkkaartError("bag_only_with_eponline")
    feedback = args.feedback
    feedback.progress(0.0, tr("cli_step_open", path=Path(args.project).name))
    document = MapDocument.open(args.project, feedback=feedback.part(0.0, 0.2))
    options: dict[str, Any] = {"layer": args.layer} if args.layer else {}
    if args.existing:
        options["existing"] = args.existing
    report = add_role(
        document,
        role,
        path,
        bag=args.bag,
        replace=args.replace,
        source=args.source,
        illustrative=args.illustrative,
        feedback=feedback.part(0.2, 0.95),
        **options,
    )
    check_paths(document.project)  # a file outside the folder only with --allow-outside
    feedback.progress(0.95, tr("cli_step_write", path=Path(args.project).name))
    document.save()
    if args.json:
        out = {"role": role, "path": str(report.path), **vars_of(report)}
        print(json.dumps(out, indent=2, ensure_ascii=False))
        return EXIT_OK
    print(tr("role_added", role=tr(f"role_{role}"), path=report.path))
    for message in report.messages:
        print(f"  {message}")
    return EXIT_OK


def vars_of(report: Any) -> dict[str, Any]:
    return {"messages": list(report.messages), "counts": dict(report.counts)}


def command_inputs(data: Path, *extra: Path | None) -> list[Path]:
    """Every file a command reads: the project (or data file), its data sources and extras."""
    inputs = [data]
    if data.suffix.lower() == ".wijkkaart" and data.is_file():
        from wijkkaart.project import load_project

        inputs += load_project(data).input_paths()
    elif data.suffix.lower() == ".shp":
        inputs += [data.with_suffix(s) for s in (".dbf", ".shx", ".prj", ".cpg")]
    return inputs + [e for e in extra if e is not None]


def _write_types(areas, result, out: Path, inputs: list[Path]) -> None:
    """Write buurten with their type to a new file; never over an input of the command."""
    from wijkkaart.safe_output import atomic_path

    if out.suffix.lower() not in (".gpkg", ".csv"):
        raise WijkkaartError("output_refused", path=out)
    frame = areas.frame[["naam", "geometry"]].copy()
    frame["type"] = result.types.reindex(frame.index)
    frame.loc[frame.index.isin(result.undetermined), "type"] = reason_text("no_data").capitalize()
    for indicator in result.indicators:
        frame[indicator] = areas.frame[indicator]
    # The flag travels with the file: a type that rests on voorbeeldgegevens says so per row.
    frame["voorbeeldgegevens"] = bool(set(result.indicators) & areas.illustrative)
    frame = frame.reset_index()
    with atomic_path(out, inputs=inputs) as tmp:
        if out.suffix.lower() == ".csv":
            frame.drop(columns="geometry").to_csv(tmp, index=False)
        else:
            tmp.unlink()  # GDAL creates the GeoPackage itself
            frame.to_file(tmp, layer="typologie", driver="GPKG")


def _explanation_table(explanation) -> str:
    """The typology table for reading: headings and the gemeente row in the user's language."""
    from wijkkaart.catalogue import catalogue

    cat = catalogue()
    shown = explanation.round(1).rename(
        index={"Gemeente": tr("col_gemeente")},
        columns=lambda c: (
            cat[c].label if c in cat else tr("cli_col_buurten") if c == "buurten" else c
        ),
    )
    shown.index.name = tr("cli_col_type")
    return shown.to_string()


def format_profile(result, areas) -> str:
    """A Kenmerken-style card: the key figures first, then every indicator with the gemeente."""
    from wijkkaart.layers.formatting import format_value, gemeenten_text, marked_label

    n = len(result.shares)
    lines = [tr("cli_profile_area", n=n)]
    if result.partial:
        partial = ", ".join(
            f"{result.names.get(c) or c} ({result.shares[c]:.0%})" for c in result.partial
        )
        lines.append(tr("cli_profile_partial", areas=partial))
    if result.gemeenten:
        lines.append(tr("profile_gemeenten", codes=gemeenten_text(areas, result.gemeenten)))
    extra = []
    if result.several_gemeenten:
        extra.append(("file_wide", tr("col_all_in_file")))
    if result.has_g4:
        extra.append(("g4", "G4"))
    lines.append("")
    header = (
        f"{tr('cli_col_indicator'):<46} {tr('cli_col_area'):>18} {tr('cli_col_gemeente'):>18}"
        f"  {tr('cli_col_coverage')}"
    )
    lines.append(header + "".join(f"  {name}" for _, name in extra))
    empty = 0
    for key, item in result.indicators.items():
        label = marked_label(key, areas.illustrative)
        if result.custom.get(key) == "unweighted_mean":
            label += " " + tr("cli_unweighted")  # a custom indicator averaged: said, never hidden
        value = item.value
        nothing = value.coverage == 0 and not value.distribution and value.low is None
        if value.reason == "no_weight":
            nothing = False  # said, not left out: the weight is missing, not the figure
        if nothing and (item.gemeente.value is None or item.gemeente.value != item.gemeente.value):
            empty += 1  # no figure for the area nor for the gemeente: leave the row out
            continue
        if value.distribution:
            text = ", ".join(
                f"{format_value(key, k)} {v:.0%}"
                for k, v in sorted(value.distribution.items(), key=lambda kv: -kv[1])
            )
            lines.append(f"{label[:46]:<46} {text}")
            continue
        if value.low is not None:
            lines.append(f"{label[:46]:<46} {int(value.low)}–{int(value.high)}")
            continue
        shown = format_value(key, value.value) or (
            tr("weight_missing") if value.reason == "no_weight" else reason_text("no_data")
        )
        others = "".join(
            f"  {format_value(key, getattr(item, attr).value) if getattr(item, attr) else '':>18}"
            for attr, _ in extra
        )
        town = format_value(key, item.gemeente.value) or (
            tr("weight_missing") if item.gemeente.reason == "no_weight" else ""
        )
        lines.append(f"{label[:46]:<46} {shown:>18} {town:>18}  {value.coverage:>7.0%}{others}")
    if empty:
        lines.append(tr("cli_empty_indicators", n=empty))
    if areas.illustrative & set(result.indicators):
        lines.append(tr("cli_illustrative_note"))
    return "\n".join(lines)


def _open(args: argparse.Namespace) -> int:
    """Open the map window; without a screen (or with --summary) print the project summary."""
    from wijkkaart.paths import sample_project

    project = getattr(args, "project", None) or sample_project()
    screenshot = getattr(args, "screenshot", None)
    if not getattr(args, "summary", False) and (screenshot or _has_screen()):
        from wijkkaart.ui.app import run

        # a data file opens as a new project; --lang beats the language saved in the app
        return run(project, screenshot=screenshot, lang=getattr(args, "lang", None))
    from wijkkaart.inspect import describe  # geopandas: after the window had its chance

    if not getattr(args, "summary", False):
        print(tr("cli_no_screen"), file=sys.stderr)
    if Path(project).suffix.lower() != ".wijkkaart":
        print(format_report(describe_new(project)))
        return EXIT_OK
    print(format_report(describe(project)))
    return EXIT_OK


def describe_new(path: Path) -> dict[str, Any]:
    """The summary of a data file opened as a new, unsaved project."""
    from wijkkaart.inspect import describe_areas
    from wijkkaart.new_project import new_project, recognised

    document = new_project(path)
    report = describe_areas(document.areas)
    found = recognised(document)
    report.update(kind="project", name=document.project.name, gemeenten=found["gemeenten"])
    return report


def _qt_wheel_version() -> str | None:
    """Qt's version without loading Qt: the installed PySide6 wheel carries that Qt."""
    from importlib import metadata

    for name in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def _has_screen() -> bool:
    return bool(
        os.environ.get("DISPLAY")
        or os.environ.get("WAYLAND_DISPLAY")
        or os.environ.get("QT_QPA_PLATFORM")
        or sys.platform in ("win32", "darwin")
    )


def format_report(report: dict[str, Any]) -> str:
    """Human-readable report in the UI language."""
    lines = [tr("cli_report_file", path=report["source"])]
    kind = report.get("kind")
    if kind == "project":
        lines.insert(0, tr("cli_report_project", name=report["name"]))
        for role in report.get("roles", [])[1:]:
            lines.append(f"  + {role['role']}: {role['path']} ({role['source']})")
        if report.get("gemeenten"):
            shown = [f"{g['name'] or g['code']} ({g['buurten']})" for g in report["gemeenten"]]
            lines.append(tr("cli_report_gemeenten", names=", ".join(shown)))
        if "reference_year" in report:
            from wijkkaart.vintages import reference_text

            years = [str(d["year"] or "?") for d in report.get("divisions", [])]
            text = reference_text(report["reference_year"])
            lines.append(tr("cli_report_reference", text=text, years=", ".join(years) or "-"))
        if report.get("focus_areas"):
            shown = [f"{a['name']} ({a['area_ha']} ha)" for a in report["focus_areas"]]
            lines.append(tr("cli_report_focus_areas", names=", ".join(shown)))
    if kind in ("areas", "project"):
        vintage = report.get("vintage")
        lines += [
            tr(
                "cli_report_level",
                level=report["level"],
                count=report["count"],
                without_water=report["count_without_water"],
            ),
            tr("cli_report_crs", crs=report["crs"] or tr("cli_report_no_crs")),
            tr("cli_report_schema", schema=report["schema_description"])
            + (tr("cli_report_vintage", vintage=vintage) if vintage else ""),
            "",
            f"{tr('cli_col_indicator'):<44} {'id':<48} {tr('cli_col_missing'):>9}"
            f"  {tr('cli_col_reason')}",
        ]
        for key, entry in report["indicators"].items():
            reasons = ", ".join(
                f"{n}× {entry['missing_reasons_text'][r]}"
                for r, n in entry["missing_by_reason"].items()
            )
            label = f"({key})" if entry.get("custom") else entry.get("label", key)
            label = label[:42] + (" *" if entry.get("illustrative") else "")
            lines.append(f"{label:<44} {key[:48]:<48} {entry['missing']:>9}  {reasons}")
        if report["illustrative"]:
            lines.append(tr("cli_illustrative_note"))
        if report["unknown_columns"]:
            lines += ["", tr("cli_report_unknown", columns=", ".join(report["unknown_columns"]))]
    elif kind == "vector":
        lines += [
            tr(
                "cli_report_vector",
                count=report["count"],
                types=", ".join(report["geometry_types"]),
                crs=report["crs"],
            ),
            tr("cli_report_columns", columns=", ".join(report["columns"])),
        ]
    elif kind == "raster":
        lines += [
            tr(
                "cli_report_raster",
                width=report["width"],
                height=report["height"],
                cell=f"{report['cell_size'][0]:g}",
                crs=report["crs"],
                nodata=report["nodata"],
            )
        ]
    elif kind == "eponline":
        counts = ", ".join(f"{k}: {v}" for k, v in sorted(report["labels_per_class"].items()))
        lines += [
            tr("cli_report_eponline", variant=report["variant"]),
            tr("cli_report_labels", counts=counts),
        ]
    elif kind == "heat_plan":
        strategies = ", ".join(f"{k}: {v}" for k, v in report["strategies"].items())
        lines += [
            tr(
                "cli_report_heat",
                count=report["count"],
                level=report["level"],
                with_year=report["with_gas_free_year"],
            ),
            tr("cli_report_strategies", counts=strategies),
        ]
    if report.get("warnings"):
        lines += ["", tr("cli_report_warnings")] + [f"  ! {w}" for w in report["warnings"]]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(console_main())
