"""The About text (Qt-free): versions from the libraries themselves, licences from metadata."""

from __future__ import annotations

import importlib.metadata as metadata
import subprocess
import sys
from email.message import Message

import pyogrio
import pyproj
import rasterio

from wijkkaart import __version__
from wijkkaart.about import (
    about_text,
    bundled_distributions,
    leaflet_licence,
    library_licences,
    licence_of,
    versions,
)
from wijkkaart.paths import resources_dir


def test_versions_come_from_the_loaded_libraries():
    found = versions(qt_version="6.99.1")  # an invented Qt version: the caller's value wins
    assert found["wijkkaart"] == __version__
    assert found["Qt"] == "6.99.1"
    assert pyogrio.__gdal_version_string__ in found["GDAL"]
    assert rasterio.__gdal_version__ in found["GDAL"]
    assert pyproj.proj_version_str in found["PROJ"]
    assert versions()["Qt"] == "?"  # this module never asks Qt itself


def test_bundled_distributions_follow_requirements_but_not_extras():
    names = {n.lower().replace("_", "-") for n in bundled_distributions()}
    for needed in ("pyside6-essentials", "shiboken6", "geopandas", "pyogrio", "spopt", "numpy"):
        assert needed in names
    for test_only in ("pytest", "pytest-qt", "hypothesis", "playwright", "mypy", "exactextract"):
        assert test_only not in names
    assert "pyinstaller" not in names  # the build extra is not bundled either
    assert "wijkkaart" not in names
    assert "babel" in names  # read from pyproject.toml in a checkout, however old the install


def test_in_the_built_program_every_distribution_in_the_folder_is_listed(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    listed = {n.lower().replace("_", "-") for n in bundled_distributions()}
    present = {d.metadata["Name"].lower().replace("_", "-") for d in metadata.distributions()}
    assert listed == present - {"wijkkaart"}


def test_licences_are_read_from_each_package():
    by_name = {lib.name.lower(): lib for lib in library_licences()}
    assert "LGPL-3.0-only" in by_name["pyside6_essentials"].licence
    assert by_name["pyproj"].licence == metadata.metadata("pyproj")["License-Expression"]
    assert "MIT" in by_name["pyogrio"].licence  # declared by classifier / License field
    assert all(lib.licence != "?" for lib in library_licences()), [
        lib for lib in library_licences() if lib.licence == "?"
    ]


def test_licence_of_prefers_expression_then_short_field_then_classifier():
    # invented metadata, one per rule
    expression = Message()
    expression["License-Expression"] = "BSD-3-Clause"
    expression["License"] = "long text\nover lines"
    assert licence_of(expression) == "BSD-3-Clause"
    short = Message()
    short["License"] = "MIT"
    assert licence_of(short) == "MIT"
    classified = Message()
    classified["License"] = "Copyright (c) someone\nRedistribution and use ..."
    classified["Classifier"] = "License :: OSI Approved :: BSD License"
    classified["Classifier"] = "Programming Language :: Python"
    assert licence_of(classified) == "BSD License"
    assert licence_of(Message()) == "?"


def test_leaflet_licence_is_read_from_the_vendored_file():
    lic = leaflet_licence()
    assert lic.version == "1.9.4"
    first_line = (
        (resources_dir() / "vendor" / "leaflet-1.9.4" / "LICENSE").read_text().split("\n")[0]
    )
    assert first_line == "BSD 2-Clause License" and lic.licence == "BSD-2-Clause"


def test_about_text_names_data_and_library_licences():
    text = about_text(qt_version="6.11.3")
    assert text.splitlines()[0] == f"wijkkaart {__version__} — licentie EUPL-1.2"
    assert "CBS Wijk- en buurtkaart, Kerncijfers wijken en buurten: CC BY 4.0" in text
    assert "Leaflet 1.9.4: BSD-2-Clause" in text
    assert "GDAL: MIT" in text and "PROJ: MIT" in text
    assert "  Qt: 6.11.3" in text
    assert f"PySide6_Essentials {metadata.version('PySide6-Essentials')}: LGPL-3.0-only" in text


def test_about_module_does_not_load_qt():
    code = (
        "import sys; from wijkkaart.about import about_text; about_text(); "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
