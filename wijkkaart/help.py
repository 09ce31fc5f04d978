"""The in-app manual (*Help → Handleiding*) and *Help → Bronnen en licenties*, Qt-free.

The manual is a short Markdown file per language under ``resources/help``; the keyboard
shortcuts are added from the running window's actions, so the list is never out of date. The
sources text names the open project's data files with their source lines, then the licences
from :mod:`wijkkaart.about` (the same list *Over wijkkaart* shows).
"""

from __future__ import annotations

from collections.abc import Iterable

from wijkkaart.messages import language, tr
from wijkkaart.paths import resources_dir


def manual_markdown(shortcuts: Iterable[tuple[str, str]] = ()) -> str:
    """The manual in the UI language, with a table of (action, shortcut) at the end."""
    folder = resources_dir() / "help"
    path = folder / f"manual.{language()}.md"
    if not path.exists():
        path = folder / "manual.nl.md"
    text = path.read_text(encoding="utf-8").rstrip() + "\n"
    rows = [(name, keys) for name, keys in shortcuts if keys]
    if rows:
        text += f"\n## {tr('help_shortcuts')}\n\n| {tr('help_action')} | {tr('help_keys')} |\n"
        text += "|---|---|\n"
        for name, keys in rows:
            text += f"| {_cell(name)} | {_cell(keys)} |\n"
    return text


def _cell(text: str) -> str:
    """Plain text in a Markdown table cell: no markup, no HTML, no column breaks."""
    out = text.replace("&", "").replace("…", "").strip()
    for char in "\\|<>*_`[]":
        out = out.replace(char, f"\\{char}" if char not in "<>" else "")
    return out


def sources_text(project=None) -> str:
    """The project's data sources (one a line), then the licences of data and libraries."""
    from wijkkaart.about import DATA, NATIVE, leaflet_licence, library_licences

    lines: list[str] = []
    if project is not None:
        lines += [tr("help_project_sources", name=project.name), ""]
        for entry in project.sources():
            path = entry.get("path", "")
            source = entry.get("source") or ""
            flag = f" ({tr('help_illustrative')})" if entry.get("illustrative") else ""
            line = f"  {entry.get('role', '')}: {path}"
            lines.append(line + (f" — {source}" if source else "") + flag)
        lines.append("")
    lines += [tr("about_data")]
    lines += [f"  {name}: {licence}" for name, licence in DATA]
    lines += ["", tr("about_native")]
    lines += [f"  {name}: {licence}" for name, licence in NATIVE]
    leaflet = leaflet_licence()
    lines += [f"  {leaflet.name} {leaflet.version}: {leaflet.licence}"]
    lines += ["", tr("about_libraries")]
    lines += [f"  {lib.name} {lib.version}: {lib.licence}" for lib in library_licences()]
    return "\n".join(lines)
