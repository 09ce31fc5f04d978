"""Hostile project files: each is refused with a Dutch message naming what is wrong, never a crash.

The files live in tests/data/hostile/project_*.wijkkaart. Each is opened three ways (the loader,
the document the app opens, and ``wijkkaart validate`` in-process) and must give the same refusal.
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

import pytest

from wijkkaart import cli
from wijkkaart.layers.document import MapDocument
from wijkkaart.messages import WijkkaartError, set_language
from wijkkaart.project import SCHEMA_VERSION, load_project
from wijkkaart.project_schema import MAX_DEPTH, depth, field_name, validate

HOSTILE = Path(__file__).parent / "data" / "hostile"
PROJECTS = Path(__file__).parent / "data" / "projects"

# file -> a fragment the Dutch message must contain (the field it names, or what is wrong)
EXPECTED = {
    "top_level_list": "bevat geen project",
    "top_level_string": "bevat geen project",
    "top_level_null": "bevat geen project",
    "empty": "kan niet worden gelezen",
    "not_utf8": "kan niet worden gelezen",
    "nan": "(NaN)",
    "infinity": "(-Infinity)",
    "huge_float": "(1e999)",
    "huge_int": "bevat een getal dat wijkkaart niet kan gebruiken",
    "deep_recursion": "te diep genest",
    "deep_nesting": "te diep genest",
    "version_string": "geen geldige schemaversie",
    "version_bool": "geen geldige schemaversie",
    "version_fraction": "schema_version moet een geheel getal zijn",
    "areas_missing_path": "areas.path ontbreekt",
    "areas_path_number": "areas.path moet een tekst zijn",
    "areas_string": "areas moet een object zijn",
    "tables_string": "tables moet een lijst zijn",
    "mapping_list": "tables[0].mapping moet een object of leeg (null) zijn",
    "layer_name_number": "layers[2].name moet een tekst zijn",
    "style_k_string": "layers[0].style.k moet een geheel getal zijn",
    "style_missing": "layers[0].style ontbreekt",
    "style_ramp_unknown": "layers[0].style.ramp moet een van deze waarden zijn",
    "layer_kind_unknown": "layers[0].kind moet een van deze waarden zijn",
    "layers_dict": "layers moet een lijst zijn",
    "view_string": "view moet een object of leeg (null) zijn",
    "view_zero_resolution": "view.resolution moet minstens 0.05 zijn",
    "analyses_unknown": "analyses.voorspelling is onbekend",
    "typology_k_text": "analyses.typology.k moet een geheel getal zijn",
    "focus_name_missing": "focus_areas[0].name ontbreekt",
    "focus_bad_wkt": "focus_areas[0].wkt is geen leesbaar vlak",
    "focus_point": "focus_areas[0].wkt is geen leesbaar vlak",
    "focus_nan": "focus_areas[0].wkt is geen leesbaar vlak",
    "focus_colour_css": "focus_areas[0].colour heeft niet de juiste vorm",
    "v1_raster_without_path": "rasters[0].path ontbreekt",
    "v1_overlays_dict": "overlays moet een lijst zijn",
    "v1_map_string": "map moet een object zijn",
    "v1_prefix_number": "rasters[0].prefix moet een tekst zijn",
    "path_traversal": "areas.path = /etc/passwd",
    "path_absolute": "tables[0].path = /etc/shadow",
    "path_dev_zero": "areas.path = /dev/zero",
    "path_dev_urandom": "heat_plans[0].path = /dev/urandom",
    "path_layer_source": "layers[0].source.path = /proc/",
    "path_nul": "kan niet worden gebruikt",
    "path_empty": "areas.path mag niet leeg zijn",
}


def hostile(name: str) -> Path:
    return HOSTILE / f"project_{name}.wijkkaart"


def test_every_hostile_project_file_has_an_expectation():
    names = {p.name[len("project_") : -len(".wijkkaart")] for p in HOSTILE.glob("project_*")}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_project_is_refused_with_the_field_named(name):
    path = hostile(name)
    before = path.read_bytes()
    with pytest.raises(WijkkaartError) as loaded:
        load_project(path)
    assert EXPECTED[name] in str(loaded.value)
    with pytest.raises(WijkkaartError) as opened:
        MapDocument.open(path)
    assert str(opened.value) == str(loaded.value)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "name", ["nan", "style_k_string", "path_traversal", "focus_bad_wkt", "v1_map_string"]
)
def test_validate_refuses_what_opening_refuses(name, capsys):
    code = cli.main(["validate", str(hostile(name))])
    out, err = capsys.readouterr()
    assert code == cli.EXIT_UNUSABLE == 2
    assert EXPECTED[name] in err and "bruikbaar (" not in out
    assert "Error" not in err and "Traceback" not in err


def test_english_messages_name_the_same_field():
    set_language("en")
    with pytest.raises(WijkkaartError) as info:
        load_project(hostile("style_k_string"))
    assert "layers[0].style.k must be a whole number" in str(info.value)


def test_the_file_content_is_never_echoed(capsys):
    """/etc/passwd named by a project is refused before it is read: nothing of it shows."""
    cli.main(["validate", str(hostile("path_traversal"))])
    _, err = capsys.readouterr()
    assert "root:" not in err and "/bin/" not in err


def test_a_device_is_refused_fast_even_when_allowed(capsys):
    """/dev/zero once took 5.4 GB of memory; now it is refused without being opened."""
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    code = cli.main(["validate", "--allow-outside", str(hostile("path_dev_zero"))])
    _, err = capsys.readouterr()
    assert code == 2 and "/dev/zero is geen gewoon bestand" in err
    assert time.perf_counter() - start < 10
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before
    assert grown_kb < 200_000


def test_field_names_follow_the_file():
    assert field_name(["layers", 2, "style", "classes"]) == "layers[2].style.classes"
    assert field_name([]) == "project"
    assert field_name(["focus_areas", 0]) == "focus_areas[0]"


def test_more_than_three_problems_are_counted():
    data = {"schema_version": 3, "areas": {"path": 1}, "tables": 2, "layers": 3, "view": 4}
    with pytest.raises(WijkkaartError) as info:
        validate(data, "p.wijkkaart")
    assert "(en nog 1 andere fouten)" in str(info.value)


def test_depth_is_counted_without_recursion():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert depth(deep) == 100_001
    assert depth({"a": [1, {"b": 2}]}) == 3 <= MAX_DEPTH


@pytest.mark.parametrize("frozen", sorted(PROJECTS.glob("*.wijkkaart")))
def test_frozen_and_sample_projects_pass_the_schema(frozen, sample):
    for path in (frozen, sample / "utrecht.wijkkaart"):
        # data in the bundled sample folder is trusted; baarn_v5 reads tests/data/real
        project = load_project(path, allow_outside=True)
        assert project.data["schema_version"] == SCHEMA_VERSION
        validate(project.data, path)


def test_a_rounded_self_touching_focus_area_is_repaired_not_refused(sample, tmp_path):
    """Saving rounds WKT to mm; a polygon that became invalid by it must still open."""
    import shutil

    import shapely

    folder = tmp_path / "p"
    shutil.copytree(sample, folder)
    path = folder / "utrecht.wijkkaart"
    data = json.loads(path.read_text(encoding="utf-8"))
    bowtie = "POLYGON ((136000 456000, 137000 457000, 137000 456000, 136000 457000, 136000 456000))"
    data["focus_areas"] = [{"name": "Vlinder", "wkt": bowtie}]
    path.write_text(json.dumps(data), encoding="utf-8")
    document = MapDocument.open(path)
    geometry = document.focus_areas[0].geometry
    assert geometry.is_valid and geometry.area == pytest.approx(500_000)
    assert shapely.from_wkt(bowtie).is_valid is False
