"""What *Over wijkkaart* and ``wijkkaart about`` show: versions, and the licences of what we bundle.

Qt-free, so the command line prints the same text as the dialog. Library licences are read from the
installed packages' metadata (the build copies that metadata into the program folder); only the
native libraries without Python metadata (GDAL, PROJ, GEOS, Qt itself) and the data sets are named
here by hand.
"""

from __future__ import annotations

import importlib.metadata as metadata
import re
import sys
from dataclasses import dataclass
from typing import Any

from wijkkaart import __version__
from wijkkaart.messages import tr
from wijkkaart.paths import resources_dir

APP_DIST = "wijkkaart"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_CLASSIFIER = "License :: OSI Approved :: "


@dataclass(frozen=True)
class Licence:
    """One bundled library or data set and the licence it comes under."""

    name: str
    version: str
    licence: str


# Native libraries inside the wheels (no metadata of their own) and the data wijkkaart shows.
NATIVE = (
    ("GDAL", "MIT"),
    ("PROJ", "MIT"),
    ("GEOS", "LGPL-2.1-or-later"),
    ("Qt", "LGPL-3.0-only"),
    ("Python", "PSF-2.0"),
)
DATA = (
    ("CBS Wijk- en buurtkaart, Kerncijfers wijken en buurten", "CC BY 4.0 (Bron: CBS)"),
    ("BRT-Achtergrondkaart, Kadaster (PDOK)", "CC BY 4.0"),
    ("Leefbaarometer 3.0 open data", "CC0"),
)


def versions(qt_version: str | None = None) -> dict[str, str]:
    """wijkkaart, Qt, GDAL and PROJ versions (both GDALs: pyogrio and rasterio bring their own).

    ``qt_version`` comes from the caller: the dialog asks Qt at run time, the CLI gives the version
    of the installed Qt wheel (which carries that same Qt), so this module never imports Qt.
    """
    import pyogrio
    import pyproj
    import rasterio

    return {
        "wijkkaart": __version__,
        "Python": sys.version.split()[0],
        "Qt": qt_version or "?",
        "GDAL": f"{pyogrio.__gdal_version_string__} (pyogrio), {rasterio.__gdal_version__} "
        "(rasterio)",
        "PROJ": f"{pyproj.proj_version_str} (pyproj), {rasterio.__proj_version__} (rasterio)",
    }


def bundled_distributions(root: str = APP_DIST) -> list[str]:
    """The distributions wijkkaart brings along (without wijkkaart itself).

    In the built program: every distribution whose metadata is in the folder (the spec copies it
    for each package it bundles). Otherwise: wijkkaart's requirements, followed recursively, with
    wijkkaart's own list read from ``pyproject.toml`` in a checkout (installed metadata can be
    older than the checkout). Optional extras (test, build) are not followed.
    """
    if getattr(sys, "frozen", False):
        names = {_canonical(d.metadata["Name"] or ""): d.metadata["Name"] for d in _distributions()}
        names.pop(_canonical(root), None)
        names.pop("", None)
        return sorted(names.values(), key=str.lower)
    seen: dict[str, str] = {}
    todo = _own_requirements(root)
    while todo:
        name = todo.pop()
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        key = _canonical(dist.metadata["Name"] or name)
        if key in seen:
            continue
        seen[key] = dist.metadata["Name"] or name
        todo += _requirement_names(dist.requires or [])
    seen.pop(_canonical(root), None)
    return sorted(seen.values(), key=str.lower)


def _own_requirements(root: str) -> list[str]:
    pyproject = resources_dir().parent / "pyproject.toml"
    if root == APP_DIST and pyproject.exists():
        import tomllib

        project = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("project", {})
        return _requirement_names(project.get("dependencies", []))
    try:
        return _requirement_names(metadata.distribution(root).requires or [])
    except metadata.PackageNotFoundError:
        return []


def _requirement_names(requirements: list[str]) -> list[str]:
    names = []
    for requirement in requirements:
        match = _NAME.match(requirement.strip())
        if match and _needed(requirement):
            names.append(match.group(0))
    return names


def _distributions() -> list[metadata.Distribution]:
    return list(metadata.distributions())


def library_licences() -> list[Licence]:
    """Every bundled Python distribution with its licence from its own metadata."""
    result = []
    for name in bundled_distributions():
        dist = metadata.distribution(name)
        result.append(Licence(name, dist.version, licence_of(dist.metadata)))
    return result


def licence_of(meta: Any) -> str:
    """The licence a package declares: its SPDX expression, a short License field or classifiers."""
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60:
        return text
    classifiers = [
        c.removeprefix(_CLASSIFIER)
        for c in meta.get_all("Classifier") or []
        if c.startswith(_CLASSIFIER)
    ]
    return ", ".join(classifiers) if classifiers else "?"


def leaflet_licence() -> Licence:
    """Leaflet (vendored for the HTML export): its licence is read from the shipped LICENSE."""
    folder = next(iter(sorted((resources_dir() / "vendor").glob("leaflet-*"))), None)
    version = folder.name.removeprefix("leaflet-") if folder else "?"
    text = (folder / "LICENSE").read_text(encoding="utf-8") if folder else ""
    match = re.match(r"\s*BSD (\d)-Clause License", text)
    return Licence("Leaflet", version, f"BSD-{match.group(1)}-Clause" if match else "?")


def about_text(qt_version: str | None = None) -> str:
    """The whole *Over wijkkaart* text in the UI language (plain text, one item a line)."""
    found = versions(qt_version)
    own = licence_of(metadata.metadata(APP_DIST)) if _dist_version(APP_DIST) else "EUPL-1.2"
    lines = [tr("about_title", version=__version__, licence=own), "", tr("about_versions")]
    lines += [f"  {name}: {value}" for name, value in found.items() if name != "wijkkaart"]
    lines += ["", tr("about_data")]
    lines += [f"  {name}: {licence}" for name, licence in DATA]
    lines += ["", tr("about_native")]
    lines += [f"  {name}: {licence}" for name, licence in NATIVE]
    leaflet = leaflet_licence()
    lines += [f"  {leaflet.name} {leaflet.version}: {leaflet.licence}"]
    lines += ["", tr("about_libraries")]
    lines += [f"  {lib.name} {lib.version}: {lib.licence}" for lib in library_licences()]
    lines += ["", tr("about_licence_files")]
    return "\n".join(lines)


def _dist_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _needed(requirement: str) -> bool:
    """A requirement without an ``extra`` marker whose marker holds on this machine."""
    if ";" not in requirement:
        return True
    marker = requirement.split(";", 1)[1]
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:  # pragma: no cover - packaging comes with geopandas
        return True
    return bool(Marker(marker.strip()).evaluate())
