"""The .wijkkaart project file: versioned, relative paths, atomic save, illustrative layers kept."""

import json
import shutil

import pytest

from wijkkaart.feedback import Feedback
from wijkkaart.messages import WijkkaartError
from wijkkaart.project import SCHEMA_VERSION, build_areas, load_project, save_project


@pytest.fixture
def project_copy(sample, tmp_path):
    folder = tmp_path / "project"
    shutil.copytree(sample, folder)
    return folder / "utrecht.wijkkaart"


def test_sample_project_builds_with_real_and_illustrative_layers(sample):
    project = load_project(sample / "utrecht.wijkkaart")
    progress = []
    areas = build_areas(project, Feedback(lambda fraction, _message: progress.append(fraction)))
    assert progress[-1] == pytest.approx(1.0) and progress == sorted(progress)
    assert len(areas.frame) == 111
    assert "percentage_koopwoningen" not in areas.illustrative  # real CBS figure
    for illustrative in (
        "perc_huurwoningen_in_bezit_woningcorporaties",
        "percentage_geen_energielabel",
        "warmtestrategie",
        "waterdiepte_gemiddeld",
    ):
        assert illustrative in areas.illustrative
    # Taagdreef (Overvecht): the real owner-occupied share from the CBS table.
    assert areas.frame.at["BU03440311", "percentage_koopwoningen"] == 27
    # Shares of tenure add up (koop + huur + onbekend = 100; corp + overig = huur).
    f = areas.statistics_frame().dropna(subset=["percentage_huurwoningen"])
    total = f.percentage_koopwoningen + f.percentage_huurwoningen
    total += f.percentage_woningen_met_eigendom_onbekend
    assert (total - 100).abs().max() < 1e-9
    parts = f.perc_huurwoningen_in_bezit_woningcorporaties
    parts += f.perc_huurwoningen_in_bezit_overige_verhuurders
    assert (parts - f.percentage_huurwoningen).abs().max() < 1e-9


def test_project_moves_with_its_folder(project_copy):
    areas = build_areas(load_project(project_copy))
    assert len(areas.frame) == 111


def test_save_elsewhere_rewrites_relative_paths(project_copy, tmp_path):
    project = load_project(project_copy)
    target = tmp_path / "elders" / "kopie.wijkkaart"
    target.parent.mkdir()
    save_project(project, target)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["areas"]["path"] == "../project/utrecht_buurten.gpkg"
    with pytest.raises(WijkkaartError, match="buiten de projectmap"):
        load_project(target)  # the data now lies outside the project's folder: ask first
    allowed = load_project(target, allow_outside=[project_copy.parent])
    assert len(build_areas(allowed).frame) == 111
    assert not list(target.parent.glob(".wijkkaart-*"))  # no temporary file left behind


def test_failed_save_leaves_the_old_file_intact(project_copy, monkeypatch):
    before = project_copy.read_bytes()
    project = load_project(project_copy)
    project.data["name"] = "Nieuwe naam"

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("wijkkaart.safe_output.os.fsync", disk_full)
    with pytest.raises(WijkkaartError, match="de schijf is vol"):
        save_project(project)
    assert project_copy.read_bytes() == before
    assert not list(project_copy.parent.glob(".wijkkaart-*"))


def test_newer_schema_is_refused(project_copy):
    data = json.loads(project_copy.read_text(encoding="utf-8"))
    data["schema_version"] = SCHEMA_VERSION + 1
    project_copy.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(WijkkaartError, match="nieuwere versie van wijkkaart"):
        load_project(project_copy)


def test_broken_project_file(tmp_path):
    path = tmp_path / "kapot.wijkkaart"
    path.write_text("{niet: json", encoding="utf-8")
    with pytest.raises(WijkkaartError, match="kan niet worden gelezen"):
        load_project(path)


def test_frozen_version_1_example_still_opens():
    """One frozen project per released schema version lives in tests/data/projects."""
    from pathlib import Path

    path = Path(__file__).parent / "data" / "projects" / "utrecht_v1.wijkkaart"
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 1
    project = load_project(path)  # migrated step by step to the current version
    assert project.data["schema_version"] == SCHEMA_VERSION
    kinds = [layer["kind"] for layer in project.data["layers"]]
    assert kinds == ["raster", "areas", "outline"]
    assert project.data["layers"][1]["style"]["indicator"] == "percentage_koopwoningen"
    assert len(build_areas(project).frame) == 111


def test_frozen_version_3_example_still_opens_with_its_map():
    from pathlib import Path

    from wijkkaart.layers.document import MapDocument

    path = Path(__file__).parent / "data" / "projects" / "utrecht_v3.wijkkaart"
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 3
    document = MapDocument.open(path)
    assert [layer.kind for layer in document.layers] == ["raster", "areas", "outline"]
    assert document.focus_areas[0].name == "Overvecht"
    assert document.layers[2].frame is not None and document.layers[0].path.exists()
