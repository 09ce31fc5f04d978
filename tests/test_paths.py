"""Paths from a project or the command line: only regular files, inside the project unless allowed.

Also the project save: the file keeps its mode, and a failed save is a Dutch message with the
previous file intact (patched failures: the tests run as root, so chmod would not stop a write).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from tests.fixtures import time_bound
from wijkkaart import cli
from wijkkaart.analysis.energy_labels import read_eponline
from wijkkaart.analysis.zonal import add_raster_statistics
from wijkkaart.io.areas import read_areas
from wijkkaart.io.files import require_regular_file
from wijkkaart.io.heatplan import read_heat_plan
from wijkkaart.io.tables import read_table_raw
from wijkkaart.io.vector import read_vector
from wijkkaart.messages import WijkkaartError
from wijkkaart.project import build_areas, load_project, outside_allowed, save_project


@pytest.fixture
def project_copy(sample, tmp_path) -> Path:
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return folder / "utrecht.wijkkaart"


@pytest.fixture
def fifo(tmp_path) -> Path:
    path = tmp_path / "pijp.csv"
    os.mkfifo(path)
    return path


def test_regular_files_pass_and_others_are_named(tmp_path, fifo, sample):
    assert require_regular_file(sample / "utrecht_buurten.gpkg") == sample / "utrecht_buurten.gpkg"
    (tmp_path / "data.gdb").mkdir()  # a File Geodatabase is a folder GDAL reads as one source
    assert require_regular_file(tmp_path / "data.gdb").name == "data.gdb"
    cases = {
        tmp_path / "weg.csv": "Bestand niet gevonden",
        tmp_path: "is een map, geen bestand",
        fifo: "geen gewoon bestand",
        Path("/dev/zero"): "geen gewoon bestand",
        Path("a\x00b.csv"): "kan niet worden gebruikt",
        tmp_path / ("x" * 5000 + ".csv"): "kan niet worden gebruikt",
    }
    link = tmp_path / "nul.csv"
    link.symlink_to("/dev/zero")
    cases[link] = "geen gewoon bestand"
    for path, fragment in cases.items():
        with time_bound(5), pytest.raises(WijkkaartError, match=fragment):
            require_regular_file(path)


def test_every_reader_refuses_devices_and_fifos_without_blocking(fifo, sample):
    areas = read_areas(sample / "utrecht_buurten.gpkg")
    readers = [
        read_table_raw,
        read_heat_plan,
        read_eponline,
        read_vector,
        read_areas,
        lambda p: add_raster_statistics(areas, p, prefix="water"),
        lambda p: cli.load_areas(p),
    ]
    for source in (fifo, Path("/dev/zero"), Path("/dev/urandom")):
        for reader in readers:
            with time_bound(10), pytest.raises(WijkkaartError, match="geen gewoon bestand"):
                reader(source)


def test_validate_of_a_fifo_or_device_exits_2(fifo, capsys):
    for source in (fifo, "/dev/zero", "/dev/urandom"):
        with time_bound(10):
            code = cli.main(["validate", str(source)])
        assert code == 2 and "geen gewoon bestand" in capsys.readouterr().err


def _point_table_at(project: Path, target: str) -> None:
    data = json.loads(project.read_text(encoding="utf-8"))
    data["tables"][0]["path"] = target
    project.write_text(json.dumps(data), encoding="utf-8")


def test_a_symlink_out_of_the_project_folder_is_refused(project_copy, tmp_path):
    outside = tmp_path / "elders.csv"
    shutil.copy(project_copy.parent / "utrecht_kerncijfers_2020.csv", outside)
    (project_copy.parent / "link.csv").symlink_to(outside)
    _point_table_at(project_copy, "link.csv")
    with pytest.raises(WijkkaartError, match=r"tables\[0\]\.path = .*elders\.csv"):
        load_project(project_copy)
    # the user allowed exactly that file (the app asks; the CLI has --allow-outside)
    project = load_project(project_copy, allow_outside=[outside])
    assert len(build_areas(project).frame) == 111
    with outside_allowed():
        assert load_project(project_copy).data["tables"][0]["path"] == "link.csv"
    with pytest.raises(WijkkaartError):  # the permission ends with the block
        load_project(project_copy)
    with pytest.raises(WijkkaartError, match="buiten de projectmap"):
        load_project(project_copy, allow_outside=[tmp_path / "iets_anders.csv"])


def test_cli_refuses_outside_data_unless_allowed(project_copy, tmp_path, capsys):
    outside = tmp_path / "elders.csv"
    shutil.copy(project_copy.parent / "utrecht_kerncijfers_2020.csv", outside)
    _point_table_at(project_copy, "../elders.csv")
    assert cli.main(["validate", str(project_copy)]) == 2
    assert "tables[0].path" in capsys.readouterr().err
    assert cli.main(["validate", "--allow-outside", str(project_copy)]) == 0
    assert "bruikbaar (111 gebieden" in capsys.readouterr().out
    assert cli.main(["validate", str(project_copy)]) == 2  # no permission left behind


def test_save_keeps_the_mode_of_an_existing_project_file(project_copy):
    os.chmod(project_copy, 0o640)
    project = load_project(project_copy)
    project.data["name"] = "Nieuwe naam"
    save_project(project)
    assert stat.S_IMODE(project_copy.stat().st_mode) == 0o640
    assert json.loads(project_copy.read_text(encoding="utf-8"))["name"] == "Nieuwe naam"


def test_a_new_project_file_gets_the_umask_mode(project_copy):
    old = os.umask(0o027)
    try:
        target = save_project(load_project(project_copy), project_copy.parent / "nieuw.wijkkaart")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~0o027 == 0o640


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        (errno.EACCES, "u mag niet schrijven in deze map"),
        (errno.EROFS, "u mag niet schrijven in deze map"),
        (errno.ENOSPC, "de schijf is vol"),
    ],
)
def test_a_failed_save_is_a_dutch_message_and_the_old_file_stays(
    project_copy, monkeypatch, code, fragment
):
    before = project_copy.read_bytes()
    project = load_project(project_copy)
    project.data["name"] = "Nieuwe naam"

    def refuse(*_args: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr("wijkkaart.safe_output.os.replace", refuse)
    with pytest.raises(WijkkaartError, match=fragment) as info:
        save_project(project)
    assert os.strerror(code) not in str(info.value)  # the system's English text is only logged
    assert project_copy.read_bytes() == before
    assert sorted(p.name for p in project_copy.parent.iterdir() if p.name.startswith(".")) == []
    assert project.path == project_copy.resolve() and project.data["name"] == "Nieuwe naam"
