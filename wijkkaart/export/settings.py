"""The print settings of a project: paper, extent, scale, template, the user's layout and the
focus area's trend charts and goals table.

Kept in the project file under ``print``, so the export dialog opens where the user left it and
``wijkkaart export`` (which reads the same settings, overridden by its options) prints the same
page as the app. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from wijkkaart.commands import Command
from wijkkaart.export.extent import PrintExtent, parse_extent, parse_scale
from wijkkaart.export.map_time import MapTime
from wijkkaart.export.page_layout import MOVABLE, TEMPLATES, valid_fraction
from wijkkaart.export.trend_spec import MAX_CHARTS, TrendPrint, parse_indicators
from wijkkaart.messages import WijkkaartError

PAPERS = ("A4", "A3", "A2", "A1", "A0")


@dataclass(frozen=True)
class PrintSettings:
    paper: str = "A4"
    orientation: str = "landscape"
    title: str = ""
    subtitle: str = ""
    preset: str | None = None
    overview: bool = True
    extent: PrintExtent = field(default_factory=PrintExtent)
    scale: int | None = None
    template: str | None = None
    layout: dict[str, list[float]] = field(default_factory=dict)  # element -> page fractions
    trend: tuple[str, ...] = ()  # indicators of the focus area's trend charts (MAX_CHARTS)
    goals: bool = False  # the focus area's goals table
    waterbed: bool = False  # the focus area beside its neighbouring buurten (a table)
    time: MapTime = field(default_factory=MapTime)  # the project map, a year, a change, years

    def to_dict(self) -> dict[str, Any]:
        return {
            "paper": self.paper,
            "orientation": self.orientation,
            "title": self.title,
            "subtitle": self.subtitle,
            "preset": self.preset,
            "overview": self.overview,
            "extent": self.extent.to_dict(),
            "scale": self.scale,
            "template": self.template,
            "layout": {k: list(v) for k, v in self.layout.items()},
            "trend": list(self.trend),
            "goals": self.goals,
            "waterbed": self.waterbed,
            "kaart": self.time.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: object) -> PrintSettings:
        """Whatever is usable in a saved ``print`` entry; anything odd falls back to defaults."""
        if not isinstance(data, dict):
            return cls()
        paper = str(data.get("paper")) if data.get("paper") in PAPERS else "A4"
        orientation = data.get("orientation")
        orientation = str(orientation) if orientation in ("landscape", "portrait") else "landscape"
        try:
            scale = parse_scale(data.get("scale"))
        except WijkkaartError:
            scale = None
        raw = data.get("layout")
        layout: dict = raw if isinstance(raw, dict) else {}
        template = data.get("template") if data.get("template") in TEMPLATES else None
        raw_trend = data.get("trend")
        trend = raw_trend if isinstance(raw_trend, list) else []
        return cls(
            paper=paper,
            orientation=orientation,
            title=str(data.get("title") or ""),
            subtitle=str(data.get("subtitle") or ""),
            preset="bewonersavond" if data.get("preset") == "bewonersavond" else None,
            overview=bool(data.get("overview", True)),
            extent=PrintExtent.from_dict(data.get("extent") or {}),
            scale=scale,
            template=template,
            layout={
                k: [float(x) for x in v]
                for k, v in layout.items()
                if k in MOVABLE and valid_fraction(v)
            },
            trend=tuple(dict.fromkeys(str(x) for x in trend if isinstance(x, str) and x))[
                :MAX_CHARTS
            ],
            goals=data.get("goals") is True,
            waterbed=data.get("waterbed") is True,
            time=MapTime.from_dict(data.get("kaart")),
        )

    @classmethod
    def of(cls, document) -> PrintSettings:
        return cls.from_dict(document.project.data.get("print"))

    def with_template(self, key: str | None) -> PrintSettings:
        """Paper and orientation of the template; the user's own layout is kept per template."""
        if key is None:
            return replace(self, template=None)
        if key not in TEMPLATES:
            raise WijkkaartError("print_bad_template", value=key, names=", ".join(TEMPLATES))
        template = TEMPLATES[key]
        return replace(self, template=key, paper=template.paper, orientation=template.orientation)

    def with_cli(self, args: Any) -> PrintSettings:
        """The CLI's options over the project's saved settings (given options win)."""
        out = self
        if getattr(args, "template", None):
            out = out.with_template(args.template)
        changes: dict[str, Any] = {}
        if getattr(args, "paper", None):
            changes["paper"] = args.paper
        if getattr(args, "orientation", None):
            changes["orientation"] = args.orientation
        for name in ("title", "subtitle", "preset"):
            if getattr(args, name, None):
                changes[name] = getattr(args, name)
        if getattr(args, "extent", None) or getattr(args, "margin", None) is not None:
            margin = args.margin if args.margin is not None else out.extent.margin * 100
            changes["extent"] = parse_extent(args.extent or _extent_text(out.extent), margin)
        if getattr(args, "scale", None) is not None:
            changes["scale"] = parse_scale(args.scale)
        if getattr(args, "trend", None):
            changes["trend"] = tuple(parse_indicators(args.trend))
        if getattr(args, "goals", False):
            changes["goals"] = True
        if getattr(args, "waterbed", False):
            changes["waterbed"] = True
        time = out.time.with_cli(args)
        if time != out.time:
            changes["time"] = time
        return replace(out, **changes)

    def trend_print(self, area: str | None = None) -> TrendPrint | None:
        """The trend charts and goals table these settings ask for (None: neither). A single
        print of a focus area (its extent) carries that area's trend."""
        if area is None and self.extent.kind == "focus" and self.extent.target:
            area = self.extent.target
        spec = TrendPrint(list(self.trend), self.goals, area, self.waterbed)
        return spec if spec.wanted() else None

    def page_options(self, **extra: Any):
        from wijkkaart.export.layout import PageOptions

        return PageOptions(
            paper=self.paper,
            orientation=self.orientation,
            title=self.title,
            subtitle=self.subtitle,
            preset=self.preset,
            overview=self.overview,
            scale=self.scale,
            layout=dict(self.layout) or None,
            **extra,
        )


def _extent_text(extent: PrintExtent) -> str:
    return f"{extent.kind}:{extent.target}" if extent.target else extent.kind


def store(document, settings: PrintSettings) -> bool:
    """Put the settings into the project (saved with it); True when they changed, and then
    ``document.events.print_settings`` says so (the export dialog follows it)."""
    data = settings.to_dict()
    if document.project.data.get("print") == data:
        return False
    document.project.data["print"] = data
    _changed(document)
    return True


def _changed(document) -> None:
    events = getattr(document, "events", None)
    if events is not None:
        events.print_settings.emit()


class SetPrintSettings(Command):
    """Change the project's print settings as one undo step (the project then needs saving)."""

    def __init__(self, document, settings: PrintSettings, merge_key: object | None = None) -> None:
        from wijkkaart.messages import lazy

        self.label = lazy("cmd_print_settings")  # "afdrukinstellingen", in the UI language
        self.document = document
        self.settings = settings
        self.merge_key = merge_key
        self.old: object = None

    def do(self) -> None:
        self.old = self.document.project.data.get("print")
        store(self.document, self.settings)

    def undo(self) -> None:
        data = self.document.project.data
        if data.get("print") == self.old:
            return
        if self.old is None:
            data.pop("print", None)
        else:
            data["print"] = self.old
        _changed(self.document)

    def merge(self, other: Command) -> bool:
        if isinstance(other, SetPrintSettings) and other.document is self.document:
            self.settings = other.settings
            store(self.document, self.settings)
            return True
        return False
