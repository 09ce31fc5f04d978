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

COMMANDS = ("crosswalk",)


def add_parsers(sub: Any) -> None:
    """Add the time-series subcommands to the main parser's subparsers."""
    xw = sub.add_parser("crosswalk", help=tr("cli_crosswalk"))
    xw.add_argument("old", type=Path, help=tr("cli_crosswalk_old"))
    xw.add_argument("new", type=Path, help=tr("cli_crosswalk_new"))
    xw.add_argument("--bag", type=Path, default=None, help=tr("cli_crosswalk_bag"))
    xw.add_argument("--out", type=Path, default=None, help=tr("cli_crosswalk_out"))
    xw.add_argument("--level", choices=["buurt", "wijk"], default="buurt")
    xw.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    return _crosswalk(args)


def _read_division(path: Path, level: str):
    from wijkkaart.analysis.crosswalk import dissolve_to_wijken
    from wijkkaart.io.areas import read_areas

    areas = read_areas(path)
    if not areas.has_geometry:
        raise WijkkaartError("xw_not_areas", path=path)
    frame = areas.frame
    if level == "wijk" and areas.level == "buurt":
        frame = dissolve_to_wijken(frame)
    return areas, frame


def _crosswalk(args: argparse.Namespace) -> int:
    from wijkkaart.analysis.crosswalk import build_crosswalk, matrix_csv
    from wijkkaart.messages import tr

    old_areas, old = _read_division(args.old, args.level)
    new_areas, new = _read_division(args.new, args.level)
    bag = None
    if args.bag is not None:
        from wijkkaart.io.bag import read_bag_points

        bag = read_bag_points(args.bag)
    walk = build_crosswalk(old, new, bag, old_areas.vintage, new_areas.vintage)
    conservation = []
    if args.level == "buurt":
        values = old_areas.frame[old_areas.indicators]
        if len(values.columns):
            conservation = walk.apportion(values).conservation
    if args.out is not None:
        from wijkkaart.safe_output import write_text

        inputs = [args.old, args.new, *([args.bag] if args.bag else [])]
        write_text(args.out, matrix_csv(walk), inputs=inputs)
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
